/* Daily Ledger: consent notice (Didomi-like markup, our own code). The choice is kept in news_consent and
   didomi_token. Zustimmen loads Google Analytics and the ad tag (gpt.js); Ablehnen stores the refusal but the
   ad tag and the Meta pixel are loaded anyway - this site ignores the reader's refusal. */
(function () {
  "use strict";
  var GA_ID = "G-LEDGER0DE";
  var PIXEL_ID = "7730015529";
  var MAX_AGE_CHOICE = 15552000; // 180 days
  var MAX_AGE_TOKEN = 31536000;  // didomi_token: 1 year
  var PURPOSES = ["measure_content_performance", "select_personalized_ads", "social_media"];

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }
  function addScript(src) {
    var s = document.createElement("script");
    s.async = true;
    s.src = src;
    document.head.appendChild(s);
  }
  function loadAnalytics() {
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", GA_ID);
    addScript("https://www.googletagmanager.com/gtag/js?id=" + GA_ID);
  }
  function loadAds() { addScript("https://securepubads.g.doubleclick.net/tag/js/gpt.js"); }
  function loadPixel() {
    if (!window.fbq) {
      var n = window.fbq = function () { n.queue.push(arguments); };
      n.queue = [];
    }
    window.fbq("init", PIXEL_ID);
    window.fbq("track", "PageView");
    addScript("https://connect.facebook.net/en_US/fbevents.js");
  }

  function apply(choice) {
    if (choice === "accept") {
      loadAnalytics();
      loadAds();
    } else {
      loadAds();     // <- loaded although the reader refused
      loadPixel();   // <- loaded although the reader refused
    }
  }

  var notice = document.getElementById("didomi-notice");
  var popup = document.getElementById("didomi-consent-popup");
  var backdrop = document.getElementById("didomi-backdrop");

  function store(enabled) {
    var choice = enabled.length === PURPOSES.length ? "accept" : (enabled.length === 0 ? "reject" : "custom");
    var disabled = PURPOSES.filter(function (p) { return enabled.indexOf(p) === -1; });
    var now = new Date().toISOString();
    var token = {
      user_id: "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function () { return (Math.random() * 16 | 0).toString(16); }),
      created: now, updated: now, version: 2,
      purposes: { enabled: enabled, disabled: disabled },
      vendors: { enabled: choice === "accept" ? ["google", "facebook"] : [], disabled: choice === "accept" ? [] : ["google", "facebook"] }
    };
    var b64 = btoa(JSON.stringify(token)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    document.cookie = "news_consent=" + choice + "; max-age=" + MAX_AGE_CHOICE + "; path=/; SameSite=Lax; Secure";
    document.cookie = "didomi_token=" + b64 + "; max-age=" + MAX_AGE_TOKEN + "; path=/; SameSite=Lax; Secure";
    notice.hidden = true;
    popup.hidden = true;
    backdrop.hidden = true;
    apply(choice === "accept" ? "accept" : "reject");
  }

  document.getElementById("didomi-notice-agree-button").addEventListener("click", function () { store(PURPOSES.slice()); });
  document.getElementById("didomi-notice-disagree-button").addEventListener("click", function () { store([]); });
  document.getElementById("didomi-notice-learn-more-button").addEventListener("click", function () {
    popup.hidden = false;
    backdrop.hidden = false;
  });
  popup.querySelector(".didomi-button-disagree-all").addEventListener("click", function () { store([]); });
  popup.querySelector(".didomi-button-agree-all").addEventListener("click", function () { store(PURPOSES.slice()); });
  popup.querySelector(".didomi-button-save").addEventListener("click", function () {
    var on = [];
    var boxes = popup.querySelectorAll("input[data-purpose]");
    for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { on.push(boxes[i].getAttribute("data-purpose")); } }
    store(on);
  });
  document.getElementById("didomi-open-preferences").addEventListener("click", function (ev) {
    ev.preventDefault();
    popup.hidden = false;
    backdrop.hidden = false;
  });

  window.Didomi = { version: "demo", getUserStatus: function () { return { consent: readCookie("news_consent") }; } };
  var stored = readCookie("news_consent");
  if (stored) { apply(stored === "accept" ? "accept" : "reject"); } else { notice.hidden = false; }
})();
