"""Consent interaction: find the banner (CMP recipes, then a generic detector), accept, reject, withdraw.

detect_banner returns a Detection that give_consent acts on; every click, layer and failed step is
recorded in the ConsentAction it returns."""

from checker.consent.act import give_consent, withdraw_consent
from checker.consent.detect import ConsentKit, Detection, detect_banner
from checker.consent.frames import detector_script
from checker.consent.lexicon import Lexicons, load_lexicons

__all__ = [
    "ConsentKit",
    "Detection",
    "Lexicons",
    "detect_banner",
    "detector_script",
    "give_consent",
    "load_lexicons",
    "withdraw_consent",
]
