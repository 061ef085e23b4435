/* Faulty News /busy-loop: after the load event the main thread spins in 5-second busy loops with 50 ms
   gaps, for ever (the page still answers, slowly, in the gaps). /busy-loop?mode=forever: a single
   while (true) {} after the load event; the page never answers again. */
(function () {
  "use strict";
  var SPIN_MS = 5000;
  var GAP_MS = 50;
  var forever = /[?&]mode=forever(&|$)/.test(location.search);
  function spin(ms) {
    var end = Date.now() + ms;
    while (Date.now() < end) { /* busy */ }
  }
  window.addEventListener("load", function () {
    if (forever) {
      setTimeout(function () { for (;;) { /* never returns */ } }, 0);
      return;
    }
    setTimeout(function loop() {
      spin(SPIN_MS);
      setTimeout(loop, GAP_MS);
    }, 0);
  });
})();
