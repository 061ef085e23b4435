/* consent-checker demo: a tiny stand-in for Google Publisher Tag gpt.js (written for the demo).
   Writes the first-party __gads cookie (13 months) on the page's registrable domain, then requests an ad
   from securepubads.g.doubleclick.net/pagead/ads (credentialed), whose response sets the third-party IDE
   cookie, and fills every element with a data-ad-slot attribute. */
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
  var now = Math.floor(Date.now() / 1000);
  var gads = readCookie("__gads") ||
    ("ID=" + Math.random().toString(16).slice(2, 18) + ":T=" + now + ":RT=" + now + ":S=ALNI_MdemoGpt");
  setTopCookie("__gads", gads, "path=/; max-age=34128000; SameSite=Lax");

  var slots = document.querySelectorAll("[data-ad-slot]");
  var names = [];
  for (var s = 0; s < slots.length; s++) { names.push(slots[s].getAttribute("data-ad-slot")); }
  var url = "https://securepubads.g.doubleclick.net/pagead/ads?iu=" + encodeURIComponent(names.join(",") || "/demo/news") +
    "&sz=300x250&correlator=" + Date.now() + "&url=" + encodeURIComponent(location.href);
  window.googletag = window.googletag || { cmd: [] };
  window.googletag.apiReady = true;
  fetch(url, { credentials: "include" }).then(function (r) { return r.json(); }).then(function (ad) {
    for (var t = 0; t < slots.length; t++) { slots[t].innerHTML = ad.creative; }
  }).catch(function () { /* ad blocked or failed: leave the slot empty */ });
})();
