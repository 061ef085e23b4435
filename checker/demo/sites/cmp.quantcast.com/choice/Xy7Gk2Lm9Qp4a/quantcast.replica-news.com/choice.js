/* consent-checker replica of Quantcast Choice / InMobi Choice choice.js (written for the demo, not the
   vendors' code). Renders #qc-cmp2-container with the qc-cmp2 dialog #qc-cmp2-ui: the summary
   (.qc-cmp2-summary-buttons: MORE OPTIONS [mode=secondary], on InMobi DISAGREE #disagree-btn
   [mode=secondary], AGREE [mode=primary]) and the "more options" screen (.qc-cmp2-header-links REJECT ALL /
   ACCEPT ALL, one consent toggle per purpose and a legitimate-interest toggle where allowed, each a
   .qc-cmp2-toggle-switch > button[role=switch][aria-checked], then SAVE & EXIT in .qc-cmp2-buttons-desktop).
   After a choice the .qc-cmp2-persistent-link "PRIVACY" tab reopens it. Stores euconsent-v2 (TCF v2.2,
   CMP id 10) and addtl_consent, exposes __tcfapi. A refusal deletes the Google Analytics cookies. */
(function () {
  "use strict";
  var me = document.currentScript;
  var INMOBI = !!(me && /(^|\.)inmobi\.com$/.test(new URL(me.src).hostname));
  var TCF_CMP_ID = 10, TCF_CMP_VERSION = INMOBI ? 63 : 54;
  var MAX_AGE = 33696000;  // 390 days
  var PURPOSES = [
    { id: 1, name: "Store and/or access information on a device", li: false },
    { id: 2, name: "Use limited data to select advertising", li: true },
    { id: 3, name: "Create profiles for personalised advertising", li: false },
    { id: 4, name: "Use profiles to select personalised advertising", li: false },
    { id: 7, name: "Measure advertising performance", li: true },
    { id: 8, name: "Measure content performance", li: true },
    { id: 9, name: "Understand audiences through statistics or combinations of data from different sources", li: true },
    { id: 10, name: "Develop and improve services", li: true }
  ];
  /* -- cookie and tag helpers -------------------------------------------------------------------- */
  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function domainLevels() {  // registrable domain first: replica-news.com, then x.replica-news.com
    var labels = location.hostname.split("."), out = [];
    for (var k = labels.length - 2; k >= 0; k--) { out.push(labels.slice(k).join(".")); }
    return out;
  }
  function setCookie(name, value, maxAge) {  // cookie domain: the highest level the browser accepts
    var attrs = "; path=/; max-age=" + maxAge + "; SameSite=Lax; Secure";
    var levels = domainLevels();
    for (var i = 0; i < levels.length; i++) {
      document.cookie = name + "=" + value + "; domain=." + levels[i] + attrs;
      if (readCookie(name) === value) { return; }
    }
    document.cookie = name + "=" + value + attrs;
  }
  function deleteCookie(name) {
    var gone = "=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT";
    document.cookie = name + gone;
    var levels = domainLevels();
    for (var i = 0; i < levels.length; i++) { document.cookie = name + gone + "; domain=." + levels[i]; }
  }
  function purgeAnalytics() {  // withdrawal clean-up: Google Analytics cookies on every domain level
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var name = parts[i].split("=")[0];
      if (name === "_ga" || name === "_gid" || name === "_gat" || name.indexOf("_ga_") === 0) { deleteCookie(name); }
    }
  }
  function activateScripts(selector) {  // re-insert blocked <script type="text/plain"> tags as live scripts
    var blocked = document.querySelectorAll(selector);
    for (var i = 0; i < blocked.length; i++) {
      var old = blocked[i];
      if (old.getAttribute("data-cmp-activated")) { continue; }
      old.setAttribute("data-cmp-activated", "true");
      var s = document.createElement("script");
      for (var a = 0; a < old.attributes.length; a++) {
        var at = old.attributes[a];
        if (at.name !== "type" && at.name !== "src" && at.name !== "data-cmp-activated") { s.setAttribute(at.name, at.value); }
      }
      s.type = "text/javascript";
      if (old.getAttribute("src")) { s.src = old.getAttribute("src"); s.async = true; } else { s.text = old.text; }
      old.parentNode.insertBefore(s, old.nextSibling);
    }
  }
  function uuid() {
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 3 | 8)).toString(16);
    });
  }
  /* -- IAB TCF v2.2 TC string (core + disclosed-vendors segment), by the IAB's @iabtcf/core ----------
     A vendor list built in place (version 85, policy 4, purposes 1-11, special features 1-2, the vendors
     below, each declaring consent and LI purposes), so no GVL is fetched. The module loads
     asynchronously: until it has, __tcfapi queues its calls and the UI waits (tcfReady). */
  var TCF_VENDORS = [1, 2, 4, 6, 8, 10, 11, 12, 21, 23, 25, 28, 32, 50, 52, 68, 76, 91, 128, 755];
  var TCF_LI_PURPOSES = [2, 7, 8, 9, 10, 11];
  var iab = null, gvl = null;
  var tcfReady = import("https://cdn.jsdelivr.net/npm/@iabtcf/core@1.5.6/+esm").then(function (m) {
    var list = { gvlSpecificationVersion: 3, vendorListVersion: 85, tcfPolicyVersion: 4, lastUpdated: "2024-09-12T16:00:00Z",
      purposes: {}, specialPurposes: {}, features: {}, specialFeatures: { 1: { id: 1, name: "" }, 2: { id: 2, name: "" } }, stacks: {}, vendors: {} };
    for (var p = 1; p <= 11; p++) { list.purposes[p] = { id: p, name: "" }; }
    TCF_VENDORS.forEach(function (id) {
      list.vendors[id] = { id: id, name: "", purposes: [1], legIntPurposes: TCF_LI_PURPOSES, specialPurposes: [], features: [], specialFeatures: [] };
    });
    iab = m;
    gvl = new m.GVL(list);
  });
  function tcString(cmpId, cmpVersion, consent, li) {
    var model = new iab.TCModel(gvl);
    model.cmpId = cmpId; model.cmpVersion = cmpVersion; model.consentScreen = 1;
    model.isServiceSpecific = true; model.publisherCountryCode = "GB";
    if (consent) { model.setAllPurposeConsents(); model.setAllSpecialFeatureOptins(); model.setAllVendorConsents(); }
    if (li) { model.purposeLegitimateInterests.set(TCF_LI_PURPOSES); model.setAllVendorLegitimateInterests(); }
    return iab.TCString.encode(model, { segments: [iab.Segment.CORE, iab.Segment.VENDORS_DISCLOSED] });
  }
  /* -- __tcfapi (ping, addEventListener, removeEventListener, getTCData), replacing the page's stub -- */
  var tcfListeners = [], tcfNextId = 1;
  var tcfState = { shown: false, done: false, consent: false, li: false, tcString: "" };
  function tcData(status) {
    var consents = {}, lis = {}, v = {}, vli = {};
    for (var p = 1; p <= 11; p++) { consents[p] = tcfState.consent; lis[p] = tcfState.li && TCF_LI_PURPOSES.indexOf(p) !== -1; }
    TCF_VENDORS.forEach(function (id) { v[id] = tcfState.consent; vli[id] = tcfState.li; });
    return {
      tcString: tcfState.tcString, tcfPolicyVersion: 4, cmpId: TCF_CMP_ID, cmpVersion: TCF_CMP_VERSION,
      gdprApplies: true, eventStatus: status, cmpStatus: "loaded", isServiceSpecific: true,
      useNonStandardTexts: false, publisherCC: "GB", purposeOneTreatment: false,
      purpose: { consents: consents, legitimateInterests: lis },
      vendor: { consents: v, legitimateInterests: vli },
      specialFeatureOptins: { 1: tcfState.consent, 2: tcfState.consent }
    };
  }
  function tcfEmit(status) {
    tcfListeners.forEach(function (l) { var d = tcData(status); d.listenerId = l.id; try { l.cb(d, true); } catch (e) { /* vendor code */ } });
  }
  function tcfShown() {
    tcfState.shown = true;
    tcfState.consent = false;
    tcfState.li = true;
    tcfState.tcString = tcString(TCF_CMP_ID, TCF_CMP_VERSION, false, true);
    tcfEmit("cmpuishown");
  }
  function tcfDone(consent, li, status) {
    tcfState.shown = false;
    tcfState.done = true;
    tcfState.consent = consent;
    tcfState.li = li;
    tcfState.tcString = tcString(TCF_CMP_ID, TCF_CMP_VERSION, consent, li);
    tcfEmit(status);
    return tcfState.tcString;
  }
  function installTcfApi() {
    var queue = (window.__tcfapi && window.__tcfapi.a) || [];
    window.__tcfapi = function (cmd, version, cb, param) {
      if (!iab) { queue.push(arguments); return; }  // replayed once @iabtcf/core has loaded
      if (cmd === "ping") {
        cb({ gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded", displayStatus: tcfState.shown ? "visible" : "hidden",
          apiVersion: "2.2", cmpVersion: TCF_CMP_VERSION, cmpId: TCF_CMP_ID, gvlVersion: 85, tcfPolicyVersion: 4 }, true);
      } else if (cmd === "addEventListener") {
        var l = { id: tcfNextId++, cb: cb };
        tcfListeners.push(l);
        var st = tcfState.done ? "tcloaded" : (tcfState.shown ? "cmpuishown" : null);
        if (st) { var d = tcData(st); d.listenerId = l.id; cb(d, true); }
      } else if (cmd === "removeEventListener") {
        tcfListeners = tcfListeners.filter(function (x) { return x.id !== param; });
        cb(true);
      } else if (cmd === "getTCData") {
        cb(tcData(tcfState.done ? "tcloaded" : "cmpuishown"), true);
      } else if (typeof cb === "function") {
        cb(null, false);
      }
    };
    return tcfReady.then(function () {
      for (var i = 0; i < queue.length; i++) { window.__tcfapi.apply(null, queue[i]); }
    });
  }
  function tcfFromCookie(value) {  // consent / LI back from a stored string
    var model = iab.TCString.decode(value);
    return { consent: model.purposeConsents.has(1), li: model.purposeLegitimateInterests.size > 0 };
  }

  var CSS = "#qc-cmp2-container{font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#141414}" +
    "#qc-cmp2-container [hidden]{display:none!important}" +
    "#qc-cmp2-main{position:fixed;inset:0;z-index:2147483647;background:rgba(33,41,52,.66);display:flex;align-items:center;justify-content:center}" +
    "#qc-cmp2-ui{background:#fff;width:min(770px,94vw);max-height:86vh;overflow:auto;border-radius:5px;padding:0}" +
    "#qc-cmp2-ui .qc-cmp2-consent-info,#qc-cmp2-ui .qc-cmp2-scrollable-section{padding:20px 28px}" +
    "#qc-cmp2-ui h2{font-size:20px;margin:0 0 10px}" +
    "#qc-cmp2-ui .qc-cmp2-footer{padding:14px 28px;border-top:1px solid #d8d8d8}" +
    ".qc-cmp2-summary-buttons,.qc-cmp2-buttons-desktop,.qc-cmp2-header-links{display:flex;gap:10px;justify-content:flex-end;flex-wrap:wrap}" +
    "#qc-cmp2-ui button[mode]{font:700 14px Arial,sans-serif;letter-spacing:.8px;padding:12px 24px;border-radius:2px;cursor:pointer;border:1px solid #206dc5}" +
    "#qc-cmp2-ui button[mode=primary]{background:#206dc5;color:#fff}#qc-cmp2-ui button[mode=secondary]{background:#fff;color:#206dc5}" +
    "#qc-cmp2-ui button[mode=link]{background:none;border:0;color:#206dc5;padding:6px 8px}" +
    ".qc-cmp2-list-item{display:flex;justify-content:space-between;gap:16px;border-top:1px solid #eee;padding:12px 0}" +
    ".qc-cmp2-toggle-switch{display:flex;align-items:center;gap:6px;font-size:12px}" +
    ".qc-cmp2-toggle{width:40px;height:22px;border-radius:11px;border:0;background:#ccc;cursor:pointer}.qc-cmp2-toggle[aria-checked=true]{background:#206dc5}" +
    ".qc-cmp2-persistent-link{position:fixed;right:0;bottom:0;z-index:2147483646;background:#368bd6;color:#fff;border:0;padding:5px 10px;font:700 12px Arial,sans-serif;cursor:pointer;border-top-left-radius:3px}";

  function toggle(kind, p) {
    return '<div class="qc-cmp2-toggle-switch" data-kind="' + kind + '"><span>' + (kind === "consent" ? "Consent" : "Legitimate interest") + '</span>' +
      '<button role="switch" class="qc-cmp2-toggle" aria-checked="' + (kind === "li") + '" aria-label="' + (kind === "consent" ? "Consent: " : "Legitimate interest: ") + p.name + '" data-purpose="' + p.id + '" data-kind="' + kind + '"></button></div>';
  }
  function item(p) {
    return '<div class="qc-cmp2-list-item" data-purpose-id="' + p.id + '"><button class="qc-cmp2-list-item-header" aria-expanded="false"><p class="qc-cmp2-list-item-title">' + p.name + '</p></button>' +
      '<div class="qc-cmp2-list-item-toggles">' + toggle("consent", p) + (p.li ? toggle("li", p) : "") + '</div></div>';
  }

  var SUMMARY_BUTTONS = INMOBI
    ? '<button mode="secondary" size="large" class=" css-47sehv"><span>MORE OPTIONS</span></button>' +
      '<button id="disagree-btn" mode="secondary" size="large" class=" css-47sehv"><span>DISAGREE</span></button>' +
      '<button mode="primary" size="large" class=" css-47sehv"><span>AGREE</span></button>'
    : '<button mode="secondary" size="large" class=" css-47sehv"><span>MORE OPTIONS</span></button>' +
      '<button mode="primary" size="large" class=" css-47sehv"><span>AGREE</span></button>';

  var HTML =
    '<div class="qc-cmp2-main" id="qc-cmp2-main" hidden><div class="qc-cmp-cleanslate">' +
    '<div id="qc-cmp2-ui" role="dialog" aria-label="qc-cmp2-ui" aria-modal="true" tabindex="0">' +
    '<div class="qc-cmp2-summary-section" id="qc-cmp2-summary">' +
    '<div class="qc-cmp2-consent-info"><h2>We value your privacy</h2><div class="qc-cmp2-summary-info">' +
    '<p>We and our partners store and/or access information on a device, such as cookies and process personal data, such as unique identifiers and standard information sent by a device for personalised advertising and content, advertising and content measurement, audience research and services development. With your permission we and our partners may use precise geolocation data and identification through device scanning.</p>' +
    '<p>You may click to consent to our and our 20 partners\u2019 processing as described above. Alternatively you may click to refuse to consent or access more detailed information and change your preferences before consenting. Please note that some processing of your personal data may not require your consent, but you have a right to object to such processing. Your preferences will apply to this website only. You can change your preferences or withdraw your consent at any time by returning to this site and clicking the "Privacy" button at the bottom of the webpage.</p>' +
    '</div></div>' +
    '<div class="qc-cmp2-footer qc-cmp2-footer-overlay qc-cmp2-footer-scrolled"><div class="qc-cmp2-summary-buttons">' + SUMMARY_BUTTONS + '</div></div>' +
    '</div>' +
    '<div class="qc-cmp2-options-section" id="qc-cmp2-options" hidden>' +
    '<div class="qc-cmp2-scrollable-section"><div class="qc-cmp2-consent-info"><h2>We value your privacy</h2>' +
    '<p class="qc-cmp2-summary-info">You can set your consent preferences and determine how you want your data to be used based on the purposes below. You may set your preferences for us independently from those of third-party partners. Each purpose has a description so that you know how we and partners use your data.</p></div>' +
    '<div class="qc-cmp2-header-links"><button mode="link" size="small" class=" css-1hy2vtq">REJECT ALL</button><button mode="link" size="small" class=" css-1hy2vtq">ACCEPT ALL</button></div>' +
    '<div class="qc-cmp2-purposes-list">' + PURPOSES.map(item).join("") + '</div></div>' +
    '<div class="qc-cmp2-footer"><div class="qc-cmp2-footer-links"><button mode="link" size="small">PARTNERS</button><button mode="link" size="small">LEGITIMATE INTEREST</button></div>' +
    '<div class="qc-cmp2-buttons-desktop"><button mode="primary" size="large" class=" css-47sehv">SAVE &amp; EXIT</button></div></div>' +
    '</div></div></div></div>';

  var container, main, summary, options, persistent;

  function store(consent, li) {
    var tc = tcfDone(consent, li, "useractioncomplete");
    setCookie("euconsent-v2", tc, MAX_AGE);
    setCookie("addtl_consent", consent ? "1~39.43.46.55.61.70.83.89.93.108.117.122" : "1~", MAX_AGE);
    try { localStorage.setItem("_cmpRepromptHash", btoa(tc.slice(0, 12))); } catch (e) { /* storage off */ }
    if (!consent) { purgeAnalytics(); }
    main.hidden = true;
    showPersistent();
  }

  function setToggles(consent, li) {
    var ts = options.querySelectorAll(".qc-cmp2-toggle");
    for (var i = 0; i < ts.length; i++) {
      ts[i].setAttribute("aria-checked", String(ts[i].getAttribute("data-kind") === "li" ? li : consent));
    }
  }

  function storedChoice() {
    var raw = readCookie("euconsent-v2");
    return raw ? tcfFromCookie(raw) : null;
  }

  function showUi() {
    var c = storedChoice() || { consent: false, li: true };
    setToggles(c.consent, c.li);
    summary.hidden = false;
    options.hidden = true;
    main.hidden = false;
    if (persistent) { persistent.hidden = true; }
    tcfShown();
  }

  function showPersistent() {
    if (persistent) { persistent.hidden = false; return; }
    persistent = document.createElement("button");
    persistent.className = "qc-cmp2-persistent-link";
    persistent.type = "button";
    persistent.innerHTML = '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2211%22 height=%2214%22/%3E" alt="Open Privacy settings" height="14" width="11">PRIVACY';
    persistent.addEventListener("click", showUi);
    container.appendChild(persistent);
  }

  function init() {
    var style = document.createElement("style");
    style.textContent = CSS;
    document.head.appendChild(style);
    container = document.createElement("div");
    container.id = "qc-cmp2-container";
    container.setAttribute("data-nosnippet", "");
    container.innerHTML = HTML;
    document.body.appendChild(container);
    main = document.getElementById("qc-cmp2-main");
    summary = document.getElementById("qc-cmp2-summary");
    options = document.getElementById("qc-cmp2-options");

    var sb = summary.querySelectorAll(".qc-cmp2-summary-buttons > button");
    sb[0].addEventListener("click", function () { summary.hidden = true; options.hidden = false; });
    sb[sb.length - 1].addEventListener("click", function () { store(true, true); });
    if (INMOBI) { document.getElementById("disagree-btn").addEventListener("click", function () { store(false, true); }); }
    var hl = options.querySelectorAll(".qc-cmp2-header-links > button");
    hl[0].addEventListener("click", function () { setToggles(false, false); });
    hl[1].addEventListener("click", function () { setToggles(true, true); });
    options.addEventListener("click", function (ev) {
      var t = ev.target.closest(".qc-cmp2-toggle");
      if (t) { t.setAttribute("aria-checked", String(t.getAttribute("aria-checked") !== "true")); }
    });
    options.querySelector(".qc-cmp2-buttons-desktop > button").addEventListener("click", function () {
      var consent = !!options.querySelector('.qc-cmp2-toggle[data-kind=consent][aria-checked=true]');
      var li = !!options.querySelector('.qc-cmp2-toggle[data-kind=li][aria-checked=true]');
      store(consent, li);
    });

    var stored = storedChoice();
    if (stored) {
      tcfDone(stored.consent, stored.li, "tcloaded");
      showPersistent();
    } else {
      showUi();
    }
  }

  installTcfApi().then(function () {  // the banner once the encoder is there
    if (document.body) { init(); } else { document.addEventListener("DOMContentLoaded", init); }
  });
})();
