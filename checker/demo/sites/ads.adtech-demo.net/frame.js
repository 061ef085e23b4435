/* AdTech Demo ad iframe (written for the demo, not vendor code): finds the __tcfapiLocator frame among its
   ancestors, registers a TCF v2 addEventListener call through postMessage and, each time the TC data is
   final (eventStatus tcloaded or useractioncomplete, gdprApplies true), requests
   https://ads.adtech-demo.net/bid?gdpr=1&gdpr_consent=<tcString>. No request while the CMP shows its
   banner with no string (cmpuishown). Looks for the locator every 100 ms for up to 10 s. */
(function () {
  "use strict";
  var CALL_ID = "adtech-demo-" + Math.random().toString(36).slice(2);
  var tries = 0;

  function locatorWindow() {
    var win = window;
    while (win) {
      try {
        if (win.frames.__tcfapiLocator) { return win; }
      } catch (e) { /* not reachable */ }
      if (win === window.top) { return null; }
      win = win.parent;
    }
    return null;
  }

  function requestBid(tcString) {
    var url = "https://ads.adtech-demo.net/bid?gdpr=1&gdpr_consent=" + encodeURIComponent(tcString);
    fetch(url, { credentials: "include" })
      .then(function (r) { return r.json(); })
      .then(function (bid) { document.getElementById("creative").textContent = bid.creative || ""; })
      .catch(function () {});
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (typeof data === "string") {
      try { data = JSON.parse(data); } catch (e) { return; }
    }
    var ret = data && data.__tcfapiReturn;
    if (!ret || ret.callId !== CALL_ID || !ret.success || !ret.returnValue) { return; }
    var tcData = ret.returnValue;
    var final = tcData.eventStatus === "tcloaded" || tcData.eventStatus === "useractioncomplete";
    if (final && tcData.gdprApplies && tcData.tcString) { requestBid(tcData.tcString); }
  });

  function start() {
    var target = locatorWindow();
    if (!target) {
      if (++tries < 100) { setTimeout(start, 100); }
      return;
    }
    target.postMessage({ __tcfapiCall: { command: "addEventListener", version: 2, callId: CALL_ID } }, "*");
  }
  start();
})();
