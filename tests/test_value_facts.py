"""Tests for value_facts: exact facts for real-looking values, thresholds at their edges, properties."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.models import ValueFacts
from checker.value_facts import (
    ENCODED_MIN_LENGTH,
    ID_MIN_LENGTH,
    NUMERIC_ID_MIN_LENGTH,
    entropy_bits,
    value_facts,
)

# 3072 bytes of SHA-256 output in base64: 4096 characters that look like a large random blob.
RANDOM_4K = base64.b64encode(
    b"".join(hashlib.sha256(i.to_bytes(2, "big")).digest() for i in range(96))
).decode()
# A 4 KB consent string: 512 purpose flags.
CONSENT_4K = "C0001:1," * 512
ONETRUST = (
    "isGpcEnabled=0&datestamp=Mon+Nov+13+2023+10%3A00%3A00+GMT%2B0100+(Central+European+Standard+Time)"
    "&version=202310.1.0&groups=C0001%3A1%2CC0002%3A0"
)
ONETRUST_WITH_ID = (
    "isGpcEnabled=0&datestamp=Mon+Nov+13+2023+10%3A00%3A00+GMT%2B0100+(Central+European+Standard+Time)"
    "&version=202310.1.0&consentId=3f1c2a9e-7b4d-4e8a-9c21-5d6f0a1b2c3d&groups=C0001%3A1%2CC0002%3A0"
)
# Didomi-like token: base64url JSON holding a user id.
DIDOMI = base64.urlsafe_b64encode(
    json.dumps(
        {
            "user_id": "18b7c6a2-3f4e-4d5c-9b8a-7e6f5d4c3b2a",
            "created": "2023-11-13T10:00:00.000Z",
            "purposes": {"enabled": ["analytics"]},
        },
        separators=(",", ":"),
    ).encode()
).decode()
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


def _facts(
    length: int, lower: int, upper: int, digits: int, other: int, bits: float, shape: str, ident: bool
) -> ValueFacts:
    return ValueFacts(length, lower, upper, digits, other, bits, shape, ident)  # type: ignore[arg-type]


CASES: list[tuple[str, str, ValueFacts]] = [
    # Identifiers
    ("uuid v4", "f47ac10b-58cc-4372-a567-0e02b2c3d479", _facts(36, 11, 0, 21, 4, 139.9, "uuid", True)),
    (
        "uuid upper case in braces",
        "{F47AC10B-58CC-4372-A567-0E02B2C3D479}",
        _facts(38, 0, 11, 21, 6, 153.2, "uuid", True),
    ),
    ("nil uuid", "00000000-0000-0000-0000-000000000000", _facts(36, 0, 0, 32, 4, 18.1, "uuid", False)),
    ("32-hex session id", "9f86d081884c7d659a2feaa0c55ad015", _facts(32, 12, 0, 20, 0, 116.5, "hex", True)),
    ("base64 token, padded", "q1Z0XbV7mK3pR9sT2wY5hA==", _facts(24, 7, 8, 7, 2, 108.0, "base64", True)),
    (
        "base64url token",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        _facts(43, 15, 18, 8, 2, 214.6, "base64", True),
    ),
    ("GA _ga", "GA1.2.1234567890.1700000000", _facts(27, 0, 2, 22, 3, 86.3, "token", True)),
    ("GA _gid", "GA1.2.987654321.1700086400", _facts(26, 0, 2, 21, 3, 91.1, "token", True)),
    ("Google Ads _gcl_au", "1.1.1234567890.1700000000", _facts(25, 0, 0, 22, 3, 72.8, "token", True)),
    ("Meta _fbp", "fb.1.1700000000000.1234567890", _facts(29, 2, 0, 24, 3, 86.4, "token", True)),
    (
        "Meta _fbc",
        "fb.1.1700000000000.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk",
        _facts(80, 27, 27, 21, 5, 408.2, "token", True),
    ),
    ("JWT", JWT, _facts(108, 43, 49, 13, 3, 572.5, "token", True)),
    ("base64 JSON with a user id", DIDOMI, _facts(168, 57, 87, 22, 2, 894.6, "base64", True)),
    ("OneTrust with consentId", ONETRUST_WITH_ID, _facts(192, 82, 20, 58, 32, 968.3, "text", True)),
    ("4 KB random blob", RANDOM_4K, _facts(4096, 1624, 1703, 643, 126, 24524.3, "base64", True)),
    ("23 digits", "12345678901234567890123", _facts(23, 0, 0, 23, 0, 75.8, "numeric", True)),
    # Not identifiers
    ("OneTrust consent", ONETRUST, _facts(145, 59, 19, 41, 26, 694.3, "text", False)),
    ("CookieYes-like", "consent:yes,necessary:yes", _facts(25, 22, 0, 0, 3, 79.4, "text", False)),
    (
        "JSON consent state",
        '{"necessary":true,"analytics":false}',
        _facts(36, 27, 0, 0, 9, 140.1, "text", False),
    ),
    (
        "base64 JSON consent state",
        base64.b64encode(b'{"necessary":true,"analytics":false}').decode(),
        _facts(48, 25, 18, 5, 0, 230.6, "base64", False),
    ),
    (
        "URL-encoded purposes",
        "necessary%2Canalytics%2Cmarketing",
        _facts(33, 27, 2, 2, 2, 128.2, "text", False),
    ),
    ("purpose list", "necessary,analytics", _facts(19, 18, 0, 0, 1, 63.2, "text", False)),
    ("A/B variant", "experiment_homepage_variantB", _facts(28, 25, 1, 0, 2, 104.2, "base64", False)),
    ("CamelCase flag", "Version2ConsentGiven", _facts(20, 16, 3, 1, 0, 67.7, "base64", False)),
    (
        "GA4 session state",
        "GS1.1.1700000000.1.1.1700000100.0.0.0",
        _facts(37, 0, 2, 27, 8, 72.0, "token", False),
    ),
    ("timestamp s", "1700000000", _facts(10, 0, 0, 10, 0, 9.2, "numeric", False)),
    ("timestamp ms", "1700000000000", _facts(13, 0, 0, 13, 0, 10.1, "numeric", False)),
    ("ISO date", "2023-11-13T10:00:00.000Z", _facts(24, 0, 2, 17, 5, 65.5, "text", False)),
    ("one", "1", _facts(1, 0, 0, 1, 0, 0.0, "numeric", False)),
    ("zero", "0", _facts(1, 0, 0, 1, 0, 0.0, "numeric", False)),
    ("empty", "", _facts(0, 0, 0, 0, 0, 0.0, "empty", False)),
    ("true", "true", _facts(4, 4, 0, 0, 0, 8.0, "token", False)),
    ("yes", "yes", _facts(3, 3, 0, 0, 0, 4.8, "token", False)),
    ("dark", "dark", _facts(4, 4, 0, 0, 0, 8.0, "token", False)),
    ("accepted", "accepted", _facts(8, 8, 0, 0, 0, 20.0, "token", False)),
    ("language", "en-GB", _facts(5, 2, 2, 0, 1, 11.6, "token", False)),
    ("4 KB consent string", CONSENT_4K, _facts(4096, 0, 512, 2560, 1024, 8829.5, "text", False)),
    ("control characters", "\x00\x1b[0m\x7f", _facts(6, 1, 0, 1, 4, 15.5, "text", False)),
    ("non-ASCII", "Zürich 東京 🍪", _facts(11, 4, 1, 0, 6, 36.1, "text", False)),
    ("lone surrogate", "abc\udc80", _facts(4, 3, 0, 0, 1, 8.0, "text", False)),
]


@pytest.mark.parametrize(("value", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_facts_of_real_looking_values(value: str, expected: ValueFacts) -> None:
    assert value_facts(value) == expected


@pytest.mark.parametrize(
    ("value", "bits"),
    [
        ("", 0.0),
        ("aaaa", 0.0),
        ("abcd", 8.0),  # 4 distinct: 2 bits each
        ("aab", 2 * math.log2(3 / 2) + math.log2(3)),
        ("ab" * 2048, 4096.0),
        ("0123456789abcdef", 64.0),
    ],
)
def test_entropy_bits_closed_forms(value: str, bits: float) -> None:
    assert entropy_bits(value) == pytest.approx(bits)


def test_thresholds_at_their_edges() -> None:
    hex_id = "9f86d081884c7d659a2feaa0c55ad015"
    assert ENCODED_MIN_LENGTH == ID_MIN_LENGTH == 16
    assert value_facts(hex_id[:16]) == _facts(16, 4, 0, 12, 0, 52.0, "hex", True)
    assert value_facts(hex_id[:15]) == _facts(15, 4, 0, 11, 0, 46.6, "token", False)
    # Digits only: 19 digits may be a nanosecond timestamp, 20 are an id when rich enough.
    assert NUMERIC_ID_MIN_LENGTH == 20
    assert value_facts("8437261950" * 2).identifier_like is True
    assert value_facts("8437261950843726195").identifier_like is False
    assert value_facts("1700000000000000000").identifier_like is False  # ns timestamp
    assert value_facts("0" * 40).identifier_like is False  # long, but no information
    # Base64 shapes need two classes of letters and digits; one class reads as a token.
    assert value_facts("abcdefghijklmnopq").shape == "token"
    assert value_facts("abcdefghijklmnoP").shape == "base64"


@pytest.mark.parametrize(
    ("value", "identifier_like"),
    [
        ('{"uid":"a8f5f167f44f4964e6c998dee827110c","theme":"dark"}', True),  # hex id inside JSON
        ("%7B%22uid%22%3A%22a8f5f167f44f4964e6c998dee827110c%22%7D", True),  # the same, URL-encoded
        ("a8f5f167f44f4964e6c998dee827110c.1700000000", True),  # id and timestamp
        ('{"cid":"GA1.2.1234567890.1700000000"}', True),  # structured id inside JSON
        ("session=f47ac10b-58cc-4372-a567-0e02b2c3d479;lang=fr", True),
        ("f47ac10b-58cc-4372-a567-0e02b2c3d479a", True),  # no UUID, but random base64url all the same
        ("consent-necessary-analytics-marketing-2024", False),  # one class of letters: a token
        ("necessary-analytics-marketing-2024-Q3", False),  # words
        ("1700000000000.1700000000", False),  # two timestamps
        ("GA1.2.1700000000", False),  # not a complete _ga value
    ],
)
def test_identifiers_inside_longer_values(value: str, identifier_like: bool) -> None:
    assert value_facts(value).identifier_like is identifier_like


# --- Properties -------------------------------------------------------------------------------------------

ANY_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=()),  # every code point, surrogates included
        st.characters(categories=["Cs"]),  # lone surrogates, often
        st.sampled_from('0123456789abcdefABCDEF-_.=+/%{}:,"'),
    ),
    max_size=300,
)


@settings(derandomize=True, database=None, deadline=None, max_examples=400)
@given(ANY_TEXT)
def test_facts_hold_for_any_str(value: str) -> None:
    facts = value_facts(value)  # never raises
    assert facts == value_facts("".join(list(value)))  # deterministic, also on an equal copy
    assert facts.length == len(value)
    assert min(facts.lower, facts.upper, facts.digits, facts.other) >= 0
    assert facts.lower + facts.upper + facts.digits + facts.other == facts.length
    distinct = len(set(value))
    ceiling = facts.length * math.log2(distinct) if distinct > 1 else 0.0
    assert 0.0 <= facts.entropy_bits <= ceiling + 0.05  # + rounding to one decimal
    assert (facts.shape == "empty") is (value == "")
    assert (facts.shape == "numeric") is (value != "" and facts.digits == facts.length)
    if facts.identifier_like:
        assert facts.length >= ID_MIN_LENGTH
        assert facts.shape != "empty"


@settings(derandomize=True, database=None, deadline=None, max_examples=200)
@given(st.uuids(), st.booleans(), st.booleans())
def test_every_uuid_has_the_uuid_shape(value: uuid.UUID, upper: bool, braces: bool) -> None:
    text = str(value).upper() if upper else str(value)
    text = "{" + text + "}" if braces else text
    facts = value_facts(text)
    assert facts.shape == "uuid"
    assert facts.identifier_like is (facts.entropy_bits >= 40)


PURPOSES = ("necessary", "analytics", "marketing", "functional", "preferences", "statistics")
ANSWERS = ("yes", "no", "true", "false", "accepted", "rejected", "dark", "light", "1", "0")
CODES = ("en-GB", "fr-FR", "de", "C0001:1", "C0004:0")
CONSENT_WORDS = st.sampled_from(PURPOSES + ANSWERS + CODES)
SEPARATORS = st.sampled_from([",", "&", "|", ":", "%2C", "%3A", ";", " ", "+"])


@settings(derandomize=True, database=None, deadline=None, max_examples=300)
@given(st.lists(CONSENT_WORDS, max_size=12), SEPARATORS)
def test_consent_vocabulary_is_never_an_identifier(words: list[str], separator: str) -> None:
    assert value_facts(separator.join(words)).identifier_like is False


@settings(derandomize=True, database=None, deadline=None, max_examples=200)
@given(st.dictionaries(CONSENT_WORDS, st.booleans() | st.integers(0, 1)), st.booleans())
def test_json_consent_states_are_never_identifiers(state: dict[str, object], encoded: bool) -> None:
    text = json.dumps(state, separators=(",", ":"))
    value = base64.b64encode(text.encode()).decode() if encoded else text
    assert value_facts(value).identifier_like is False


@settings(derandomize=True, database=None, deadline=None, max_examples=200)
@given(st.integers(min_value=0, max_value=10**19 - 1))
def test_timestamps_alone_are_never_identifiers(number: int) -> None:
    facts = value_facts(str(number))
    assert facts.shape == "numeric"
    assert facts.identifier_like is False
