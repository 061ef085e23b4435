"""Decoder of CCPA US privacy strings such as "1YNN": version digit, notice, opt-out of sale, LSPA covered."""

from __future__ import annotations

from typing import Final, Literal, cast

from checker.signals.errors import SignalError
from checker.signals.model import UsPrivacy

US_PRIVACY_LENGTH: Final = 4
FLAG_VALUES: Final = ("Y", "N", "-")

Flag = Literal["Y", "N", "-"]


def decode_us_privacy(text: str) -> UsPrivacy:
    """Decode a US privacy string: a version digit then three of Y (yes), N (no), - (not applicable).
    Surrounding whitespace is ignored; letters must be upper case. Raises SignalError on anything else."""
    if not isinstance(text, str):
        raise SignalError("US privacy string: not a string")
    value = text.strip()
    if len(value) != US_PRIVACY_LENGTH:
        raise SignalError(f"US privacy string: {len(value)} characters, expected {US_PRIVACY_LENGTH}")
    version, notice, opt_out, lspa = value[0], value[1], value[2], value[3]
    if not ("0" <= version <= "9"):
        raise SignalError(f"US privacy string: version {version!r} is not a digit")
    return UsPrivacy(
        version=int(version), notice=_flag(notice), opt_out_sale=_flag(opt_out), lspa=_flag(lspa)
    )


def _flag(char: str) -> Flag:
    if char not in FLAG_VALUES:
        raise SignalError(f"US privacy string: {char!r} is not Y, N or -")
    return cast(Flag, char)
