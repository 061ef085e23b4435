"""Page-controlled text made safe to print: no terminal escapes, no control or bidi characters, one line."""

from __future__ import annotations

import re

ELLIPSIS = "…"

# Escape sequences are removed whole, so their parameters ("[31m", "]8;;https://…") do not linger as text.
# String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST; a terminal would swallow their payload.
_STRING_SEQUENCE = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
_CSI_SEQUENCE = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
_OTHER_ESCAPE = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
_ESCAPE_SEQUENCES = re.compile(f"{_STRING_SEQUENCE}|{_CSI_SEQUENCE}|{_OTHER_ESCAPE}")

# Line and tab breaks become a space: the text stays readable on one line. A tab is not kept, because it
# moves the cursor to a column the text does not control and breaks aligned output.
LINE_BREAKS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
# Every C0 and C1 control and DEL.
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)))
# Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which reorder what follows them
# ("Trojan Source"); the invisible marks (U+061C, U+200E, U+200F) go too, as they only steer the others.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f"
STRIPPED = frozenset(CONTROLS + BIDI_CONTROLS + "\u2028\u2029")

_TO_SPACE = str.maketrans(dict.fromkeys(LINE_BREAKS, " "))
_TO_NOTHING = str.maketrans(dict.fromkeys(CONTROLS + BIDI_CONTROLS, None))


def safe_text(text: str, max_chars: int | None = None) -> str:
    """`text` on one line with escape sequences, control and bidi characters removed and whitespace
    collapsed; cut to at most `max_chars` characters, the last an ellipsis, when longer."""
    if max_chars is not None and max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    plain = _ESCAPE_SEQUENCES.sub("", text).translate(_TO_SPACE).translate(_TO_NOTHING)
    line = " ".join(plain.split())
    if max_chars is not None and len(line) > max_chars:
        return line[: max_chars - 1].rstrip() + ELLIPSIS
    return line
