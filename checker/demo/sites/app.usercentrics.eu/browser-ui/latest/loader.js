/* consent-checker corpus: Usercentrics Browser UI v2 replica (our own code, not Usercentrics').
   Renders the CMP as the v2 Browser UI does: <div id="usercentrics-root"> with an OPEN shadow root holding
   the first layer (center dialog) and the second layer (Privacy Settings: categories with switches),
   buttons keyed by data-testid (uc-accept-all-button, uc-deny-all-button, uc-more-button, uc-save-button),
   and the fingerprint privacy button (#uc-privacy-button) after a choice. The choice is kept in
   localStorage the way the v2 browser SDK keeps it: uc_settings (controllerId, settings id, services with
   their consent history and status), uc_user_interaction, uc_ui_version and uc_gcm.
   window.UC_UI offers showFirstLayer / showSecondLayer / acceptAllConsents / denyAllConsents.
   Script attributes: data-settings-id (the settings; "rTbKQ4Qc-" shows Deny on the first layer,
   any other id hides it, as the "hide deny button" option does). Google Analytics is the gated service. */
(function () {
  "use strict";
  var UI_VERSION = "2.67.0";
  var GA_ID = "G-REPLICA01";
  var script = document.currentScript || document.getElementById("usercentrics-cmp");
  var SETTINGS_ID = (script && script.getAttribute("data-settings-id")) || "rTbKQ4Qc-";
  var DENY_ON_FIRST = SETTINGS_ID === "rTbKQ4Qc-";
  var SETTINGS_VERSION = "14.2.7";
  var CATEGORIES = [
    { slug: "essential", label: "Essential", essential: true,
      text: "These technologies are required to activate the core functionality of our website." },
    { slug: "functional", label: "Functional",
      text: "These technologies enable us to analyse the use of the website in order to measure and improve performance." },
    { slug: "marketing", label: "Marketing",
      text: "These technologies are used by advertisers to serve ads that are relevant to your interests." }
  ];
  var SERVICES = [
    { id: "H1Vl5NidjWX", name: "Usercentrics Consent Management Platform", category: "essential", version: "1.0.4" },
    { id: "BJ59EidsWQ", name: "Google Tag Manager", category: "functional", version: "1.0.21" },
    { id: "HkocEodjb7", name: "Google Analytics", category: "marketing", version: "2.1.12" }
  ];

  function registrable() { return location.hostname.split(".").slice(-2).join("."); }
  function dropAnalytics() {
    ["_ga", "_gid"].forEach(function (n) {
      document.cookie = n + "=; max-age=0; path=/; domain=." + registrable();
      document.cookie = n + "=; max-age=0; path=/";
    });
  }
  function loadTag() {
    if (window.__ucReplicaTag) { return; }
    window.__ucReplicaTag = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = window.gtag || function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID);
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }
  function hex(n) {
    var out = "";
    for (var i = 0; i < n; i++) { out += Math.floor(Math.random() * 16).toString(16); }
    return out;
  }
  function readSettings() {
    try { return JSON.parse(localStorage.getItem("uc_settings") || "null"); } catch (e) { return null; }
  }

  // ---- storage (browser SDK v2 format) ----
  function store(action, statusOf) {
    var prev = readSettings();
    var now = Date.now();
    var services = SERVICES.map(function (svc) {
      var old = null;
      if (prev && prev.services) {
        for (var i = 0; i < prev.services.length; i++) { if (prev.services[i].id === svc.id) { old = prev.services[i]; } }
      }
      var status = svc.category === "essential" ? true : !!statusOf(svc);
      var history = (old && old.history) ? old.history.slice(-2) : [];
      history.push({ action: action, language: "en", status: status, timestamp: now, type: "explicit",
        versions: { application: "browser-sdk@" + UI_VERSION, service: svc.version, settings: SETTINGS_VERSION } });
      return { history: history, id: svc.id, processorId: (old && old.processorId) || hex(64), status: status };
    });
    var settings = { controllerId: (prev && prev.controllerId) || hex(64), id: SETTINGS_ID, language: "en",
      services: services, version: SETTINGS_VERSION };
    localStorage.setItem("uc_settings", JSON.stringify(settings));
    localStorage.setItem("uc_user_interaction", "true");
    localStorage.setItem("uc_ui_version", UI_VERSION);
    var ga = services[2].status ? "granted" : "denied";
    localStorage.setItem("uc_gcm", JSON.stringify({ adsDataRedaction: true, adPersonalization: ga, adStorage: ga,
      adUserData: ga, analyticsStorage: ga }));
    window.dispatchEvent(new CustomEvent("ucEvent", { detail: { event: "consent_status", action: action,
      type: "explicit" } }));
    apply(settings);
  }
  function gaAllowed(settings) {
    if (!settings || !settings.services) { return false; }
    for (var i = 0; i < settings.services.length; i++) {
      if (settings.services[i].id === "HkocEodjb7") { return settings.services[i].status === true; }
    }
    return false;
  }
  function apply(settings) {
    if (gaAllowed(settings)) { loadTag(); } else { dropAnalytics(); }
  }

  // ---- DOM ----
  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:BlinkMacSystemFont,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}",
    "#uc-center-container{position:fixed;z-index:2147483647;left:50%;top:50%;transform:translate(-50%,-50%);",
    "width:min(580px,94vw);max-height:86vh;overflow:auto;background:#fff;color:#303030;border-radius:8px;",
    "box-shadow:0 8px 40px rgba(0,0,0,.35);font-size:14px;line-height:1.5}",
    ".sc-overlay{position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:2147483646}",
    ".uc-header{padding:20px 24px 0}",
    "h2{font-size:20px;margin:0 0 8px;color:#303030}",
    "[data-testid=uc-message-container]{padding:0 24px;max-height:220px;overflow:auto}",
    "[data-testid=uc-buttons-container]{display:flex;flex-wrap:wrap;gap:8px;padding:16px 24px 20px}",
    "button.uc-btn{flex:1 1 150px;border:0;border-radius:4px;padding:11px 14px;font-size:14px;font-weight:600;cursor:pointer}",
    ".uc-btn--secondary{background:#f5f5f5;color:#303030}",
    ".uc-btn--primary{background:#0045a5;color:#fff}",
    ".uc-link{background:none;border:0;color:#0045a5;text-decoration:underline;cursor:pointer;padding:0;font-size:14px}",
    ".uc-tabs{display:flex;gap:16px;padding:0 24px;border-bottom:1px solid #e4e4e4}",
    ".uc-tab{background:none;border:0;padding:10px 0;font-weight:600;color:#6e6e6e;cursor:pointer}",
    ".uc-tab[aria-selected=true]{color:#0045a5;border-bottom:2px solid #0045a5}",
    "[data-testid=uc-category-row]{display:flex;justify-content:space-between;gap:16px;padding:12px 24px;border-bottom:1px solid #f0f0f0}",
    ".uc-cat-title{font-weight:600}.uc-cat-text{color:#6e6e6e;font-size:13px;margin:2px 0 0}",
    ".uc-switch{position:relative;display:inline-block;width:44px;height:24px;flex:none}",
    ".uc-switch input{position:absolute;inset:0;opacity:0;margin:0;cursor:pointer}",
    ".uc-switch span{position:absolute;inset:0;border-radius:12px;background:#c6c6c6;pointer-events:none}",
    ".uc-switch input:checked+span{background:#0045a5}",
    ".uc-switch input:disabled+span{opacity:.5}",
    "#uc-privacy-button{position:fixed;left:16px;bottom:16px;width:48px;height:48px;border-radius:50%;border:0;",
    "background:#0045a5;color:#fff;cursor:pointer;z-index:2147483645;box-shadow:0 2px 8px rgba(0,0,0,.3)}"
  ].join("");

  var host = document.createElement("div");
  host.id = "usercentrics-root";
  host.setAttribute("data-created-at", String(Date.now()));
  var root = host.attachShadow({ mode: "open" });
  var layer = null;

  function el(tag, attrs, html) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (html !== undefined) { e.innerHTML = html; }
    return e;
  }
  function button(testid, text, kind) {
    return el("button", { role: "button", "data-testid": testid, type: "button",
      "class": "uc-btn uc-btn--" + kind + " sc-dcJsrY" }, text);
  }
  function close() {
    var app = root.querySelector("[data-testid=uc-app-container]");
    if (app) { app.remove(); }
    layer = null;
    showPrivacyButton();
  }
  function frame(title) {
    var old = root.querySelector("[data-testid=uc-app-container]");
    if (old) { old.remove(); }
    var app = el("div", { "data-testid": "uc-app-container", "class": "sc-ftTHYK" });
    app.appendChild(el("div", { "class": "sc-overlay" }));
    var box = el("div", { id: "uc-center-container", role: "dialog", "aria-modal": "true",
      "aria-labelledby": "uc-heading-title", "data-testid": "uc-center-container" });
    box.appendChild(el("div", { "class": "uc-header" },
      "<h2 id=\"uc-heading-title\" data-testid=\"uc-heading-title\">" + title + "</h2>"));
    app.appendChild(box);
    root.appendChild(app);
    var pb = root.getElementById("uc-privacy-button");
    if (pb) { pb.remove(); }
    return box;
  }
  function showFirstLayer() {
    var box = frame("Privacy Settings");
    layer = 1;
    box.appendChild(el("div", { "data-testid": "uc-message-container", id: "uc-show-more" },
      "<p>We use cookies and similar technologies on our website and process your personal data (e.g. IP " +
      "address), for example, to personalize content and ads, to integrate media from third-party providers or " +
      "to analyze traffic on our website. Data processing may also happen as a result of cookies being set. We " +
      "share this data with third parties that we name in the privacy settings.</p><p>The data processing may " +
      "take place with your consent or on the basis of a legitimate interest, which you can object to in the " +
      "privacy settings. You have the right not to consent and to change or revoke your consent at a later time. " +
      "For more information on the use of your data, please visit our <a href=\"/privacy-policy/\">privacy " +
      "policy</a>.</p>"));
    var buttons = el("div", { "data-testid": "uc-buttons-container" });
    buttons.appendChild(button("uc-more-button", "Settings", "secondary"));
    if (DENY_ON_FIRST) { buttons.appendChild(button("uc-deny-all-button", "Deny", "secondary")); }
    buttons.appendChild(button("uc-accept-all-button", "Accept All", "primary"));
    box.appendChild(buttons);
    buttons.querySelector("[data-testid=uc-more-button]").addEventListener("click", showSecondLayer);
    wireChoice(buttons);
  }
  function showSecondLayer() {
    var settings = readSettings();
    var box = frame("Privacy Settings");
    layer = 2;
    box.appendChild(el("div", { "data-testid": "uc-message-container" },
      "<p>This tool helps you to select and deactivate various tags / trackers / analytic tools used on this " +
      "website.</p>"));
    var tabs = el("div", { "class": "uc-tabs", role: "tablist" });
    tabs.appendChild(el("button", { "class": "uc-tab", role: "tab", "aria-selected": "true",
      "data-testid": "uc-tab-categories" }, "Categories"));
    tabs.appendChild(el("button", { "class": "uc-tab", role: "tab", "aria-selected": "false",
      "data-testid": "uc-tab-services" }, "Services"));
    tabs.appendChild(el("button", { "class": "uc-tab", role: "tab", "aria-selected": "false",
      "data-testid": "uc-tab-about" }, "About"));
    box.appendChild(tabs);
    var list = el("div", { "data-testid": "uc-categories-list", role: "tabpanel" });
    CATEGORIES.forEach(function (cat) {
      var on = cat.essential;
      if (!cat.essential && settings && settings.services) {
        on = settings.services.some(function (s) {
          return s.status && SERVICES.some(function (d) { return d.id === s.id && d.category === cat.slug; });
        });
      }
      var row = el("div", { "data-testid": "uc-category-row", "data-category": cat.slug });
      row.appendChild(el("div", {}, "<div class=\"uc-cat-title\" id=\"uc-cat-" + cat.slug + "\">" + cat.label +
        "</div><p class=\"uc-cat-text\">" + cat.text + "</p>"));
      var sw = el("label", { "class": "uc-switch" });
      var input = el("input", { type: "checkbox", role: "switch", id: "uc-category-toggle-" + cat.slug,
        "data-testid": "uc-category-toggle-" + cat.slug, "aria-label": cat.label,
        "aria-labelledby": "uc-cat-" + cat.slug });
      input.checked = !!on;
      if (cat.essential) { input.disabled = true; }
      input.addEventListener("change", function () { input.setAttribute("aria-checked", String(input.checked)); });
      input.setAttribute("aria-checked", String(input.checked));
      sw.appendChild(input);
      sw.appendChild(el("span", {}));
      row.appendChild(sw);
      list.appendChild(row);
    });
    box.appendChild(list);
    var buttons = el("div", { "data-testid": "uc-buttons-container" });
    buttons.appendChild(button("uc-deny-all-button", "Deny", "secondary"));
    buttons.appendChild(button("uc-save-button", "Save Services", "secondary"));
    buttons.appendChild(button("uc-accept-all-button", "Accept All", "primary"));
    box.appendChild(buttons);
    buttons.querySelector("[data-testid=uc-save-button]").addEventListener("click", function () {
      var on = {};
      CATEGORIES.forEach(function (cat) {
        on[cat.slug] = root.getElementById("uc-category-toggle-" + cat.slug).checked;
      });
      store("onSaveServices", function (svc) { return on[svc.category]; });
      close();
    });
    wireChoice(buttons);
  }
  function wireChoice(buttons) {
    var accept = buttons.querySelector("[data-testid=uc-accept-all-button]");
    var deny = buttons.querySelector("[data-testid=uc-deny-all-button]");
    accept.addEventListener("click", function () { acceptAll(); });
    if (deny) { deny.addEventListener("click", function () { denyAll(); }); }
  }
  function acceptAll() { store("onAcceptAllServices", function () { return true; }); close(); }
  function denyAll() { store("onDenyAllServices", function () { return false; }); close(); }
  function showPrivacyButton() {
    if (root.getElementById("uc-privacy-button")) { return; }
    var pb = el("button", { id: "uc-privacy-button", "data-testid": "uc-privacy-button", type: "button",
      "aria-label": "Privacy settings", title: "Privacy settings" },
      "<svg width=\"28\" height=\"28\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path fill=\"currentColor\" " +
      "d=\"M12 2a8 8 0 0 0-8 8v2h2v-2a6 6 0 0 1 12 0v4a10 10 0 0 1-2 6l1.6 1.2A12 12 0 0 0 20 14v-4a8 8 0 0 0-8-8zm0 " +
      "4a4 4 0 0 0-4 4v3c0 2-.5 4-1.6 5.6l1.6 1.2A12 12 0 0 0 10 13v-3a2 2 0 0 1 4 0v3a14 14 0 0 1-2.2 7.6l1.7 1" +
      "A16 16 0 0 0 16 13v-3a4 4 0 0 0-4-4z\"/></svg>");
    pb.addEventListener("click", showSecondLayer);
    root.appendChild(pb);
  }

  function start() {
    root.appendChild(el("style", {}, CSS));
    document.body.appendChild(host);
    var settings = readSettings();
    if (settings && localStorage.getItem("uc_user_interaction") === "true") {
      apply(settings);
      showPrivacyButton();
    } else {
      showFirstLayer();
    }
  }
  window.UC_UI = {
    showFirstLayer: showFirstLayer,
    showSecondLayer: showSecondLayer,
    acceptAllConsents: function () { acceptAll(); return Promise.resolve(); },
    denyAllConsents: function () { denyAll(); return Promise.resolve(); },
    closeCMP: function () { close(); return Promise.resolve(); },
    isInitialized: function () { return true; },
    getServicesBaseInfo: function () {
      var s = readSettings();
      return SERVICES.map(function (d) {
        var st = false;
        (s && s.services || []).forEach(function (x) { if (x.id === d.id) { st = x.status; } });
        return { id: d.id, name: d.name, categorySlug: d.category, consent: { status: st } };
      });
    }
  };
  window.UC_UI_IS_RENDERED = true;
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
