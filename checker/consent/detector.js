// consent-checker: in-page consent banner detector, evaluated in every frame (self-contained).
// Called as a function with {recipes: [{id, selectors, scripts, globals, first_layer}], lexicon: {...}}
// (the phrase lists of rules/lexicon, merged); returns JSON shaped as checker/consent/shapes.py says:
// {url, top, probe: {<recipe id>: {selectors, scripts, globals, first_layer}}, candidates: [...],
// closed_shadow: [...]}. With {mark: TOKEN} it only marks every control visible now as seen
// (data-cc-seen=TOKEN) and returns {url, top, marked}; later scans report each control's mark as `seen`,
// so a layer opened after the marking can be told from what was already on screen. With {reopen: true}
// it returns {url, top, reopeners: [...]}: the controls that reopen a consent choice.
(opts) => {
  opts = opts || {};
  const STAMP = "data-consent-checker-id"; // our own: a page's attributes are never trusted as stamps
  const SEEN = "data-cc-seen";
  const MAX_CONTROL_TEXT = 80;
  const MAX_CONTAINER_TEXT = 6000;

  // ---- lexicon: phrase lists from rules/lexicon/*.yaml, merged over every language by the caller ----
  const LEX = opts.lexicon || {};
  const words = (key) => (Array.isArray(LEX[key]) ? LEX[key] : []);
  const CONTROL_SEL = "button, [role=button], input[type=button], input[type=submit], a";
  const TOGGLE_SEL = "input[type=checkbox], [role=switch], [role=checkbox]";
  const HINT_RE = /cookie|consent|gdpr|privacy|cmp|didomi|onetrust|cybot|usercentrics|qc-cmp|sp_message|truste|iubenda|osano|cky-|cmplz|axeptio|tarteaucitron|banner/i;

  const norm = (s) => String(s || "").replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[’‘`´]/g, "'").replace(/[^\p{L}\p{N}']+/gu, " ").replace(/\s+/g, " ").trim();
  const squash = (s) => String(s || "").replace(/\s+/g, " ").trim();
  // Spread, not Array.from: old libraries (MooTools, Prototype.js) replace Array.from with their own.
  const prep = (list) => [...new Set(list.map(norm))].filter((p) => p);
  const PHR = {};
  for (const k of ["accept", "reject", "settings", "save", "policy"]) PHR[k] = prep(words(k));
  const WEAK = new Set(prep(words("weak")));
  const DISMISS = new Set(prep(words("dismiss")));
  const COOKIE = prep(words("cookie_words"));
  const LEARN = prep(words("learn_more"));
  const CONSENT = prep(words("consent_words"));
  const WITHDRAW = prep(words("withdraw"));
  const ALL_WORDS = new Set(prep(words("all_words")));

  const containsWhole = (text, phrase) => {
    let i = text.indexOf(phrase);
    while (i !== -1) {
      const before = i === 0 ? " " : text[i - 1];
      const afterIdx = i + phrase.length;
      const after = afterIdx >= text.length ? " " : text[afterIdx];
      if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
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
    if (!id || !/^[1-9][0-9]{0,8}$/.test(id)) {
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
          const same = [...parent.children].filter((c) => c.localName === e.localName);
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
    for (const attr of ["aria-label", "value", "title", "alt"]) {
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

  // Structure that consent banners share: a dialog, a modal, or a fixed / sticky / stacked layer.
  const structureOf = (el) => {
    const st = getComputedStyle(el);
    const role = el.getAttribute("role");
    const rect = el.getBoundingClientRect();
    const z = parseInt(st.zIndex, 10);
    const fixed = st.position === "fixed" || st.position === "sticky";
    return {
      dialog: (el.localName === "dialog" && el.open) || role === "dialog" || role === "alertdialog",
      modal: el.getAttribute("aria-modal") === "true",
      fixed,
      bottom_bar: fixed && rect.width >= 0.6 * innerWidth && rect.bottom >= innerHeight - 4,
      high_z: Number.isFinite(z) && z >= 1000,
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
  // What the controls say only in title / aria-label / alt (one-word buttons whose tooltip explains).
  const controlHints = (el) => {
    const parts = [];
    for (const c of deepAll(`${CONTROL_SEL}, img[alt], [title]`, el)) {
      for (const attr of ["title", "aria-label", "alt"]) {
        const v = c.getAttribute(attr);
        if (v) parts.push(v);
      }
    }
    return norm(parts.join(" "));
  };
  const talksConsent = (el) => mentionsConsent(ownText(el)) || mentionsConsent(controlHints(el));
  const TOKEN_RE = /(^|[^a-z])(consent|cookie|cookies|gdpr|privacy|cmp|banner|notice)([^a-z]|$)/i;
  const hintOf = (el) => `${el.id || ""} ${typeof el.className === "string" ? el.className : ""}`;
  const hasToken = (el) => TOKEN_RE.test(hintOf(el).replace(/[_-]/g, " ")) || HINT_RE.test(hintOf(el));

  // From a consent control, find its banner container: the nearest overlay ancestor that talks about
  // consent, else the largest ancestor that does while staying banner-sized.
  const containerOf = (el) => {
    let textual = null;
    for (let e = parentOf(el); e && e !== document.documentElement; e = parentOf(e)) {
      if (e === document.body && isTop) break;
      const txt = norm(e.innerText || "");
      if (txt.length > MAX_CONTAINER_TEXT) break;
      const talks = talksConsent(e);
      if (talks && isOverlay(e)) return e;
      if (talks && txt.length <= 2500) textual = e;
    }
    return textual;
  };

  // ---- how a control looks (for the fairness findings: link vs button, size, contrast) ----
  const opaque = (c) => c && c !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(c);
  // The colour behind a control, or "" when it cannot be told (an image or gradient behind it, or no
  // opaque colour up to the root of this frame): then no contrast is judged.
  const backgroundOf = (el) => {
    for (let e = el; e; e = parentOf(e)) {
      const st = getComputedStyle(e);
      if (st.backgroundImage && st.backgroundImage !== "none") return "";
      if (opaque(st.backgroundColor)) return st.backgroundColor;
    }
    return isTop ? "rgb(255, 255, 255)" : "";
  };
  const styleOf = (el) => {
    const st = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const border = ["Top", "Right", "Bottom", "Left"].some(
      (s) => parseFloat(st[`border${s}Width`]) > 0 && st[`border${s}Style`] !== "none" && opaque(st[`border${s}Color`]),
    );
    return {
      w: Math.round(rect.width),
      h: Math.round(rect.height),
      font_px: parseFloat(st.fontSize) || 0,
      font_weight: parseInt(st.fontWeight, 10) || 400,
      color: st.color,
      background: backgroundOf(el),
      own_background: opaque(st.backgroundColor),
      border,
      underline: /underline/.test(st.textDecorationLine || st.textDecoration || ""),
    };
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

  const controlOf = (el, d) => ({
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
    style: styleOf(el),
  });

  // ---- reopen: the way back after a choice (floating icon, footer link, the CMP's own control) ----
  if (opts.reopen) {
    const found = [];
    for (const el of deepAll(`${CONTROL_SEL}, [onclick], [data-cc], img[alt]`)) {
      if (!visible(el) || navigatingLink(el)) continue;
      const raw = accessibleTexts(el);
      const texts = raw.map(norm).filter((x) => x && x.length <= MAX_CONTROL_TEXT);
      let score = 0;
      let phrase = null;
      for (const x of texts) {
        for (const w of WITHDRAW) {
          const s = x === w ? 1000 + w.length : containsWhole(x, w) ? 500 + w.length : 0;
          if (s > score) { score = s; phrase = w; }
        }
      }
      if (!score && hasToken(el) && /reopen|revisit|floating|widget|settings|preferences|manage|icon|badge|trigger/i.test(hintOf(el))) {
        score = 300;
        phrase = hintOf(el).trim().slice(0, 80);
      }
      if (!score) continue;
      // "Cookie settings" outranks "Manage preferences" or a US "Do not sell" link: it names consent.
      if (texts.some(talksCookies)) score += 1000;
      found.push({ ...controlOf(el, { kind: "settings", score, text: raw[0] || "", label: phrase }), phrase });
    }
    found.sort((a, b) => b.score - a.score);
    window.__consentCheckerSeq = seq; // the next scan must not hand out the stamps given here again
    return { url: location.href, top: isTop, reopeners: found.slice(0, 5) };
  }

  // ---- recipe probe ----
  const probe = {};
  const scriptHosts = [];
  for (const s of document.scripts) {
    try {
      if (s.src) scriptHosts.push(new URL(s.src, location.href).hostname);
    } catch (e) { /* a malformed src names no host */ }
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
      if (!hasToken(el)) continue;
    }
    if (containers.has(el) || !visible(el)) continue;
    const txt = norm(el.innerText || "");
    if (txt.length === 0 || txt.length > MAX_CONTAINER_TEXT || !talksConsent(el)) continue;
    if (!isOverlay(el) && !el.getAttribute("role") && el.localName !== "dialog") continue;
    containers.set(el, "overlay");
  }
  // Keep only the outermost of nested containers.
  const list = [...containers.keys()].filter(
    (c) => ![...containers.keys()].some((o) => o !== c && contains(o, c)),
  );

  // A banner drawn inside a closed shadow root: the host is visible and banner-like, but nothing in
  // it can be read or clicked from the page.
  const closed = [];
  for (const el of deepAll("[id], [class]")) {
    if (el.shadowRoot || el.children.length || squash(el.innerText) || !visible(el)) continue;
    if (!/consent|cookie|gdpr|cmp/i.test(hintOf(el)) && !el.localName.includes("-")) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width < 200 || rect.height < 40 || !isOverlay(el)) continue;
    closed.push({ selector: pathOf(el), rect: { x: Math.round(rect.x), y: Math.round(rect.y), w: Math.round(rect.width), h: Math.round(rect.height) } });
  }

  const candidates = [];
  for (const c of list) {
    if (!visible(c)) continue;
    const controls = [];
    const best = { accept: null, reject: null, settings: null, save: null };
    const bestScore = {};
    const bestLink = {};
    const cookieTalk = talksCookies(ownText(c)) || talksCookies(controlHints(c));
    for (const el of deepAll(CONTROL_SEL, c)) {
      if (!visible(el)) continue;
      const d = describeControl(el);
      // "No thanks" on a newsletter or notifications popup is not a consent refusal.
      if (d.dismiss && !cookieTalk) d.kind = "other";
      const ctl = controlOf(el, d);
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
      // A switch counts when a person can see it or its label (styled switches hide the input itself).
      const wrapper = el.closest("label") || el.parentElement;
      if (!visible(el) && !(el.labels && [...el.labels].some(visible)) && !visible(wrapper)) continue;
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
    const talks = talksConsent(c);
    const structure = structureOf(c);
    const choices = controls.filter((x) => ["accept", "reject", "settings", "save"].includes(x.kind)).length;
    let score = 0;
    if (talks) score += 10;
    if (cookieTalk) score += 2;
    if (overlay) score += 3;
    if (structure.dialog || structure.modal) score += 1;
    if (structure.bottom_bar || structure.high_z) score += 1;
    if (hasToken(c)) score += 2;
    if (choices >= 2 && choices <= 4) score += 1;
    for (const k of ["accept", "reject"]) if (best[k] !== null) score += bestScore[k] > 700 ? 5 : 2;
    if (best.settings !== null) score += 2;
    if (best.save !== null) score += 1;
    const rect = c.getBoundingClientRect();
    candidates.push({
      id: stamp(c),
      selector: pathOf(c),
      text: text.slice(0, 2000),
      overlay,
      mentions_consent: talks,
      talks_cookies: cookieTalk,
      score,
      structure,
      rect: { x: Math.round(rect.x), y: Math.round(rect.y), w: Math.round(rect.width), h: Math.round(rect.height) },
      best,
      controls,
      toggles,
    });
  }
  window.__consentCheckerSeq = seq;
  candidates.sort((a, b) => b.score - a.score);
  return { url: location.href, top: isTop, probe, candidates: candidates.slice(0, 5), closed_shadow: closed.slice(0, 3) };
}
