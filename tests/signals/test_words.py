"""Decoded signals in words: id ranges and TC string summaries."""

from __future__ import annotations

from checker.signals import decode_tc_string
from checker.signals.words import id_ranges, tcf_consent, tcf_legitimate_interest

FULL = "CQtDjkAQtDjkAEsACAENCWEsAP_gAAAAAAYgFzQAYAAgXMAAAAAA.YAAAAAAAAAAA"
NONE = "CQtDjkAQtDjkAEsACAENCWEgAAAAAEPAAAYgAAAAAAAA.YAAAAAAAAAAA"


def test_id_ranges() -> None:
    assert [id_ranges(ids) for ids in ([], [4], [1, 2, 3, 5, 7, 8], [9, 1, 2, 2])] == [
        "none",
        "4",
        "1-3, 5, 7-8",
        "1-2, 9",
    ]


def test_a_tc_string_in_words() -> None:
    full, none = decode_tc_string(FULL), decode_tc_string(NONE)

    assert tcf_consent(full) == "consent to purposes 1-11, special features 1-2 and 742 vendors"
    assert tcf_consent(none) == "no consent to any purpose, special feature or vendor"
    assert tcf_legitimate_interest(none) == "legitimate interest for purposes 2, 7-10"
