// Read the consent signals a frame exposes: the TCF API (directly, or through the __tcfapiLocator frame of
// an ancestor), the GPP and US privacy APIs, the dataLayer's consent commands and navigator.globalPrivacyControl.
// Also the values of web-storage keys matching storedKeys (a regex source), where CMPs keep their strings.
// Answers the shape of checker/signals/reads.py FrameSignals; every API call gives up after waitMs.
async ({ waitMs, storedKeys }) => {
  const errors = [];
  const within = (start) => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), waitMs);
    try {
      start((value) => { clearTimeout(timer); resolve(value); });
    } catch (e) {
      clearTimeout(timer);
      errors.push(String(e && e.message || e).slice(0, 200));
      resolve(null);
    }
  });
  const str = (v) => (typeof v === 'string' ? v : null);

  const locatorHost = () => {
    let w = window;
    for (let depth = 0; depth < 10 && w !== window.top; depth++) {
      w = w.parent;
      try { if (w.frames['__tcfapiLocator']) return w; } catch (e) { /* not reachable */ }
    }
    return null;
  };
  const viaLocator = (host, command) => within((done) => {
    const callId = 'cc-' + Math.random().toString(36).slice(2);
    const listen = (event) => {
      let data = event.data;
      if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) { return; } }
      const ret = data && data.__tcfapiReturn;
      if (!ret || ret.callId !== callId) return;
      window.removeEventListener('message', listen);
      done(ret.returnValue);
    };
    window.addEventListener('message', listen);
    host.postMessage({ __tcfapiCall: { command, version: 2, callId } }, '*');
  });
  const tcData = async () => {
    if (typeof window.__tcfapi === 'function') {
      let answer = await within((done) => window.__tcfapi('addEventListener', 2, (data, ok) => {
        if (ok && data) {
          try { window.__tcfapi('removeEventListener', 2, () => {}, data.listenerId); } catch (e) { /* kept */ }
          done(data);
        }
      }));
      if (!answer) answer = await within((done) => window.__tcfapi('getTCData', 2, (d, ok) => ok && done(d)));
      return answer ? { data: answer, via: 'api' } : null;
    }
    if (window === window.top) return null;
    const host = locatorHost();
    if (!host) return null;
    const answer = await viaLocator(host, 'addEventListener') || await viaLocator(host, 'getTCData');
    return answer ? { data: answer, via: 'locator' } : null;
  };

  const out = { tcf: null, gpp: null, usp: null, commands: [], gpc: null, stored: [], errors };
  const tc = await tcData();
  if (tc && typeof tc.data === 'object') {
    out.tcf = {
      string: str(tc.data.tcString) || '',
      event_status: str(tc.data.eventStatus),
      gdpr_applies: typeof tc.data.gdprApplies === 'boolean' ? tc.data.gdprApplies : null,
      via: tc.via,
    };
  }
  if (typeof window.__gpp === 'function') {
    const ping = await within((done) => window.__gpp('ping', (data, ok) => done(ok === false ? null : data)));
    if (ping && typeof ping === 'object') {
      const sections = Array.isArray(ping.applicableSections) ? ping.applicableSections : [];
      out.gpp = {
        string: str(ping.gppString) || '',
        signal_status: str(ping.signalStatus),
        applicable_sections: sections.filter((n) => Number.isInteger(n) && n >= 0),
      };
    }
  }
  if (typeof window.__uspapi === 'function') {
    const usp = await within((done) => window.__uspapi('getUSPData', 1, (data, ok) => done(ok ? data : null)));
    if (usp && typeof usp.uspString === 'string') out.usp = usp.uspString;
  }
  try {
    const layer = Array.isArray(window.dataLayer) ? window.dataLayer : [];
    for (const entry of layer) {
      if (!entry || typeof entry !== 'object' || entry[0] !== 'consent') continue;
      const states = {};
      const given = entry[2] && typeof entry[2] === 'object' ? entry[2] : {};
      for (const [k, v] of Object.entries(given)) if (typeof v === 'string') states[k] = v;
      out.commands.push({ command: String(entry[1]), states });
    }
  } catch (e) {
    errors.push('dataLayer: ' + String(e && e.message || e).slice(0, 200));
  }
  try {
    const wanted = new RegExp(storedKeys, 'i');
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (key !== null && wanted.test(key)) out.stored.push({ key, value: String(window.localStorage.getItem(key)) });
    }
  } catch (e) { /* no storage in an opaque or sandboxed origin: nothing kept there */ }
  const gpc = navigator.globalPrivacyControl;
  out.gpc = typeof gpc === 'boolean' ? gpc : null;
  return out;
}
