/* Faulty News /download-link: 200 ms after the load event the script clicks #report-link, a link to
   /files/report.pdf, which the server sends with Content-Disposition: attachment (a download). */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    setTimeout(function () {
      var link = document.getElementById("report-link");
      if (link) { link.click(); }
    }, 200);
  });
})();
