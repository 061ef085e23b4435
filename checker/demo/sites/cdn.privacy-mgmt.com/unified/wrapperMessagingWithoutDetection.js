/* consent-checker replica of Sourcepoint's unified wrapper (written for the demo, not Sourcepoint's code).
   Reads window._sp_.config, renders the first-layer message as a cross-origin iframe
   (https://cdn.privacy-mgmt.com/index.html?message_id=...) inside div#sp_message_container_<id>, and the
   privacy manager (/privacy-manager/index.html?message_id=<pmId>...) for "Manage" (choice type 12) and
   for window._sp_.gdpr.loadPrivacyManagerModal(pmId). The frames post their choice here; the wrapper stores
   consentUUID, consentDate and euconsent-v2 (TCF v2.2, CMP id 6) cookies and localStorage
   _sp_user_consent_<propertyId>, answers __tcfapi, and deletes the Google Analytics cookies on refusal. */
(function () {
  "use strict";
  var TCF_CMP_ID = 6, TCF_CMP_VERSION = 1;
  var MAX_AGE = 31536000;
  var ORIGIN = "https://cdn.privacy-mgmt.com";
  var sp = window._sp_ = window._sp_ || {};
  var config = sp.config || {};
  var PROPERTY_ID = config.propertyId || 31234;
  var MESSAGE_ID = 1104112;
  var DEFAULT_PM_ID = (config.gdpr && config.gdpr.privacyManagerId) || 1104115;
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

  var STORAGE_KEY = "_sp_user_consent_" + PROPERTY_ID;

  function storedChoice() {
    try {
      var raw = localStorage.getItem(STORAGE_KEY);
      if (!raw || !readCookie("consentUUID")) { return null; }
      var cs = JSON.parse(raw).gdpr.consentStatus;
      return { consent: cs.consentedAll, li: !cs.rejectedLI };
    } catch (e) { return null; }
  }

  function removeContainers() {
    var open = document.querySelectorAll("div[id^='sp_message_container_']");
    for (var i = 0; i < open.length; i++) { open[i].parentNode.removeChild(open[i]); }
    document.documentElement.classList.remove("sp-message-open");
  }

  function container(id, src, title, modal) {
    removeContainers();
    var div = document.createElement("div");
    div.id = "sp_message_container_" + id;
    div.style.cssText = "display:block;position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.5)";
    var frame = document.createElement("iframe");
    frame.id = "sp_message_iframe_" + id;
    frame.title = title;
    frame.src = src;
    frame.setAttribute("frameborder", "0");
    frame.style.cssText = modal
      ? "position:absolute;left:50%;top:6vh;transform:translateX(-50%);width:min(720px,94vw);height:86vh;border:0;background:#fff;border-radius:6px"
      : "position:absolute;left:0;right:0;bottom:0;width:100%;height:260px;border:0;background:#fff";
    div.appendChild(frame);
    document.body.appendChild(div);
    document.documentElement.classList.add("sp-message-open");
  }

  function showMessage() {
    container(MESSAGE_ID, ORIGIN + "/index.html?message_id=" + MESSAGE_ID + "&consentUUID=" + encodeURIComponent(readCookie("consentUUID") || "") +
      "&preload_message=true&version=v1", "SP Consent Message", false);
    tcfShown();
  }

  function loadPrivacyManagerModal(pmId) {
    var c = storedChoice() || { consent: false, li: true };
    var id = pmId || DEFAULT_PM_ID;
    container(id, ORIGIN + "/privacy-manager/index.html?message_id=" + id + "&pmTab=purposes&site_id=" + PROPERTY_ID +
      "&consentUUID=" + encodeURIComponent(readCookie("consentUUID") || "") + "&consent=" + (c.consent ? 1 : 0) +
      "&li=" + (c.li ? 1 : 0), "SP Consent Message", true);
  }

  function store(consent, li) {
    var id = readCookie("consentUUID") || (uuid() + "_" + (20 + Math.floor(Math.random() * 9)));
    var now = new Date().toISOString();
    var tc = tcfDone(consent, li, "useractioncomplete");
    setCookie("consentUUID", id, MAX_AGE);
    setCookie("consentDate", now, MAX_AGE);
    setCookie("euconsent-v2", tc, MAX_AGE);
    var status = { rejectedAny: !consent, rejectedLI: !li, consentedAll: consent, consentedToAny: consent,
      hasConsentData: true, granularStatus: { vendorConsent: consent ? "ALL" : "NONE", vendorLegInt: li ? "ALL" : "NONE",
        purposeConsent: consent ? "ALL" : "NONE", purposeLegInt: li ? "ALL" : "NONE", previousOptInAll: false, defaultConsent: false } };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ gdpr: { applies: true, consentStatus: status, euconsent: tc,
        uuid: id, dateCreated: now, localDataCurrent: true } }));
      localStorage.setItem("_sp_local_state", JSON.stringify({ gdpr: { mmsCookies: [], propertyId: PROPERTY_ID, messageId: MESSAGE_ID } }));
    } catch (e) { /* storage off */ }
    if (!consent) { purgeAnalytics(); }
    removeContainers();
  }

  window.addEventListener("message", function (ev) {
    if (ev.origin !== ORIGIN || !ev.data || ev.data.name !== "sp.choice") { return; }
    var t = String(ev.data.choiceType);
    if (t === "11" || t === "ACCEPT_ALL") { store(true, true); }
    else if (t === "13" || t === "REJECT_ALL") { store(false, false); }
    else if (t === "12") { loadPrivacyManagerModal(DEFAULT_PM_ID); }
    else if (t === "SAVE_AND_EXIT") { store(!!ev.data.consent, !!ev.data.li); }
    else if (t === "CLOSE") { removeContainers(); }
  });

  sp.gdpr = sp.gdpr || {};
  sp.gdpr.loadPrivacyManagerModal = loadPrivacyManagerModal;
  sp.version = "4.25.0-replica";
  sp.executeMessaging = function () { tcfReady.then(showMessage); };

  function init() {
    var stored = storedChoice();
    if (stored) { tcfDone(stored.consent, stored.li, "tcloaded"); } else { showMessage(); }
  }
  installTcfApi().then(function () {  // the banner once the encoder is there
    if (document.body) { init(); } else { document.addEventListener("DOMContentLoaded", init); }
  });
})();
