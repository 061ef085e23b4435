/* The Meridian: cookie banner. Nothing but necessary cookies until the reader chooses; the choice is kept in
   the first-party news_consent cookie (180 days). Accept (or analytics on in Settings) loads Google Analytics.
   Google Consent Mode v2, basic mode: at load gtag('consent', 'default', ...) denies ad_storage,
   analytics_storage, ad_user_data and ad_personalization (no Google tag is loaded before a choice); each choice,
   and a stored choice on every load, pushes gtag('consent', 'update', ...): accept grants all four, reject
   denies all four, a custom choice grants analytics_storage for analytics and the three ad signals for
   marketing. The update is pushed before gtag loads, so its hits report the choice (accept: gcs=G111). */
(function () {
  "use strict";
  var GA_ID = "G-MERIDIAN01";
  var MAX_AGE = 15552000; // 180 days

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return decodeURIComponent(parts[i].slice(eq + 1)); }
    }
    return null;
  }

  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { window.dataLayer.push(arguments); };
  window.gtag("consent", "default", {
    ad_storage: "denied", analytics_storage: "denied", ad_user_data: "denied", ad_personalization: "denied"
  });

  function signal(choice) {
    var analytics = choice === "accept" || choice.indexOf("analytics") !== -1;
    var ads = (choice === "accept" || choice.indexOf("marketing") !== -1) ? "granted" : "denied";
    window.gtag("consent", "update", {
      ad_storage: ads, analytics_storage: analytics ? "granted" : "denied", ad_user_data: ads, ad_personalization: ads
    });
  }

  function loadAnalytics() {
    if (window.__meridianAnalytics) { return; }
    window.__meridianAnalytics = true;
    window.gtag("js", new Date());
    // CNIL: audience-measurement cookies live at most 13 months; 390 days stays inside it.
    window.gtag("config", GA_ID, { cookie_expires: 33696000 });
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }

  // Withdrawing consent removes what analytics stored: _ga, _gid and _ga_<id>, on every domain gtag may
  // have used (the host and each parent domain that is not a public suffix).
  function clearAnalytics() {
    var names = ["_ga", "_gid"];
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var name = parts[i].slice(0, parts[i].indexOf("="));
      if (name.indexOf("_ga_") === 0) { names.push(name); }
    }
    var labels = location.hostname.split(".");
    for (var n = 0; n < names.length; n++) {
      document.cookie = names[n] + "=; max-age=0; path=/";
      for (var d = labels.length - 2; d >= 0; d--) {
        document.cookie = names[n] + "=; max-age=0; path=/; domain=." + labels.slice(d).join(".");
      }
    }
  }

  function apply(choice) {
    signal(choice);
    if (choice === "accept" || choice.indexOf("analytics") !== -1) { loadAnalytics(); }
  }

  var banner = document.getElementById("cookie-banner");
  var first = document.getElementById("cookie-banner-first");
  var settings = document.getElementById("cookie-banner-settings");

  function choose(choice) {
    var before = readCookie("news_consent");
    if (before && before !== "reject" && choice === "reject") { clearAnalytics(); }
    document.cookie = "news_consent=" + encodeURIComponent(choice) + "; max-age=" + MAX_AGE + "; path=/; SameSite=Lax; Secure";
    banner.hidden = true;
    apply(choice);
  }

  banner.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-consent]");
    if (!btn) { return; }
    var action = btn.getAttribute("data-consent");
    if (action === "accept" || action === "reject") {
      choose(action);
    } else if (action === "settings") {
      first.hidden = true;
      settings.hidden = false;
    } else if (action === "save") {
      var on = [];
      var boxes = settings.querySelectorAll("input[data-purpose]");
      for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { on.push(boxes[i].getAttribute("data-purpose")); } }
      choose(on.length === 0 ? "reject" : (on.length === boxes.length ? "accept" : "custom:" + on.join("+")));
    }
  });

  document.getElementById("open-cookie-settings").addEventListener("click", function (ev) {
    ev.preventDefault();
    banner.hidden = false;
    first.hidden = true;
    settings.hidden = false;
  });

  var stored = readCookie("news_consent");
  if (stored) { apply(stored); } else { banner.hidden = false; }
})();
