/* La Gazette de la Ville: consent dialog (Cookiebot-like markup, our own code). First layer: "Tout accepter"
   and "Personnaliser" only; refusing takes the second layer ("Tout refuser" / "Enregistrer mes choix").
   The choice is kept in news_consent and CookieConsent. Accepting loads Google Analytics and writes the
   Criteo cto_bundle cookie (declared 3 years). Refusing loads nothing. */
(function () {
  "use strict";
  var GA_ID = "G-GAZETTEFR";
  var MAX_AGE_CHOICE = 15552000;  // 180 days
  var MAX_AGE_CB = 31536000;      // CookieConsent: 1 year
  var MAX_AGE_CRITEO = 94608000;  // cto_bundle: 3 years as declared (the browser caps storage at 400 days)

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function loadAnalytics() {
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID);
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }
  function loadCriteo() {
    var bundle = "Qm9uam91ciUyMGxhJTIwR2F6ZXR0ZSUyMGRlbW8" + Math.random().toString(36).slice(2, 12);
    document.cookie = "cto_bundle=" + bundle + "; max-age=" + MAX_AGE_CRITEO + "; domain=.gazette-ville.fr; path=/; SameSite=Lax";
  }
  function apply(state) {
    if (state.statistics) { loadAnalytics(); }
    if (state.marketing) { loadCriteo(); }
  }

  var dialog = document.getElementById("CybotCookiebotDialog");
  var detail = document.getElementById("CybotCookiebotDialogDetail");
  var firstButtons = document.getElementById("CybotCookiebotDialogBodyButtonsWrapper");

  function store(state) {
    var all = state.preferences && state.statistics && state.marketing;
    var none = !state.preferences && !state.statistics && !state.marketing;
    var choice = all ? "accept" : (none ? "reject" : "custom");
    var cc = "{stamp:%27" + btoa(String(Math.random())).slice(0, 24) + "%27%2Cnecessary:true%2Cpreferences:" + !!state.preferences +
      "%2Cstatistics:" + !!state.statistics + "%2Cmarketing:" + !!state.marketing +
      "%2Cmethod:%27explicit%27%2Cver:1%2Cutc:" + Date.now() + "%2Cregion:%27fr%27}";
    document.cookie = "news_consent=" + choice + "; max-age=" + MAX_AGE_CHOICE + "; path=/; SameSite=Lax; Secure";
    document.cookie = "CookieConsent=" + cc + "; max-age=" + MAX_AGE_CB + "; path=/; SameSite=Lax; Secure";
    dialog.hidden = true;
    window.Cookiebot.consented = !none;
    window.Cookiebot.declined = none;
    apply(state);
  }

  document.getElementById("CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll").addEventListener("click", function () {
    store({ preferences: true, statistics: true, marketing: true });
  });
  document.getElementById("CybotCookiebotDialogBodyButtonDetails").addEventListener("click", function () {
    detail.hidden = false;
    firstButtons.hidden = true;
  });
  document.getElementById("CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll").addEventListener("click", function () {
    store({ preferences: false, statistics: false, marketing: false });
  });
  document.getElementById("CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection").addEventListener("click", function () {
    var state = {};
    var boxes = detail.querySelectorAll("input[data-purpose]");
    for (var i = 0; i < boxes.length; i++) { state[boxes[i].getAttribute("data-purpose")] = boxes[i].checked; }
    store(state);
  });
  document.getElementById("gv-gerer-cookies").addEventListener("click", function (ev) {
    ev.preventDefault();
    dialog.hidden = false;
    detail.hidden = false;
    firstButtons.hidden = true;
  });

  window.Cookiebot = { consented: false, declined: false, withdraw: function () { store({}); } };
  var stored = readCookie("CookieConsent");
  if (stored) {
    var s = decodeURIComponent(stored);
    apply({ statistics: s.indexOf("statistics:true") !== -1, marketing: s.indexOf("marketing:true") !== -1 });
  } else {
    dialog.hidden = false;
  }
})();
