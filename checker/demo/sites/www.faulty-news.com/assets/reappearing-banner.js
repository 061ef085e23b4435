/* Faulty News /reappearing-banner: a consent notice that never lets the choice stick. It shows on every
   load, whatever is stored; a click on Accept all / Reject all writes news_consent=<choice> (accept also
   loads gtag G-FAULTY001) and hides the notice, and 1 s later the cookie is deleted and the notice is
   back. Clicks are counted in <html data-consent-clicks="N">. */
(function () {
  "use strict";
  var GA_ID = "G-FAULTY001";
  var MAX_AGE = 15552000; // 180 days
  var REAPPEAR_MS = 1000;
  var banner = document.getElementById("cookie-notice");
  var clicks = 0;
  function loadGtag() {
    if (window.__faultyGtag) { return; }
    window.__faultyGtag = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID, { cookie_expires: 33696000 });
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-consent]") : null;
    if (!btn) { return; }
    var choice = btn.getAttribute("data-consent");
    if (choice !== "accept" && choice !== "reject") { return; }
    clicks++;
    document.documentElement.setAttribute("data-consent-clicks", String(clicks));
    document.cookie = "news_consent=" + choice + "; max-age=" + MAX_AGE + "; path=/; SameSite=Lax; Secure";
    banner.hidden = true;
    if (choice === "accept") { loadGtag(); }
    setTimeout(function () {
      document.cookie = "news_consent=; max-age=0; path=/; SameSite=Lax; Secure";
      banner.hidden = false;
    }, REAPPEAR_MS);
  });
  banner.hidden = false;
})();
