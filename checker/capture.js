// consent-checker init script: runs in every frame before the page's own scripts.
// Reports document.cookie writes (with the writing script's URL) and pending short timers
// to the Python side through the __ccReport binding.
(() => {
  if (window.__ccInstalled) return;
  Object.defineProperty(window, "__ccInstalled", { value: true });
  const token = Math.random().toString(36).slice(2);
  // about:blank and srcdoc frames write cookies for the origin they inherit, not for "about:blank".
  const documentUrl = () =>
    /^https?:/.test(location.href) ? location.href
      : (self.origin && self.origin !== "null" ? self.origin + "/" : location.href);
  const report = (kind, data) => {
    try {
      window.__ccReport(JSON.stringify({ kind, t: Date.now(), frame: documentUrl(), token, ...data }));
    } catch (e) { /* binding missing */ }
  };
  const scriptUrl = () => {
    const stack = (new Error().stack || "").split("\n").slice(1);
    for (const line of stack) {
      const m = line.match(/(https?:\/\/[^\s()]+?):\d+:\d+\)?\s*$/);
      if (m) return m[1];
    }
    return null;
  };
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (desc && desc.set) {
    Object.defineProperty(Document.prototype, "cookie", {
      configurable: true,
      enumerable: desc.enumerable,
      get() { return desc.get.call(this); },
      set(value) {
        report("cookie", { line: String(value), script: scriptUrl() });
        return desc.set.call(this, value);
      },
    });
  }
  // The async Cookie Store API bypasses document.cookie.
  if (window.CookieStore && CookieStore.prototype.set) {
    const origSet = CookieStore.prototype.set;
    const origDelete = CookieStore.prototype.delete;
    CookieStore.prototype.set = function (nameOrOptions, value) {
      const o = typeof nameOrOptions === "object" ? nameOrOptions : { name: nameOrOptions, value };
      report("cookiestore", { op: "set", name: String(o.name), domain: o.domain || null,
        expires: o.expires == null ? null : Number(o.expires), script: scriptUrl() });
      return origSet.apply(this, arguments);
    };
    CookieStore.prototype.delete = function (nameOrOptions) {
      const o = typeof nameOrOptions === "object" ? nameOrOptions : { name: nameOrOptions };
      report("cookiestore", { op: "delete", name: String(o.name), domain: o.domain || null,
        expires: null, script: scriptUrl() });
      return origDelete.apply(this, arguments);
    };
  }
  // A tag injected with setTimeout(fn, 2500) must keep the page "busy" until it has run.
  const MAX_TRACKED_DELAY = 15000;
  const pending = new Map();
  const origSetTimeout = window.setTimeout;
  const origClearTimeout = window.clearTimeout;
  window.setTimeout = function (fn, delay, ...args) {
    const d = Number(delay) || 0;
    let id;
    const wrapped = typeof fn === "function" ? function (...a) {
      if (pending.delete(id)) report("timer_done", { id });
      return fn.apply(this, a);
    } : fn;
    id = origSetTimeout.call(window, wrapped, delay, ...args);
    if (typeof fn === "function" && d >= 50 && d <= MAX_TRACKED_DELAY) {
      pending.set(id, true);
      report("timer", { id, delay: d, due: Date.now() + d });
    }
    return id;
  };
  window.clearTimeout = function (id) {
    if (pending.delete(id)) report("timer_done", { id });
    return origClearTimeout.call(window, id);
  };
  // setInterval: only its first run can be a late tag; later runs are the loop itself.
  const intervals = new Map();
  const origSetInterval = window.setInterval;
  const origClearInterval = window.clearInterval;
  window.setInterval = function (fn, delay, ...args) {
    const d = Number(delay) || 0;
    let id;
    const key = "i" + Math.random().toString(36).slice(2);
    const wrapped = typeof fn === "function" ? function (...a) {
      if (intervals.delete(id)) report("timer_done", { id: key });
      return fn.apply(this, a);
    } : fn;
    id = origSetInterval.call(window, wrapped, delay, ...args);
    if (typeof fn === "function" && d >= 50 && d <= MAX_TRACKED_DELAY) {
      intervals.set(id, key);
      report("timer", { id: key, delay: d, due: Date.now() + d });
    }
    return id;
  };
  window.clearInterval = function (id) {
    const key = intervals.get(id);
    if (key !== undefined && intervals.delete(id)) report("timer_done", { id: key });
    return origClearInterval.call(window, id);
  };
})();
