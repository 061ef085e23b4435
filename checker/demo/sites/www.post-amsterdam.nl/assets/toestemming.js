/* De Post Amsterdam: cookie banner with Google Consent Mode v2, set up wrongly. The page declares every
   Consent Mode signal granted by default (gtag('consent', 'default', {ad_storage, analytics_storage,
   ad_user_data, ad_personalization: 'granted'})) and loads the Google tag at once
   (https://www.googletagmanager.com/gtm-cm/js?id=G-POSTAMS01&cm=advanced): while the banner still waits for an
   answer, the tag writes _ga/_gid and its hits to region1.google-analytics.com and googleads.g.doubleclick.net
   report gcs=G111, gcd=13t3t3t3t5 (granted by default, no update). "Alles accepteren" pushes an update
   granting all four (gcd v letters); "Alles weigeren" pushes an update denying all four (cookieless pings with
   gcs=G100, gcd u letters, as Consent Mode's advanced mode sends) and deletes _ga/_gid. The choice is kept in
   the first-party news_consent cookie (accept|reject, 180 days) and pushed again as an update on every load
   before the tag loads; the footer link "Cookie-instellingen" (#pa-cookie-instellingen) reopens the banner. */
(function () {
  "use strict";
  var GA_ID = "G-POSTAMS01";
  var MAX_AGE = 15552000; // 180 days
  var GA_MAX_AGE = 33696000; // _ga for 390 days
  var SIGNALS = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"];

  function all(value) {
    var out = {};
    SIGNALS.forEach(function (s) { out[s] = value; });
    return out;
  }
  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return decodeURIComponent(parts[i].slice(eq + 1)); }
    }
    return null;
  }
  function clearAnalytics() {
    var expired = "=; max-age=0; path=/";
    ["_ga", "_gid"].forEach(function (name) {
      document.cookie = name + expired + "; domain=.post-amsterdam.nl";
      document.cookie = name + expired;
    });
  }

  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { window.dataLayer.push(arguments); };
  window.gtag("consent", "default", all("granted")); // the mistake: granted before anyone was asked
  window.gtag("js", new Date());
  window.gtag("config", GA_ID, { cookie_expires: GA_MAX_AGE });

  function update(choice) { window.gtag("consent", "update", all(choice === "accept" ? "granted" : "denied")); }

  var banner = document.getElementById("pa-cookiebanner");
  banner.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-toestemming]");
    if (!btn) { return; }
    var choice = btn.getAttribute("data-toestemming");
    document.cookie = "news_consent=" + choice + "; max-age=" + MAX_AGE + "; path=/; SameSite=Lax; Secure";
    banner.hidden = true;
    update(choice);
    if (choice === "reject") { clearAnalytics(); }
  });
  document.getElementById("pa-cookie-instellingen").addEventListener("click", function (ev) {
    ev.preventDefault();
    banner.hidden = false;
  });

  var stored = readCookie("news_consent");
  if (stored === "accept" || stored === "reject") { update(stored); } else { banner.hidden = false; }
  var s = document.createElement("script");
  s.async = true;
  s.src = "https://www.googletagmanager.com/gtm-cm/js?id=" + GA_ID + "&cm=advanced";
  document.head.appendChild(s);
})();
