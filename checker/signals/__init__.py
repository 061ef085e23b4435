"""Pure decoders of consent signals: TCF v2 TC strings, GPP, US privacy strings, Google Consent Mode."""

from checker.signals.consent_mode import decode_consent_mode
from checker.signals.errors import SignalError
from checker.signals.gpp import decode_gpp_string, decode_usnat
from checker.signals.tcf import decode_tc_string
from checker.signals.usprivacy import decode_us_privacy

__all__ = [
    "SignalError",
    "decode_consent_mode",
    "decode_gpp_string",
    "decode_tc_string",
    "decode_us_privacy",
    "decode_usnat",
]
