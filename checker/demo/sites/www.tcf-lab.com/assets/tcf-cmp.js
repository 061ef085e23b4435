/* TCF Lab: a small IAB TCF v2.2 CMP written for the demo on top of the IAB Tech Lab's reference code:
   @iabtcf/core encodes the TC string (TCModel + GVL + TCString.encode, the encoder's own timestamps),
   @iabtcf/cmpapi answers __tcfapi, @iabgpp/cmpapi answers __gpp (section tcfeuv2 = the TC string).
   CMP id 300, version 2, consent screen 1, language EN (the vendor list's), publisher country DE.
   The vendor list is assets/vendor-list.json next to this file (12 demo vendors, version 150, policy 4).
   Other sites may load this module from www.tcf-lab.com (its /assets/ files are served with CORS).

   Every page carries the same banner markup (#tcf-banner with "Accept all" / "Reject all" buttons and a
   "Privacy settings" footer link, controls marked data-tcf="accept|reject|reopen"); data attributes on
   #tcf-banner say how the page behaves. Without any, it is fair:
     data-on-load="all"            with no string stored, store a full-consent string at load, before any click
     data-accept="all|empty"       what "Accept all" stores: full consent (fair) or a string with nothing set
     data-reject="none|all|li-all" what "Reject all" stores: no consent, LI transparency for purposes
                                   2,7,8,9,10 (fair); full consent; no consent, LI transparency for 2-10
     data-withdraw="keep"          "Reject all" after an accept leaves the positive string (cookie and API)
     data-ad="top|frame"           who calls the ad server: this script (top) or only an ad iframe (frame)
     data-ad-consent="stored|all"  the string the ad request carries: the stored one, or always full consent
     data-policy-version="N"       tcfPolicyVersion of the strings (default: the vendor list's, 4)
     data-service-specific="false" global-scope strings (isServiceSpecific 0); no __gpp then, because
                                   @iabgpp/cmpapi refuses to encode a tcfeuv2 section that is not service-specific
     data-country="XX"             publisher country code (default DE)
     data-language="xx"            consent language: the GVL's translation purposes-xx.json next to this file
                                   (GVL.changeLanguage; default EN, the vendor list's own)
     data-ga-id="G-..."            the gtag measurement id (default G-TCFLAB01)

   Storage: the TC string in the first-party cookie euconsent-v2 and the user's own choice (accept|reject)
   in cmp_choice (both path=/, 390 days, SameSite=Lax, Secure). The banner shows while no choice is stored.
   Google Analytics (the demo gtag, which writes _ga/_gid) loads only when the user accepted (cmp_choice),
   whatever the string says; a refusal after an accept deletes _ga and _gid. The ad request
   https://ads.adtech-demo.net/bid?gdpr=1&gdpr_consent=<string> is sent after every choice and at load
   when a string is stored, never while no string exists. A __tcfapiLocator frame and a postMessage
   handler let cross-origin iframes call __tcfapi. Each choice is also announced to the page's own scripts
   as the DOM event "tcf-lab:choice" on document (detail: {choice, tcString}). */
import { GVL, TCModel, TCString } from "@iabtcf/core";
import { CmpApi } from "@iabtcf/cmpapi";
import {
  CmpApi as GppCmpApi,
  CmpDisplayStatus as GppDisplayStatus,
  CmpStatus as GppCmpStatus,
  SignalStatus as GppSignalStatus,
} from "@iabgpp/cmpapi";

const CMP_ID = 300;
const CMP_VERSION = 2;
const CONSENT_SCREEN = 1;
const TC_COOKIE = "euconsent-v2";
const CHOICE_COOKIE = "cmp_choice";
const MAX_AGE = 33696000; // 390 days
const AD_SERVER = "https://ads.adtech-demo.net/bid";
const LI_PURPOSES = [2, 7, 8, 9, 10]; // purposes a vendor may base on legitimate interest under policy 4
const LI_ALL_PURPOSES = [2, 3, 4, 5, 6, 7, 8, 9, 10]; // ... and 3-6, which policy 4 forbids

const banner = document.getElementById("tcf-banner");
const opt = (name, fallback) => banner.getAttribute("data-" + name) || fallback;
const serviceSpecific = opt("service-specific", "true") !== "false";
const gaId = opt("ga-id", "G-TCFLAB01");

// --- the APIs: __tcfapi at once (calls wait until the first update), __gpp when the strings allow it ---
const tcfApi = new CmpApi(CMP_ID, CMP_VERSION, serviceSpecific);
const gppApi = serviceSpecific ? new GppCmpApi(CMP_ID, CMP_VERSION) : null;
if (gppApi) {
  gppApi.setSupportedAPIs(["2:tcfeuv2"]);
}
addLocatorFrame();

const vendorList = await (await fetch(new URL("vendor-list.json", import.meta.url))).json();
if (opt("policy-version", "")) {
  vendorList.tcfPolicyVersion = Number(opt("policy-version", ""));
}
const gvl = new GVL(vendorList);
if (opt("language", "")) {
  GVL.baseUrl = new URL("./", import.meta.url).href;
  await gvl.changeLanguage(opt("language", ""));
}

// --- TC strings ---

function encode(kind) {
  const model = new TCModel(gvl);
  model.cmpId = CMP_ID;
  model.cmpVersion = CMP_VERSION;
  model.consentScreen = CONSENT_SCREEN;
  model.publisherCountryCode = opt("country", "DE");
  model.isServiceSpecific = serviceSpecific;
  if (kind === "all") {
    model.setAllPurposeConsents();
    model.setAllSpecialFeatureOptins();
    model.setAllVendorConsents();
  }
  if (kind !== "empty") {
    model.purposeLegitimateInterests.set(kind === "li-all" ? LI_ALL_PURPOSES : LI_PURPOSES);
    model.setAllVendorLegitimateInterests(); // the encoder keeps it only for vendors that declare LI purposes
  }
  return TCString.encode(model);
}

function signal(tcString, uiVisible) {
  tcfApi.update(tcString, uiVisible);
  if (!gppApi) {
    return;
  }
  gppApi.setSignalStatus(GppSignalStatus.NOT_READY);
  if (tcString) {
    gppApi.setSectionString("tcfeuv2", tcString);
  }
  gppApi.setApplicableSections([2]);
  gppApi.setCmpDisplayStatus(uiVisible ? GppDisplayStatus.VISIBLE : GppDisplayStatus.HIDDEN);
  gppApi.setCmpStatus(GppCmpStatus.LOADED);
  if (tcString) {
    gppApi.fireSectionChange("tcfeuv2");
    if (!uiVisible) {
      gppApi.setSignalStatus(GppSignalStatus.READY);
    }
  }
}

// --- cookies, analytics, ads ---

function readCookie(name) {
  const parts = document.cookie ? document.cookie.split("; ") : [];
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (part.slice(0, eq) === name) {
      return decodeURIComponent(part.slice(eq + 1));
    }
  }
  return null;
}

function writeCookie(name, value) {
  document.cookie = `${name}=${value}; path=/; max-age=${MAX_AGE}; SameSite=Lax; Secure`;
}

function loadGtag() {
  if (window.__tcfLabGtag) {
    return;
  }
  window.__tcfLabGtag = true;
  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { window.dataLayer.push(arguments); };
  window.gtag("js", new Date());
  window.gtag("config", gaId, { cookie_expires: MAX_AGE });
  const s = document.createElement("script");
  s.async = true;
  s.src = "https://www.googletagmanager.com/gtag/js?id=" + gaId;
  document.head.appendChild(s);
}

function deleteAnalyticsCookies() {
  const expired = "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/";
  const labels = location.hostname.split(".");
  for (const name of ["_ga", "_gid"]) {
    for (let k = 0; k < labels.length - 1; k++) {
      document.cookie = `${name}${expired}; domain=.${labels.slice(k).join(".")}`;
    }
    document.cookie = name + expired;
  }
}

function requestAd(stored) {
  if (opt("ad", "top") !== "top" || !stored) {
    return;
  }
  const tcString = opt("ad-consent", "stored") === "all" ? encode("all") : stored;
  const url = `${AD_SERVER}?gdpr=1&gdpr_consent=${encodeURIComponent(tcString)}`;
  fetch(url, { credentials: "include" })
    .then((r) => r.json())
    .then((bid) => {
      const slot = document.getElementById("ad-slot");
      if (slot) {
        slot.textContent = bid.creative || "";
      }
    })
    .catch(() => {});
}

// --- the __tcfapiLocator protocol for iframes ---

function addLocatorFrame() {
  if (!window.frames.__tcfapiLocator) {
    const frame = document.createElement("iframe");
    frame.name = "__tcfapiLocator";
    frame.title = "TCF API locator";
    frame.setAttribute("aria-hidden", "true");
    frame.style.display = "none";
    document.body.appendChild(frame);
  }
  window.addEventListener("message", (event) => {
    const asText = typeof event.data === "string";
    let data = event.data;
    if (asText) {
      try {
        data = JSON.parse(data);
      } catch {
        return;
      }
    }
    const call = data && data.__tcfapiCall;
    if (!call || !event.source) {
      return;
    }
    window.__tcfapi(call.command, call.version, (returnValue, success) => {
      const reply = {
        __tcfapiReturn: { returnValue: JSON.parse(JSON.stringify(returnValue ?? null)), success, callId: call.callId },
      };
      event.source.postMessage(asText ? JSON.stringify(reply) : reply, "*");
    }, call.parameter);
  });
}

// --- the banner ---

function choose(choice) {
  const before = readCookie(CHOICE_COOKIE);
  banner.hidden = true;
  let tcString;
  if (choice === "reject" && before === "accept" && opt("withdraw", "rewrite") === "keep") {
    tcString = readCookie(TC_COOKIE) || encode(opt("reject", "none")); // the bug: the positive string stays
  } else {
    tcString = encode(choice === "accept" ? opt("accept", "all") : opt("reject", "none"));
    writeCookie(TC_COOKIE, tcString);
  }
  writeCookie(CHOICE_COOKIE, choice);
  document.documentElement.setAttribute("data-cmp-choice", choice);
  signal(tcString, false);
  document.dispatchEvent(new CustomEvent("tcf-lab:choice", { detail: { choice, tcString } }));
  if (choice === "accept") {
    loadGtag();
  } else if (before === "accept" || readCookie("_ga") || readCookie("_gid")) {
    deleteAnalyticsCookies();
  }
  requestAd(tcString);
}

document.addEventListener("click", (event) => {
  const el = event.target.closest ? event.target.closest("[data-tcf]") : null;
  if (!el) {
    return;
  }
  event.preventDefault();
  const what = el.getAttribute("data-tcf");
  if (what === "accept" || what === "reject") {
    choose(what);
  } else if (what === "reopen") {
    banner.hidden = false;
    signal(readCookie(TC_COOKIE) || "", true);
  }
});

// --- page load ---

let stored = readCookie(TC_COOKIE);
const choice = readCookie(CHOICE_COOKIE);
if (choice && stored) {
  signal(stored, false);
  if (choice === "accept") {
    loadGtag();
  }
} else {
  if (!stored && opt("on-load", "") === "all") {
    stored = encode("all"); // the bug: consent recorded before the user chose
    writeCookie(TC_COOKIE, stored);
  }
  signal(stored || "", !stored); // a stored string: tcloaded; none: cmpuishown
  banner.hidden = false;
}
requestAd(stored);
document.documentElement.setAttribute("data-cmp-ready", "true");
