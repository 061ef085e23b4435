/* Faulty News /file-link: after the load event, three top-level navigations a browser must refuse, 500 ms
   apart: location = "file:///etc/passwd", then a data:text/html URL, then chrome://settings, then a
   window.open of file:///etc/passwd. Each attempt is noted in <html data-nav-attempts="...">. */
(function () {
  "use strict";
  var STEP_MS = 500;
  var targets = [
    "file:///etc/passwd",
    "data:text/html;charset=utf-8,%3Ch1%3ENot%20a%20news%20page%3C%2Fh1%3E",
    "chrome://settings"
  ];
  var tried = [];
  function note(entry) {
    tried.push(entry);
    document.documentElement.setAttribute("data-nav-attempts", tried.join(" "));
  }
  window.addEventListener("load", function () {
    targets.forEach(function (url, i) {
      setTimeout(function () {
        try { window.location = url; note(url.split(":")[0]); } catch (e) { note(url.split(":")[0] + ":error"); }
      }, STEP_MS * (i + 1));
    });
    setTimeout(function () {
      try { window.open("file:///etc/passwd"); note("open-file"); } catch (e) { note("open-file:error"); }
    }, STEP_MS * (targets.length + 1));
  });
})();
