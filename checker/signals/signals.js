// Read the consent signals a frame exposes: the TCF API (directly, or through the __tcfapiLocator frame of
// an ancestor), the GPP and US privacy APIs (asked at once), the dataLayer's consent commands,
// navigator.globalPrivacyControl, and the values of web-storage keys matching storedKeys (a regex source)
// where CMPs keep their strings. Answers the shape of checker/signals/reads.py FrameSignals; each API call
// gives up after waitMs, and each read is guarded on its own so a hostile getter loses only that read.
async ({ waitMs, storedKeys }) => {
  const errors = [];
  const note = (what, e) => {
    let text = 'error';
    try { text = String((e && e.message) || e); } catch (_) { /* an error that cannot be printed */ }
    errors.push(what + ': ' + text.slice(0, 200));
  };
  const within = (what, start) => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), waitMs);
    try {
      start((value) => { clearTimeout(timer); resolve(value); });
    } catch (e) {
      clearTimeout(timer);
      note(what, e);
      resolve(null);
    }
  });
  const str = (v) => (typeof v === 'string' ? v : null);
  const api = (name) => { try { return typeof window[name] === 'function' ? window[name] : null; } catch (e) { return null; } };

  const locatorHost = () => {
    let w = window;
    for (let depth = 0; depth < 10 && w !== window.top; depth++) {
      w = w.parent;
      try { if (w.frames['__tcfapiLocator']) return w; } catch (e) { /* not reachable */ }
    }
    return null;
  };
  const viaLocator = (host, command) => within('__tcfapiLocator', (done) => {
    const callId = 'cc-' + Math.random().toString(36).slice(2);
    const listen = (event) => {
      try {
        let data = event.data;
        if (typeof data === 'string') data = JSON.parse(data);
        const ret = data && data.__tcfapiReturn;
        if (!ret || ret.callId !== callId) return;
        window.removeEventListener('message', listen);
        done(ret.returnValue);
      } catch (e) { /* not our answer */ }
    };
    window.addEventListener('message', listen);
    host.postMessage({ __tcfapiCall: { command, version: 2, callId } }, '*');
  });
  const tcData = async () => {
    const tcfapi = api('__tcfapi');
    if (tcfapi) {
      const listened = await within('__tcfapi addEventListener', (done) => tcfapi('addEventListener', 2, (data, ok) => {
        if (ok && data) {
          try { tcfapi('removeEventListener', 2, () => {}, data.listenerId); } catch (e) { /* kept */ }
          done(data);
        }
      }));
      const answer = listened || await within('__tcfapi getTCData', (done) => tcfapi('getTCData', 2, (d, ok) => ok && done(d)));
      return answer ? { data: answer, via: 'api' } : null;
    }
    if (window === window.top) return null;
    const host = locatorHost();
    if (!host) return null;
    const answer = await viaLocator(host, 'addEventListener') || await viaLocator(host, 'getTCData');
    return answer ? { data: answer, via: 'locator' } : null;
  };
  const tcf = async () => {
    const tc = await tcData();
    if (!tc || typeof tc.data !== 'object') return null;
    return {
      string: str(tc.data.tcString) || '',
      event_status: str(tc.data.eventStatus),
      gdpr_applies: typeof tc.data.gdprApplies === 'boolean' ? tc.data.gdprApplies : null,
      via: tc.via,
    };
  };
  const gpp = async () => {
    const gppapi = api('__gpp');
    if (!gppapi) return null;
    const ping = await within('__gpp ping', (done) => gppapi('ping', (data, ok) => done(ok === false ? null : data)));
    if (!ping || typeof ping !== 'object') return null;
    const sections = Array.isArray(ping.applicableSections) ? ping.applicableSections : [];
    return {
      string: str(ping.gppString) || '',
      signal_status: str(ping.signalStatus),
      applicable_sections: sections.filter((n) => Number.isInteger(n) && n >= 0),
    };
  };
  const usp = async () => {
    const uspapi = api('__uspapi');
    if (!uspapi) return null;
    const data = await within('__uspapi', (done) => uspapi('getUSPData', 1, (d, ok) => done(ok ? d : null)));
    return data && typeof data.uspString === 'string' ? data.uspString : null;
  };
  const guarded = (what, read) => read().catch((e) => { note(what, e); return null; });

  const out = { tcf: null, gpp: null, usp: null, commands: [], gpc: null, stored: [], errors };
  [out.tcf, out.gpp, out.usp] = await Promise.all([guarded('tcf', tcf), guarded('gpp', gpp), guarded('usp', usp)]);
  try {
    const layer = Array.isArray(window.dataLayer) ? window.dataLayer : [];
    for (const entry of layer) {
      if (!entry || typeof entry !== 'object' || entry[0] !== 'consent') continue;
      const states = {};
      const given = entry[2] && typeof entry[2] === 'object' ? entry[2] : {};
      for (const [k, v] of Object.entries(given)) if (typeof v === 'string') states[k] = v;
      const region = Array.isArray(given.region) ? given.region.filter((r) => typeof r === 'string') : [];
      out.commands.push({ command: String(entry[1]), states, region });
    }
  } catch (e) {
    note('dataLayer', e);
  }
  try {
    const wanted = new RegExp(storedKeys, 'i');
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (key !== null && wanted.test(key)) out.stored.push({ key, value: String(window.localStorage.getItem(key)) });
    }
  } catch (e) { /* no storage in an opaque or sandboxed origin: nothing kept there */ }
  try {
    const gpc = navigator.globalPrivacyControl;
    out.gpc = typeof gpc === 'boolean' ? gpc : null;
  } catch (e) {
    note('navigator.globalPrivacyControl', e);
  }
  return out;
}
