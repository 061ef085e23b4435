/* Faulty News /big-cookies: document.cookie writes of a cookie at the size limit (name + value = 4096
   bytes: kept) and one over it (name + value = 5006 bytes: the browser drops it), next to the
   server's Set-Cookie ones (big_http_1, big_http_2 at the limit, big_http_over over it). */
(function () {
  "use strict";
  var LIMIT = 4096;
  function filler(length) {
    var s = "";
    while (s.length < length) { s += "0123456789abcdef"; }
    return s.slice(0, length);
  }
  var okName = "big_js_1";
  document.cookie = okName + "=" + filler(LIMIT - okName.length) + "; max-age=86400; path=/; SameSite=Lax; Secure";
  document.cookie = "big_js_over=" + filler(4995) + "; max-age=86400; path=/; SameSite=Lax; Secure";
  try { localStorage.setItem("big_ls_value", filler(1024 * 1024)); } catch (e) { /* quota */ }
})();
