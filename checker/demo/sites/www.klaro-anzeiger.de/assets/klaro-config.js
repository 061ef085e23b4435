/* Klaro (npm klaro@0.7.22) configuration of the Klaro Anzeiger corpus page (German).
   The wording is the site's own (translations override Klaro's defaults); unlike the English Klaro page,
   this one says "Cookies" and "Einwilligung". */
window.klaroConfig = {
  version: 1,
  elementID: "klaro",
  lang: "de",
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
    zz: { privacyPolicyUrl: "/datenschutz" },
    de: {
      consentNotice: {
        title: "Cookie-Einstellungen",
        description:
          "Wir und unsere Partner verwenden Cookies und verarbeiten personenbezogene Daten f\u00fcr folgende " +
          "Zwecke: {purposes}. Ihre Einwilligung k\u00f6nnen Sie jederzeit unter \u201eCookie-Einstellungen\u201c " +
          "am Ende jeder Seite widerrufen.",
        learnMore: "Einstellungen",
        changeDescription: "Seit Ihrem letzten Besuch gab es \u00c4nderungen, bitte erneuern Sie Ihre Einwilligung.",
      },
      consentModal: {
        title: "Cookie-Einstellungen",
        description:
          "Hier legen Sie fest, f\u00fcr welche Zwecke wir und unsere Partner Cookies setzen und " +
          "personenbezogene Daten verarbeiten d\u00fcrfen.",
      },
      ok: "Alle akzeptieren",
      decline: "Nur notwendige",
      acceptAll: "Alle akzeptieren",
      acceptSelected: "Auswahl speichern",
      save: "Speichern",
      close: "Schlie\u00dfen",
      privacyPolicy: { name: "Datenschutzerkl\u00e4rung", text: "Mehr dazu in unserer {privacyPolicy}." },
      purposes: {
        analytics: {
          title: "Reichweitenmessung",
          description: "Besuche z\u00e4hlen und messen, welche Artikel gelesen werden.",
        },
      },
      analytics: {
        title: "Google Analytics",
        description: "Reichweitenmessung durch unseren Partner Google (www.google-analytics.com).",
      },
    },
  },
  services: [
    {
      name: "analytics",
      title: "Google Analytics",
      purposes: ["analytics"],
      cookies: [[/^_ga(_.*)?$/, "/", ".klaro-anzeiger.de"], ["_gid", "/", ".klaro-anzeiger.de"]],
      required: false,
      optOut: false,
      onlyOnce: true,
    },
  ],
};
