// Test-page helper: wires [data-cc] controls (also inside open shadow roots) to fake consent logic.
(function () {
  function layers() {
    const out = Array.from(document.querySelectorAll("[data-layer]"));
    document.querySelectorAll("*").forEach((el) => {
      if (el.shadowRoot) out.push(...el.shadowRoot.querySelectorAll("[data-layer]"));
    });
    return out;
  }
  function finish(value) {
    document.cookie = "consent=" + value + "; path=/";
    layers().forEach((l) => { l.style.display = "none"; });
    if (window.parent !== window) window.parent.postMessage("cc-close", "*");
  }
  document.addEventListener("click", (ev) => {
    const el = ev.composedPath().find((n) => n.dataset && n.dataset.cc);
    if (!el) return;
    ev.preventDefault();
    const action = el.dataset.cc;
    const layer = el.closest("[data-layer]");
    if (action === "accept" || action === "reject") {
      finish(action);
      if (el.dataset.reload) location.reload();
    } else if (action === "settings") {
      // data-swap: the second layer replaces part of the same container instead of a new one.
      (el.dataset.swap ? document.getElementById(el.dataset.swap) : layer).style.display = "none";
      const next = document.getElementById(el.dataset.target);
      setTimeout(() => { next.style.display = "block"; }, Number(el.dataset.delay || 0));
    } else if (action === "save") {
      const parts = Array.from(layer.querySelectorAll("input[type=checkbox]"))
        .filter((i) => !i.disabled).map((i) => i.name + "=" + (i.checked ? 1 : 0));
      finish("custom:" + parts.join(","));
    }
  }, true);
})();
