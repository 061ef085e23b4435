/* consent-checker replica of the OneTrust banner SDK (written for the demo, not OneTrust's code).
   Renders #onetrust-consent-sdk (banner #onetrust-banner-sdk, preference centre #onetrust-pc-sdk,
   floating reopen button #ot-sdk-btn-floating) with OneTrust's ids and classes, stores the choice in
   OptanonConsent (groups=C0001:1,C0002:0,...) and OptanonAlertBoxClosed, and activates
   <script type="text/plain" class="optanon-category-CXXXX"> tags of active groups. A refusal deletes
   the Google Analytics cookies. */
(function () {
  "use strict";
  var VERSION = "202409.1.0";
  var MAX_AGE = 31536000;  // one year
  var GROUPS = [
    { id: "C0002", name: "Performance Cookies", desc: "These cookies allow us to count visits and traffic sources so we can measure and improve the performance of our site." },
    { id: "C0003", name: "Functional Cookies", desc: "These cookies enable the website to provide enhanced functionality and personalisation." },
    { id: "C0004", name: "Targeting Cookies", desc: "These cookies may be set through our site by our advertising partners to build a profile of your interests." },
    { id: "C0005", name: "Social Media Cookies", desc: "These cookies are set by social media services that we have added to the site to enable you to share our content." }
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

  var CSS = "#onetrust-consent-sdk{font-family:Arial,Helvetica,sans-serif;font-size:14px}" +
    ".ot-hide{display:none!important}" +
    "#onetrust-banner-sdk{position:fixed;bottom:0;left:0;right:0;z-index:2147483645;background:#fff;box-shadow:0 0 18px rgba(0,0,0,.2);padding:18px 24px}" +
    "#onetrust-banner-sdk .ot-sdk-row{display:flex;gap:24px;align-items:center;flex-wrap:wrap}" +
    "#onetrust-policy-title{font-size:16px;margin:0 0 6px}#onetrust-group-container{flex:1 1 480px}" +
    "#onetrust-button-group{display:flex;gap:10px;flex-wrap:wrap}" +
    "#onetrust-consent-sdk button{font:700 13px Arial,sans-serif;padding:12px 16px;border:1px solid #0d2b45;cursor:pointer}" +
    "#onetrust-accept-btn-handler,#onetrust-reject-all-handler,#accept-recommended-btn-handler,.ot-pc-refuse-all-handler,.save-preference-btn-handler{background:#0d2b45;color:#fff}" +
    "#onetrust-pc-btn-handler{background:#fff;color:#0d2b45}" +
    ".onetrust-pc-dark-filter{position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:2147483646}" +
    "#onetrust-pc-sdk{position:fixed;top:5%;left:50%;transform:translateX(-50%);width:min(600px,94vw);max-height:90vh;overflow:auto;background:#fff;z-index:2147483647;border-radius:4px}" +
    "#onetrust-pc-sdk .ot-pc-header,#onetrust-pc-sdk #ot-pc-content,#onetrust-pc-sdk .ot-pc-footer{padding:14px 20px}" +
    "#onetrust-pc-sdk .ot-cat-item{border-top:1px solid #ddd;padding:10px 0}" +
    "#onetrust-pc-sdk .ot-acc-hdr{display:flex;justify-content:space-between;align-items:center}" +
    "#onetrust-pc-sdk .ot-cat-header{margin:0;font-size:14px}.ot-always-active{color:#0d6b2f;font-weight:700}" +
    "#onetrust-pc-sdk .ot-tgl input{width:18px;height:18px}" +
    "#onetrust-pc-sdk .ot-btn-container{display:flex;gap:10px;justify-content:flex-end}" +
    "#close-pc-btn-handler{float:right;background:#fff!important;color:#333!important;border:0!important}" +
    "#ot-sdk-btn-floating{position:fixed;bottom:12px;left:12px;z-index:2147483640}" +
    "#ot-sdk-btn-floating .ot-floating-button__open{width:48px;height:48px;border-radius:50%;background:#0d2b45;color:#fff;padding:0}";

  function groupsRow(g) {
    return '<div class="ot-accordion-layout ot-cat-item ot-vs-config" data-optanongroupid="' + g.id + '">' +
      '<button class="ot-acc-toggle" aria-expanded="false" ot-accordion="true" aria-controls="ot-desc-id-' + g.id + '" aria-labelledby="ot-header-id-' + g.id + '" style="display:none"></button>' +
      '<div class="ot-acc-hdr"><div class="ot-plus-minus"><span></span><span></span></div>' +
      '<h4 class="ot-cat-header" id="ot-header-id-' + g.id + '">' + g.name + '</h4>' +
      '<div class="ot-tgl"><input type="checkbox" name="ot-group-id-' + g.id + '" id="ot-group-id-' + g.id + '" role="switch" class="category-switch-handler" data-optanongroupid="' + g.id + '" aria-checked="false" aria-labelledby="ot-header-id-' + g.id + '">' +
      '<label class="ot-switch" for="ot-group-id-' + g.id + '"><span class="ot-switch-nob"></span><span class="ot-label-txt">' + g.name + '</span></label></div></div>' +
      '<div class="ot-acc-grpcntr ot-acc-txt"><p class="ot-acc-grpdesc ot-category-desc" id="ot-desc-id-' + g.id + '">' + g.desc + '</p></div></div>';
  }

  var HTML =
    '<div class="onetrust-pc-dark-filter ot-hide ot-fade-in"></div>' +
    '<div id="onetrust-banner-sdk" class="otFlat ot-hide" tabindex="0" role="region" aria-label="Cookie banner">' +
    '<div role="dialog" aria-label="Privacy"><div class="ot-sdk-container"><div class="ot-sdk-row">' +
    '<div id="onetrust-group-container" class="ot-sdk-eight ot-sdk-columns"><div id="onetrust-policy">' +
    '<h2 id="onetrust-policy-title">We value your privacy</h2>' +
    '<div id="onetrust-policy-text">We and our partners use cookies and similar technologies to store and access information on your device, to measure audiences and to show you personalised advertising. Click \u201cAccept All Cookies\u201d to agree, \u201cReject All\u201d to refuse the cookies that are not strictly necessary, or \u201cCookie Settings\u201d to choose. You can change your mind at any time with the cookie icon at the bottom of the page. ' +
    '<a class="ot-cookie-policy-link" href="/cookies/" aria-label="More information about your privacy, opens in a new tab" rel="noopener" target="_blank">Cookie Policy</a></div></div></div>' +
    '<div id="onetrust-button-group-parent" class="ot-sdk-three ot-sdk-columns"><div id="onetrust-button-group">' +
    '<button id="onetrust-pc-btn-handler">Cookie Settings</button>' +
    '<button id="onetrust-reject-all-handler">Reject All</button>' +
    '<button id="onetrust-accept-btn-handler">Accept All Cookies</button>' +
    '</div></div><div id="onetrust-close-btn-container"></div></div></div></div></div>' +
    '<div id="onetrust-pc-sdk" class="otPcCenter ot-hide ot-fade-in" lang="en" aria-label="Preference center" role="region">' +
    '<div role="dialog" aria-modal="true" aria-label="Privacy Preference Center">' +
    '<div class="ot-pc-header"><div class="ot-pc-logo" role="img" aria-label="Company Logo"></div>' +
    '<div class="ot-title-cntr"><h2 id="ot-pc-title">Privacy Preference Center</h2>' +
    '<div class="ot-close-cntr"><button id="close-pc-btn-handler" class="ot-close-icon" aria-label="Close">\u00d7</button></div></div></div>' +
    '<div id="ot-pc-content" class="ot-pc-scrollbar"><div class="ot-optout-signal"></div>' +
    '<div id="ot-pc-desc">When you visit any website, it may store or retrieve information on your browser, mostly in the form of cookies. Because we respect your right to privacy, you can choose not to allow some types of cookies.</div>' +
    '<button id="accept-recommended-btn-handler">Allow All</button>' +
    '<section class="ot-sdk-row ot-cat-grp"><h3 id="ot-category-title">Manage Consent Preferences</h3>' +
    '<div class="ot-accordion-layout ot-cat-item ot-vs-config" data-optanongroupid="C0001">' +
    '<div class="ot-acc-hdr ot-always-active-group"><div class="ot-plus-minus"><span></span><span></span></div>' +
    '<h4 class="ot-cat-header" id="ot-header-id-C0001">Strictly Necessary Cookies</h4>' +
    '<div class="ot-always-active" id="ot-status-id-C0001">Always Active</div></div>' +
    '<div class="ot-acc-grpcntr ot-acc-txt"><p class="ot-acc-grpdesc ot-category-desc" id="ot-desc-id-C0001">These cookies are necessary for the website to function and cannot be switched off in our systems.</p></div></div>' +
    GROUPS.map(groupsRow).join("") +
    '</section></div>' +
    '<div class="ot-pc-footer"><div class="ot-btn-container">' +
    '<button class="ot-pc-refuse-all-handler">Reject All</button>' +
    '<button class="save-preference-btn-handler onetrust-close-btn-handler">Confirm My Choices</button>' +
    '</div><div class="ot-pc-footer-logo"><a href="https://www.onetrust.com/products/cookie-consent/" target="_blank" rel="noopener noreferrer" aria-label="Powered by OneTrust Opens in a new Tab">Powered by OneTrust</a></div></div>' +
    '</div></div>';

  var FLOATING =
    '<div class="ot-floating-button__front custom-persistent-icon">' +
    '<button type="button" class="ot-floating-button__open" aria-label="Open Preferences">' +
    '<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="9" cy="10" r="1.4" fill="currentColor"/><circle cx="14" cy="14" r="1.4" fill="currentColor"/></svg>' +
    '</button></div><div class="ot-floating-button__back"><button type="button" class="ot-floating-button__close" aria-label="Close Preferences" style="display:none">\u00d7</button></div>';

  var root, banner, pc, filter, floating;

  function currentGroups() {
    var raw = readCookie("OptanonConsent");
    var on = {};
    if (!raw) { return on; }
    var m = /(?:^|&)groups=([^&]*)/.exec(raw);
    if (!m) { return on; }
    decodeURIComponent(m[1]).split(",").forEach(function (g) {
      var kv = g.split(":");
      on[kv[0]] = kv[1] === "1";
    });
    return on;
  }

  function activeGroupsString(on) {
    var ids = ["C0001"];
    GROUPS.forEach(function (g) { if (on[g.id]) { ids.push(g.id); } });
    return "," + ids.join(",") + ",";
  }

  function applyGroups(on) {
    window.OnetrustActiveGroups = window.OptanonActiveGroups = activeGroupsString(on);
    GROUPS.forEach(function (g) {
      if (on[g.id]) { activateScripts('script[type="text/plain"].optanon-category-' + g.id); }
    });
    if (typeof window.OptanonWrapper === "function") {
      try { window.OptanonWrapper(); } catch (e) { /* publisher code */ }
    }
  }

  function store(on) {
    var previous = readCookie("OptanonConsent");
    var count = 1;
    if (previous) {
      var m = /(?:^|&)interactionCount=(\d+)/.exec(previous);
      if (m) { count = Number(m[1]) + 1; }
    }
    var groups = ["C0001:1"];
    GROUPS.forEach(function (g) { groups.push(g.id + ":" + (on[g.id] ? 1 : 0)); });
    var now = new Date();
    var value = "isGpcEnabled=0&datestamp=" + encodeURIComponent(now.toString()) + "&version=" + VERSION +
      "&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=" + uuid() + "&interactionCount=" + count +
      "&isAnonUser=1&landingPath=NotLandingPage&groups=" + encodeURIComponent(groups.join(",")) +
      "&AwaitingReconsent=false";
    setCookie("OptanonConsent", value, MAX_AGE);
    setCookie("OptanonAlertBoxClosed", now.toISOString(), MAX_AGE);
    var refused = GROUPS.every(function (g) { return !on[g.id]; });
    if (!on.C0002) { purgeAnalytics(); }
    closeAll();
    applyGroups(on);
    return refused;
  }

  function allOn() { var on = {}; GROUPS.forEach(function (g) { on[g.id] = true; }); return on; }

  function closeAll() {
    banner.classList.add("ot-hide");
    pc.classList.add("ot-hide");
    filter.classList.add("ot-hide");
    showFloating();
  }

  function openPreferenceCenter() {
    var on = currentGroups();
    var boxes = pc.querySelectorAll("input.category-switch-handler");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].checked = !!on[boxes[i].getAttribute("data-optanongroupid")];
      boxes[i].setAttribute("aria-checked", String(boxes[i].checked));
    }
    pc.classList.remove("ot-hide");
    filter.classList.remove("ot-hide");
  }

  function showFloating() {
    if (floating) { floating.classList.remove("ot-hide"); return; }
    floating = document.createElement("div");
    floating.id = "ot-sdk-btn-floating";
    floating.className = "ot-floating-button";
    floating.title = "Cookie Settings";
    floating.innerHTML = FLOATING;
    document.body.appendChild(floating);
    floating.querySelector(".ot-floating-button__open").addEventListener("click", openPreferenceCenter);
  }

  function init() {
    var style = document.createElement("style");
    style.id = "onetrust-style";
    style.textContent = CSS;
    document.head.appendChild(style);
    root = document.createElement("div");
    root.id = "onetrust-consent-sdk";
    root.setAttribute("data-nosnippet", "true");
    root.innerHTML = HTML;
    document.body.appendChild(root);
    banner = document.getElementById("onetrust-banner-sdk");
    pc = document.getElementById("onetrust-pc-sdk");
    filter = root.querySelector(".onetrust-pc-dark-filter");

    document.getElementById("onetrust-accept-btn-handler").addEventListener("click", function () { store(allOn()); });
    document.getElementById("onetrust-reject-all-handler").addEventListener("click", function () { store({}); });
    document.getElementById("onetrust-pc-btn-handler").addEventListener("click", openPreferenceCenter);
    document.getElementById("accept-recommended-btn-handler").addEventListener("click", function () { store(allOn()); });
    document.getElementById("close-pc-btn-handler").addEventListener("click", function () {
      pc.classList.add("ot-hide");
      filter.classList.add("ot-hide");
    });
    pc.querySelector(".ot-pc-refuse-all-handler").addEventListener("click", function () { store({}); });
    pc.querySelector(".save-preference-btn-handler").addEventListener("click", function () {
      var on = {};
      var boxes = pc.querySelectorAll("input.category-switch-handler");
      for (var i = 0; i < boxes.length; i++) { on[boxes[i].getAttribute("data-optanongroupid")] = boxes[i].checked; }
      store(on);
    });
    pc.addEventListener("change", function (ev) {
      if (ev.target.classList && ev.target.classList.contains("category-switch-handler")) {
        ev.target.setAttribute("aria-checked", String(ev.target.checked));
      }
    });
    // Publisher "Cookie Settings" links: OneTrust binds every .ot-sdk-show-settings element.
    document.addEventListener("click", function (ev) {
      var link = ev.target.closest && ev.target.closest(".ot-sdk-show-settings");
      if (link) { ev.preventDefault(); openPreferenceCenter(); }
    });

    var api = {
      AllowAll: function () { store(allOn()); },
      RejectAll: function () { store({}); },
      ToggleInfoDisplay: openPreferenceCenter,
      IsAlertBoxClosed: function () { return !!readCookie("OptanonAlertBoxClosed"); },
      version: VERSION
    };
    window.OneTrust = window.Optanon = api;

    if (readCookie("OptanonAlertBoxClosed")) {
      showFloating();
      applyGroups(currentGroups());
    } else {
      window.OnetrustActiveGroups = window.OptanonActiveGroups = ",C0001,";
      banner.classList.remove("ot-hide");
    }
  }

  if (document.body) { init(); } else { document.addEventListener("DOMContentLoaded", init); }
})();
