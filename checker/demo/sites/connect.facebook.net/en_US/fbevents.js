/* consent-checker demo: a tiny stand-in for the Meta pixel's fbevents.js (written for the demo).
   Processes the fbq() queue, writes the first-party _fbp cookie (90 days) on the page's registrable
   domain, and requests www.facebook.com/tr/ as an image for each tracked event. */
(function () {
  "use strict";
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
  var fbp = readCookie("_fbp") || ("fb.1." + Date.now() + "." + Math.floor(Math.random() * 2147483647));
  setTopCookie("_fbp", fbp, "path=/; max-age=7776000; SameSite=Lax");

  var pixelIds = [];
  function run(args) {
    var cmd = args[0];
    if (cmd === "init") {
      pixelIds.push(String(args[1]));
    } else if (cmd === "track" || cmd === "trackCustom") {
      for (var i = 0; i < pixelIds.length; i++) {
        var img = new Image(1, 1);
        img.src = "https://www.facebook.com/tr/?id=" + encodeURIComponent(pixelIds[i]) +
          "&ev=" + encodeURIComponent(String(args[1])) + "&dl=" + encodeURIComponent(location.href) +
          "&fbp=" + encodeURIComponent(fbp) + "&ts=" + Date.now();
      }
    }
  }
  var stub = window.fbq;
  var queue = (stub && stub.queue) ? stub.queue.slice() : [];
  var fbq = function () { run(Array.prototype.slice.call(arguments)); };
  fbq.loaded = true;
  fbq.version = "2.0-demo";
  fbq.queue = [];
  window.fbq = window._fbq = fbq;
  for (var q = 0; q < queue.length; q++) { run(Array.prototype.slice.call(queue[q])); }
})();
