/* consent-checker demo replica of LiveRamp Privacy Manager's page-side bundle (gdpr.privacymanager.io),
   written for the demo (not LiveRamp's code). It puts the consent notice in a cross-origin iframe from
   cmp-consent-tool.privacymanager.io inside #gdpr-consent-tool-wrapper, shows it once the frame reports
   it is ready, and stores the choice the frame posts back as a TCF v2 string (CMP id 3) in the
   first-party euconsent-v2 cookie. The gated tag (gtag) is inserted only when purpose 1 has consent.
   __tcfapi('displayConsentUi', 2, cb) reopens the notice (the publisher's footer link); refusing there
   also deletes _ga/_gid. */
(function () {
  "use strict";
  var FRAME_ORIGIN = "https://cmp-consent-tool.privacymanager.io";
  var FRAME_URL = FRAME_ORIGIN + "/latest/notice.html";
  var CMP_ID = 3, CMP_VERSION = 7, VENDOR_LIST_VERSION = 155, POLICY_VERSION = 5;
  var VENDORS = [91, 97, 755, 793];
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var script = document.currentScript;
  var config = (script && script.getAttribute("data-config-id")) || "";

  function Bits() { this.s = ""; }
  Bits.prototype.put = function (v, n) {
    for (var i = n - 1; i >= 0; i--) { this.s += (Math.floor(v / Math.pow(2, i)) % 2) ? "1" : "0"; }
  };
  Bits.prototype.flags = function (on, n) { for (var i = 1; i <= n; i++) { this.s += on.indexOf(i) >= 0 ? "1" : "0"; } };
  Bits.prototype.b64 = function () {
    var s = this.s, out = "";
    while (s.length % 6) { s += "0"; }
    for (var i = 0; i < s.length; i += 6) { out += B64.charAt(parseInt(s.slice(i, i + 6), 2)); }
    return out;
  };
  function vendorField(b, on) { var max = on.length ? Math.max.apply(null, on) : 0; b.put(max, 16); b.put(0, 1); b.flags(on, max); }
  function tcString(consents, lis, specialFeatures) {
    var ds = Math.floor(Date.now() / 864000000) * 8640000;
    var b = new Bits();
    b.put(2, 6); b.put(ds, 36); b.put(ds, 36); b.put(CMP_ID, 12); b.put(CMP_VERSION, 12); b.put(1, 6);
    b.put(4, 6); b.put(13, 6); b.put(VENDOR_LIST_VERSION, 12); b.put(POLICY_VERSION, 6); b.put(1, 1); b.put(0, 1);
    b.flags(specialFeatures, 12); b.flags(consents, 24); b.flags(lis, 24);
    b.put(0, 1); b.put(3, 6); b.put(4, 6);  // publisher CC "DE"
    vendorField(b, consents.length ? VENDORS : []); vendorField(b, lis.length ? VENDORS : []);
    b.put(0, 12);
    var d = new Bits(); d.put(1, 3); vendorField(d, VENDORS);
    return b.b64() + "." + d.b64();
  }
  function decode(tc) {
    var bits = "", core = tc.split(".")[0], consents = [], lis = [];
    for (var i = 0; i < core.length; i++) { bits += ("00000" + B64.indexOf(core.charAt(i)).toString(2)).slice(-6); }
    for (var p = 1; p <= 24; p++) {
      if (bits.charAt(151 + p) === "1") { consents.push(p); }
      if (bits.charAt(175 + p) === "1") { lis.push(p); }
    }
    return { consents: consents, lis: lis };
  }

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function topDomain() { return "." + location.hostname.split(".").slice(-2).join("."); }
  function deleteCookie(name) {
    document.cookie = name + "=; domain=" + topDomain() + "; path=/; max-age=0";
    document.cookie = name + "=; path=/; max-age=0";
  }
  function loadTag() {
    if (document.querySelector("script[src*='googletagmanager.com/gtag/js']")) { return; }
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=G-REPLICA01";
    document.head.appendChild(s);
  }

  var wrapper = null, frame = null, reopening = false;
  function openNotice(reopen) {
    reopening = !!reopen;
    if (wrapper) { wrapper.remove(); }
    wrapper = document.createElement("div");
    wrapper.id = "gdpr-consent-tool-wrapper";
    wrapper.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);display:none;align-items:center;justify-content:center";
    frame = document.createElement("iframe");
    frame.id = "gdpr-consent-notice";
    frame.title = "Consent Management Platform";
    frame.src = FRAME_URL + "?config=" + encodeURIComponent(config) + "&origin=" + encodeURIComponent(location.origin);
    frame.style.cssText = "width:min(760px,94vw);height:min(560px,88vh);border:0;border-radius:6px;background:#fff";
    wrapper.appendChild(frame);
    document.body.appendChild(wrapper);
  }
  function closeNotice() { if (wrapper) { wrapper.remove(); wrapper = null; frame = null; } }

  window.addEventListener("message", function (ev) {
    if (ev.origin !== FRAME_ORIGIN || !ev.data || typeof ev.data !== "object") { return; }
    var msg = ev.data.__lrPmCmp;
    if (!msg) { return; }
    if (msg.type === "ready" && wrapper) {
      var tc = readCookie("euconsent-v2");
      frame.contentWindow.postMessage({ __lrPmCmp: { type: "state", stored: !!tc, choice: tc ? decode(tc) : null } }, FRAME_ORIGIN);
      wrapper.style.display = "flex";
    } else if (msg.type === "choice") {
      var value = tcString(msg.consents || [], msg.lis || [], msg.specialFeatures || []);
      document.cookie = "euconsent-v2=" + value + "; domain=" + topDomain() + "; path=/; max-age=33696000; SameSite=Lax; Secure";
      closeNotice();
      if ((msg.consents || []).indexOf(1) >= 0) { loadTag(); }
      else if (reopening) { deleteCookie("_ga"); deleteCookie("_gid"); }
    }
  });

  window.__tcfapi = function (cmd, version, cb) {
    var tc = readCookie("euconsent-v2");
    if (cmd === "ping") { cb({ gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded", displayStatus: wrapper ? "visible" : "hidden", apiVersion: "2.2", cmpVersion: CMP_VERSION, cmpId: CMP_ID }, true); }
    else if (cmd === "addEventListener") { cb({ tcString: tc || "", eventStatus: tc ? "tcloaded" : "cmpuishown", gdprApplies: true, listenerId: 1 }, true); }
    else if (cmd === "displayConsentUi") { openNotice(true); if (typeof cb === "function") { cb(true); } }
    else if (typeof cb === "function") { cb(null, false); }
  };

  function start() {
    var tc = readCookie("euconsent-v2");
    if (!tc) { openNotice(false); }
    else if (decode(tc).consents.indexOf(1) >= 0) { loadTag(); }
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
