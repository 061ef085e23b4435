/* Faulty News /popup: at the load event, window.open() of another article (/article/2), then a scripted
   click on a target=_blank link (#popup-link, /article/3). Results in <html data-popups="...">. */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    var opened = null;
    try { opened = window.open("/article/2", "_blank"); } catch (e) { opened = null; }
    var link = document.getElementById("popup-link");
    if (link) { link.click(); }
    document.documentElement.setAttribute("data-popups", "window.open:" + (opened ? "opened" : "blocked") + " link:clicked");
  });
})();
