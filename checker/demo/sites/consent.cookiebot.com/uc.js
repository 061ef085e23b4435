/* consent-checker replica of Cookiebot's uc.js (written for the demo, not Usercentrics' code).
   Renders the Swift-template dialog #CybotCookiebotDialog (Consent / Details / About tabs; Deny,
   Customize, Allow all; the Details tab with the level checkboxes and "Allow selection") and, after a
   choice, the #CookiebotWidget reopen widget. Stores the choice in the CookieConsent cookie
   ({stamp:'...',necessary:true,preferences:...,statistics:...,marketing:...,method:'explicit',ver:1,
   utc:...,region:'gb'}, with ' and , percent-encoded as Cookiebot does), exposes window.Cookiebot /
   window.CookieConsent, and activates <script type="text/plain" data-cookieconsent="..."> tags of
   consented categories. A refusal or withdrawal deletes the Google Analytics cookies. */
(function () {
  "use strict";
  var MAX_AGE = 31536000;
  var me = document.currentScript;
  var CBID = me ? me.getAttribute("data-cbid") : "";
  var LEVELS = ["preferences", "statistics", "marketing"];
  var LABELS = { preferences: "Preferences", statistics: "Statistics", marketing: "Marketing" };
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

  var CSS = "#CybotCookiebotDialog{position:fixed;z-index:2147483631;left:50%;top:50%;transform:translate(-50%,-50%);width:min(900px,94vw);max-height:86vh;overflow:auto;background:#fff;color:#141414;font:15px/1.5 Helvetica,Arial,sans-serif;border-radius:8px;box-shadow:0 30px 70px rgba(0,0,0,.3);letter-spacing:.1px}" +
    "#CybotCookiebotDialog[hidden],#CybotCookiebotDialogBodyUnderlay[hidden],#CookiebotWidget [hidden]{display:none!important}" +
    "#CybotCookiebotDialogBodyUnderlay{position:fixed;inset:0;background:rgba(0,0,0,.4);z-index:2147483630}" +
    "#CybotCookiebotDialog .CybotCookiebotDialogContentWrapper{padding:16px 24px}" +
    "#CybotCookiebotDialogNav ul{list-style:none;display:flex;gap:0;margin:0;padding:0;border-bottom:1px solid #d6d6d6}" +
    "#CybotCookiebotDialogNav a{display:block;padding:12px 24px;color:#141414;text-decoration:none;font-weight:700}" +
    "#CybotCookiebotDialogNav a.CybotCookiebotDialogActive{color:#1032cf;border-bottom:3px solid #1032cf}" +
    "#CybotCookiebotDialogFooter{display:flex;gap:12px;justify-content:flex-end;padding-top:16px}" +
    "#CybotCookiebotDialog .CybotCookiebotDialogBodyButton{padding:14px 18px;border:2px solid #1032cf;border-radius:4px;font-weight:600;background:#fff;color:#141414;cursor:pointer;min-width:150px}" +
    "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll{background:#1032cf!important;color:#fff!important}" +
    ".CybotCookiebotDialogBodyLevelButtonWrapper{display:flex;justify-content:space-between;border-bottom:1px solid #eee;padding:10px 0}" +
    "#CookiebotWidget{position:fixed;z-index:2147483631;bottom:10px;left:10px;font:14px Helvetica,Arial,sans-serif}" +
    "#CookiebotWidget .CookiebotWidget-logo{width:48px;height:48px;border-radius:50%;border:0;background:#1032cf;color:#fff;cursor:pointer}" +
    "#CookiebotWidget .CookiebotWidget-contents{position:absolute;bottom:56px;left:0;width:320px;background:#fff;border-radius:8px;box-shadow:0 10px 40px rgba(0,0,0,.25);padding:16px}" +
    "#CookiebotWidget-buttons button{display:block;width:100%;margin-top:8px;padding:10px;border:2px solid #1032cf;border-radius:4px;background:#fff;cursor:pointer}";

  function level(id, label, checked, disabled) {
    return '<div class="CybotCookiebotDialogBodyLevelButtonWrapper">' +
      '<label class="CybotCookiebotDialogBodyLevelButtonLabel" for="' + id + '"><strong class="CybotCookiebotDialogBodyLevelButtonDescription">' + label + '</strong></label>' +
      '<div class="CybotCookiebotDialogBodyLevelButtonSliderWrapper' + (disabled ? " CybotCookiebotDialogBodyLevelButtonSliderWrapperDisabled" : "") + '">' +
      '<input type="checkbox" id="' + id + '" class="CybotCookiebotDialogBodyLevelButton CybotCookiebotDialogBodyLevelConsentCheckbox"' + (checked ? " checked" : "") + (disabled ? " disabled" : "") + ' data-target="' + id + '">' +
      '<span class="CybotCookiebotDialogBodyLevelButtonSlider"></span></div></div>';
  }

  var HTML =
    '<div class="CybotCookiebotDialogContentWrapper">' +
    '<div id="CybotCookiebotDialogHeader" class="CybotCookiebotDialogHeader"><div id="CybotCookiebotDialogHeaderLogosWrapper">' +
    '<a href="https://www.cookiebot.com/en/what-is-behind-powered-by-cookiebot/" rel="noopener nofollow" target="_blank" id="CybotCookiebotDialogPoweredbyCybot" aria-label="Cookiebot - opens in a new window">Cookiebot by Usercentrics</a></div></div>' +
    '<div id="CybotCookiebotDialogNav" class="CybotCookiebotDialogNav" role="tablist" aria-label="Cookie consent tabs"><ul class="CybotCookiebotDialogNavItems">' +
    '<li class="CybotCookiebotDialogNavItem"><a id="CybotCookiebotDialogNavDeclaration" class="CybotCookiebotDialogNavItemLink CybotCookiebotDialogActive" href="#" data-target="CybotCookiebotDialogBody" role="tab" aria-selected="true">Consent</a></li>' +
    '<li class="CybotCookiebotDialogNavItem"><a id="CybotCookiebotDialogNavDetails" class="CybotCookiebotDialogNavItemLink" href="#" data-target="CybotCookiebotDialogTabContentDetails" role="tab" aria-selected="false">Details</a></li>' +
    '<li class="CybotCookiebotDialogNavItem"><a id="CybotCookiebotDialogNavAbout" class="CybotCookiebotDialogNavItemLink" href="#" data-target="CybotCookiebotDialogDetailAbout" role="tab" aria-selected="false">About</a></li>' +
    '</ul></div>' +
    '<div id="CybotCookiebotDialogTabContent">' +
    '<div id="CybotCookiebotDialogBody" class="CybotCookiebotDialogTabPanel" role="tabpanel">' +
    '<div id="CybotCookiebotDialogBodyContent" class="CybotCookiebotScrollArea">' +
    '<h2 id="CybotCookiebotDialogBodyContentTitle" class="CybotCookiebotDialogBodyContentHeading">This website uses cookies</h2>' +
    '<div id="CybotCookiebotDialogBodyContentText">We use cookies to personalise content and ads, to provide social media features and to analyse our traffic. We also share information about your use of our site with our social media, advertising and analytics partners who may combine it with other information that you\u2019ve provided to them or that they\u2019ve collected from your use of their services.</div>' +
    '</div></div>' +
    '<div id="CybotCookiebotDialogTabContentDetails" class="CybotCookiebotDialogTabPanel" role="tabpanel" hidden>' +
    '<div id="CybotCookiebotDialogBodyLevelWrapper"><div id="CybotCookiebotDialogBodyLevelButtons"><div id="CybotCookiebotDialogBodyLevelButtonsRow">' +
    '<fieldset id="CybotCookiebotDialogBodyFieldsetInnerContainer" aria-label="Consent Selection">' +
    level("CybotCookiebotDialogBodyLevelButtonNecessary", "Necessary", true, true) +
    level("CybotCookiebotDialogBodyLevelButtonPreferences", "Preferences", false, false) +
    level("CybotCookiebotDialogBodyLevelButtonStatistics", "Statistics", false, false) +
    level("CybotCookiebotDialogBodyLevelButtonMarketing", "Marketing", false, false) +
    '</fieldset></div></div></div></div>' +
    '<div id="CybotCookiebotDialogDetailAbout" class="CybotCookiebotDialogTabPanel" role="tabpanel" hidden>' +
    '<p>Cookies are small text files that can be used by websites to make a user\u2019s experience more efficient. You can at any time change or withdraw your consent from the Cookie Declaration on our website.</p></div>' +
    '</div>' +
    '<div id="CybotCookiebotDialogFooter" class="CybotCookiebotScrollContainer"><div id="CybotCookiebotDialogBodyButtonsWrapper">' +
    '<button type="button" id="CybotCookiebotDialogBodyButtonDecline" class="CybotCookiebotDialogBodyButton">Deny</button>' +
    '<button type="button" id="CybotCookiebotDialogBodyLevelButtonCustomize" class="CybotCookiebotDialogBodyButton">Customize</button>' +
    '<button type="button" id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection" class="CybotCookiebotDialogBodyButton" hidden>Allow selection</button>' +
    '<button type="button" id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll" class="CybotCookiebotDialogBodyButton">Allow all</button>' +
    '</div></div></div>';

  var WIDGET =
    '<div class="CookiebotWidget-widget"><button type="button" class="CookiebotWidget-logo" aria-label="Cookiebot - opens the cookie consent widget" aria-expanded="false" aria-controls="CookiebotWidget-contents">' +
    '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/></svg></button></div>' +
    '<div class="CookiebotWidget-contents" id="CookiebotWidget-contents" hidden>' +
    '<div class="CookiebotWidget-header"><strong>Cookie consent</strong></div>' +
    '<div class="CookiebotWidget-body"><div class="CookiebotWidget-body-inner"><div class="CookiebotWidget-consent-details"><ul class="CookiebotWidget-state"></ul></div></div></div>' +
    '<div id="CookiebotWidget-buttons">' +
    '<button type="button" id="CookiebotWidget-btn-withdraw" class="CookiebotWidget-btn-withdraw">Withdraw your consent</button>' +
    '<button type="button" id="CookiebotWidget-btn-change" class="CookiebotWidget-btn-change">Change your consent</button>' +
    '</div></div>';

  var dialog, underlay, widget;
  var state = { necessary: true, preferences: false, statistics: false, marketing: false };

  function readConsent() {
    var raw = readCookie("CookieConsent");
    if (!raw) { return null; }
    var text = decodeURIComponent(raw);
    var out = { necessary: true };
    LEVELS.forEach(function (l) { out[l] = new RegExp(l + ":true").test(text); });
    return out;
  }

  function writeConsent(consent) {
    var stamp = btoa(uuid()).slice(0, 40);
    var body = "{stamp:'" + stamp + "',necessary:true,preferences:" + consent.preferences + ",statistics:" + consent.statistics +
      ",marketing:" + consent.marketing + ",method:'explicit',ver:1,utc:" + Date.now() + ",region:'gb'}";
    setCookie("CookieConsent", body.replace(/'/g, "%27").replace(/,/g, "%2C"), MAX_AGE);
  }

  function publish(consent) {
    var declined = !consent.preferences && !consent.statistics && !consent.marketing;
    var api = window.Cookiebot;
    api.consent = { necessary: true, preferences: consent.preferences, statistics: consent.statistics, marketing: consent.marketing, method: "explicit", stamp: "" };
    api.consented = !declined;
    api.declined = declined;
    api.hasResponse = true;
    LEVELS.forEach(function (l) {
      if (consent[l]) { activateScripts('script[type="text/plain"][data-cookieconsent~="' + l + '"]'); }
    });
    if (!consent.statistics) { purgeAnalytics(); }
    var list = widget && widget.querySelector(".CookiebotWidget-state");
    if (list) {
      list.innerHTML = ["necessary"].concat(LEVELS).map(function (l) {
        return "<li>" + (l.charAt(0).toUpperCase() + l.slice(1)) + ": " + (consent[l] ? "yes" : "no") + "</li>";
      }).join("");
    }
  }

  function choose(consent) {
    writeConsent(consent);
    hide();
    showWidget();
    publish(consent);
    window.dispatchEvent(new Event(consent.statistics || consent.marketing || consent.preferences ? "CookiebotOnAccept" : "CookiebotOnDecline"));
  }

  function tab(target) {
    var links = dialog.querySelectorAll(".CybotCookiebotDialogNavItemLink");
    for (var i = 0; i < links.length; i++) {
      var on = links[i].getAttribute("data-target") === target;
      links[i].classList.toggle("CybotCookiebotDialogActive", on);
      links[i].setAttribute("aria-selected", String(on));
      document.getElementById(links[i].getAttribute("data-target")).hidden = !on;
    }
    var details = target === "CybotCookiebotDialogTabContentDetails";
    document.getElementById("CybotCookiebotDialogBodyLevelButtonCustomize").hidden = details;
    document.getElementById("CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection").hidden = !details;
  }

  function show() {
    var current = readConsent() || state;
    LEVELS.forEach(function (l) {
      document.getElementById("CybotCookiebotDialogBodyLevelButton" + LABELS[l]).checked = !!current[l];
    });
    tab("CybotCookiebotDialogBody");
    dialog.hidden = false;
    underlay.hidden = false;
    if (widget) { widget.querySelector(".CookiebotWidget-contents").hidden = true; }
  }
  function hide() { dialog.hidden = true; underlay.hidden = true; }

  function showWidget() {
    if (widget) { widget.hidden = false; return; }
    widget = document.createElement("div");
    widget.id = "CookiebotWidget";
    widget.className = "CookiebotWidget-inner CookiebotWidget-main-logo";
    widget.setAttribute("aria-label", "Cookie consent widget");
    widget.innerHTML = WIDGET;
    document.body.appendChild(widget);
    var contents = widget.querySelector(".CookiebotWidget-contents");
    var logo = widget.querySelector(".CookiebotWidget-logo");
    logo.addEventListener("click", function () {
      contents.hidden = !contents.hidden;
      logo.setAttribute("aria-expanded", String(!contents.hidden));
    });
    document.getElementById("CookiebotWidget-btn-change").addEventListener("click", show);
    document.getElementById("CookiebotWidget-btn-withdraw").addEventListener("click", function () {
      contents.hidden = true;
      choose({ necessary: true, preferences: false, statistics: false, marketing: false });
    });
  }

  function selection() {
    var out = { necessary: true };
    LEVELS.forEach(function (l) { out[l] = document.getElementById("CybotCookiebotDialogBodyLevelButton" + LABELS[l]).checked; });
    return out;
  }
  var ALL = { necessary: true, preferences: true, statistics: true, marketing: true };
  var NONE = { necessary: true, preferences: false, statistics: false, marketing: false };

  function init() {
    var style = document.createElement("style");
    style.textContent = CSS;
    document.head.appendChild(style);
    underlay = document.createElement("div");
    underlay.id = "CybotCookiebotDialogBodyUnderlay";
    underlay.hidden = true;
    dialog = document.createElement("div");
    dialog.id = "CybotCookiebotDialog";
    dialog.setAttribute("name", "CybotCookiebotDialog");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "CybotCookiebotDialogBodyContentTitle");
    dialog.setAttribute("lang", "en");
    dialog.setAttribute("data-template", "popup");
    dialog.className = "CybotCookiebotDialog CybotEdge CybotMultilevel CybotCookiebotDialogActive";
    dialog.hidden = true;
    dialog.innerHTML = HTML;
    document.body.appendChild(underlay);
    document.body.appendChild(dialog);

    dialog.querySelector("#CybotCookiebotDialogNav").addEventListener("click", function (ev) {
      var link = ev.target.closest("a[data-target]");
      if (link) { ev.preventDefault(); tab(link.getAttribute("data-target")); }
    });
    document.getElementById("CybotCookiebotDialogBodyLevelButtonCustomize").addEventListener("click", function () {
      tab("CybotCookiebotDialogTabContentDetails");
    });
    document.getElementById("CybotCookiebotDialogBodyButtonDecline").addEventListener("click", function () { choose(NONE); });
    document.getElementById("CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll").addEventListener("click", function () { choose(ALL); });
    document.getElementById("CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection").addEventListener("click", function () { choose(selection()); });

    var stored = readConsent();
    if (stored) {
      showWidget();
      publish(stored);
    } else {
      show();
    }
  }

  var api = {
    name: "CookieConsent", cbid: CBID, consent: { necessary: true, preferences: false, statistics: false, marketing: false },
    consented: false, declined: false, hasResponse: false,
    renew: function () { show(); }, show: function () { show(); }, hide: hide,
    withdraw: function () { choose(NONE); },
    submitCustomConsent: function (p, s, m) { choose({ necessary: true, preferences: !!p, statistics: !!s, marketing: !!m }); },
    dialog: { submitConsent: function () { choose(selection()); } }
  };
  window.Cookiebot = window.CookieConsent = api;

  if (document.body) { init(); } else { document.addEventListener("DOMContentLoaded", init); }
})();
