/* consent-checker replica of the OneTrust SDK stub (written for the demo, not OneTrust's code).
   Like the real otSDKStub.js it reads data-domain-script from its own tag and loads the versioned
   banner SDK (otBannerSdk.js) from cdn.cookielaw.org. */
(function () {
  "use strict";
  var me = document.currentScript;
  window.OneTrustStub = { domainScript: me ? me.getAttribute("data-domain-script") : "", version: "202409.1.0" };
  var s = document.createElement("script");
  s.src = "https://cdn.cookielaw.org/scripttemplates/202409.1.0/otBannerSdk.js";
  s.async = true;
  s.charset = "UTF-8";
  document.head.appendChild(s);
})();
