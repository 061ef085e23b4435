"""A recipe's checks of the CMP's own consent record, on cookies and localStorage."""

from __future__ import annotations

from checker.consent.verify import verify_choice
from checker.recipes import Check

ONETRUST_REJECT = Check("cookie", "OptanonConsent", r"groups=C0001:1(,C000[2-9]:0)+(&|$)")


def test_a_percent_encoded_cookie_value_is_matched_decoded() -> None:
    cookies = {"OptanonConsent": ["isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0%2CC0004%3A0"]}
    assert verify_choice([ONETRUST_REJECT], cookies, {}) == (
        True,
        r"recorded by the CMP: cookie OptanonConsent ~ groups=C0001:1(,C000[2-9]:0)+(&|$)",
    )


def test_the_first_check_that_fails_is_named() -> None:
    cookies = {"OptanonConsent": ["groups=C0001%3A1%2CC0002%3A1"]}
    present = Check("cookie", "OptanonAlertBoxClosed")
    assert verify_choice([present, ONETRUST_REJECT], cookies, {}) == (
        False,
        "not recorded by the CMP: cookie OptanonAlertBoxClosed does not hold",
    )


def test_storage_and_absent_checks() -> None:
    storage = {"_sp_user_consent_1234": '{"consentedToAny":false}'}
    checks = [
        Check("storage", r"_sp_user_consent_\d+", '"consentedToAny":false'),
        Check("cookie", "_ga", absent=True),
    ]
    assert verify_choice(checks, {"consentUUID": ["x"]}, storage)[0] is True
    assert verify_choice(checks, {"_ga": ["GA1.1.1.1"]}, storage) == (
        False,
        "not recorded by the CMP: no cookie _ga does not hold",
    )


def test_names_must_match_whole() -> None:
    assert verify_choice([Check("cookie", "consent")], {"news_consent": ["1"]}, {})[0] is False
