"""decode_consent_mode: Google Consent Mode gcs and gcd (no reference encoder: documented examples)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.signals import SignalError, decode_consent_mode
from checker.signals.model import ConsentMode, ConsentState

UNSET_UNKNOWN = ConsentState("unset", "unset", "unknown")


def state(default: str, update: str, effective: str) -> ConsentState:
    return ConsentState(default, update, effective)  # type: ignore[arg-type]


def same(one: ConsentState) -> ConsentMode:
    return ConsentMode(one, one, one, one)


@pytest.mark.parametrize(
    ("gcs", "ad", "analytics"),
    [("G100", "denied", "denied"), ("G101", "denied", "granted"), ("G110", "granted", "denied"),
     ("G111", "granted", "granted"), ("G1-1", "unknown", "granted"), ("G10-", "denied", "unknown")],
)  # fmt: skip
def test_gcs_alone(gcs: str, ad: str, analytics: str) -> None:
    assert decode_consent_mode(gcs, None) == ConsentMode(
        ad_storage=state("unset", "unset", ad),
        analytics_storage=state("unset", "unset", analytics),
        ad_user_data=UNSET_UNKNOWN,
        ad_personalization=UNSET_UNKNOWN,
    )


@pytest.mark.parametrize(
    ("gcd", "expected"),
    [
        ("11p1p1p1p5", same(state("denied", "unset", "denied"))),
        ("13r3r3r3r5", same(state("denied", "granted", "granted"))),
        ("13l3l3l3l1", same(UNSET_UNKNOWN)),
        ("13v3v3v3v5", same(state("granted", "granted", "granted"))),
        ("13q3q3q3q5", same(state("denied", "denied", "denied"))),
        ("11t1t1t1t5", same(state("granted", "unset", "granted"))),
        ("13u3u3u3u5", same(state("granted", "denied", "denied"))),
        ("13m3m3m3m5", same(state("unset", "denied", "denied"))),
        ("13n3n3n3n5", same(state("unset", "granted", "granted"))),
        (
            "11p1t1q1r5",
            ConsentMode(
                ad_storage=state("denied", "unset", "denied"),
                analytics_storage=state("granted", "unset", "granted"),
                ad_user_data=state("denied", "denied", "denied"),
                ad_personalization=state("denied", "granted", "granted"),
            ),
        ),
        ("13r3r3r3r5l1", same(state("denied", "granted", "granted"))),  # extra trailing signals are ignored
        ("13e3e3e3e5", same(UNSET_UNKNOWN)),  # "e": no agreed meaning, decoded as unknown
        (" 11p1p1p1p5 ", same(state("denied", "unset", "denied"))),
    ],
)
def test_gcd_alone(gcd: str, expected: ConsentMode) -> None:
    assert decode_consent_mode(None, gcd) == expected


def test_gcs_fills_in_storage_signals_that_gcd_leaves_unset() -> None:
    mode = decode_consent_mode("G110", "13l3l3l3l1")
    assert mode.ad_storage == state("unset", "unset", "granted")
    assert mode.analytics_storage == state("unset", "unset", "denied")
    assert mode.ad_user_data == UNSET_UNKNOWN  # gcs says nothing of ad_user_data and ad_personalization


def test_gcd_wins_when_gcs_disagrees() -> None:
    mode = decode_consent_mode("G111", "11p1p1p1p5")
    assert mode == same(state("denied", "unset", "denied"))
    mode = decode_consent_mode("G100", "13r3v3r3r5")
    assert (mode.ad_storage.effective, mode.analytics_storage.effective) == ("granted", "granted")


def test_unknown_letter_is_unknown_even_with_gcs() -> None:
    assert decode_consent_mode("G111", "13e3e3e3e5").ad_storage == UNSET_UNKNOWN


@pytest.mark.parametrize(
    ("gcs", "gcd", "reason"),
    [
        (None, None, "neither gcs nor gcd"),
        ("", None, "gcs ''"),
        ("G1", None, "gcs 'G1'"),
        ("G2111", None, "gcs 'G2111'"),
        ("G112", None, "gcs 'G112'"),
        ("G1110", None, "gcs 'G1110'"),
        (None, "", "gcd ''"),
        (None, "11p1p1p", "gcd '11p1p1p'"),
        (None, "1131p1p1p5", "gcd '1131p1p1p5'"),
        (None, "11p1p1p1p5!", "gcd '11p1p1p1p5!'"),
        ("G111", "11p1p1p1", "gcd '11p1p1p1'"),
        ("garbage", "11p1p1p1p5", "gcs 'garbage'"),
    ],
)
def test_rejects_missing_or_malformed_values(gcs: str | None, gcd: str | None, reason: str) -> None:
    with pytest.raises(SignalError) as raised:
        decode_consent_mode(gcs, gcd)
    assert reason in str(raised.value)


@given(st.one_of(st.none(), st.text(max_size=20)), st.one_of(st.none(), st.text(max_size=20)))
def test_any_values_decode_or_raise_signal_error(gcs: str | None, gcd: str | None) -> None:
    with contextlib.suppress(SignalError):
        decode_consent_mode(gcs, gcd)
