/* The Harbour Times: consent banner (OneTrust-like markup, our own code). It records the choice in
   news_consent, OptanonConsent and OptanonAlertBoxClosed - but the page's <head> has already loaded
   Google Analytics and the Meta pixel before any choice, whatever the reader picks. */
(function () {
  "use strict";
  var MAX_AGE_CHOICE = 15552000;  // news_consent: 180 days
  var MAX_AGE_OT = 31536000;      // OptanonConsent / OptanonAlertBoxClosed: 1 year
  var GROUPS = ["C0002", "C0003", "C0004"];

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function uuid() {
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 3 | 8)).toString(16);
    });
  }

  var banner = document.getElementById("onetrust-banner-sdk");
  var pc = document.getElementById("onetrust-pc-sdk");
  var filter = document.querySelector(".onetrust-pc-dark-filter");

  function store(enabled) {
    var groups = ["C0001:1"];
    for (var i = 0; i < GROUPS.length; i++) { groups.push(GROUPS[i] + ":" + (enabled[GROUPS[i]] ? 1 : 0)); }
    var all = groups.every(function (g) { return g.slice(-1) === "1"; });
    var none = groups.slice(1).every(function (g) { return g.slice(-1) === "0"; });
    var choice = all ? "accept" : (none ? "reject" : "custom");
    var now = new Date();
    var value = "isGpcEnabled=0&datestamp=" + encodeURIComponent(now.toString()) + "&version=202409.1.0" +
      "&isIABGlobal=false&hosts=&consentId=" + uuid() + "&interactionCount=1&landingPath=NotLandingPage" +
      "&groups=" + encodeURIComponent(groups.join(",")) + "&AwaitingReconsent=false";
    var attrs = "; max-age=" + MAX_AGE_OT + "; path=/; SameSite=Lax; Secure";
    document.cookie = "news_consent=" + choice + "; max-age=" + MAX_AGE_CHOICE + "; path=/; SameSite=Lax; Secure";
    document.cookie = "OptanonConsent=" + value + attrs;
    document.cookie = "OptanonAlertBoxClosed=" + now.toISOString() + attrs;
    window.OnetrustActiveGroups = "," + groups.filter(function (g) { return g.slice(-1) === "1"; })
      .map(function (g) { return g.split(":")[0]; }).join(",") + ",";
    banner.hidden = true;
    pc.hidden = true;
    filter.hidden = true;
  }
  function allOn() { return { C0002: true, C0003: true, C0004: true }; }

  document.getElementById("onetrust-accept-btn-handler").addEventListener("click", function () { store(allOn()); });
  document.getElementById("onetrust-reject-all-handler").addEventListener("click", function () { store({}); });
  document.getElementById("onetrust-pc-btn-handler").addEventListener("click", function () {
    pc.hidden = false;
    filter.hidden = false;
  });
  document.getElementById("accept-recommended-btn-handler").addEventListener("click", function () { store(allOn()); });
  pc.querySelector(".ot-pc-refuse-all-handler").addEventListener("click", function () { store({}); });
  pc.querySelector(".save-preference-btn-handler").addEventListener("click", function () {
    var enabled = {};
    var boxes = pc.querySelectorAll("input[data-optanongroupid]");
    for (var i = 0; i < boxes.length; i++) { enabled[boxes[i].getAttribute("data-optanongroupid")] = boxes[i].checked; }
    store(enabled);
  });
  document.querySelector(".ot-sdk-show-settings").addEventListener("click", function (ev) {
    ev.preventDefault();
    pc.hidden = false;
    filter.hidden = false;
  });

  window.OnetrustActiveGroups = ",C0001,";
  if (!readCookie("OptanonAlertBoxClosed")) { banner.hidden = false; }
})();
