/* The Meridian: cookie banner. Nothing but necessary cookies until the reader chooses; the choice is kept in
   the first-party news_consent cookie (180 days). Accept (or analytics on in Settings) loads Google Analytics. */
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

  function loadAnalytics() {
    if (window.__meridianAnalytics) { return; }
    window.__meridianAnalytics = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
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
