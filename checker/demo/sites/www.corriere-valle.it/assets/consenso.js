/* Il Corriere della Valle: the site's own record of the reader's choice, news_consent=accept|reject (180 days),
   like every demo news site. The consent itself is the TCF Lab CMP's (https://www.tcf-lab.com/assets/tcf-cmp.js),
   which announces each choice with the DOM event "tcf-lab:choice". */
(function () {
  "use strict";
  document.addEventListener("tcf-lab:choice", function (event) {
    document.cookie = "news_consent=" + event.detail.choice + "; max-age=15552000; path=/; SameSite=Lax; Secure";
  });
})();
