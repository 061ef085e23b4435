/* Fixture News: generic consent banner used by the end-to-end fixture pages.
   Buttons carry data-consent="accept|reject|manage|save"; the choice goes to the first-party news_consent
   cookie (180 days). Accept loads gtag only when <body data-accept-loads="gtag">. Pages whose banner lives
   elsewhere (iframe, shadow root) call window.fixtureConsent.choose(choice). */
(function () {
  "use strict";
  // Other demo sites serve this same file and name their own GA property and _ga lifetime on the tag:
  // <script src="/assets/banner.js" data-ga="G-..." data-ga-expires="seconds">.
  var tag = document.currentScript;
  var GA_ID = (tag && tag.getAttribute("data-ga")) || "G-FIXTURE01";
  var GA_EXPIRES = tag && tag.getAttribute("data-ga-expires");
  var MAX_AGE = 15552000; // 180 days

  function readCookie(name) {
    // A regular expression, not a split on "; ": a page's odd cookies (tabs, quotes) must not hide ours.
    var m = new RegExp("(?:^|;\\s*)" + name + "=([^;]*)").exec(document.cookie || "");
    return m ? m[1] : null;
  }
  function loadGtag() {
    if (window.__fixtureGtag) { return; }
    window.__fixtureGtag = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    if (GA_EXPIRES) { window.gtag("config", GA_ID, { cookie_expires: Number(GA_EXPIRES) }); }
    else { window.gtag("config", GA_ID); }
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }
  function acceptLoads() {
    return (document.body.getAttribute("data-accept-loads") || "").split(/\s+/);
  }
  var banner = document.getElementById("cookie-notice");
  var prefs = document.getElementById("preferences");

  // Withdrawing removes what analytics stored (_ga, _gid) on every domain gtag may have used.
  function clearAnalytics() {
    var labels = location.hostname.split(".");
    ["_ga", "_gid"].forEach(function (name) {
      document.cookie = name + "=; max-age=0; path=/";
      for (var d = labels.length - 2; d >= 0; d--) {
        document.cookie = name + "=; max-age=0; path=/; domain=." + labels.slice(d).join(".");
      }
    });
  }
  // Once a choice is stored, a small "Cookie settings" button brings the banner back (the way to withdraw).
  function showReopen() {
    if (!banner || document.getElementById("consent-reopen")) { return; }
    var button = document.createElement("button");
    button.id = "consent-reopen";
    button.type = "button";
    button.textContent = "Cookie settings";
    button.style.cssText = "position:fixed;left:8px;bottom:8px;z-index:10";
    button.addEventListener("click", function () { banner.hidden = false; });
    document.body.appendChild(button);
  }

  function choose(choice) {
    if (readCookie("news_consent") === "accept" && choice !== "accept") { clearAnalytics(); }
    document.cookie = "news_consent=" + choice + "; max-age=" + MAX_AGE + "; path=/; SameSite=Lax; Secure";
    if (banner) { banner.hidden = true; }
    if (prefs && prefs.open) { prefs.close(); }
    if (choice === "accept" && acceptLoads().indexOf("gtag") !== -1) { loadGtag(); }
    document.documentElement.setAttribute("data-consent", choice);
    showReopen();
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-consent]") : null;
    if (!btn || btn === document.documentElement) { return; } // <html data-consent> records the choice
    var action = btn.getAttribute("data-consent");
    if (action === "accept" || action === "reject") {
      choose(action);
    } else if (action === "manage" && prefs) {
      prefs.showModal();
    } else if (action === "save" && prefs) {
      var on = prefs.querySelectorAll("input[type=checkbox]:checked:not([disabled])").length;
      var all = prefs.querySelectorAll("input[type=checkbox]:not([disabled])").length;
      choose(on === 0 ? "reject" : (on === all ? "accept" : "custom"));
    }
  });

  window.fixtureConsent = { choose: choose, loadGtag: loadGtag, stored: function () { return readCookie("news_consent"); } };
  var stored = readCookie("news_consent");
  if (banner && !stored) { banner.hidden = false; }
  if (stored) { showReopen(); }
  if (stored === "accept" && acceptLoads().indexOf("gtag") !== -1) { loadGtag(); }
})();
