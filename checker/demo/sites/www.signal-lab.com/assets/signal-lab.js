/* Signal Lab: one small EU consent banner with Google Consent Mode v2, shared by the cm-*.html pages and
   gpc-ignored.html (written for the demo; no CMP's ids or code). The script fills the empty #sl-banner and
   reads how the page behaves from its data attributes:
     data-cm="basic|advanced|off"       basic: the tag (www.googletagmanager.com/gtm-cm/js, see its header)
                                         is loaded only once a consent update grants ad_storage or
                                         analytics_storage; advanced: loaded at once (cookieless pings before
                                         the choice); off: loaded at once, no consent command at all
     data-default="denied|granted"       gtag('consent', 'default', ...) for all four signals (default denied)
     data-accept="granted|none"          Accept all: update all four granted, or no update at all
     data-reject="denied|storage-granted"  Reject all: update all four denied, or ad_storage and
                                         analytics_storage granted with ad_user_data, ad_personalization denied
   <body data-us-region="gpc"> (gpc-ignored.html): with navigator.globalPrivacyControl === true the visitor is
   treated as a US visitor: no banner, nothing done here (assets/us-privacy.js takes over).
   The choice is kept in the first-party cookie sl_consent (accept|reject), 180 days; on every load with a
   stored choice its update is pushed again before the tag loads. gtag('config') asks for a 390-day _ga. The
   footer's "Privacy settings" link (data-sl="reopen") shows the banner again. Reject all deletes _ga and _gid
   unless its update keeps analytics_storage granted (storage-granted). */
(function () {
  "use strict";
  var GA_ID = "G-SIGLAB01";
  var MAX_AGE = 15552000; // 180 days
  var GA_MAX_AGE = 33696000; // _ga for 390 days: within the 13 months the CNIL allows
  var SIGNALS = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"];
  var banner = document.getElementById("sl-banner");
  var gpc = navigator.globalPrivacyControl === true;
  if (!banner || (document.body.getAttribute("data-us-region") === "gpc" && gpc)) { return; }
  var opt = function (name, fallback) { return banner.getAttribute("data-" + name) || fallback; };
  var mode = opt("cm", "basic");

  banner.setAttribute("role", "dialog");
  banner.setAttribute("aria-label", "Cookie consent");
  banner.innerHTML =
    "<h2>We use cookies</h2>" +
    "<p>We use cookies and similar technologies to measure our audience with Google Analytics and to show " +
    "advertising with Google Ads and our partners. You can accept all or reject all, and change your choice at " +
    "any time through &ldquo;Privacy settings&rdquo; at the foot of every page.</p>" +
    "<div class=\"sl-actions\">" +
    "<button type=\"button\" class=\"sl-btn\" data-sl=\"accept\">Accept all</button>" +
    "<button type=\"button\" class=\"sl-btn\" data-sl=\"reject\">Reject all</button></div>";

  function all(value) {
    var out = {};
    SIGNALS.forEach(function (s) { out[s] = value; });
    return out;
  }
  var UPDATES = {
    accept: { granted: all("granted"), none: null },
    reject: {
      denied: all("denied"),
      "storage-granted": {
        ad_storage: "granted", analytics_storage: "granted", ad_user_data: "denied", ad_personalization: "denied"
      }
    }
  };
  function updateFor(choice) { return UPDATES[choice][opt(choice, choice === "accept" ? "granted" : "denied")]; }

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return decodeURIComponent(parts[i].slice(eq + 1)); }
    }
    return null;
  }
  function deleteAnalyticsCookies() {
    var expired = "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/";
    ["_ga", "_gid"].forEach(function (name) {
      document.cookie = name + expired + "; domain=.signal-lab.com";
      document.cookie = name + expired;
    });
  }

  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { window.dataLayer.push(arguments); };
  var tagLoaded = false;
  function loadTag() {
    if (tagLoaded) { return; }
    tagLoaded = true;
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtm-cm/js?id=" + GA_ID + "&cm=" + mode;
    document.head.appendChild(s);
  }
  // Pushes the choice's update (if the page sends one); true when it grants ad or analytics storage.
  function signal(choice) {
    var update = mode === "off" ? null : updateFor(choice);
    if (update) { window.gtag("consent", "update", update); }
    return !!update && (update.ad_storage === "granted" || update.analytics_storage === "granted");
  }
  function apply(choice, clicked) {
    var grants = signal(choice);
    if (mode === "basic" && grants) { loadTag(); }
    var keepsAnalytics = mode !== "off" && updateFor("reject").analytics_storage === "granted";
    if (clicked && choice === "reject" && !keepsAnalytics) { deleteAnalyticsCookies(); }
  }
  function choose(choice) {
    banner.hidden = true;
    document.cookie = "sl_consent=" + choice + "; max-age=" + MAX_AGE + "; path=/; SameSite=Lax; Secure";
    document.documentElement.setAttribute("data-sl-consent", choice);
    apply(choice, true);
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-sl]") : null;
    if (!el) { return; }
    ev.preventDefault();
    var what = el.getAttribute("data-sl");
    if (what === "accept" || what === "reject") { choose(what); }
    else if (what === "reopen") { banner.hidden = false; }
  });

  if (mode !== "off") { window.gtag("consent", "default", all(opt("default", "denied"))); }
  window.gtag("js", new Date());
  window.gtag("config", GA_ID, { cookie_expires: GA_MAX_AGE });
  var stored = readCookie("sl_consent");
  if (stored === "accept" || stored === "reject") { apply(stored, false); } else { banner.hidden = false; }
  if (mode !== "basic") { loadTag(); }
})();
