/* consent-checker demo replica of the Axeptio cookie widget (static.axept.io/sdk.js), written for the
   demo (not Axeptio's code). Like the real SDK it mounts div.axeptio_mount#axeptio_overlay with a
   div.needsclick shadow host (open shadow root) holding .axeptio_widget: first step with
   button#axeptio_btn_dismiss ("No thanks"), #axeptio_btn_configure ("I choose") and
   button#axeptio_btn_acceptAll ("OK for me"); the "I choose" step lists one switch per vendor. The choice
   is stored in axeptio_cookies (JSON), axeptio_authorized_vendors and axeptio_all_vendors (",a,b,"
   lists, percent-encoded). The gated tag is inserted only when google_analytics is authorised. After a
   choice the floating cookie button (#axeptio_main_button) stays; it and window.openAxeptioCookies()
   reopen the widget, and a refusal made there also deletes _ga/_gid. */
(function () {
  "use strict";
  var settings = window.axeptioSettings || {};
  var VERSION = settings.cookiesVersion || "default";
  var VENDORS = [
    ["google_analytics", "Google Analytics", "Web analytics to count visits and measure how articles are read."],
    ["facebook_pixel", "Facebook Pixel", "Measures the effectiveness of our advertising on Facebook and Instagram."]
  ];
  var MAX_AGE = 31536000;  // 12 months

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function topDomain() { return "." + location.hostname.split(".").slice(-2).join("."); }
  function writeCookie(name, value) {
    document.cookie = name + "=" + value + "; domain=" + topDomain() + "; path=/; max-age=" + MAX_AGE + "; SameSite=Lax; Secure";
  }
  function deleteCookie(name) {
    document.cookie = name + "=; domain=" + topDomain() + "; path=/; max-age=0";
    document.cookie = name + "=; path=/; max-age=0";
  }
  function token() {
    var s = "";
    for (var i = 0; i < 22; i++) { s += "abcdefghijklmnopqrstuvwxyz0123456789".charAt(Math.random() * 36 | 0); }
    return s;
  }
  function stored() {
    var raw = readCookie("axeptio_cookies");
    if (!raw) { return null; }
    try { return JSON.parse(decodeURIComponent(raw)); } catch (e) { return null; }
  }
  function loadTag() {
    if (document.querySelector("script[src*='googletagmanager.com/gtag/js']")) { return; }
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=G-REPLICA01";
    document.head.appendChild(s);
  }

  var mount, host, shadow, reopened = false;
  var CSS = ":host{all:initial}" +
    ".axeptio_widget{position:fixed;left:24px;bottom:24px;width:380px;max-width:calc(100vw - 48px);background:#fff;border-radius:12px;" +
    "box-shadow:0 6px 30px rgba(0,0,0,.25);font-family:'Source Sans Pro',Arial,sans-serif;color:#212121;z-index:2147483647;overflow:hidden}" +
    ".ax-header{padding:22px 24px 6px}.ax-title{font-size:22px;font-weight:700;margin:0 0 8px}.ax-text{font-size:14px;line-height:1.45;margin:0 0 10px}" +
    ".ax-vendors{max-height:260px;overflow:auto;padding:0 24px}.ax-vendor{display:flex;justify-content:space-between;gap:12px;padding:10px 0;border-bottom:1px solid #eee}" +
    ".ax-vendor strong{display:block;font-size:14px}.ax-vendor span{font-size:12px;color:#555}" +
    ".ax-toggle{position:relative;width:40px;height:22px;flex:none}.ax-toggle input{position:absolute;inset:0;opacity:0;margin:0;cursor:pointer}" +
    ".ax-toggle i{position:absolute;inset:0;border-radius:11px;background:#ccc;pointer-events:none}.ax-toggle input:checked+i{background:#2e7d32}" +
    ".ax-footer{display:flex;gap:8px;padding:14px 24px 20px}.ax-footer button{flex:1;min-height:40px;border-radius:20px;border:1px solid #212121;background:#fff;font-size:14px;font-weight:600;cursor:pointer}" +
    ".ax-footer button.ax-primary{background:#212121;color:#fff}" +
    "#axeptio_main_button{position:fixed;left:20px;bottom:20px;width:52px;height:52px;border-radius:50%;border:0;background:#212121;color:#fff;font-size:24px;cursor:pointer;z-index:2147483646}" +
    ".ax-powered{font-size:10px;color:#888;text-align:center;padding-bottom:8px}";

  function firstStep() {
    return '<div class="axeptio_widget" role="dialog" aria-modal="false" aria-labelledby="ax-title" data-step="cookies">' +
      '<div class="ax-header"><p class="ax-title" id="ax-title">Hi! This website uses cookies</p>' +
      '<p class="ax-text">We use cookies to measure our audience and to show you relevant content. You can accept them, refuse them or choose. ' +
      "You can change your mind at any time with the cookie button at the bottom of the page.</p></div>" +
      '<div class="ax-footer"><button id="axeptio_btn_dismiss" class="ax-discardButton" type="button">No thanks</button>' +
      '<button id="axeptio_btn_configure" type="button">I choose</button>' +
      '<button id="axeptio_btn_acceptAll" class="ax-primary" type="button">OK for me</button></div>' +
      '<div class="ax-powered">Consents certified by axeptio</div></div>';
  }
  function secondStep(current) {
    var html = '<div class="axeptio_widget" role="dialog" aria-modal="false" aria-labelledby="ax-title" data-step="vendors">' +
      '<div class="ax-header"><p class="ax-title" id="ax-title">Cookies we use</p><p class="ax-text">Switch on the services you accept.</p></div><div class="ax-vendors">';
    VENDORS.forEach(function (v) {
      var on = current && current[v[0]] === true;
      html += '<div class="ax-vendor"><div><strong>' + v[1] + "</strong><span>" + v[2] + '</span></div><label class="ax-toggle">' +
        '<input type="checkbox" role="switch" id="axeptio_cookie_' + v[0] + '" name="' + v[0] + '" aria-label="' + v[1] + '"' +
        (on ? " checked" : "") + "><i></i></label></div>";
    });
    html += '</div><div class="ax-footer"><button id="axeptio_btn_acceptSelection" class="ax-primary" type="button">Done</button></div>' +
      '<div class="ax-powered">Consents certified by axeptio</div></div>';
    return html;
  }
  function mainButton() {
    return '<button id="axeptio_main_button" type="button" aria-label="Manage my cookies" title="Manage my cookies">&#127850;</button>';
  }
  function render(html) { shadow.innerHTML = "<style>" + CSS + "</style>" + html; }

  function decide(choices) {
    var prev = stored();
    var data = { "$$token": (prev && prev["$$token"]) || token(), "$$date": new Date().toISOString(),
      "$$cookiesVersion": { name: VERSION, identifier: "6572c1e0b5a8f3e1d2c4a9b7" } };
    var authorized = [];
    VENDORS.forEach(function (v) { data[v[0]] = !!choices[v[0]]; if (choices[v[0]]) { authorized.push(v[0]); } });
    data["$$completed"] = true;
    writeCookie("axeptio_cookies", encodeURIComponent(JSON.stringify(data)));
    writeCookie("axeptio_authorized_vendors", encodeURIComponent("," + authorized.join(",") + ","));
    writeCookie("axeptio_all_vendors", encodeURIComponent("," + VENDORS.map(function (v) { return v[0]; }).join(",") + ","));
    render(mainButton());
    if (choices.google_analytics) { loadTag(); }
    else if (reopened) { deleteCookie("_ga"); deleteCookie("_gid"); }
  }
  function all(value) { var c = {}; VENDORS.forEach(function (v) { c[v[0]] = value; }); return c; }

  function open() { reopened = !!stored(); render(firstStep()); }
  function mountWidget() {
    mount = document.createElement("div");
    mount.id = "axeptio_overlay";
    mount.className = "axeptio_mount";
    host = document.createElement("div");
    host.className = "needsclick";
    mount.appendChild(host);
    document.body.appendChild(mount);
    shadow = host.attachShadow({ mode: "open" });
    shadow.addEventListener("click", function (ev) {
      var btn = ev.target.closest && ev.target.closest("button");
      if (!btn) { return; }
      if (btn.id === "axeptio_btn_acceptAll") { decide(all(true)); }
      else if (btn.id === "axeptio_btn_dismiss") { decide(all(false)); }
      else if (btn.id === "axeptio_btn_configure") { render(secondStep(stored())); }
      else if (btn.id === "axeptio_btn_acceptSelection") {
        var c = {};
        shadow.querySelectorAll(".ax-vendor input[type=checkbox]").forEach(function (i) { c[i.name] = i.checked; });
        decide(c);
      } else if (btn.id === "axeptio_main_button") { open(); }
    });
    var prev = stored();
    if (prev && prev["$$completed"]) {
      render(mainButton());
      if (prev.google_analytics === true) { loadTag(); }
    } else {
      render(firstStep());
    }
  }
  window.openAxeptioCookies = function () { open(); };
  window.__axeptioSDK = { version: "replica", open: open };
  (window._axcb = window._axcb || []).forEach(function (cb) { try { cb(window.__axeptioSDK); } catch (e) {} });
  if (document.body) { mountWidget(); } else { document.addEventListener("DOMContentLoaded", mountWidget); }
})();
