/* Faulty News /unknown-cookies: cookies no catalog knows. Before any choice: nw_vid, a two-year visitor
   id (a UUID), and nw_theme, a one-year preference. Only once the reader accepts: nw_ad, a three-year
   advertising id (32 hex). Fixed values, so the evidence (value facts, hashes) is the same every run. */
(function () {
  "use strict";
  var YEAR = 31536000;
  document.cookie = "nw_vid=3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f; max-age=" + 2 * YEAR + "; path=/; SameSite=Lax; Secure";
  document.cookie = "nw_theme=dark; max-age=" + YEAR + "; path=/; SameSite=Lax; Secure";
  new MutationObserver(function () {
    if (document.documentElement.getAttribute("data-consent") === "accept") {
      document.cookie = "nw_ad=a1b2c3d4e5f60718293a4b5c6d7e8f90; max-age=" + 3 * YEAR + "; path=/; SameSite=Lax; Secure";
    }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-consent"] });
})();
