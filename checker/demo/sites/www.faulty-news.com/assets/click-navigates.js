/* Faulty News /click-navigates: the notice's Accept all / Reject all buttons store news_consent=<choice>
   and then navigate the page to /article-ok?chose=<choice> (a different document: the well-behaved
   article, whose banner.js sees the stored choice; after accept it loads gtag there). */
(function () {
  "use strict";
  var MAX_AGE = 15552000; // 180 days
  var banner = document.getElementById("cookie-notice");
  function stored() {
    return /(?:^|; )news_consent=/.test(document.cookie);
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-consent]") : null;
    if (!btn) { return; }
    var choice = btn.getAttribute("data-consent");
    if (choice !== "accept" && choice !== "reject") { return; }
    document.cookie = "news_consent=" + choice + "; max-age=" + MAX_AGE + "; path=/; SameSite=Lax; Secure";
    location.assign("/article-ok?chose=" + choice);
  });
  if (banner && !stored()) { banner.hidden = false; }
})();
