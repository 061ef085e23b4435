// consent-checker: in-page consent banner detector, evaluated in every frame (self-contained).
// Called as a function with {recipes: [{id, selectors, scripts, globals, first_layer}]}; returns JSON:
// {url, top, probe: {<recipe id>: {selectors, scripts, globals, first_layer}}, candidates: [...]}.
// With {mark: TOKEN} it only marks every control visible now as seen (data-cc-seen=TOKEN) and returns
// {url, top, marked}; later scans report each control's mark as `seen`, so a layer opened after the
// marking can be told from what was already on screen.
(opts) => {
  opts = opts || {};
  const STAMP = "data-cc-id";
  const SEEN = "data-cc-seen";
  const MAX_CONTROL_TEXT = 80;
  const MAX_CONTAINER_TEXT = 6000;

  // ---- lexicon (normalised: lower case, no diacritics, punctuation as spaces) ----
  const LEX = {
    accept: [
      "accept all", "accept all cookies", "accept cookies", "accept", "accept and close", "accept & close",
      "accept and continue", "agree", "i agree", "agree and close", "agree to all", "agree and continue",
      "allow all", "allow all cookies", "allow cookies", "allow", "i accept", "yes i agree", "ok", "okay",
      "got it", "i understand", "understood", "consent", "continue with cookies",
      "tout accepter", "accepter tout", "accepter", "accepter et fermer", "accepter et continuer",
      "j'accepte", "j accepte", "ok pour moi", "autoriser tout", "tout autoriser", "d'accord", "accepter les cookies",
      "alle akzeptieren", "alles akzeptieren", "akzeptieren", "zustimmen", "alle zulassen", "alle erlauben",
      "allen zustimmen", "akzeptieren und schliessen", "einverstanden", "ich stimme zu", "alle cookies akzeptieren",
      "aceptar todo", "aceptar todas", "aceptar", "aceptar y cerrar", "acepto", "permitir todas",
      "aceptar cookies", "aceptar todas las cookies", "de acuerdo", "estoy de acuerdo",
      "accetta tutto", "accetta tutti", "accetta", "accetto", "accetta e chiudi", "acconsento", "consenti tutti",
      "accetta tutti i cookie",
      "alles accepteren", "alle cookies accepteren", "accepteren", "akkoord", "ik ga akkoord", "alles toestaan",
      "toestaan", "accepteer", "accepteer alles",
      "aceitar tudo", "aceitar todos", "aceitar", "aceito", "concordo", "permitir todos", "aceitar e fechar",
      "aceitar todos os cookies", "permitir tudo",
    ],
    reject: [
      "reject all", "reject all cookies", "reject", "reject cookies", "reject optional cookies", "decline",
      "decline all", "decline cookies", "refuse", "refuse all", "deny", "deny all", "only necessary",
      "only necessary cookies", "necessary only", "necessary cookies only", "use necessary cookies only",
      "only essential", "only essential cookies", "essential only", "essential cookies only", "strictly necessary only",
      "continue without accepting", "continue without agreeing", "disagree", "i disagree", "disagree to all",
      "do not accept", "don't accept", "i do not accept", "do not agree", "i do not agree", "no thanks",
      "accept only necessary", "accept only essential", "accept necessary cookies", "allow necessary",
      "allow only necessary", "allow essential cookies only", "only required", "required only", "reject and close",
      "tout refuser", "refuser tout", "refuser", "refuser et fermer", "continuer sans accepter",
      "je refuse", "non merci", "uniquement les cookies necessaires", "cookies necessaires uniquement",
      "refuser les cookies", "rejeter", "tout rejeter",
      "alle ablehnen", "ablehnen", "nur notwendige", "nur notwendige cookies", "nur essenzielle",
      "nur essenzielle cookies", "nur erforderliche", "nur erforderliche cookies", "nur notwendige cookies akzeptieren",
      "weiter ohne einwilligung", "ohne zustimmung fortfahren", "nicht zustimmen", "alle verweigern", "verweigern",
      "nur technisch notwendige", "nur notwendige zulassen", "nur funktionale cookies",
      "rechazar todo", "rechazar todas", "rechazar", "solo necesarias", "solo las necesarias", "solo cookies necesarias",
      "continuar sin aceptar", "no acepto", "denegar", "rechazar cookies", "rechazar y cerrar",
      "rifiuta tutto", "rifiuta tutti", "rifiuta", "rifiuto", "solo necessari", "solo cookie necessari",
      "continua senza accettare", "non accetto", "nega", "rifiuta e chiudi", "solo i necessari",
      "alles weigeren", "weigeren", "alleen noodzakelijk", "alleen noodzakelijke cookies", "niet akkoord",
      "alles afwijzen", "afwijzen", "weiger", "doorgaan zonder te accepteren", "alleen functionele cookies",
      "rejeitar tudo", "rejeitar todos", "rejeitar", "apenas necessarios", "apenas os necessarios",
      "apenas cookies necessarios", "recusar", "recusar tudo", "continuar sem aceitar", "nao aceito",
      "somente necessarios",
    ],
    settings: [
      "settings", "cookie settings", "cookies settings", "manage", "manage cookies", "manage settings",
      "manage options", "manage preferences", "manage choices", "customise", "customize", "customise cookies",
      "customize cookies", "customise settings", "preferences", "cookie preferences", "more options", "options",
      "set preferences", "show purposes", "configure", "privacy settings", "change settings", "let me choose",
      "personnaliser", "parametrer", "parametres", "gerer", "gerer les cookies", "gerer mes choix",
      "gerer les preferences", "parametres des cookies", "plus d'options", "choisir",
      "einstellungen", "cookie einstellungen", "anpassen", "verwalten", "optionen", "weitere optionen",
      "einstellungen verwalten", "individuelle einstellungen", "praferenzen", "auswahl anpassen",
      "configurar", "configuracion", "personalizar", "gestionar", "ajustes", "preferencias", "mas opciones",
      "configurar cookies", "gestionar cookies",
      "personalizza", "impostazioni", "gestisci", "preferenze", "gestisci preferenze", "opzioni", "piu opzioni",
      "impostazioni cookie",
      "instellingen", "cookie instellingen", "aanpassen", "beheren", "voorkeuren", "meer opties",
      "instellingen beheren",
      "gerir", "gerir preferencias", "definicoes", "configuracoes", "personalizar", "preferencias", "mais opcoes",
      "gerenciar", "gerenciar cookies", "gerir cookies",
    ],
    save: [
      "save", "save settings", "save preferences", "save my choices", "save choices", "save and exit",
      "save & exit", "save and close", "confirm choices", "confirm my choices", "confirm", "confirm selection",
      "accept selection", "accept selected", "allow selection", "allow selected", "submit preferences",
      "enregistrer", "enregistrer mes choix", "enregistrer et fermer", "valider", "valider mes choix",
      "confirmer mes choix", "confirmer", "accepter la selection",
      "speichern", "auswahl speichern", "einstellungen speichern", "auswahl bestatigen", "bestatigen",
      "auswahl erlauben", "auswahl akzeptieren", "speichern und schliessen",
      "guardar", "guardar configuracion", "guardar preferencias", "guardar y salir", "confirmar",
      "confirmar seleccion", "aceptar seleccion", "permitir seleccion",
      "salva", "salva impostazioni", "salva e esci", "salva e chiudi", "conferma", "conferma scelte",
      "accetta selezionati", "salva preferenze",
      "opslaan", "keuze opslaan", "voorkeuren opslaan", "instellingen opslaan", "bevestigen", "selectie toestaan",
      "guardar definicoes", "salvar", "salvar preferencias", "confirmar escolhas", "confirmar selecao",
      "aceitar selecao", "permitir selecao",
    ],
    policy: [
      "cookie policy", "privacy policy", "privacy notice", "cookie notice", "privacy statement", "imprint",
      "politique de cookies", "politique cookies", "politique de confidentialite", "mentions legales",
      "datenschutzerklarung", "datenschutz", "cookie richtlinie", "cookie richtlinien", "impressum",
      "politica de cookies", "politica de privacidad", "aviso legal", "politica de privacidade",
      "informativa cookie", "cookie policy completa", "informativa privacy", "privacyverklaring",
      "cookiebeleid", "privacybeleid",
    ],
    // Dismissals: a reject only on a container that talks about cookies or consent (never a newsletter's).
    dismiss: ["no thanks", "non merci"],
    // Weak phrases: only used when nothing stronger of the same kind is on the banner.
    weak: [
      "ok", "okay", "got it", "i understand", "understood", "consent", "d'accord", "de acuerdo", "options",
      "choisir", "opzioni", "optionen", "confirm", "confirmar", "conferma", "bevestigen", "confirmer",
      "manage", "allow", "nega", "weiger",
    ],
    // Settings buttons that are often "read more" (careful: a button only, never a navigating link).
    learnMore: [
      "learn more", "more information", "more info", "read more", "en savoir plus", "plus d'informations",
      "mehr erfahren", "mehr informationen", "weitere informationen", "mas informacion", "saber mas",
      "scopri di piu", "maggiori informazioni", "ulteriori informazioni", "meer informatie", "lees meer",
      "saber mais", "mais informacoes",
    ],
  };
  const CONSENT_WORDS = [
    "cookie", "cookies", "consent", "consents", "privacy", "tracking", "trackers", "gdpr", "personal data",
    "partners", "vendors", "personalised ads", "personalized ads",
    "consentement", "traceurs", "vie privee", "donnees personnelles", "partenaires", "rgpd",
    "einwilligung", "datenschutz", "zustimmung", "dsgvo", "personenbezogene daten",
    "consentimiento", "privacidad", "datos personales", "socios", "rgpd",
    "consenso", "riservatezza", "dati personali", "partner",
    "toestemming", "privacy", "persoonsgegevens", "partners",
    "consentimento", "privacidade", "dados pessoais", "parceiros",
  ];
  // Narrower than CONSENT_WORDS ("privacy", "partners" and "personal data" are in any newsletter popup).
  const COOKIE_WORDS = [
    "cookie", "cookies", "consent", "consents", "tracking", "trackers", "consentement", "traceurs",
    "einwilligung", "consentimiento", "consenso", "toestemming", "consentimento",
  ];
  const ALL_WORDS = new Set(["all", "alle", "alles", "tout", "tous", "toutes", "todo", "todas", "todos", "tutto",
    "tutti", "tudo", "everything", "allen"]);
  const CONTROL_SEL = "button, [role=button], input[type=button], input[type=submit], a";
  const TOGGLE_SEL = "input[type=checkbox], [role=switch], [role=checkbox]";
  const HINT_RE = /cookie|consent|gdpr|privacy|cmp|didomi|onetrust|cybot|usercentrics|qc-cmp|sp_message|truste|iubenda|osano|cky-|cmplz|axeptio|tarteaucitron|banner/i;

  const norm = (s) => String(s || "").replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[’‘`´]/g, "'").replace(/[^a-z0-9']+/g, " ").replace(/\s+/g, " ").trim();
  const squash = (s) => String(s || "").replace(/\s+/g, " ").trim();
  const prep = (list) => Array.from(new Set(list.map(norm)));
  const PHR = {};
  for (const k of ["accept", "reject", "settings", "save", "policy"]) PHR[k] = prep(LEX[k]);
  const WEAK = new Set(prep(LEX.weak));
  const DISMISS = new Set(prep(LEX.dismiss));
  const COOKIE = prep(COOKIE_WORDS);
  const LEARN = prep(LEX.learnMore);
  const CONSENT = prep(CONSENT_WORDS);

  const containsWhole = (text, phrase) => {
    let i = text.indexOf(phrase);
    while (i !== -1) {
      const before = i === 0 ? " " : text[i - 1];
      const afterIdx = i + phrase.length;
      const after = afterIdx >= text.length ? " " : text[afterIdx];
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
      i = text.indexOf(phrase, i + 1);
    }
    return false;
  };
  const mentionsConsent = (t) => CONSENT.some((w) => containsWhole(t, w));
  const talksCookies = (t) => COOKIE.some((w) => containsWhole(t, w));

  // Exact match beats whole-phrase containment; a longer phrase beats a shorter one, across kinds.
  const classify = (raw) => {
    const t = norm(raw);
    if (!t || t.length > MAX_CONTROL_TEXT) return null;
    let best = null;
    for (const kind of ["accept", "reject", "settings", "save", "policy"]) {
      for (const p of PHR[kind]) {
        let score;
        if (t === p) score = 1000 + p.length;
        else if (containsWhole(t, p)) score = 500 + p.length;
        else continue;
        if (!best || score > best.score) best = { kind, score, phrase: p, exact: t === p };
      }
    }
    if (!best) {
      for (const p of LEARN) {
        if (t === p || containsWhole(t, p)) {
          return { kind: "settings", score: 100 + p.length, phrase: p, weak: true, exact: t === p };
        }
      }
      return null;
    }
    best.weak = WEAK.has(best.phrase);
    best.dismiss = best.kind === "reject" && DISMISS.has(best.phrase);
    if (best.weak) best.score -= 400;
    if (best.phrase.split(" ").some((w) => ALL_WORDS.has(w))) best.score += 50;
    return best;
  };

  // ---- DOM helpers (open shadow roots included) ----
  const roots = [document];
  const collectRoots = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    let n = walker.nextNode();
    while (n) {
      if (n.shadowRoot) {
        roots.push(n.shadowRoot);
        collectRoots(n.shadowRoot);
      }
      n = walker.nextNode();
    }
  };
  collectRoots(document);
  const deepAll = (sel, within) => {
    const out = [];
    const scopes = within ? rootsUnder(within) : roots;
    for (const r of scopes) {
      try {
        for (const el of r.querySelectorAll(sel)) out.push(el);
      } catch (e) {
        return out; // invalid selector: nothing matches
      }
    }
    if (within && within.matches && safeMatches(within, sel)) out.unshift(within);
    return out;
  };
  const safeMatches = (el, sel) => {
    try { return el.matches(sel); } catch (e) { return false; }
  };
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const contains = (outer, el) => {
    for (let e = el; e; e = parentOf(e)) if (e === outer) return true;
    return false;
  };
  const rootsUnder = (el) => [el, ...roots.filter((r) => r !== document && contains(el, r.host))];
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const rect = el.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return false;
    if (typeof el.checkVisibility === "function") {
      return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    }
    const st = getComputedStyle(el);
    return st.visibility !== "hidden" && st.display !== "none" && st.opacity !== "0";
  };
  let seq = window.__consentCheckerSeq || 0;
  const stamp = (el) => {
    let id = el.getAttribute(STAMP);
    if (!id) {
      seq += 1;
      id = String(seq);
      el.setAttribute(STAMP, id);
    }
    return Number(id);
  };
  const cssEsc = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s);
  // Readable path for the evidence (" >>> " marks a shadow-root hop).
  const pathOf = (el) => {
    const parts = [];
    let seg = [];
    for (let e = el; e; ) {
      if (e.id && !/\d{4,}/.test(e.id)) {
        seg.unshift(`${e.localName}#${cssEsc(e.id)}`);
      } else {
        let sel = e.localName;
        const parent = e.parentElement;
        if (parent) {
          const same = Array.from(parent.children).filter((c) => c.localName === e.localName);
          if (same.length > 1) sel += `:nth-of-type(${same.indexOf(e) + 1})`;
        }
        seg.unshift(sel);
      }
      if (e.id && !/\d{4,}/.test(e.id)) {
        // an id is good enough within its root: jump to the host, if any
        const root = e.getRootNode();
        parts.unshift(seg.join(" > "));
        seg = [];
        e = root.host || null;
        continue;
      }
      if (e.parentElement) {
        e = e.parentElement;
      } else {
        const root = e.getRootNode();
        parts.unshift(seg.join(" > "));
        seg = [];
        e = root.host || null;
      }
    }
    if (seg.length) parts.unshift(seg.join(" > "));
    return parts.filter((p) => p && p !== "html").join(" >>> ");
  };

  const accessibleTexts = (el) => {
    const texts = [];
    const inner = el.localName === "input" ? "" : squash(el.innerText || el.textContent);
    if (inner) texts.push(inner);
    for (const attr of ["aria-label", "value", "title"]) {
      const v = squash(el.getAttribute(attr));
      if (v) texts.push(v);
    }
    return texts;
  };
  const navigatingLink = (el) => {
    if (el.localName !== "a" || el.getAttribute("role") === "button") return false;
    const href = (el.getAttribute("href") || "").trim();
    return !(href === "" || href.startsWith("#") || /^javascript:/i.test(href));
  };
  // A link that navigates is a consent control only when its text is exactly a strong consent phrase
  // (a server-side "Reject all" such as <a href="/consent?choice=reject">); anything else that navigates
  // ("Cookie policy", "Learn more", "How to reject cookies", "OK") goes to a policy and is never clicked.
  const describeControl = (el) => {
    const texts = accessibleTexts(el);
    const text = texts[0] || "";
    const link = navigatingLink(el);
    const policy = { kind: "policy", score: 0, text, link };
    let best = null;
    for (const t of texts) {
      const c = classify(t);
      if (!c) continue;
      if (link && (c.kind === "policy" || c.weak || !c.exact)) return policy;
      if (!best || c.score > best.score) best = { ...c, text: t };
    }
    if (!best) return link ? policy : { kind: "other", score: 0, text, link };
    return {
      kind: best.kind,
      score: best.score,
      text,
      label: best.text,
      weak: !!best.weak,
      dismiss: !!best.dismiss,
      link,
    };
  };

  const isOverlay = (el) => {
    if (el.localName === "dialog" && el.open) return true;
    const role = el.getAttribute("role");
    if (role === "dialog" || role === "alertdialog" || el.getAttribute("aria-modal") === "true") return true;
    const st = getComputedStyle(el);
    if (st.position === "fixed" || st.position === "sticky") return true;
    const z = parseInt(st.zIndex, 10);
    return st.position === "absolute" && z >= 100;
  };
  const isTop = window.top === window;
  // Text outside controls: a footer's "Cookie policy" link alone does not make a consent banner.
  const ownText = (el) => {
    const parts = [];
    for (const r of rootsUnder(el)) {
      const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const p = n.parentElement;
        if (!p || /^(script|style|noscript|template)$/.test(p.localName) || p.closest(CONTROL_SEL)) continue;
        parts.push(n.data);
      }
    }
    return norm(parts.join(" "));
  };

  // From a consent control, find its banner container: the nearest overlay ancestor that talks about
  // cookies, else the largest ancestor that does while staying banner-sized.
  const containerOf = (el) => {
    let textual = null;
    for (let e = parentOf(el); e && e !== document.documentElement; e = parentOf(e)) {
      if (e === document.body && isTop) break;
      const txt = norm(e.innerText || "");
      if (txt.length > MAX_CONTAINER_TEXT) break;
      const talks = mentionsConsent(ownText(e));
      if (talks && isOverlay(e)) return e;
      if (talks && txt.length <= 2500) textual = e;
    }
    return textual;
  };

  // ---- seen marks (before a settings click) ----
  if (opts.mark) {
    let marked = 0;
    for (const el of deepAll(CONTROL_SEL)) {
      if (!visible(el)) continue;
      el.setAttribute(SEEN, String(opts.mark));
      marked += 1;
    }
    return { url: location.href, top: window.top === window, marked };
  }

  // ---- recipe probe ----
  const probe = {};
  const scriptHosts = [];
  for (const s of document.scripts) {
    try {
      if (s.src) scriptHosts.push(new URL(s.src, location.href).hostname);
    } catch (e) { /* ignore */ }
  }
  scriptHosts.push(location.hostname);
  const hostMatches = (host, suffix) => host === suffix || host.endsWith("." + suffix);
  const globalDefined = (path) => {
    let o = window;
    for (const part of path.split(".")) {
      try {
        if (o === null || o === undefined || !(part in Object(o))) return false;
        o = o[part];
      } catch (e) {
        return false;
      }
    }
    return o !== undefined;
  };
  for (const r of opts.recipes || []) {
    const firstLayer = (r.first_layer || []).find((sel) => deepAll(sel).some(visible)) || null;
    probe[r.id] = {
      selectors: (r.selectors || []).some((sel) => deepAll(sel).some(visible)),
      scripts: (r.scripts || []).some((suf) => scriptHosts.some((h) => hostMatches(h, suf))),
      globals: (r.globals || []).some(globalDefined),
      first_layer: firstLayer,
    };
  }

  // ---- generic candidates ----
  const containers = new Map(); // element -> reason
  for (const el of deepAll(CONTROL_SEL)) {
    const tc = squash(el.textContent);
    if (tc.length > 200 && !el.getAttribute("aria-label")) continue;
    const d = describeControl(el);
    if (!["accept", "reject", "settings", "save"].includes(d.kind) || !visible(el)) continue;
    const c = containerOf(el);
    if (c && !containers.has(c)) containers.set(c, "control");
  }
  for (const el of deepAll("dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true], [id], [class]")) {
    if (el.localName !== "dialog" && !el.getAttribute("role") && !el.getAttribute("aria-modal")) {
      const hint = `${el.id} ${typeof el.className === "string" ? el.className : ""}`;
      if (!HINT_RE.test(hint)) continue;
    }
    if (containers.has(el) || !visible(el)) continue;
    const txt = norm(el.innerText || "");
    if (txt.length === 0 || txt.length > MAX_CONTAINER_TEXT || !mentionsConsent(ownText(el))) continue;
    if (!isOverlay(el) && !el.getAttribute("role") && el.localName !== "dialog") continue;
    containers.set(el, "overlay");
  }
  // Keep only the outermost of nested containers.
  const list = Array.from(containers.keys()).filter(
    (c) => !Array.from(containers.keys()).some((o) => o !== c && contains(o, c)),
  );

  const candidates = [];
  for (const c of list) {
    if (!visible(c)) continue;
    const controls = [];
    const best = { accept: null, reject: null, settings: null, save: null };
    const bestScore = {};
    const bestLink = {};
    const cookieTalk = talksCookies(ownText(c));
    for (const el of deepAll(CONTROL_SEL, c)) {
      if (!visible(el)) continue;
      const d = describeControl(el);
      // "No thanks" on a newsletter or notifications popup is not a consent refusal.
      if (d.dismiss && !cookieTalk) d.kind = "other";
      const ctl = {
        id: stamp(el),
        kind: d.kind,
        text: d.text.slice(0, 120),
        label: (d.label || d.text).slice(0, 120),
        score: d.score,
        weak: !!d.weak,
        dismiss: !!d.dismiss,
        link: !!d.link,
        seen: el.getAttribute(SEEN),
        tag: el.localName,
        href: el.localName === "a" ? el.getAttribute("href") : null,
        selector: pathOf(el),
      };
      controls.push(ctl);
      if (!(ctl.kind in best)) continue;
      // At equal score an in-page control beats a navigating link.
      const prev = bestScore[ctl.kind];
      if (prev === undefined || ctl.score > prev || (ctl.score === prev && bestLink[ctl.kind] && !ctl.link)) {
        best[ctl.kind] = ctl.id;
        bestScore[ctl.kind] = ctl.score;
        bestLink[ctl.kind] = ctl.link;
      }
    }
    const toggles = [];
    for (const el of deepAll(TOGGLE_SEL, c)) {
      const checked = el.localName === "input" ? el.checked : el.getAttribute("aria-checked") === "true";
      const disabled = el.disabled === true || el.getAttribute("aria-disabled") === "true";
      let label = squash(el.getAttribute("aria-label"));
      if (!label && el.labels && el.labels.length) label = squash(el.labels[0].innerText);
      if (!label && el.id) {
        const lab = el.getRootNode().querySelector(`label[for="${cssEsc(el.id)}"]`);
        if (lab) label = squash(lab.innerText);
      }
      if (!label) label = squash(el.closest("label, li, tr, div") ? el.closest("label, li, tr, div").innerText : "");
      toggles.push({ id: stamp(el), label: label.slice(0, 80), checked, disabled, selector: pathOf(el) });
    }
    const text = squash(c.innerText || "");
    const overlay = isOverlay(c);
    const strong = controls.some((x) => (x.kind === "accept" || x.kind === "reject") && !x.weak);
    if (!overlay && !strong) continue; // an "OK" button in page content is not a consent banner
    const talks = mentionsConsent(ownText(c));
    let score = 0;
    if (talks) score += 10;
    if (overlay) score += 3;
    for (const k of ["accept", "reject"]) if (best[k] !== null) score += bestScore[k] > 700 ? 5 : 2;
    if (best.settings !== null) score += 2;
    if (best.save !== null) score += 1;
    const rect = c.getBoundingClientRect();
    candidates.push({
      id: stamp(c),
      selector: pathOf(c),
      text: text.slice(0, 300),
      overlay,
      mentions_consent: talks,
      talks_cookies: cookieTalk,
      score,
      rect: { x: Math.round(rect.x), y: Math.round(rect.y), w: Math.round(rect.width), h: Math.round(rect.height) },
      best,
      controls,
      toggles,
    });
  }
  window.__consentCheckerSeq = seq;
  candidates.sort((a, b) => b.score - a.score);
  return { url: location.href, top: isTop, probe, candidates: candidates.slice(0, 5) };
}
