/* consent-checker corpus: iubenda Privacy Controls and Cookie Solution replica (our own code, not
   iubenda's). Loaded as https://cdn.iubenda.com/cs/iubenda_cs.js after the page sets
   _iub.csConfiguration. Renders the banner #iubenda-cs-banner (.iubenda-cs-container > .iubenda-cs-content,
   .iubenda-cs-opt-group with .iubenda-cs-customize-btn, optional .iubenda-cs-reject-btn, .iubenda-cs-accept-btn)
   and, with perPurposeConsent, the purposes panel #iubenda-iframe (#iubenda-iframe-content .purposes-widget,
   one .purposes-item per purpose with an .iub-toggle-checkbox switch, "Reject all" .iub-btn-reject /
   "Accept all" .iub-btn-accept, footer #iubFooterBtn "Save and continue"). The choice is stored in the
   _iub_cs-<cookiePolicyId> cookie as percent-encoded JSON
   {"timestamp":..,"version":..,"purposes":{"1":true,"2":..,"3":..,"4":..,"5":..},"id":..,"cons":{"rand":..}}
   (1 necessary, 2 functionality, 3 experience, 4 measurement, 5 marketing). Measurement (Google
   Analytics) loads only when purpose 4 is granted; a refusal deletes _ga/_gid. The floating
   .iubenda-tp-btn and any .iubenda-cs-preferences-link reopen the purposes panel
   (_iub.cs.api.openPreferences()). banner.rejectButtonDisplay decides whether the first layer has a reject. */
(function () {
  "use strict";
  var VERSION = "1.65.1";
  var GA_ID = "G-REPLICA01";
  var _iub = window._iub = window._iub || [];
  var conf = _iub.csConfiguration || {};
  var banner = conf.banner || {};
  var POLICY_ID = conf.cookiePolicyId || 12345678;
  var COOKIE = "_iub_cs-" + POLICY_ID;
  var MAX_AGE = 365 * 86400;
  var PURPOSES = [
    { id: 1, name: "Necessary", always: true, text: "These trackers are used for activities that are strictly necessary to operate or deliver the service you requested from us and, therefore, do not require you to consent." },
    { id: 2, name: "Functionality", text: "These trackers enable basic interactions and functionalities that allow you to access selected features of our service and facilitate your communication with us." },
    { id: 3, name: "Experience", text: "These trackers help us to improve the quality of your user experience and enable interactions with external content, networks and platforms." },
    { id: 4, name: "Measurement", text: "These trackers help us to measure traffic and analyze your behavior to improve our service." },
    { id: 5, name: "Marketing", text: "These trackers help us to deliver personalized ads or marketing content to you, and to measure their performance." }
  ];

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return decodeURIComponent(parts[i].slice(eq + 1)); }
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
    if (window.__iubReplicaTag) { return; }
    window.__iubReplicaTag = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = window.gtag || function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID);
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }
  function stored() {
    try { return JSON.parse(readCookie(COOKIE) || "null"); } catch (e) { return null; }
  }
  function rand() { return Math.random().toString(36).slice(2, 8); }
  function save(on) {
    var prev = stored();
    var purposes = {};
    PURPOSES.forEach(function (p) { purposes[String(p.id)] = !!(p.always || on[p.id]); });
    var value = { timestamp: new Date().toISOString(), version: VERSION, purposes: purposes, id: POLICY_ID,
      cons: { rand: (prev && prev.cons && prev.cons.rand) || rand() } };
    document.cookie = COOKIE + "=" + encodeURIComponent(JSON.stringify(value)) + "; max-age=" + MAX_AGE +
      "; path=/; domain=." + registrable() + "; SameSite=Lax; Secure";
    hideBanner();
    hidePanel();
    showFloating();
    apply();
    var cb = conf.callback || {};
    if (typeof cb.onPreferenceExpressed === "function") { cb.onPreferenceExpressed(value); }
  }
  function apply() {
    var s = stored();
    if (s && s.purposes && s.purposes["4"]) { loadTag(); } else { dropAnalytics(); }
  }
  function all(v) { var o = {}; PURPOSES.forEach(function (p) { o[p.id] = v; }); return o; }

  var CSS = [
    "#iubenda-cs-banner{position:fixed!important;z-index:99999998!important;bottom:16px!important;left:0;right:0;",
    "display:flex!important;justify-content:center;pointer-events:none;font-family:-apple-system,sans-serif!important}",
    "#iubenda-cs-banner.iubenda-cs-hidden{display:none!important}",
    "#iubenda-cs-banner .iubenda-cs-container{pointer-events:auto;max-width:900px;width:calc(100% - 32px);background:#1CC691;color:#fff;",
    "border-radius:4px;box-shadow:0 8px 48px rgba(0,0,0,.15);font-size:14px;line-height:1.5}",
    "#iubenda-cs-banner .iubenda-cs-content{padding:20px 24px}",
    "#iubenda-cs-title{font-weight:700;font-size:16px;margin-bottom:8px}",
    "#iubenda-cs-banner .iub-p{margin:0}",
    "#iubenda-cs-banner a{color:#fff;text-decoration:underline}",
    ".iubenda-cs-opt-group{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-top:16px;flex-wrap:wrap}",
    ".iubenda-cs-opt-group button{border:0;border-radius:64px;padding:8px 28px;font-weight:700;font-size:14px;cursor:pointer}",
    ".iubenda-cs-customize-btn{background:rgba(255,255,255,.1);color:#fff}",
    ".iubenda-cs-btn-primary{background:#0073CE;color:#fff}",
    ".iubenda-cs-close-btn{position:absolute;top:8px;right:12px;background:none;border:0;color:#fff;font-size:20px;cursor:pointer}",
    "#iubenda-iframe{position:fixed;inset:0;z-index:99999999;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center;font-family:-apple-system,sans-serif}",
    "#iubenda-iframe.iubenda-iframe-hidden{display:none!important}",
    "#iubenda-iframe-popup{width:min(880px,96vw);height:min(640px,92vh);background:#fff;border-radius:4px;position:relative;display:flex;flex-direction:column}",
    "#iubenda-iframe-content{flex:1;overflow:auto;padding:24px 32px;color:#333;font-size:14px}",
    ".purposes-header-title{font-size:22px;margin:0 0 8px}",
    ".purposes-section-header{display:flex;justify-content:space-between;align-items:center;margin:16px 0;gap:8px}",
    ".iub-btn{border-radius:64px;padding:8px 20px;font-weight:700;cursor:pointer;border:2px solid #0073CE;background:#0073CE;color:#fff}",
    ".iub-btn-stroked{background:#fff;color:#0073CE}",
    ".purposes-item{border-top:1px solid #eee;padding:12px 0}",
    ".purposes-item-header{display:flex;justify-content:space-between;align-items:center}",
    ".purposes-item-title label{font-weight:700;font-size:15px}",
    ".iub-toggle-checkbox input{appearance:none;width:40px;height:22px;border-radius:11px;background:#ccc;margin:0;cursor:pointer;position:relative}",
    ".iub-toggle-checkbox input:checked{background:#1CC691}",
    ".iub-toggle-checkbox input:disabled{opacity:.6}",
    ".purposes-item-body{color:#666;margin:6px 0 0}",
    ".iubenda-iframe-footer{border-top:1px solid #eee;padding:12px 32px;display:flex;justify-content:flex-end}",
    ".iubenda-iframe-close-btn{position:absolute;top:8px;right:12px;background:none;border:0;font-size:22px;cursor:pointer}",
    ".iubenda-tp-btn{position:fixed;z-index:2147483647;bottom:15px;right:15px;width:32px;height:32px;border-radius:50%;",
    "border:0;background:#fff;box-shadow:0 0 0 1px rgba(0,0,0,.15),0 2px 8px rgba(0,0,0,.2);cursor:pointer;font-size:16px}"
  ].join("");

  var bannerEl, panelEl, floatEl;
  function build() {
    var style = document.createElement("style");
    style.id = "iubenda-cs-style";
    style.textContent = CSS;
    document.head.appendChild(style);

    bannerEl = document.createElement("div");
    bannerEl.id = "iubenda-cs-banner";
    bannerEl.className = "iubenda-cs-default-floating iubenda-cs-bottom iubenda-cs-center iubenda-cs-hidden";
    bannerEl.setAttribute("role", "alertdialog");
    bannerEl.setAttribute("aria-labelledby", "iubenda-cs-title");
    bannerEl.setAttribute("aria-describedby", "iubenda-cs-paragraph");
    var closeBtn = banner.closeButtonDisplay === false ? "" :
      '<button type="button" class="iubenda-cs-close-btn" tabindex="0" role="button" aria-pressed="false" ' +
      'style="font-size:16px;">&#215;</button>';
    bannerEl.innerHTML =
      '<div class="iubenda-cs-container"><div class="iubenda-cs-content"><div class="iubenda-cs-rationale">' +
      (banner.closeButtonRejects ? closeBtn : "") +
      '<div class="iubenda-banner-content iubenda-custom-content" role="document">' +
      '<div id="iubenda-cs-title">Notice</div><div id="iubenda-cs-paragraph"><p class="iub-p">We and selected ' +
      'third parties use cookies or similar technologies for technical purposes and, with your consent, for ' +
      'functionality, experience, measurement and marketing (personalized ads) as specified in the ' +
      '<a href="/cookie-policy/" class="iubenda-cs-cookie-policy-lnk" target="_blank" rel="noopener">cookie ' +
      'policy</a>.</p><p class="iub-p">Use the \u201cAccept\u201d button to consent. Use the \u201cLearn more and ' +
      'customise\u201d button to customise your choices.</p></div></div>' +
      '<div class="iubenda-cs-opt-group" style="color:#1CC691!important;">' +
      '<div class="iubenda-cs-opt-group-custom"><button class="iubenda-cs-customize-btn" type="button" ' +
      'tabindex="0">Learn more and customise</button></div>' +
      '<div class="iubenda-cs-opt-group-consent">' +
      (banner.rejectButtonDisplay ? '<button class="iubenda-cs-reject-btn iubenda-cs-btn-primary" type="button" ' +
        'tabindex="0">Reject</button>' : '') +
      '<button class="iubenda-cs-accept-btn iubenda-cs-btn-primary" type="button" tabindex="0">Accept</button>' +
      '</div></div></div></div></div>';
    document.body.appendChild(bannerEl);

    var items = PURPOSES.map(function (p) {
      return '<div class="purposes-item" id="purpose-' + p.id + '"><div class="purposes-item-header">' +
        '<div class="purposes-item-title"><label for="iub-purpose-' + p.id + '">' + p.name + '</label></div>' +
        '<div class="iub-toggle-checkbox granular-control-checkbox-' + p.id + '"><input type="checkbox" ' +
        'class="style-switch" id="iub-purpose-' + p.id + '" name="purpose-' + p.id + '" aria-label="' + p.name + '"' +
        (p.always ? ' checked disabled' : '') + '></div></div>' +
        '<div class="purposes-item-body">' + p.text + '</div></div>';
    }).join("");
    panelEl = document.createElement("div");
    panelEl.id = "iubenda-iframe";
    panelEl.className = "iubenda-iframe-hidden";
    panelEl.setAttribute("role", "dialog");
    panelEl.setAttribute("aria-modal", "true");
    panelEl.setAttribute("aria-labelledby", "iub-purposes-title");
    panelEl.innerHTML =
      '<div id="iubenda-iframe-popup"><button class="iubenda-iframe-close-btn" type="button" aria-label="Close">&#215;</button>' +
      '<div class="iubenda-iframe-top-container" id="iubenda-iframe-content"><div class="iubenda purposes-widget">' +
      '<div id="purposes-container"><div id="purposes-content-container" class="purposes-content">' +
      '<div class="purposes-header"><h1 class="purposes-header-title" id="iub-purposes-title">Your consent ' +
      'preferences</h1><div class="purposes-header-text">The table below summarizes the purposes for which we ' +
      'and selected third parties use trackers. You can give or withdraw your consent for each purpose.</div></div>' +
      '<div class="purposes-section-header"><span class="purposes-section-header-title">Purposes</span>' +
      '<div class="purposes-section-header-btns"><button class="iub-btn iub-btn-consent iub-btn-reject ' +
      'purposes-btn purposes-btn-reject" type="button">Reject all</button> <button class="iub-btn iub-btn-consent ' +
      'iub-btn-accept purposes-btn purposes-btn-accept" type="button">Accept all</button></div></div>' +
      '<div class="purposes-items">' + items + '</div></div></div></div></div>' +
      '<div class="iubenda-iframe-footer iubenda-iframe-footer-absolute"><div id="iubFooterBtnContainer" ' +
      'class="iub-iframe-footer-container"><button id="iubFooterBtn" class="iub-btn iub-btn-cp iub-btn-stroked" ' +
      'type="button">Save and continue</button></div></div></div>';
    document.body.appendChild(panelEl);

    floatEl = document.createElement("button");
    floatEl.className = "iubenda-tp-btn iubenda-cs-preferences-link";
    floatEl.setAttribute("type", "button");
    floatEl.setAttribute("data-tp-nostyle", "");
    floatEl.setAttribute("data-tp-float", "bottom-right");
    floatEl.setAttribute("data-tp-icon", "");
    floatEl.setAttribute("title", "Privacy choices");
    floatEl.setAttribute("aria-label", "Privacy choices");
    floatEl.textContent = "\u2699";
    floatEl.style.display = "none";
    document.body.appendChild(floatEl);

    bannerEl.querySelector(".iubenda-cs-accept-btn").addEventListener("click", function () { save(all(true)); });
    var rej = bannerEl.querySelector(".iubenda-cs-reject-btn");
    if (rej) { rej.addEventListener("click", function () { save(all(false)); }); }
    var cls = bannerEl.querySelector(".iubenda-cs-close-btn");
    if (cls) { cls.addEventListener("click", function () { save(all(false)); }); }
    bannerEl.querySelector(".iubenda-cs-customize-btn").addEventListener("click", openPreferences);
    panelEl.querySelector(".iub-btn-reject").addEventListener("click", function () { save(all(false)); });
    panelEl.querySelector(".iub-btn-accept").addEventListener("click", function () { save(all(true)); });
    panelEl.querySelector("#iubFooterBtn").addEventListener("click", function () {
      var on = {};
      PURPOSES.forEach(function (p) { on[p.id] = document.getElementById("iub-purpose-" + p.id).checked; });
      save(on);
    });
    panelEl.querySelector(".iubenda-iframe-close-btn").addEventListener("click", function () {
      hidePanel();
      if (!stored()) { bannerEl.classList.remove("iubenda-cs-hidden"); } else { showFloating(); }
    });
    document.addEventListener("click", function (ev) {
      var link = ev.target.closest && ev.target.closest(".iubenda-cs-preferences-link");
      if (link) { ev.preventDefault(); openPreferences(); }
    });
  }
  function openPreferences() {
    var s = stored();
    PURPOSES.forEach(function (p) {
      var box = document.getElementById("iub-purpose-" + p.id);
      box.checked = !!(p.always || (s && s.purposes && s.purposes[String(p.id)]));
    });
    hideBanner();
    floatEl.style.display = "none";
    panelEl.className = "iubenda-iframe-visible";
  }
  function hideBanner() { bannerEl.classList.add("iubenda-cs-hidden"); bannerEl.classList.remove("iubenda-cs-visible"); }
  function hidePanel() { panelEl.className = "iubenda-iframe-hidden"; }
  function showFloating() { if (conf.floatingPreferencesButtonDisplay !== false) { floatEl.style.display = "block"; } }

  function start() {
    build();
    if (stored()) {
      apply();
      showFloating();
    } else {
      bannerEl.classList.remove("iubenda-cs-hidden");
      bannerEl.classList.add("iubenda-cs-visible");
    }
  }
  _iub.cs = { api: {
    openPreferences: openPreferences,
    isConsentGiven: function () { var s = stored(); return !!(s && s.purposes && s.purposes["4"]); },
    getPreferences: function () { return stored(); }
  } };
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
