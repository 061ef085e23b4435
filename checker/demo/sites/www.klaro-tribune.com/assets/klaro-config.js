/* Klaro (npm klaro@0.7.22) configuration of the Klaro Tribune corpus page.
   The wording is the site's own (translations override Klaro's defaults): the notice talks about
   personal data, purposes and partners and never says "cookie"; every button is one word. */
window.klaroConfig = {
  version: 1,
  elementID: "klaro",
  lang: "en",
  storageMethod: "cookie",
  cookieName: "klaro",
  cookieExpiresAfterDays: 180,
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  hideLearnMore: false,
  noticeAsModal: false,
  groupByPurpose: true,
  htmlTexts: false,
  styling: { theme: ["light", "bottom", "wide"] },
  translations: {
    zz: { privacyPolicyUrl: "/privacy" },
    en: {
      consentNotice: {
        title: "Your choices",
        description:
          "We and our partners process personal data, such as your IP address and device identifiers, " +
          "for the following purposes: {purposes}. You can change your choice at any time under " +
          "\u201cPrivacy settings\u201d at the bottom of every page.",
        learnMore: "Customize",
        changeDescription: "Our partners or purposes changed since your last visit: please choose again.",
      },
      consentModal: {
        title: "Purposes and partners",
        description:
          "Choose the purposes for which we and our partners may process your personal data. " +
          "You can change your choice at any time.",
      },
      ok: "Accept",
      decline: "Decline",
      acceptAll: "Accept",
      acceptSelected: "Save",
      save: "Save",
      close: "Close",
      privacyPolicy: { name: "privacy policy", text: "To learn more, please read our {privacyPolicy}." },
      purposes: {
        analytics: {
          title: "Audience measurement",
          description: "Counting visits and measuring which articles our readers read.",
        },
      },
      analytics: {
        title: "Google Analytics",
        description: "Audience measurement by our partner Google (www.google-analytics.com).",
      },
    },
  },
  services: [
    {
      name: "analytics",
      title: "Google Analytics",
      purposes: ["analytics"],
      // Deleted by Klaro when the reader withdraws (gtag writes them on the registrable domain).
      cookies: [[/^_ga(_.*)?$/, "/", ".klaro-tribune.com"], ["_gid", "/", ".klaro-tribune.com"]],
      required: false,
      optOut: false,
      onlyOnce: true,
    },
  ],
};
