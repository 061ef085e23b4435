/* Banner Lab: one small custom consent banner shared by every fixture page (written for the demo; no CMP's
   ids or code). Each page carries the markup; data attributes on the first layer (#lab-banner) say how the
   page behaves:
     data-reopen="banner|settings"  what the footer's "Cookie settings" link opens (default banner)
     data-reprompt="reject"          show the banner again on every page load while the stored choice is reject
     data-withdraw="ignore"          a refusal made after an accept is ignored: the cookie stays "accept",
                                     _ga/_gid stay and gtag keeps loading (bad)
   Controls carry data-lab="accept|reject|settings|save|reopen". The choice is kept in the first-party
   cookie lab_consent (accept, reject, or the optional purposes kept: "analytics", "marketing"), 180 days.
   Google Analytics (gtag) loads only when the analytics purpose is consented. The settings layer
   (#lab-settings) always opens with its checkboxes as written in the page (unticked, or pre-ticked on the
   preticked fixture), like many hand-made banners. A refusal after an accept deletes _ga and _gid. */
(function () {
  "use strict";
  var GA_ID = "G-LAB00001";
  var MAX_AGE = 15552000; // 180 days
  var GA_MAX_AGE = 33696000; // _ga for 390 days: within the 13 months the CNIL allows
  var banner = document.getElementById("lab-banner");
  var settings = document.getElementById("lab-settings");
  var opt = function (name) { return (banner && banner.getAttribute("data-" + name)) || ""; };

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return decodeURIComponent(parts[i].slice(eq + 1)); }
    }
    return null;
  }
  function allowsAnalytics(value) {
    return value === "accept" || (value || "").split(",").indexOf("analytics") !== -1;
  }
  function loadGtag() {
    if (window.__labGtag) { return; }
    window.__labGtag = true;
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID, { cookie_expires: GA_MAX_AGE });
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://www.googletagmanager.com/gtag/js?id=" + GA_ID;
    document.head.appendChild(s);
  }
  function deleteAnalyticsCookies() {
    var expired = "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/";
    ["_ga", "_gid"].forEach(function (name) {
      document.cookie = name + expired + "; domain=.banner-lab.com";
      document.cookie = name + expired;
    });
  }
  function show(el, on) { if (el) { el.hidden = !on; } }
  function resetSettings() {
    if (!settings) { return; }
    var boxes = settings.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = boxes[i].defaultChecked; }
  }

  function store(choice) {
    var before = readCookie("lab_consent");
    show(banner, false);
    show(settings, false);
    var refusesAnalytics = !allowsAnalytics(choice);
    if (refusesAnalytics && allowsAnalytics(before) && opt("withdraw") === "ignore") {
      return; // the bug this fixture shows: a refusal after an accept is thrown away
    }
    document.cookie = "lab_consent=" + encodeURIComponent(choice) + "; max-age=" + MAX_AGE +
      "; path=/; SameSite=Lax; Secure";
    document.documentElement.setAttribute("data-lab-consent", choice);
    if (allowsAnalytics(choice)) { loadGtag(); }
    else if (allowsAnalytics(before) || readCookie("_ga") || readCookie("_gid")) { deleteAnalyticsCookies(); }
  }
  function saveSettings() {
    var kept = [];
    var all = settings.querySelectorAll("input[type=checkbox]:not([disabled])");
    for (var i = 0; i < all.length; i++) { if (all[i].checked) { kept.push(all[i].name); } }
    store(kept.length === 0 ? "reject" : (kept.length === all.length ? "accept" : kept.join(",")));
  }
  function openSettings() {
    resetSettings();
    show(banner, false);
    show(settings, true);
    var first = settings && settings.querySelector("button");
    if (first) { first.focus({ preventScroll: true }); }
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-lab]") : null;
    if (!el) { return; }
    ev.preventDefault();
    var what = el.getAttribute("data-lab");
    if (what === "accept" || what === "reject") { store(what); }
    else if (what === "settings") { openSettings(); }
    else if (what === "save") { saveSettings(); }
    else if (what === "reopen") {
      if (opt("reopen") === "settings" && settings) { openSettings(); }
      else { show(settings, false); show(banner, true); }
    }
  });

  var stored = readCookie("lab_consent");
  if (!stored || (stored === "reject" && opt("reprompt") === "reject")) { show(banner, true); }
  if (allowsAnalytics(stored)) { loadGtag(); }
})();
