"""safe_text: page text without terminal escapes, control or bidi characters, on one line, within a limit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.text_safety import BIDI_CONTROLS, CONTROLS, ELLIPSIS, STRIPPED, safe_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "red"),  # SGR colour
        ("\x1b[1;38;5;196mbold\x1b[m", "bold"),
        ("\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07", "click"),  # OSC 8 hyperlink, BEL-terminated
        ("\x1b]0;new window title\x1b\\after", "after"),  # OSC terminated by ST
        ("\x1bP1$r0m\x1b\\x", "x"),  # DCS
        ("\x9b31mred", "red"),  # 8-bit CSI
        ("\x9d0;title\x9cafter", "after"),  # 8-bit OSC and ST
        ("\x1bcreset", "reset"),  # ESC c (full reset): the final byte goes with it
        ("\x1b(Bascii", "ascii"),  # charset designation
        ("\x1b]0;never terminated", ""),  # a terminal swallows the rest, and so do we
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("a\x00b\x07c\x08d\x7fe\x85f\x81g", "abcde fg"),  # NEL (\x85) is a line break
        ("a\tb\nc\r\nd\x0be\x0cf\u2028g\u2029h", "a b c d e f g h"),
        ("  spaced \n\n  out  ", "spaced out"),
        ("abc\u202edcba\u202c", "abcdcba"),  # right-to-left override (Trojan Source)
        ("\u2066isolated\u2069 \u200fmark\u200e \u061c", "isolated mark"),
        ("Délibération 2020-091 — “privacy” 個人情報 🍪", "Délibération 2020-091 — “privacy” 個人情報 🍪"),
        ("", ""),
    ],
)
def test_safe_text(text: str, expected: str) -> None:
    assert safe_text(text) == expected


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        ("abcdef", 4, "abc" + ELLIPSIS),
        ("abcd", 4, "abcd"),  # exactly at the limit: unchanged
        ("ab  cd", 4, "ab" + ELLIPSIS),  # the space before the cut is not kept
        ("abcdef", 1, ELLIPSIS),
        ("\x1b[31mabcdef\x1b[0m", 6, "abcdef"),  # counted after stripping
    ],
)
def test_limit_and_ellipsis(text: str, max_chars: int, expected: str) -> None:
    assert safe_text(text, max_chars) == expected


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="max_chars must be at least 1, not 0"):
        safe_text("x", 0)


def test_the_stripped_classes() -> None:
    assert set(CONTROLS) == {chr(c) for c in range(0x20)} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}
    assert set(BIDI_CONTROLS) == {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))} | {
        "\u061c",
        "\u200e",
        "\u200f",
    }
    assert set(CONTROLS) | set(BIDI_CONTROLS) | {"\u2028", "\u2029"} == STRIPPED


# Escape-sequence material dense enough that hypothesis builds nested and broken sequences, mixed with any
# character at all.
_HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from(sorted(STRIPPED) + list("[]();:?m0123456789PX^_\\ab ")),
        st.characters(),
    )
)


@given(_HOSTILE, st.one_of(st.none(), st.integers(min_value=1, max_value=40)))
def test_output_never_holds_a_stripped_character(text: str, max_chars: int | None) -> None:
    out = safe_text(text, max_chars)
    assert not set(out) & STRIPPED
    assert out == out.strip() and "  " not in out  # one line, whitespace collapsed
    if max_chars is not None:
        assert len(out) <= max_chars
    assert safe_text(out, max_chars) == out  # already safe text comes through unchanged
