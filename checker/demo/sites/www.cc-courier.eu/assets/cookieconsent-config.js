/* vanilla-cookieconsent v3 (npm vanilla-cookieconsent@3.1.0) configuration of the CC Courier corpus page.
   Two categories: necessary (read-only) and analytics, which gates the gtag tag
   (<script type="text/plain" data-category="analytics">). */
CookieConsent.run({
  revision: 0,
  // The library's default hideFromBots (true) is kept, as most sites do: it hides the modal when
  // navigator.webdriver is true, so the checker must browse without that flag (checker/launch.py).
  cookie: { name: "cc_cookie", expiresAfterDays: 182 },
  guiOptions: {
    consentModal: { layout: "box", position: "bottom right", equalWeightButtons: true, flipButtons: false },
    preferencesModal: { layout: "box", equalWeightButtons: true, flipButtons: false },
  },
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: {
      // Erased when the reader rejects analytics after accepting it (autoClearCookies is on by default).
      autoClear: { cookies: [{ name: /^_ga/ }, { name: "_gid" }] },
    },
  },
  language: {
    default: "en",
    translations: {
      en: {
        consentModal: {
          title: "We use cookies",
          description:
            "We use essential cookies to run this site and, with your consent, analytics cookies to " +
            "understand which articles our readers read. You can change your choice at any time under " +
            "\u201cCookie settings\u201d at the bottom of every page.",
          acceptAllBtn: "Accept all",
          acceptNecessaryBtn: "Reject all",
          showPreferencesBtn: "Manage preferences",
          footer: '<a href="/privacy">Privacy policy</a>',
        },
        preferencesModal: {
          title: "Cookie preferences",
          acceptAllBtn: "Accept all",
          acceptNecessaryBtn: "Reject all",
          savePreferencesBtn: "Save preferences",
          closeIconLabel: "Close",
          sections: [
            {
              title: "Your choices",
              description: "Turn each category of cookies on or off. Necessary cookies cannot be turned off.",
            },
            {
              title: "Strictly necessary",
              description: "Cookies this site needs to work (your choice on this page, for instance).",
              linkedCategory: "necessary",
            },
            {
              title: "Analytics",
              description: "Google Analytics counts visits and measures which articles are read (_ga, _gid).",
              linkedCategory: "analytics",
              cookieTable: {
                headers: { name: "Cookie", domain: "Domain", desc: "Purpose" },
                body: [
                  { name: "_ga", domain: ".cc-courier.eu", desc: "Distinguishes readers (2 years)" },
                  { name: "_gid", domain: ".cc-courier.eu", desc: "Distinguishes readers (1 day)" },
                ],
              },
            },
            {
              title: "More information",
              description: 'Read our <a href="/privacy">privacy policy</a>.',
            },
          ],
        },
      },
    },
  },
});
