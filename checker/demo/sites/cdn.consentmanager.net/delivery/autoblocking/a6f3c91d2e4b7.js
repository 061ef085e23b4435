/* consent-checker corpus: consentmanager.net replica (our own code, not consentmanager's). Loaded as the
   platform's autoblocking code https://cdn.consentmanager.net/delivery/autoblocking/<code id>.js. Renders
   the classic layer: #cmpwrapper > #cmpbox (.cmpboxinner, .cmpboxbtns with .cmpboxbtnyes "Accept all",
   .cmpboxbtnno "Reject all", .cmpboxbtncustom "Customize choices") and #cmpbox2 (backdrop); the custom
   screen lists the purposes, each with a consent switch and, for purposes processed on legitimate interest,
   an objection switch (both must be off to refuse), and .cmpboxbtnsave "Save + Exit". After a choice the
   recall icon (.cmpboxrecall) and __cmp('showScreen') reopen the layer. The choice is stored as the
   platform stores it: __cmpconsentx<id> (IAB TCF v2.2 TC string, CMP id 31), __cmpcvcx<id> (consented
   vendors, __s<id>_c<id>__) and __cmpcpcx<id> (consented purposes, __1_2_..__ ; ____ = none).
   Google Analytics (purpose 8 / custom vendor c26) loads only after consent; a refusal deletes _ga/_gid.
   __cmp('getCMPData'), __cmp('setConsent', 0|1) and __cmp('showScreen') as the platform offers them. */
(function () {
  "use strict";
  var CMP_ID = 31, CMP_VERSION = 1217, VENDOR_LIST_VERSION = 86;
  var GA_ID = "G-REPLICA01";
  var script = document.currentScript;
  var CODE_ID = (script && script.getAttribute("data-cmp-id")) || "94011";
  var NO_REJECT = !!(script && script.getAttribute("data-cmp-noreject"));
  var SUFFIX = "x" + CODE_ID;
  var MAX_AGE = 365 * 86400;
  // TCF purposes shown (id, name, legitimate interest offered); custom purposes 51+ are the publisher's.
  var PURPOSES = [
    { id: 1, name: "Store and/or access information on a device" },
    { id: 2, name: "Use limited data to select advertising", li: true },
    { id: 3, name: "Create profiles for personalised advertising" },
    { id: 4, name: "Use profiles to select personalised advertising" },
    { id: 7, name: "Measure advertising performance", li: true },
    { id: 8, name: "Measure content performance", li: true },
    { id: 9, name: "Understand audiences through statistics or combinations of data from different sources", li: true },
    { id: 10, name: "Develop and improve services", li: true },
    { id: 51, name: "Analytics (Google Analytics)", custom: true }
  ];
  var VENDORS = [{ id: 755, sys: "s1" }, { id: 91, sys: "s26" }]; // Google Advertising Products, Criteo
  var CUSTOM_VENDORS = ["c26"]; // Google Analytics, a non-IAB vendor

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function registrable() { return location.hostname.split(".").slice(-2).join("."); }
  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; max-age=" + MAX_AGE + "; path=/; domain=." + registrable() +
      "; SameSite=Lax; Secure";
  }
  function dropAnalytics() {
    ["_ga", "_gid"].forEach(function (n) {
      document.cookie = n + "=; max-age=0; path=/; domain=." + registrable();
      document.cookie = n + "=; max-age=0; path=/";
    });
  }
  function loadTag() {
    if (window.__cmpReplicaTag) { return; }
    window.__cmpReplicaTag = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = window.gtag || function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID);
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }

  // ---- IAB TCF v2.2 core string ----
  function bits(n, len) { var s = n.toString(2); while (s.length < len) { s = "0" + s; } return s.slice(-len); }
  function field(ids, len) { var s = ""; for (var i = 1; i <= len; i++) { s += ids.indexOf(i) >= 0 ? "1" : "0"; } return s; }
  function vendorSection(ids) {
    var max = ids.length ? Math.max.apply(null, ids) : 0;
    return bits(max, 16) + "0" + field(ids, max);
  }
  function tcString(consentPurposes, liPurposes, vendors, liVendors) {
    var ds = Math.round(Date.now() / 100);
    var b = bits(2, 6) + bits(ds, 36) + bits(ds, 36) + bits(CMP_ID, 12) + bits(CMP_VERSION, 12) + bits(1, 6) +
      bits(4, 6) + bits(13, 6) /* EN */ + bits(VENDOR_LIST_VERSION, 12) + bits(4, 6) /* policy 4 (TCF 2.2) */ + "1" + "0" +
      field([], 12) + field(consentPurposes, 24) + field(liPurposes, 24) + "0" + bits(3, 6) + bits(4, 6) /* DE */ +
      vendorSection(vendors) + vendorSection(liVendors) + bits(0, 12);
    while (b.length % 6) { b += "0"; }
    var abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", out = "";
    for (var i = 0; i < b.length; i += 6) { out += abc.charAt(parseInt(b.slice(i, i + 6), 2)); }
    return out;
  }

  function store(consent, li) {
    var cons = PURPOSES.filter(function (p) { return consent[p.id]; }).map(function (p) { return p.id; });
    var lis = PURPOSES.filter(function (p) { return p.li && li[p.id]; }).map(function (p) { return p.id; });
    var tcfCons = cons.filter(function (id) { return id <= 24; });
    var vendors = tcfCons.length ? VENDORS.map(function (v) { return v.id; }) : [];
    var liVendors = lis.length ? VENDORS.map(function (v) { return v.id; }) : [];
    setCookie("__cmpconsent" + SUFFIX, tcString(tcfCons, lis, vendors, liVendors));
    var cvc = [];
    if (vendors.length) { VENDORS.forEach(function (v) { cvc.push(v.sys); }); }
    if (consent[51]) { cvc = cvc.concat(CUSTOM_VENDORS); }
    setCookie("__cmpcvc" + SUFFIX, "__" + cvc.join("_") + (cvc.length ? "_U" : "") + "__");
    setCookie("__cmpcpc" + SUFFIX, "__" + cons.join("_") + "__");
    setCookie("__cmpccc" + SUFFIX, "aBQ" + Math.random().toString(36).slice(2, 10));
    hideBox();
    showRecall();
    apply();
  }
  function consentedPurposes() {
    var v = readCookie("__cmpcpc" + SUFFIX);
    if (v === null) { return null; }
    return v.replace(/^__|__$/g, "").split("_").filter(Boolean).map(Number);
  }
  function apply() {
    var p = consentedPurposes() || [];
    if (p.indexOf(51) >= 0) { loadTag(); } else { dropAnalytics(); }
  }
  function all(v) { var o = {}; PURPOSES.forEach(function (p) { o[p.id] = v; }); return o; }

  var CSS = [
    "#cmpbox{position:fixed;z-index:2147483640;left:50%;top:50%;transform:translate(-50%,-50%);width:min(640px,94vw);",
    "max-height:88vh;overflow:auto;background:#fff;color:#222;font:14px/1.45 Arial,Helvetica,sans-serif;",
    "border-radius:6px;box-shadow:0 0 40px rgba(0,0,0,.4)}",
    "#cmpbox2{position:fixed;inset:0;z-index:2147483639;background:rgba(0,0,0,.5)}",
    ".cmpboxinner{padding:24px}",
    ".cmpboxhl{font-size:20px;font-weight:700;margin:0 0 10px}",
    ".cmpboxtxt{margin:0 0 16px}",
    ".cmpboxbtns{display:flex;gap:10px;flex-wrap:wrap}",
    ".cmpboxbtn{display:inline-block;flex:1 1 140px;text-align:center;padding:11px 14px;border-radius:4px;",
    "font-weight:700;text-decoration:none;cursor:pointer}",
    ".cmpboxbtnyes{background:#5fa800;color:#fff}",
    ".cmpboxbtnno,.cmpboxbtnsave{background:#eee;color:#222}",
    ".cmpboxbtncustom{background:#fff;color:#222;border:1px solid #ccc}",
    ".cmpmore{margin-top:12px;font-size:13px}.cmpmorelink{color:#1f74b3}",
    ".cmppurposes{margin:0 0 16px;border-top:1px solid #eee}",
    ".cmppurpose{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:8px 0;border-bottom:1px solid #eee}",
    ".cmppurposetitle{font-weight:700}",
    ".cmpswitches{display:flex;gap:14px;flex:none;font-size:12px;color:#666}",
    ".cmpswitch{display:flex;align-items:center;gap:4px;cursor:pointer}",
    ".cmpswitch input{appearance:none;width:34px;height:18px;border-radius:9px;background:#ccc;margin:0;cursor:pointer}",
    ".cmpswitch input:checked{background:#5fa800}",
    ".cmpboxrecall{position:fixed;z-index:2147483638;left:12px;bottom:12px;width:40px;height:40px;border-radius:50%;",
    "background:#1f74b3;color:#fff;display:flex;align-items:center;justify-content:center;cursor:pointer;font:20px Arial}"
  ].join("");

  var wrapper, box, backdrop, recall;
  function build() {
    var style = document.createElement("style");
    style.textContent = CSS;
    document.head.appendChild(style);
    wrapper = document.createElement("div");
    wrapper.id = "cmpwrapper";
    wrapper.className = "cmpwrapper";
    document.body.appendChild(wrapper);
    recall = document.createElement("div");
    recall.className = "cmpboxrecall";
    recall.setAttribute("role", "button");
    recall.setAttribute("tabindex", "0");
    recall.setAttribute("aria-label", "Privacy settings");
    recall.setAttribute("title", "Privacy settings");
    recall.textContent = "\u2699";
    recall.style.display = "none";
    recall.addEventListener("click", function () { showWelcome(); });
    wrapper.appendChild(recall);
  }
  function frame() {
    hideBox();
    backdrop = document.createElement("div");
    backdrop.id = "cmpbox2";
    backdrop.className = "cmpbox2 cmpstyleroot";
    box = document.createElement("div");
    box.id = "cmpbox";
    box.className = "cmpbox cmpstyleroot cmpBoxVariant cmpfullscreen cmpVerticalCenter";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "cmpboxheadline");
    wrapper.appendChild(backdrop);
    wrapper.appendChild(box);
    recall.style.display = "none";
    return box;
  }
  function btn(cls, text) {
    return '<a class="cmpboxbtn ' + cls + '" role="button" href="#" tabindex="0">' + text + '</a>';
  }
  function showWelcome() {
    var b = frame();
    b.innerHTML = '<div class="cmpboxinner"><div class="cmpboxcontent"><div class="cmpboxhl" id="cmpboxheadline" ' +
      'role="heading" aria-level="2">We respect your privacy</div><div class="cmpboxtxt cmptxt_txt">We and our ' +
      'partners store and/or access information on a device, such as unique IDs in cookies, to process personal ' +
      'data. You may accept or manage your choices by clicking below, including your right to object where ' +
      'legitimate interest is used, or at any time in the privacy policy page. These choices will be signaled to ' +
      'our partners and will not affect browsing data.</div></div>' +
      '<div class="cmpboxbtns"><div class="cmpboxbtnsinner" style="display:contents">' +
      btn("cmpboxbtnyes cmptxt_btn_yes", "Accept all") +
      (NO_REJECT ? "" : btn("cmpboxbtnno cmptxt_btn_no", "Reject all")) +
      btn("cmpboxbtncustom cmptxt_btn_custom", "Customize choices") +
      '</div></div><div class="cmpmore"><a class="cmpmorelink cmptxt_btn_custom" href="#">Show details and ' +
      'vendors</a></div></div>';
    wire(b);
  }
  function showCustom() {
    var b = frame();
    var cons = consentedPurposes() || [];
    var rows = PURPOSES.map(function (p) {
      var on = cons.indexOf(p.id) >= 0;
      return '<div class="cmppurpose" id="cmppurpose_' + (p.custom ? "c" : "") + p.id + '"><div class="cmppurposetitle">' +
        p.name + '</div><div class="cmpswitches"><label class="cmpswitch cmpswitchconsent"><input type="checkbox" ' +
        'data-cmp-purpose="' + p.id + '" aria-label="Consent: ' + p.name + '"' + (on ? " checked" : "") + '>Consent</label>' +
        (p.li ? '<label class="cmpswitch cmpswitchli"><input type="checkbox" data-cmp-li="' + p.id + '" ' +
          'aria-label="Legitimate interest: ' + p.name + '" checked>Legitimate interest</label>' : "") +
        '</div></div>';
    }).join("");
    b.innerHTML = '<div class="cmpboxinner"><div class="cmpboxcontent"><div class="cmpboxhl" id="cmpboxheadline">' +
      'Customize your choice</div><div class="cmpboxtxt">Select the purposes you agree to. Purposes marked ' +
      '"Legitimate interest" are processed unless you object.</div><div class="cmppurposes">' + rows + '</div></div>' +
      '<div class="cmpboxbtns">' + btn("cmpboxbtnyes cmptxt_btn_yes", "Accept all") +
      btn("cmpboxbtnsave cmptxt_btn_save", "Save + Exit") + '</div></div>';
    wire(b);
  }
  function wire(b) {
    b.addEventListener("click", function (ev) {
      var a = ev.target.closest("a");
      if (!a) { return; }
      ev.preventDefault();
      if (a.classList.contains("cmpboxbtnyes")) { store(all(true), all(true)); }
      else if (a.classList.contains("cmpboxbtnno")) { store({}, {}); }
      else if (a.classList.contains("cmpboxbtncustom")) { showCustom(); }
      else if (a.classList.contains("cmpboxbtnsave")) {
        var consent = {}, li = {};
        b.querySelectorAll("input[data-cmp-purpose]").forEach(function (i) { consent[i.getAttribute("data-cmp-purpose")] = i.checked; });
        b.querySelectorAll("input[data-cmp-li]").forEach(function (i) { li[i.getAttribute("data-cmp-li")] = i.checked; });
        store(consent, li);
      }
    });
  }
  function hideBox() {
    var old = document.getElementById("cmpbox");
    if (old) { old.remove(); }
    var old2 = document.getElementById("cmpbox2");
    if (old2) { old2.remove(); }
  }
  function showRecall() { recall.style.display = "flex"; }

  function start() {
    build();
    if (consentedPurposes() !== null) { apply(); showRecall(); } else { showWelcome(); }
  }
  window.__cmp = function (cmd, arg) {
    if (cmd === "getCMPData") {
      var p = consentedPurposes();
      return { cmpId: CMP_ID, consentExists: p !== null, purposeConsents: p || [],
        consentstring: readCookie("__cmpconsent" + SUFFIX) || "" };
    }
    if (cmd === "setConsent") { if (arg) { store(all(true), all(true)); } else { store({}, {}); } return; }
    if (cmd === "showScreen") { showWelcome(); return; }
    if (cmd === "showScreenAdvanced") { showCustom(); return; }
  };
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
