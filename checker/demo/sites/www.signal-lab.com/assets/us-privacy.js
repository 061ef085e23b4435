/* Signal Lab: US privacy signals for gpc-honoured.html and gpc-ignored.html (a module; written for the demo).
   <body data-us-region="always|gpc" data-us-gpc="honour|ignore">:
     data-us-region  always: every visitor is a US visitor; gpc: only a visitor whose browser sends Global
                     Privacy Control (navigator.globalPrivacyControl === true); others get the EU banner of
                     assets/signal-lab.js and nothing here runs
     data-us-gpc     honour: GPC is an opt-out of sale, sharing and targeted advertising; ignore: it is not
   For a US visitor it
   - answers __uspapi('getUSPData', 1, cb) (a hand-written CCPA API) with the US privacy string "1YNN"
     (version 1, notice given, not opted out of sale, not an LSPA-covered transaction), or "1YYN" (opted out)
     when GPC is honoured and on, and writes it to the first-party cookie usprivacy (1 year);
   - runs the GPP API of @iabgpp/cmpapi (CmpApi, cmpId 350, cmpVersion 1) with one applicable section, usnat
     (id 7): SharingNotice, SaleOptOutNotice, SharingOptOutNotice, TargetedAdvertisingOptOutNotice 1 (given),
     SaleOptOut, SharingOptOut, TargetedAdvertisingOptOut 1 (opted out) when GPC is honoured and on, else 2
     (not opted out), MspaCoveredTransaction 2 (no), Gpc as the browser sends it; signalStatus ready;
   - unless opted out, loads the ad pixel (pixel.adtech-demo.net/px.gif, cookie px_uid) and the identity sync
     (sync.adtech-demo.net/sync, cookie sync_uid), each with us_privacy, gpp and gpp_sid=7 in its query. */
import { CmpApi, CmpStatus, CmpDisplayStatus, SignalStatus } from "@iabgpp/cmpapi";

const CMP_ID = 350;
const CMP_VERSION = 1;
const body = document.body;
const gpc = navigator.globalPrivacyControl === true;
const region = body.getAttribute("data-us-region") || "always";

if (region === "always" || (region === "gpc" && gpc)) {
  const optedOut = gpc && body.getAttribute("data-us-gpc") === "honour";
  const uspString = optedOut ? "1YYN" : "1YNN";

  window.__uspapi = function (command, version, callback) {
    if (command === "getUSPData" && version === 1 && typeof callback === "function") {
      callback({ version: 1, uspString: uspString }, true);
    } else if (typeof callback === "function") {
      callback(null, false);
    }
  };
  document.cookie = "usprivacy=" + uspString + "; max-age=31536000; path=/; SameSite=Lax; Secure";

  const cmpApi = new CmpApi(CMP_ID, CMP_VERSION);
  const choice = optedOut ? 1 : 2;
  const fields = {
    SharingNotice: 1,
    SaleOptOutNotice: 1,
    SharingOptOutNotice: 1,
    TargetedAdvertisingOptOutNotice: 1,
    SaleOptOut: choice,
    SharingOptOut: choice,
    TargetedAdvertisingOptOut: choice,
    MspaCoveredTransaction: 2,
    Gpc: gpc,
  };
  for (const [name, value] of Object.entries(fields)) {
    cmpApi.setFieldValue("usnat", name, value);
  }
  cmpApi.setSupportedAPIs(["7:usnat"]);
  cmpApi.setApplicableSections([7]);
  cmpApi.setCmpStatus(CmpStatus.LOADED);
  cmpApi.setCmpDisplayStatus(CmpDisplayStatus.HIDDEN);
  cmpApi.setSignalStatus(SignalStatus.READY);
  cmpApi.fireSectionChange("usnat");
  const gppString = cmpApi.getGppString();
  document.documentElement.setAttribute("data-sl-us", uspString);

  if (!optedOut) {
    const query = "?us_privacy=" + uspString + "&gpp=" + encodeURIComponent(gppString) + "&gpp_sid=7";
    new Image(1, 1).src = "https://pixel.adtech-demo.net/px.gif" + query;
    new Image(1, 1).src = "https://sync.adtech-demo.net/sync" + query;
  }
}
