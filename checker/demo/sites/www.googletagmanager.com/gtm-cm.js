/* consent-checker demo: a small Google-tag stand-in with Consent Mode v2 (written for the demo, not Google's
   code), served at https://www.googletagmanager.com/gtm-cm/js?id=G-...&cm=basic|advanced|off.

   Consent state: it reads gtag('consent', 'default'|'update', {...}) commands from window.dataLayer for
   ad_storage, analytics_storage, ad_user_data and ad_personalization (the last command of a kind wins per
   signal) and follows commands pushed later (it wraps dataLayer.push). A signal's effective value is its last
   update, else its default, else granted (unset, as in gtag).

   Hits: a GA hit (en=page_view) to https://region1.google-analytics.com/g/collect when the tag loads and one
   (en=consent_update) on each later consent update; an Ads hit to
   https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/ at the same moments. Which are sent:
     cm=advanced  every GA hit (cookieless pings while analytics_storage is denied); every Ads hit;
     cm=basic     nothing (no hit, no cookie) until a consent update exists; after that a GA hit only while
                  analytics_storage is granted and an Ads hit only while ad_storage is granted;
     cm=off       no Consent Mode: commands ignored, every hit sent, no gcs/gcd/npa/dma/dma_cps.
   With Consent Mode each hit carries
     gcs=G1xy     x ad_storage, y analytics_storage: 1 granted, 0 denied;
     gcd=13a3b3c3d5  a..d one letter for ad_storage, analytics_storage, ad_user_data, ad_personalization:
                  l not set; p denied by default, no update; q denied by default and by update; t granted by
                  default, no update; r denied by default, granted by update; u granted by default, denied by
                  update; v granted by default and by update; m denied by update only; n granted by update only;
     npa=1 while ad_personalization is denied (else 0); dma=1;
     dma_cps      one letter per granted signal: s ad_storage, y analytics_storage, p ad_personalization,
                  h ad_user_data (in that order), or "-" when none is granted.
   Cookies: the first-party _ga (2 years, or gtag('config', id, {cookie_expires: seconds})) and _gid (1 day) on
   the registrable domain, written at load and on updates while analytics_storage is granted (always with cm=off); never deleted by the tag (the site's
   consent script does that). GA hits carry cid only when _ga is written. */
(function () {
  "use strict";
  var SIGNALS = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"];
  var LETTERS = {
    "|": "l", "denied|": "p", "denied|denied": "q", "granted|": "t", "denied|granted": "r",
    "granted|denied": "u", "granted|granted": "v", "|denied": "m", "|granted": "n"
  };
  var CPS = [["ad_storage", "s"], ["analytics_storage", "y"], ["ad_personalization", "p"], ["ad_user_data", "h"]];
  var GA_URL = "https://region1.google-analytics.com/g/collect";
  var ADS_URL = "https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/";

  var script = document.currentScript;
  var src = (script && script.src) || "";
  function param(name, fallback) {
    var m = new RegExp("[?&]" + name + "=([^&]+)").exec(src);
    return m ? decodeURIComponent(m[1]) : fallback;
  }
  var id = param("id", "G-DEMO");
  var mode = param("cm", "advanced");
  var dl = window.dataLayer = window.dataLayer || [];
  var defaults = {}, updates = {};
  var gaMaxAge = 63072000;

  function take(cmd) {
    if (cmd && cmd[0] === "config" && cmd[2] && cmd[2].cookie_expires) { gaMaxAge = Number(cmd[2].cookie_expires); }
    if (!cmd || cmd[0] !== "consent" || !cmd[2] || mode === "off") { return false; }
    var into = cmd[1] === "default" ? defaults : cmd[1] === "update" ? updates : null;
    if (!into) { return false; }
    SIGNALS.forEach(function (s) { if (cmd[2][s]) { into[s] = cmd[2][s]; } });
    return cmd[1] === "update";
  }
  function value(s) { return updates[s] || defaults[s] || "granted"; }
  function granted(s) { return mode === "off" || value(s) === "granted"; }
  function hasUpdate() { return Object.keys(updates).length > 0; }

  function consentParams() {
    if (mode === "off") { return ""; }
    var gcs = "G1" + (granted("ad_storage") ? "1" : "0") + (granted("analytics_storage") ? "1" : "0");
    var letters = SIGNALS.map(function (s) { return LETTERS[(defaults[s] || "") + "|" + (updates[s] || "")]; });
    var gcd = "13" + letters[0] + "3" + letters[1] + "3" + letters[2] + "3" + letters[3] + "5";
    var cps = CPS.filter(function (p) { return granted(p[0]); }).map(function (p) { return p[1]; }).join("");
    return "&gcs=" + gcs + "&gcd=" + gcd + "&npa=" + (granted("ad_personalization") ? "0" : "1") +
      "&dma=1&dma_cps=" + (cps || "-");
  }

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var j = 0; j < parts.length; j++) {
      var eq = parts[j].indexOf("=");
      if (parts[j].slice(0, eq) === name) { return parts[j].slice(eq + 1); }
    }
    return null;
  }
  // Like cookie_domain 'auto': the highest domain level the browser accepts (the registrable domain).
  function setTopCookie(name, val, attrs) {
    var labels = location.hostname.split(".");
    for (var k = labels.length - 2; k >= 0; k--) {
      document.cookie = name + "=" + val + "; domain=." + labels.slice(k).join(".") + "; " + attrs;
      if (readCookie(name) === val) { return; }
    }
    document.cookie = name + "=" + val + "; " + attrs;
  }
  function rnd() { return Math.floor(Math.random() * 2147483647); }
  function clientId() {
    if (!granted("analytics_storage")) { return null; }
    var now = Math.floor(Date.now() / 1000);
    var ga = readCookie("_ga");
    var cid = ga ? ga.split(".").slice(2).join(".") : rnd() + "." + now;
    var gid = readCookie("_gid");
    gid = gid ? gid.split(".").slice(2).join(".") : rnd() + "." + now;
    setTopCookie("_ga", "GA1.1." + cid, "path=/; max-age=" + gaMaxAge + "; SameSite=Lax");
    setTopCookie("_gid", "GA1.1." + gid, "path=/; max-age=86400; SameSite=Lax");
    return cid;
  }
  function send(url) {
    var img = new Image(1, 1);
    img.src = url;
  }

  var sent = [];
  function fire(event) {
    if (mode === "basic" && !hasUpdate()) { return; }
    var cid = clientId();
    var consent = consentParams();
    if (mode !== "basic" || granted("analytics_storage")) {
      var ga = GA_URL + "?v=2&tid=" + encodeURIComponent(id) + consent + (cid ? "&cid=" + encodeURIComponent(cid) : "") +
        "&en=" + event + "&dl=" + encodeURIComponent(location.href) + "&dt=" + encodeURIComponent(document.title) +
        "&_p=" + rnd();
      send(ga);
      sent.push(ga);
    }
    if (mode !== "basic" || granted("ad_storage")) {
      var ads = ADS_URL + "?random=" + rnd() + consent + "&url=" + encodeURIComponent(location.href);
      send(ads);
      sent.push(ads);
    }
  }

  for (var i = 0; i < dl.length; i++) { take(dl[i]); }
  var push = dl.push;
  dl.push = function () {
    var result = push.apply(dl, arguments);
    var updated = false;
    for (var a = 0; a < arguments.length; a++) { updated = take(arguments[a]) || updated; }
    if (updated) { fire("consent_update"); }
    return result;
  };
  fire("page_view");
  window.google_tag_manager = window.google_tag_manager || {};
  window.google_tag_manager[id] = { mode: mode, hits: sent };
})();
