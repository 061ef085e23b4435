/* consent-checker corpus: CookieYes replica (our own code, not CookieYes'). Loaded as the platform's
   client script https://cdn-cookieyes.com/client_data/<site key>/script.js. Renders the CookieYes banner
   (.cky-consent-container > .cky-consent-bar, buttons keyed by data-cky-tag: accept-button, reject-button,
   settings-button), the preference centre (.cky-modal > .cky-preference-center with one accordion and
   switch per category and detail-reject / detail-save / detail-accept buttons) and, after a choice, the
   revisit button (.cky-btn-revisit-wrapper[data-cky-tag=revisit-consent]). The choice is stored in the
   cookieyes-consent cookie in the platform's format
   (consentid:<id>,consent:yes|no,action:yes,necessary:yes,functional:..,analytics:..,performance:..,
   advertisement:..). Analytics cookies (Google Analytics) load only with analytics:yes; a refusal deletes
   _ga/_gid. window.getCkyConsent() and the "cookieyes_consent_update" event as the platform offers them. */
(function () {
  "use strict";
  var GA_ID = "G-REPLICA01";
  var COOKIE = "cookieyes-consent";
  var MAX_AGE = 31536000; // 1 year
  var CATEGORIES = [
    { slug: "necessary", name: "Necessary", always: true,
      text: "Necessary cookies are required to enable the basic features of this site, such as providing secure log-in or adjusting your consent preferences. These cookies do not store any personally identifiable data." },
    { slug: "functional", name: "Functional",
      text: "Functional cookies help perform certain functionalities like sharing the content of the website on social media platforms, collecting feedback, and other third-party features." },
    { slug: "analytics", name: "Analytics",
      text: "Analytical cookies are used to understand how visitors interact with the website. These cookies help provide information on metrics such as the number of visitors, bounce rate, traffic source, etc." },
    { slug: "performance", name: "Performance",
      text: "Performance cookies are used to understand and analyse the key performance indexes of the website which helps in delivering a better user experience for the visitors." },
    { slug: "advertisement", name: "Advertisement",
      text: "Advertisement cookies are used to provide visitors with customised advertisements based on the pages you visited previously and to analyse the effectiveness of the ad campaigns." }
  ];
  // Per-site banner settings, as the client_data script embeds them: "Reject All" on the notice or not.
  var script = document.currentScript;
  var SHOW_REJECT = !(script && /[?&]noreject=1/.test(script.src));

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function registrable() { return location.hostname.split(".").slice(-2).join("."); }
  function dropAnalytics() {
    ["_ga", "_gid"].forEach(function (n) {
      document.cookie = n + "=; max-age=0; path=/; domain=." + registrable();
      document.cookie = n + "=; max-age=0; path=/";
    });
  }
  function loadTag() {
    if (window.__ckyReplicaTag) { return; }
    window.__ckyReplicaTag = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = window.gtag || function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID);
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }
  function parse(value) {
    var out = {};
    (value || "").split(",").forEach(function (kv) {
      var i = kv.indexOf(":");
      if (i > 0) { out[kv.slice(0, i)] = kv.slice(i + 1); }
    });
    return out;
  }
  function consentId() {
    var chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    var raw = "";
    for (var i = 0; i < 32; i++) { raw += chars.charAt(Math.floor(Math.random() * chars.length)); }
    return btoa(raw).replace(/=+$/, "");
  }

  function save(on) {
    var prev = parse(readCookie(COOKIE));
    var any = CATEGORIES.some(function (c) { return !c.always && on[c.slug]; });
    var parts = ["consentid:" + (prev.consentid || consentId()), "consent:" + (any ? "yes" : "no"), "action:yes"];
    CATEGORIES.forEach(function (c) { parts.push(c.slug + ":" + (c.always || on[c.slug] ? "yes" : "no")); });
    document.cookie = COOKIE + "=" + parts.join(",") + "; max-age=" + MAX_AGE + "; path=/; SameSite=Strict";
    hideAll();
    showRevisit();
    apply();
    var accepted = CATEGORIES.filter(function (c) { return c.always || on[c.slug]; }).map(function (c) { return c.slug; });
    var rejected = CATEGORIES.filter(function (c) { return !c.always && !on[c.slug]; }).map(function (c) { return c.slug; });
    document.dispatchEvent(new CustomEvent("cookieyes_consent_update", { detail: { accepted: accepted, rejected: rejected } }));
  }
  function allOn() { var o = {}; CATEGORIES.forEach(function (c) { o[c.slug] = true; }); return o; }
  function apply() {
    var c = parse(readCookie(COOKIE));
    if (c.analytics === "yes") { loadTag(); } else { dropAnalytics(); }
  }

  var CSS = [
    ".cky-consent-container{position:fixed;width:440px;max-width:calc(100% - 40px);box-sizing:border-box;z-index:9999999;bottom:40px;left:40px;",
    "font-family:inherit;transition:transform 1s ease}",
    ".cky-consent-container .cky-consent-bar{background:#fff;border:1px solid #f4f4f4;padding:20px 26px;",
    "box-shadow:0 -1px 10px 0 #acabab4d;border-radius:6px}",
    ".cky-hide{display:none!important}",
    ".cky-title{font-weight:700;margin:0 0 12px;font-size:18px;line-height:24px;color:#212121}",
    ".cky-notice-des{color:#212121;font-size:14px;line-height:24px;font-weight:400}",
    ".cky-notice-des p{margin:0}",
    ".cky-notice-btn-wrapper{display:flex;justify-content:center;align-items:center;margin-top:16px;gap:8px;flex-wrap:wrap}",
    ".cky-btn{flex:auto;font-size:14px;font-family:inherit;line-height:24px;padding:8px 12px;font-weight:500;",
    "border-radius:2px;cursor:pointer;text-align:center;text-transform:none;min-height:0;border:2px solid #1863dc}",
    ".cky-btn-customize,.cky-btn-reject,.cky-btn-preferences{color:#1863dc;background:transparent}",
    ".cky-btn-accept{background:#1863dc;color:#fff}",
    ".cky-overlay{background:#000;opacity:.4;position:fixed;inset:0;z-index:9999998}",
    ".cky-modal{position:fixed;z-index:99999999;top:50%;left:50%;transform:translate(-50%,-50%);width:845px;",
    "max-width:100%;background:#fff;box-shadow:0 32px 68px rgba(0,0,0,.3);border-radius:6px;font-size:14px;color:#212121}",
    ".cky-preference-header{display:flex;justify-content:space-between;align-items:center;padding:22px 24px;border-bottom:1px solid #f4f4f4}",
    ".cky-preference-title{font-size:18px;font-weight:700}",
    ".cky-btn-close{background:none;border:0;font-size:20px;cursor:pointer}",
    ".cky-preference-body-wrapper{padding:0 24px;max-height:50vh;overflow:auto}",
    ".cky-accordion{border-bottom:1px solid #f4f4f4;padding:14px 0}",
    ".cky-accordion-header-wrapper{display:flex;justify-content:space-between;align-items:center}",
    ".cky-accordion-btn{background:none;border:0;font-weight:700;font-size:16px;cursor:pointer;padding:0}",
    ".cky-always-active{color:#008000;font-weight:600}",
    ".cky-switch{position:relative;display:inline-block}",
    ".cky-switch input[type=checkbox]{appearance:none;width:44px;height:24px;border-radius:50px;background:#d0d5d2;cursor:pointer;margin:0;position:relative}",
    ".cky-switch input[type=checkbox]:checked{background:#1863dc}",
    ".cky-switch input[type=checkbox]:before{content:'';position:absolute;width:18px;height:18px;border-radius:50%;background:#fff;top:3px;left:3px;transition:left .2s}",
    ".cky-switch input[type=checkbox]:checked:before{left:23px}",
    ".cky-accordion-header-des{font-size:13px;color:#545454;margin:6px 0 0}",
    ".cky-footer-wrapper{border-top:1px solid #f4f4f4;padding:16px 24px}",
    ".cky-prefrence-btn-wrapper{display:flex;gap:8px;flex-wrap:wrap}",
    ".cky-btn-revisit-wrapper{display:flex;align-items:center;justify-content:center;background:#0056a7;width:45px;height:45px;",
    "border-radius:50%;position:fixed;z-index:999999;cursor:pointer;bottom:15px;left:15px}",
    ".cky-btn-revisit{background:none;border:0;cursor:pointer;padding:0;color:#fff;font-size:22px;line-height:1}"
  ].join("");

  var container, modal, overlay, revisit;
  function html(tag, cls, inner, attrs) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (inner) { e.innerHTML = inner; }
    for (var k in (attrs || {})) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    return e;
  }
  function build() {
    var style = html("style", "", CSS, { id: "cky-style" });
    document.head.appendChild(style);
    container = html("div", "cky-consent-container cky-box-bottom-left cky-hide", "", { "aria-label": "We value your privacy", role: "region" });
    container.innerHTML =
      '<div class="cky-consent-bar" data-cky-tag="notice" style="border-color:#f4f4f4;background-color:#FFFFFF">' +
      '<div class="cky-notice"><p class="cky-title" role="heading" aria-level="1" data-cky-tag="title">We value your privacy</p>' +
      '<div class="cky-notice-group"><div class="cky-notice-des" data-cky-tag="description"><p>We use cookies to enhance ' +
      'your browsing experience, serve personalised ads or content, and analyse our traffic. By clicking "Accept All", ' +
      'you consent to our use of cookies. <a href="/cookie-policy/" class="cky-policy" aria-label="Cookie Policy" ' +
      'data-cky-tag="readmore-button">Cookie Policy</a></p></div>' +
      '<div class="cky-notice-btn-wrapper" data-cky-tag="notice-buttons">' +
      '<button class="cky-btn cky-btn-customize" aria-label="Customise" data-cky-tag="settings-button">Customise</button>' +
      (SHOW_REJECT ? '<button class="cky-btn cky-btn-reject" aria-label="Reject All" data-cky-tag="reject-button">Reject All</button>' : '') +
      '<button class="cky-btn cky-btn-accept" aria-label="Accept All" data-cky-tag="accept-button">Accept All</button>' +
      '</div></div></div></div>';
    var cats = CATEGORIES.map(function (c) {
      var control = c.always ? '<span class="cky-always-active">Always Active</span>' :
        '<div class="cky-switch" data-cky-tag="detail-category-toggle"><input type="checkbox" id="ckySwitch' + c.slug +
        '" aria-label="Enable ' + c.name + '"></div>';
      return '<div class="cky-accordion" id="ckyDetailCategory' + c.slug + '"><div class="cky-accordion-item">' +
        '<div class="cky-accordion-chevron"><i class="cky-chevron-right"></i></div><div class="cky-accordion-header-wrapper">' +
        '<div class="cky-accordion-header"><button class="cky-accordion-btn" aria-label="' + c.name + '" ' +
        'data-cky-tag="detail-category-title">' + c.name + '</button>' + control + '</div></div></div>' +
        '<p class="cky-accordion-header-des" data-cky-tag="detail-category-description">' + c.text + '</p></div>';
    }).join("");
    overlay = html("div", "cky-overlay cky-hide");
    modal = html("div", "cky-modal", "", { tabindex: "-1" });
    modal.innerHTML =
      '<div class="cky-preference-center" role="dialog" aria-modal="true" aria-label="Customise Consent Preferences" data-cky-tag="detail">' +
      '<div class="cky-preference-header"><span class="cky-preference-title" role="heading" aria-level="1" ' +
      'data-cky-tag="detail-title">Customise Consent Preferences</span><button class="cky-btn-close" ' +
      'aria-label="Close" data-cky-tag="detail-close">&times;</button></div>' +
      '<div class="cky-preference-body-wrapper"><div class="cky-preference-content-wrapper" data-cky-tag="detail-description">' +
      '<p>We use cookies to help you navigate efficiently and perform certain functions. You will find detailed ' +
      'information about all cookies under each consent category below.</p></div>' +
      '<div class="cky-horizontal-separator"></div><div class="cky-accordion-wrapper" data-cky-tag="detail-categories">' +
      cats + '</div></div>' +
      '<div class="cky-footer-wrapper"><span class="cky-footer-shadow"></span><div class="cky-prefrence-btn-wrapper">' +
      '<button class="cky-btn cky-btn-reject" aria-label="Reject All" data-cky-tag="detail-reject-button">Reject All</button>' +
      '<button class="cky-btn cky-btn-preferences" aria-label="Save My Preferences" data-cky-tag="detail-save-button">Save My Preferences</button>' +
      '<button class="cky-btn cky-btn-accept" aria-label="Accept All" data-cky-tag="detail-accept-button">Accept All</button>' +
      '</div></div></div>';
    modal.style.display = "none";
    revisit = html("div", "cky-btn-revisit-wrapper cky-revisit-bottom-left cky-hide",
      '<button class="cky-btn-revisit" aria-label="Consent Preferences">&#x1F36A;</button>',
      { "data-cky-tag": "revisit-consent", "data-tooltip": "Consent Preferences" });
    document.body.appendChild(container);
    document.body.appendChild(overlay);
    document.body.appendChild(modal);
    document.body.appendChild(revisit);

    container.querySelector("[data-cky-tag=accept-button]").addEventListener("click", function () { save(allOn()); });
    var rej = container.querySelector("[data-cky-tag=reject-button]");
    if (rej) { rej.addEventListener("click", function () { save({}); }); }
    container.querySelector("[data-cky-tag=settings-button]").addEventListener("click", showPreferences);
    modal.querySelector("[data-cky-tag=detail-accept-button]").addEventListener("click", function () { save(allOn()); });
    modal.querySelector("[data-cky-tag=detail-reject-button]").addEventListener("click", function () { save({}); });
    modal.querySelector("[data-cky-tag=detail-save-button]").addEventListener("click", function () {
      var on = {};
      CATEGORIES.forEach(function (c) {
        var box = document.getElementById("ckySwitch" + c.slug);
        on[c.slug] = c.always || (box && box.checked);
      });
      save(on);
    });
    modal.querySelector("[data-cky-tag=detail-close]").addEventListener("click", function () {
      modal.style.display = "none";
      overlay.classList.add("cky-hide");
    });
    revisit.querySelector(".cky-btn-revisit").addEventListener("click", showPreferences);
  }
  function showPreferences() {
    var c = parse(readCookie(COOKIE));
    CATEGORIES.forEach(function (cat) {
      var box = document.getElementById("ckySwitch" + cat.slug);
      if (box) { box.checked = c[cat.slug] === "yes"; }
    });
    container.classList.add("cky-hide");
    revisit.classList.add("cky-hide");
    overlay.classList.remove("cky-hide");
    modal.style.display = "block";
    modal.classList.add("cky-modal-open");
  }
  function hideAll() {
    container.classList.add("cky-hide");
    modal.style.display = "none";
    modal.classList.remove("cky-modal-open");
    overlay.classList.add("cky-hide");
  }
  function showRevisit() { revisit.classList.remove("cky-hide"); }

  function start() {
    build();
    var c = parse(readCookie(COOKIE));
    if (c.action === "yes") {
      apply();
      showRevisit();
    } else {
      container.classList.remove("cky-hide");
    }
  }
  window.getCkyConsent = function () {
    var c = parse(readCookie(COOKIE));
    var cats = {};
    CATEGORIES.forEach(function (cat) { cats[cat.slug] = c[cat.slug] === "yes"; });
    return { activeLaw: "gdpr", categories: cats, isUserActionCompleted: c.action === "yes",
      consentID: c.consentid || "", languageCode: "en" };
  };
  window.revisitCkyConsent = showPreferences;
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
