/* Faulty News /odd-chars: cookie names and values with emoji, non-ASCII letters, a tab, \x01 and a
   quote (document.cookie; the browser refuses the ones with control characters), and web storage keys
   and values with non-ASCII text, control characters, NUL, an empty key, a right-to-left override and
   a lone UTF-16 surrogate (not valid Unicode: it cannot be encoded as UTF-8 as such). */
(function () {
  "use strict";
  var attrs = "; max-age=86400; path=/; SameSite=Lax; Secure";
  var cookies = [
    "emoji_js=\uD83C\uDF6A\uD83C\uDF6A",
    "caf\u00e9_js=cr\u00e8me br\u00fbl\u00e9e",
    "tab_js=a\tb",
    "ctl_js=a\u0001b",
    "quote_js=\"quoted value\"",
    "\u00fcn\u00efc\u00f6d\u00e9_name_js=1"
  ];
  for (var i = 0; i < cookies.length; i++) { document.cookie = cookies[i] + attrs; }
  var local = [
    ["cl\u00e9_\u00fcn\u00efc\u00f6d\u00e9", "valeur \u00e9t\u00e9"],
    ["\uD83C\uDF6A", "cookie emoji"],
    ["\u952e", "\u503c"],
    ["tab\tkey", "tab\tvalue"],
    ["ctl\u0001key", "ctl\u0001value"],
    ["nul\u0000key", "nul\u0000value"],
    ["", "empty key"],
    ["rtl\u202Ekey", "\u202Eeulav"],
    ["lone\uD83Dsurrogate", "lone \uDC00 surrogate"]
  ];
  for (var j = 0; j < local.length; j++) {
    try { localStorage.setItem(local[j][0], local[j][1]); } catch (e) { /* ignore */ }
  }
  try { sessionStorage.setItem("\u043a\u043b\u044e\u0447", "\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435"); } catch (e) { /* ignore */ }
})();
