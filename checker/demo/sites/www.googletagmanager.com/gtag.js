/* consent-checker demo: a tiny stand-in for gtag.js (written for the demo, not Google's code).
   Reads the measurement id from its own URL (?id=G-...), honours gtag('consent', ...) commands in
   window.dataLayer, writes the first-party _ga (2 years unless config sets cookie_expires) and _gid (1 day) cookies on the page's
   registrable domain, and sends one page_view hit to www.google-analytics.com/g/collect (with gcs=G1xy only when
   the page uses Consent Mode). */
(function () {
  "use strict";
  var script = document.currentScript;
  var id = "G-DEMO";
  if (script && script.src) {
    var m = /[?&]id=([^&]+)/.exec(script.src);
    if (m) { id = decodeURIComponent(m[1]); }
  }
  var dl = window.dataLayer = window.dataLayer || [];

  // Consent mode: last 'default'/'update' wins; without any consent command storage is granted and, as
  // with Google's tag, the hit carries no gcs parameter (Consent Mode is not in use).
  var analytics = "granted", ads = "granted", consentMode = false;
  for (var i = 0; i < dl.length; i++) {
    var cmd = dl[i];
    if (cmd && cmd[0] === "consent" && cmd[2]) {
      consentMode = true;
      if (cmd[2].analytics_storage) { analytics = cmd[2].analytics_storage; }
      if (cmd[2].ad_storage) { ads = cmd[2].ad_storage; }
    }
  }
  // gtag('config', id, {cookie_expires: seconds}) sets the _ga lifetime (default 2 years).
  var gaMaxAge = 63072000;
  for (var c = 0; c < dl.length; c++) {
    if (dl[c] && dl[c][0] === "config" && dl[c][2] && dl[c][2].cookie_expires) {
      gaMaxAge = Number(dl[c][2].cookie_expires);
    }
  }
  var gcs = "G1" + (ads === "granted" ? "1" : "0") + (analytics === "granted" ? "1" : "0");

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var j = 0; j < parts.length; j++) {
      var eq = parts[j].indexOf("=");
      if (parts[j].slice(0, eq) === name) { return parts[j].slice(eq + 1); }
    }
    return null;
  }

  // Like cookie_domain 'auto': write at the highest domain level the browser accepts (the registrable domain).
  function setTopCookie(name, value, attrs) {
    var labels = location.hostname.split(".");
    for (var k = labels.length - 2; k >= 0; k--) {
      document.cookie = name + "=" + value + "; domain=." + labels.slice(k).join(".") + "; " + attrs;
      if (readCookie(name) === value) { return; }
    }
    document.cookie = name + "=" + value + "; " + attrs;
  }

  function rnd() { return Math.floor(Math.random() * 2147483647); }
  var now = Math.floor(Date.now() / 1000);
  var cid = rnd() + "." + now;

  if (analytics === "granted") {
    var ga = readCookie("_ga");
    if (ga) { cid = ga.split(".").slice(2).join("."); }
    var gid = readCookie("_gid");
    if (gid) { gid = gid.split(".").slice(2).join("."); } else { gid = rnd() + "." + now; }
    setTopCookie("_ga", "GA1.1." + cid, "path=/; max-age=" + gaMaxAge + "; SameSite=Lax");
    setTopCookie("_gid", "GA1.1." + gid, "path=/; max-age=86400; SameSite=Lax");
  }

  var hit = "https://www.google-analytics.com/g/collect?v=2&tid=" + encodeURIComponent(id) +
    (consentMode ? "&gcs=" + gcs : "") + "&cid=" + encodeURIComponent(cid) + "&en=page_view" +
    "&dl=" + encodeURIComponent(location.href) + "&dt=" + encodeURIComponent(document.title) +
    "&_p=" + rnd();
  var img = new Image(1, 1);
  img.src = hit;
  window.google_tag_manager = window.google_tag_manager || {};
  window.google_tag_manager[id] = { hit: hit, gcs: consentMode ? gcs : null };
})();
