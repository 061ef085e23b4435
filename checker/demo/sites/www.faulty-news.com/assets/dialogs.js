/* Faulty News /dialogs: JavaScript dialogs. Loaded synchronously in <head>, so the alert blocks parsing
   (no body exists until it is dismissed); confirm and prompt open at the load event; a beforeunload
   handler asks to stay on the page. What happened is noted in <html data-dialogs="...">. */
(function () {
  "use strict";
  var seen = [];
  function note(entry) {
    seen.push(entry);
    document.documentElement.setAttribute("data-dialogs", seen.join(" "));
  }
  window.alert("Faulty News: live coverage of Storm Bert continues. Press OK to read on.");
  note("alert");
  window.addEventListener("load", function () {
    var ok = window.confirm("Allow Faulty News to send you breaking news notifications?");
    note("confirm:" + ok);
    var postcode = window.prompt("Enter your postcode for local weather warnings:", "");
    note("prompt:" + (postcode === null ? "null" : JSON.stringify(postcode)));
  });
  window.addEventListener("beforeunload", function (ev) {
    ev.preventDefault();
    ev.returnValue = "Your newsletter preferences are not saved yet. Leave anyway?";
    return ev.returnValue;
  });
})();
