"""decode_tc_string against TC strings made by the IAB reference encoder (@iabtcf/core 1.5.6) and by hand."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.signals import SignalError, decode_tc_string
from checker.signals.model import PublisherRestriction, TCString

Spec = dict[str, Any]
Encoder = Callable[[str, list[Spec]], list[Spec]]  # conftest.py's reference_encoder

SCRIPT = "tcf_encode.mjs"
CREATED_MS = 1710506096700  # 2024-03-15T12:34:56.7Z
UPDATED_MS = 1712000000300  # 2024-04-01T19:33:20.3Z
DEFAULT_GVL = [*range(1, 801), 2000]  # the script's GVL when a spec names none
ALL_SEGMENTS = ["core", "vendorsDisclosed", "vendorsAllowed", "publisherTC"]


def spec(name: str, **fields: Any) -> Spec:
    """A TCModel spec for tcf_encode.mjs: every field, default unless given."""
    base: Spec = {
        "name": name,
        "segments": ["core"],
        "vendorListVersion": 150,
        "tcfPolicyVersion": 5,
        "consentLanguage": "EN",
        "cmpId": 10,
        "cmpVersion": 1,
        "consentScreen": 1,
        "isServiceSpecific": True,
        "useNonStandardTexts": False,
        "purposeOneTreatment": False,
        "publisherCountryCode": "AA",
        "specialFeatureOptins": [],
        "purposeConsents": [],
        "purposeLegitimateInterests": [],
        "vendorConsents": [],
        "vendorLegitimateInterests": [],
        "publisherRestrictions": [],
        "vendorsDisclosed": [],
        "vendorsAllowed": [],
        "publisherConsents": [],
        "publisherLegitimateInterests": [],
        "numCustomPurposes": 0,
        "publisherCustomConsents": [],
        "publisherCustomLegitimateInterests": [],
        "createdMs": CREATED_MS,
        "lastUpdatedMs": CREATED_MS,
    }
    return base | fields


RESTRICTIONS = [
    {"purpose": 1, "type": 0, "vendors": [1, 2, 3, 10]},
    {"purpose": 2, "type": 1, "vendors": [*range(20, 41), 2000]},
    {"purpose": 7, "type": 2, "vendors": [5]},
    {"purpose": 3, "type": 0, "vendors": [800, 2000]},  # the encoder ranges over the GVL's gap: 800-2000
    {"purpose": 10, "type": 1, "vendors": [600]},
    {"purpose": 10, "type": 2, "vendors": [601]},
]

SPECS = [
    spec("minimal"),
    spec(
        "every-core-field",
        vendorListVersion=4095,
        tcfPolicyVersion=4,
        consentLanguage="fr",
        cmpId=300,
        cmpVersion=4095,
        consentScreen=63,
        isServiceSpecific=False,
        useNonStandardTexts=True,
        purposeOneTreatment=True,
        publisherCountryCode="DE",
        specialFeatureOptins=[1, 2, 12],
        purposeConsents=[*range(1, 12), 24],
        purposeLegitimateInterests=[1, 2, 3, 4, 7, 24],  # the encoder drops purpose 1
        vendorConsents=[1, 2, 3],
        vendorLegitimateInterests=[4],
        createdMs=CREATED_MS,
        lastUpdatedMs=UPDATED_MS,
    ),
    spec(
        "dense-bitfields",
        gvlVendorIds=list(range(1, 3001)),
        vendorConsents=list(range(1, 3001, 2)),
        vendorLegitimateInterests=list(range(2, 401, 2)),
    ),
    spec(
        "sparse-ranges",
        vendorConsents=[*range(1, 301), 2000],
        vendorLegitimateInterests=[5, *range(700, 801), 2000],
    ),
    spec(
        "max-vendor-id-high",
        gvlVendorIds=[*range(1, 51), 40000, 65535],
        vendorConsents=[40000, 65535],
        vendorLegitimateInterests=[65535],
    ),
    spec("vendor-not-in-gvl", vendorConsents=[1, 900], vendorLegitimateInterests=[900]),
    spec("restrictions", publisherRestrictions=RESTRICTIONS),
    spec("disclosed-range", segments=["core", "vendorsDisclosed"], vendorsDisclosed=[1, 2]),
    spec(
        "disclosed-bitfield",
        gvlVendorIds=list(range(1, 100, 2)),
        segments=["core", "vendorsDisclosed"],
    ),
    spec("allowed-bitfield", segments=["core", "vendorsAllowed"], vendorsAllowed=[3, 5, 7]),
    spec("allowed-range", segments=["core", "vendorsAllowed"], vendorsAllowed=[*range(1, 500), 2000]),
    spec(
        "publisher-tc",
        segments=["core", "publisherTC"],
        publisherConsents=[1, 3, 24],
        publisherLegitimateInterests=[2, 24],
        numCustomPurposes=6,
        publisherCustomConsents=[1, 6],
        publisherCustomLegitimateInterests=[2, 3],
    ),
    spec("publisher-tc-no-custom", segments=["core", "publisherTC"], publisherConsents=[2]),
    spec(
        "all-segments",
        segments=ALL_SEGMENTS,
        purposeConsents=[1, 2, 3, 4],
        vendorConsents=[*range(1, 301), 2000],
        vendorLegitimateInterests=list(range(2, 401, 2)),
        publisherRestrictions=RESTRICTIONS[:3],
        vendorsAllowed=[7, 8, 9],
        publisherConsents=[1],
        numCustomPurposes=2,
        publisherCustomConsents=[2],
    ),
    spec(
        "all-segments-reordered",
        segments=["core", "publisherTC", "vendorsAllowed", "vendorsDisclosed"],
        vendorConsents=[2000],
        vendorsAllowed=[2000],
        publisherLegitimateInterests=[5],
    ),
    spec("all-segments-empty", segments=ALL_SEGMENTS, gvlVendorIds=[1]),
    spec(
        "policy-2-global-scope",
        tcfPolicyVersion=2,
        isServiceSpecific=False,
        purposeLegitimateInterests=[2, 3, 4, 5, 6],
        vendorLegitimateInterests=[1, 2],
    ),
]
SPEC_NAMES = [s["name"] for s in SPECS]


@pytest.fixture(scope="module")
def vectors(reference_encoder: Encoder) -> dict[str, Spec]:
    return {vector["name"]: vector for vector in reference_encoder(SCRIPT, SPECS)}


def epoch_ms(iso: str) -> int:
    return round(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def restrictions(expected: list[dict[str, Any]]) -> tuple[PublisherRestriction, ...]:
    merged: dict[tuple[int, int], set[int]] = {}
    for entry in expected:
        merged.setdefault((entry["purpose"], entry["type"]), set()).update(entry["vendors"])
    return tuple(PublisherRestriction(p, t, tuple(sorted(v))) for (p, t), v in sorted(merged.items()))


def assert_matches(tc: TCString, ref: dict[str, Any], segments: list[str]) -> None:
    """Every field of the decoded string equals the reference decoder's value."""
    assert tc.version == ref["version"]
    assert (epoch_ms(tc.created), epoch_ms(tc.last_updated)) == (ref["createdMs"], ref["lastUpdatedMs"])
    assert (tc.cmp_id, tc.cmp_version, tc.consent_screen) == (
        ref["cmpId"],
        ref["cmpVersion"],
        ref["consentScreen"],
    )
    assert (tc.consent_language, tc.publisher_cc) == (ref["consentLanguage"], ref["publisherCountryCode"])
    assert (tc.vendor_list_version, tc.tcf_policy_version) == (ref["vendorListVersion"], ref["policyVersion"])
    assert tc.is_service_specific is ref["isServiceSpecific"]
    assert tc.use_non_standard_texts is ref["useNonStandardStacks"]
    assert tc.purpose_one_treatment is ref["purposeOneTreatment"]
    assert list(tc.special_feature_opt_ins) == ref["specialFeatureOptins"]
    assert list(tc.purposes_consent) == ref["purposeConsents"]
    assert list(tc.purposes_li_transparency) == ref["purposeLegitimateInterests"]
    assert list(tc.vendor_consents) == ref["vendorConsents"]
    assert tc.vendor_consents_max_id == ref["vendorConsentsSection"]["maxId"]
    assert tc.vendor_consents_encoding == ref["vendorConsentsSection"]["encoding"]
    assert list(tc.vendor_legitimate_interests) == ref["vendorLegitimateInterests"]
    assert tc.vendor_li_max_id == ref["vendorLegitimateInterestsSection"]["maxId"]
    assert tc.vendor_li_encoding == ref["vendorLegitimateInterestsSection"]["encoding"]
    assert tc.publisher_restrictions == restrictions(ref["publisherRestrictions"])
    assert_optional_segments(tc, ref, segments)


def assert_optional_segments(tc: TCString, ref: dict[str, Any], segments: list[str]) -> None:
    disclosed = ref["vendorsDisclosed"] if "vendorsDisclosed" in segments else None
    allowed = ref["vendorsAllowed"] if "vendorsAllowed" in segments else None
    assert (None if tc.disclosed_vendors is None else list(tc.disclosed_vendors)) == disclosed
    assert (None if tc.allowed_vendors is None else list(tc.allowed_vendors)) == allowed
    if "publisherTC" not in segments:
        assert tc.publisher_tc is None
        return
    pub = tc.publisher_tc
    assert pub is not None
    assert list(pub.purposes_consent) == ref["publisherConsents"]
    assert list(pub.purposes_li_transparency) == ref["publisherLegitimateInterests"]
    assert pub.num_custom_purposes == ref["numCustomPurposes"]
    assert list(pub.custom_purposes_consent) == ref["publisherCustomConsents"]
    assert list(pub.custom_purposes_li_transparency) == ref["publisherCustomLegitimateInterests"]


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_matches_the_reference_encoder(vectors: dict[str, Spec], name: str) -> None:
    vector = vectors[name]
    segments = next(s["segments"] for s in SPECS if s["name"] == name)
    assert_matches(decode_tc_string(vector["tc"]), vector["decoded"], segments)


def test_vectors_cover_both_encodings_of_both_vendor_sections(vectors: dict[str, Spec]) -> None:
    decoded = [decode_tc_string(v["tc"]) for v in vectors.values()]
    assert {tc.vendor_consents_encoding for tc in decoded} == {"bitfield", "range"}
    assert {tc.vendor_li_encoding for tc in decoded} == {"bitfield", "range"}


def test_every_core_field_literally(vectors: dict[str, Spec]) -> None:
    tc = decode_tc_string(vectors["every-core-field"]["tc"])
    assert (tc.created, tc.last_updated) == ("2024-03-15T12:34:56.7Z", "2024-04-01T19:33:20.3Z")
    assert (tc.cmp_id, tc.cmp_version, tc.consent_screen, tc.consent_language) == (300, 4095, 63, "FR")
    assert (tc.vendor_list_version, tc.tcf_policy_version, tc.publisher_cc) == (4095, 4, "DE")
    assert (tc.is_service_specific, tc.use_non_standard_texts, tc.purpose_one_treatment) == (
        False,
        True,
        True,
    )
    assert tc.special_feature_opt_ins == (1, 2, 12)
    assert tc.purposes_consent == (*range(1, 12), 24)
    assert tc.purposes_li_transparency == (2, 3, 4, 7, 24)  # purpose 1 never has LI
    assert (tc.vendor_consents, tc.vendor_legitimate_interests) == ((1, 2, 3), (4,))


def test_vendor_encodings_literally(vectors: dict[str, Spec]) -> None:
    dense = decode_tc_string(vectors["dense-bitfields"]["tc"])
    assert (dense.vendor_consents_encoding, dense.vendor_consents_max_id) == ("bitfield", 2999)
    assert dense.vendor_consents == tuple(range(1, 3001, 2))
    sparse = decode_tc_string(vectors["sparse-ranges"]["tc"])
    assert (sparse.vendor_consents_encoding, sparse.vendor_consents_max_id) == ("range", 2000)
    assert sparse.vendor_consents == (*range(1, 301), 2000)
    assert sparse.vendor_legitimate_interests == (5, *range(700, 801), 2000)
    high = decode_tc_string(vectors["max-vendor-id-high"]["tc"])
    assert (high.vendor_consents, high.vendor_consents_max_id, high.vendor_li_encoding) == (
        (40000, 65535),
        65535,
        "range",
    )
    empty = decode_tc_string(vectors["minimal"]["tc"])
    assert (empty.vendor_consents, empty.vendor_consents_max_id, empty.vendor_consents_encoding) == (
        (),
        0,
        "bitfield",
    )
    assert decode_tc_string(vectors["vendor-not-in-gvl"]["tc"]).vendor_consents == (1,)


def test_restrictions_literally(vectors: dict[str, Spec]) -> None:
    tc = decode_tc_string(vectors["restrictions"]["tc"])
    assert tc.publisher_restrictions == (
        PublisherRestriction(1, 0, (1, 2, 3, 10)),
        PublisherRestriction(2, 1, (*range(20, 41), 2000)),
        PublisherRestriction(3, 0, tuple(range(800, 2001))),
        PublisherRestriction(7, 2, (5,)),
        PublisherRestriction(10, 1, (600,)),
        PublisherRestriction(10, 2, (601,)),
    )


def test_optional_segments_literally(vectors: dict[str, Spec]) -> None:
    tc = decode_tc_string(vectors["all-segments-reordered"]["tc"])
    assert (tc.disclosed_vendors, tc.allowed_vendors) == ((*range(1, 801), 2000), (2000,))
    assert tc.publisher_tc is not None and tc.publisher_tc.purposes_li_transparency == (5,)
    pub = decode_tc_string(vectors["publisher-tc"]["tc"]).publisher_tc
    assert pub is not None
    assert (pub.purposes_consent, pub.num_custom_purposes, pub.custom_purposes_consent) == (
        (1, 3, 24),
        6,
        (1, 6),
    )
    assert decode_tc_string(vectors["disclosed-bitfield"]["tc"]).disclosed_vendors == tuple(range(1, 100, 2))
    empty = decode_tc_string(vectors["all-segments-empty"]["tc"])
    assert (empty.disclosed_vendors, empty.allowed_vendors) == ((1,), ())


# Made by tcf_encode.mjs (spec "all-segments"): a fixed string, so these tests need no node.
ALL_SEGMENTS_TC = (
    "CP7ioRnP7ioRnAKABBENCWFgAPAAAAAAAAAAPoQAoAAgJYB9ABkCqqqqqqqqqqqqqqqqqqqqqqqq"
    "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgBggAUAAQADAAUEgBQAUACgD6A8ACAAUAA"
    ".IPoQAoAAgZAB9AAA.QAEgOAAA.cAAAAAAAASAA"
)


def test_fixed_string_with_all_segments() -> None:
    tc = decode_tc_string(f"  {ALL_SEGMENTS_TC}\n")
    assert (tc.cmp_id, tc.created, tc.purposes_consent) == (10, "2024-03-15T12:34:56.7Z", (1, 2, 3, 4))
    assert (tc.vendor_consents_encoding, tc.vendor_li_encoding) == ("range", "bitfield")
    assert tc.allowed_vendors == (7, 8, 9)
    assert tc.disclosed_vendors == (*range(1, 801), 2000)
    assert tc.publisher_tc is not None and tc.publisher_tc.custom_purposes_consent == (2,)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "TC string: empty"),
        ("   ", "TC string: empty"),
        ("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA", "version 1, expected 2"),
        ("CP7ioRn*", "TC string segment 1: not base64url"),
        ("CP7ioRnP7ioRn", "TC string segment 1: truncated in"),
        (ALL_SEGMENTS_TC.split(".")[0] + ".", "TC string segment 2: empty"),
        (ALL_SEGMENTS_TC.split(".")[0] + ".IA=", "TC string segment 2: not base64url"),
        (ALL_SEGMENTS_TC.split(".")[0] + ".AAAA", "unknown segment type 0"),
        (ALL_SEGMENTS_TC.split(".")[0] + ".gAAA", "unknown segment type 4"),
        (ALL_SEGMENTS_TC.split(".")[0] + ".QAAA.QAAA", "segment type 2 appears twice"),
        (ALL_SEGMENTS_TC.split(".")[0] + ".YA", "TC string segment 2: truncated in"),
    ],
)
def test_rejects_malformed_strings(text: str, reason: str) -> None:
    with pytest.raises(SignalError, match=reason.replace(".", r"\.").replace("*", r"\*")):
        decode_tc_string(text)


def test_rejects_non_strings() -> None:
    with pytest.raises(SignalError):
        decode_tc_string(b"CP7ioRn")  # type: ignore[arg-type]


BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@given(st.text())
def test_any_text_decodes_or_raises_signal_error(text: str) -> None:
    with contextlib.suppress(SignalError):
        decode_tc_string(text)


@given(st.lists(st.text(alphabet=BASE64URL, max_size=400), min_size=1, max_size=4))
def test_any_base64url_segments_decode_or_raise_signal_error(segments: list[str]) -> None:
    with contextlib.suppress(SignalError):
        decode_tc_string(".".join(segments))


@given(st.integers(min_value=0, max_value=len(ALL_SEGMENTS_TC)), st.binary(max_size=8))
def test_truncated_or_corrupted_strings_decode_or_raise_signal_error(cut: int, noise: bytes) -> None:
    tail = "".join(BASE64URL[b % 64] for b in noise)
    with contextlib.suppress(SignalError):
        decode_tc_string(ALL_SEGMENTS_TC[:cut] + tail)
