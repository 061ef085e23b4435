"""decode_us_privacy: the 4-character CCPA US privacy string."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.signals import SignalError, decode_us_privacy
from checker.signals.model import UsPrivacy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1YNN", UsPrivacy(1, "Y", "N", "N")),
        ("1YYY", UsPrivacy(1, "Y", "Y", "Y")),
        ("1NYN", UsPrivacy(1, "N", "Y", "N")),
        ("1---", UsPrivacy(1, "-", "-", "-")),
        ("1Y-N", UsPrivacy(1, "Y", "-", "N")),
        (" 1YNY\n", UsPrivacy(1, "Y", "N", "Y")),
        ("2NNN", UsPrivacy(2, "N", "N", "N")),
    ],
)
def test_decodes(text: str, expected: UsPrivacy) -> None:
    assert decode_us_privacy(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "0 characters, expected 4"),
        ("1YN", "3 characters"),
        ("1YNNN", "5 characters"),
        ("AYNN", "version 'A' is not a digit"),
        ("1ynn", "'y' is not Y, N or -"),
        ("1YNX", "'X' is not Y, N or -"),
        ("1Y N", "' ' is not Y, N or -"),
    ],
)
def test_rejects_malformed_strings(text: str, reason: str) -> None:
    with pytest.raises(SignalError) as raised:
        decode_us_privacy(text)
    assert reason in str(raised.value)


@given(st.text(max_size=8))
def test_any_text_decodes_or_raises_signal_error(text: str) -> None:
    with contextlib.suppress(SignalError):
        decode_us_privacy(text)
