/* Faulty News /many-cookies?n=N (default 3000, at most 20000): writes N first-party cookies
   many_00000=v00000 ... (max-age 86400, path=/, SameSite=Lax, Secure) through document.cookie and N
   localStorage keys many_key_00000="value 00000" ..., before any consent. The browser keeps only the
   last ~180 cookies of the host; the writes all happen. Count in <html data-many="N">. */
(function () {
  "use strict";
  var DEFAULT_N = 3000;
  var MAX_N = 20000;
  var m = /[?&]n=([0-9]+)/.exec(location.search);
  var n = Math.min(m ? parseInt(m[1], 10) : DEFAULT_N, MAX_N);
  var stored = 0;
  for (var i = 0; i < n; i++) {
    var id = String(i).padStart(5, "0");
    document.cookie = "many_" + id + "=v" + id + "; max-age=86400; path=/; SameSite=Lax; Secure";
    try { localStorage.setItem("many_key_" + id, "value " + id); stored++; } catch (e) { /* quota */ }
  }
  document.documentElement.setAttribute("data-many", String(n));
  document.documentElement.setAttribute("data-many-storage", String(stored));
})();
