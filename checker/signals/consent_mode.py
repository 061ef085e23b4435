"""Decoder of Google Consent Mode v2 hit parameters: gcs (storage state) and gcd (default and update)."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Final, Literal

from checker.signals.errors import SignalError
from checker.signals.model import ConsentMode, ConsentState, ConsentValue

Effective = Literal["granted", "denied", "unknown"]

# gcs=G1xy: x is ad_storage, y analytics_storage; 1 granted, 0 denied, "-" not reported.
GCS_PATTERN: Final = re.compile(r"G1([01-])([01-])")
GCS_VALUES: Final = MappingProxyType({"1": "granted", "0": "denied", "-": "unknown"})
# gcd, e.g. "11p1p1p1p5": two leading characters, then a letter per signal separated by one character, then
# trailing ones. The letters' positions: ad_storage, analytics_storage, ad_user_data, ad_personalization.
GCD_LETTER_POSITIONS: Final = (2, 4, 6, 8)
GCD_PATTERN: Final = re.compile(r"[0-9A-Za-z_-]{2}(?:[A-Za-z][0-9A-Za-z_-]){3}[A-Za-z][0-9A-Za-z_-]*")
# gcd letter -> (default, update). Google does not document these; this is the practitioners' table (Markus
# Baersch on simoahava.com, giancampo.com; the GTM "Google Consent Parser" template reads the same values as
# bits: in the alphabet 0-9a-zA-Z-_, bits 2-3 hold the default and bits 0-1 the update, 1 not set, 2 denied,
# 3 granted). Any other letter (e.g. "e", seen in the wild but of no agreed meaning) decodes as unset and
# unset with effective "unknown".
GCD_LETTERS: Final[MappingProxyType[str, tuple[ConsentValue, ConsentValue]]] = MappingProxyType(
    {
        "l": ("unset", "unset"),  # not set
        "p": ("denied", "unset"),  # denied by default, no update
        "q": ("denied", "denied"),  # denied by default and by update
        "t": ("granted", "unset"),  # granted by default, no update
        "r": ("denied", "granted"),  # denied by default, granted by update
        "u": ("granted", "denied"),  # granted by default, denied by update
        "v": ("granted", "granted"),  # granted by default and by update
        "m": ("unset", "denied"),  # denied by update only
        "n": ("unset", "granted"),  # granted by update only
    }
)
UNKNOWN_LETTER: Final = ConsentState(default="unset", update="unset", effective="unknown")


def decode_consent_mode(gcs: str | None, gcd: str | None) -> ConsentMode:
    """Decode a Google hit's gcs and gcd query values (either may be None, not both). Default and update come
    from gcd only. `effective` is the update if set, else the default, else (ad_storage and analytics_storage
    only) the gcs value, else "unknown". When gcd and gcs disagree, gcd wins. A gcd letter outside the
    practitioners' table gives unset, unset, "unknown" (gcs is not consulted: the letter may carry a state).
    Raises SignalError when both are missing or either is malformed."""
    if gcs is None and gcd is None:
        raise SignalError("Consent Mode: neither gcs nor gcd present")
    ad_gcs, analytics_gcs = _parse_gcs(gcs) if gcs is not None else ("unknown", "unknown")
    letters = _parse_gcd(gcd) if gcd is not None else ("l", "l", "l", "l")
    ad_storage, analytics_storage, ad_user_data, ad_personalization = letters
    return ConsentMode(
        ad_storage=_state(ad_storage, ad_gcs),
        analytics_storage=_state(analytics_storage, analytics_gcs),
        ad_user_data=_state(ad_user_data, "unknown"),
        ad_personalization=_state(ad_personalization, "unknown"),
    )


def _parse_gcs(gcs: str) -> tuple[Effective, Effective]:
    match = GCS_PATTERN.fullmatch(gcs.strip()) if isinstance(gcs, str) else None
    if match is None:
        raise SignalError(f"Consent Mode: gcs {gcs!r} is not G1 followed by two of 1, 0, -")
    ad, analytics = match.groups()
    return _effective(GCS_VALUES[ad]), _effective(GCS_VALUES[analytics])


def _parse_gcd(gcd: str) -> tuple[str, str, str, str]:
    value = gcd.strip() if isinstance(gcd, str) else None
    if value is None or GCD_PATTERN.fullmatch(value) is None:
        raise SignalError(f"Consent Mode: gcd {gcd!r} is not of the form 11p1p1p1p5")
    first, second, third, fourth = (value[position] for position in GCD_LETTER_POSITIONS)
    return first, second, third, fourth


def _state(letter: str, from_gcs: Effective) -> ConsentState:
    pair = GCD_LETTERS.get(letter)
    if pair is None:
        return UNKNOWN_LETTER
    default, update = pair
    if update != "unset":
        return ConsentState(default=default, update=update, effective=_effective(update))
    if default != "unset":
        return ConsentState(default=default, update=update, effective=_effective(default))
    return ConsentState(default=default, update=update, effective=from_gcs)


def _effective(value: str) -> Effective:
    if value == "granted":
        return "granted"
    return "denied" if value == "denied" else "unknown"
