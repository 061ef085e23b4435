/* Faulty News /reject-walls: the phases disagree. Accept all works as on the good article (banner.js);
   Reject all stores news_consent=reject and then lands the reader on the site's Cloudflare challenge
   page (/challenge/cloudflare-challenge), as a firewall that challenges the reload after a refusal. */
(function () {
  "use strict";
  var MAX_AGE = 15552000; // 180 days
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-consent=reject]") : null;
    if (!btn) { return; }
    ev.stopImmediatePropagation();
    document.cookie = "news_consent=reject; max-age=" + MAX_AGE + "; path=/; SameSite=Lax; Secure";
    location.assign("/challenge/cloudflare-challenge");
  }, true);
})();
