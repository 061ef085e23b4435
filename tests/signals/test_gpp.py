"""decode_gpp_string against GPP strings made by the IAB reference encoder (@iabgpp/cmpapi 3.2.0)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.signals import SignalError, decode_gpp_string
from checker.signals.model import GppString, PublisherRestriction, TCString, UsNat, UsPrivacy

Spec = dict[str, Any]
Encoder = Callable[[str, list[Spec]], list[Spec]]  # conftest.py's reference_encoder

SCRIPT = "gpp_encode.mjs"
CREATED_MS = 1710460800000  # 2024-03-15T00:00:00.0Z


def bools(ids: list[int], size: int) -> list[bool]:
    """A GPP bitfield value: position i (1-based) is true when i is in ids."""
    return [index in ids for index in range(1, size + 1)]


TCFEUV2 = {
    "CmpId": 31,
    "CmpVersion": 640,
    "ConsentScreen": 7,
    "ConsentLanguage": "DE",
    "VendorListVersion": 126,
    "PolicyVersion": 4,
    "UseNonStandardStacks": True,
    "SpecialFeatureOptins": bools([1, 2], 12),
    "PurposeConsents": bools([1, 2, 3, 4, 24], 24),
    "PurposeLegitimateInterests": bools([2, 3, 7, 10], 24),  # the encoder clears 1 and 3-6
    "PurposeOneTreatment": True,
    "PublisherCountryCode": "FR",
    "VendorConsents": list(range(1, 401, 2)),
    "VendorLegitimateInterests": [2000, 2001, 2002],
    "PublisherRestrictions": [
        {"key": 1, "type": 0, "ids": [1, 2, 3]},
        {"key": 2, "type": 2, "ids": [10, 20]},
    ],
    "PublisherConsents": bools([1, 3], 24),
    "PublisherLegitimateInterests": bools([2], 24),
    "NumCustomPurposes": 3,
    "PublisherCustomConsents": bools([1, 3], 3),
    "PublisherCustomLegitimateInterests": bools([2], 3),
    "VendorsDisclosed": list(range(1, 51)),
    "Created": CREATED_MS,
}
USNAT_V2 = {
    "Version": 2,
    "SharingNotice": 1,
    "SaleOptOutNotice": 2,
    "SharingOptOutNotice": 1,
    "TargetedAdvertisingOptOutNotice": 2,
    "SensitiveDataProcessingOptOutNotice": 1,
    "SensitiveDataLimitUseNotice": 2,
    "SaleOptOut": 1,
    "SharingOptOut": 2,
    "TargetedAdvertisingOptOut": 1,
    "SensitiveDataProcessing": [0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 2, 0, 1, 2, 2, 1],
    "KnownChildSensitiveDataConsents": [1, 2, 1],
    "PersonalDataConsents": 2,
    "MspaCoveredTransaction": 2,
    "MspaOptOutOptionMode": 1,
    "MspaServiceProviderMode": 2,
}
# Version 1 keeps 12 sensitive-data and 2 child entries: the encoder drops the rest (set to non-zero here).
USNAT_V1 = USNAT_V2 | {"Version": 1, "KnownChildSensitiveDataConsents": [2, 1, 2]}

SPECS: list[Spec] = [
    {"name": "tcfeuv2", "sections": [["tcfeuv2", TCFEUV2]]},
    {"name": "uspv1", "sections": [["uspv1", {"Notice": "Y", "OptOutSale": "Y", "LspaCovered": "N"}]]},
    {"name": "uspv1-dashes", "sections": [["uspv1", {"Notice": "-", "OptOutSale": "-", "LspaCovered": "-"}]]},
    {"name": "usnat-v2-gpc", "sections": [["usnat", USNAT_V2 | {"GpcSegmentIncluded": True, "Gpc": True}]]},
    {
        "name": "usnat-v2-gpc-false",
        "sections": [["usnat", USNAT_V2 | {"GpcSegmentIncluded": True, "Gpc": False}]],
    },
    {"name": "usnat-v2-no-gpc", "sections": [["usnat", USNAT_V2 | {"GpcSegmentIncluded": False}]]},
    {"name": "usnat-v1-gpc", "sections": [["usnat", USNAT_V1 | {"GpcSegmentIncluded": True, "Gpc": True}]]},
    {"name": "usnat-v1-no-gpc", "sections": [["usnat", USNAT_V1 | {"GpcSegmentIncluded": False}]]},
    {"name": "usnat-defaults", "sections": [["usnat", {"SaleOptOut": 0}]]},
    {
        "name": "tcfeuv2-uspv1-usnat",
        "sections": [
            ["tcfeuv2", {"CmpId": 7, "VendorConsents": [5], "Created": CREATED_MS}],
            ["uspv1", {"Notice": "Y", "OptOutSale": "N", "LspaCovered": "Y"}],
            ["usnat", USNAT_V2 | {"GpcSegmentIncluded": True, "Gpc": True}],
        ],
    },
    {
        "name": "many-sections",  # ids 2, 5-12: the header's Fibonacci range has a range group
        "sections": [
            ["tcfeuv2", {"CmpId": 8, "Created": CREATED_MS}],
            ["tcfcav1", {"CmpId": 8}],
            ["uspv1", {"Notice": "N", "OptOutSale": "N", "LspaCovered": "N"}],
            ["usnat", {"SaleOptOut": 2, "GpcSegmentIncluded": False}],
            ["usca", {"SaleOptOut": 1}],
            ["usva", {"SaleOptOut": 1}],
            ["usco", {"SaleOptOut": 1}],
            ["usut", {"SaleOptOut": 1}],
            ["usct", {"SaleOptOut": 1}],
        ],
    },
    {"name": "state-sections-only", "sections": [["usca", {"SaleOptOut": 1}], ["ustx", {"SaleOptOut": 2}]]},
]
SPEC_NAMES = [s["name"] for s in SPECS]


@pytest.fixture(scope="module")
def vectors(reference_encoder: Encoder) -> dict[str, Spec]:
    return {vector["name"]: vector for vector in reference_encoder(SCRIPT, SPECS)}


def ids(flags: list[bool]) -> tuple[int, ...]:
    return tuple(index for index, flag in enumerate(flags, start=1) if flag)


def epoch_ms(iso: str) -> int:
    return round(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def assert_tcfeuv2(tc: TCString | None, ref: dict[str, Any]) -> None:
    assert tc is not None
    assert (tc.version, epoch_ms(tc.created), epoch_ms(tc.last_updated)) == (
        ref["Version"],
        ref["Created"],
        ref["LastUpdated"],
    )
    assert (tc.cmp_id, tc.cmp_version, tc.consent_screen) == (
        ref["CmpId"],
        ref["CmpVersion"],
        ref["ConsentScreen"],
    )
    assert (tc.consent_language, tc.publisher_cc) == (ref["ConsentLanguage"], ref["PublisherCountryCode"])
    assert (tc.vendor_list_version, tc.tcf_policy_version) == (ref["VendorListVersion"], ref["PolicyVersion"])
    assert (tc.is_service_specific, tc.use_non_standard_texts) == (
        ref["IsServiceSpecific"],
        ref["UseNonStandardStacks"],
    )
    assert tc.special_feature_opt_ins == ids(ref["SpecialFeatureOptins"])
    assert tc.purposes_consent == ids(ref["PurposeConsents"])
    assert tc.purposes_li_transparency == ids(ref["PurposeLegitimateInterests"])
    assert tc.purpose_one_treatment == ref["PurposeOneTreatment"]
    assert list(tc.vendor_consents) == ref["VendorConsents"]
    assert list(tc.vendor_legitimate_interests) == ref["VendorLegitimateInterests"]
    assert tc.publisher_restrictions == tuple(
        PublisherRestriction(r["key"], r["type"], tuple(r["ids"]))
        for r in sorted(ref["PublisherRestrictions"], key=lambda r: (r["key"], r["type"]))
    )
    assert tc.disclosed_vendors is not None and list(tc.disclosed_vendors) == ref["VendorsDisclosed"]
    assert tc.allowed_vendors is None  # the GPP encoder never writes the allowed-vendors segment
    pub = tc.publisher_tc
    assert pub is not None
    assert (pub.purposes_consent, pub.purposes_li_transparency) == (
        ids(ref["PublisherConsents"]),
        ids(ref["PublisherLegitimateInterests"]),
    )
    assert pub.num_custom_purposes == ref["NumCustomPurposes"]
    assert pub.custom_purposes_consent == ids(ref["PublisherCustomConsents"])
    assert pub.custom_purposes_li_transparency == ids(ref["PublisherCustomLegitimateInterests"])


def assert_uspv1(usp: UsPrivacy | None, ref: dict[str, Any]) -> None:
    assert usp == UsPrivacy(ref["Version"], ref["Notice"], ref["OptOutSale"], ref["LspaCovered"])


def assert_usnat(usnat: UsNat | None, ref: dict[str, Any]) -> None:
    assert usnat is not None
    assert usnat == UsNat(
        version=ref["Version"],
        sharing_notice=ref["SharingNotice"],
        sale_opt_out_notice=ref["SaleOptOutNotice"],
        sharing_opt_out_notice=ref["SharingOptOutNotice"],
        targeted_advertising_opt_out_notice=ref["TargetedAdvertisingOptOutNotice"],
        sensitive_data_processing_opt_out_notice=ref["SensitiveDataProcessingOptOutNotice"],
        sensitive_data_limit_use_notice=ref["SensitiveDataLimitUseNotice"],
        sale_opt_out=ref["SaleOptOut"],
        sharing_opt_out=ref["SharingOptOut"],
        targeted_advertising_opt_out=ref["TargetedAdvertisingOptOut"],
        sensitive_data_processing=tuple(ref["SensitiveDataProcessing"]),
        known_child_sensitive_data_consents=tuple(ref["KnownChildSensitiveDataConsents"]),
        personal_data_consents=ref["PersonalDataConsents"],
        mspa_covered_transaction=ref["MspaCoveredTransaction"],
        mspa_opt_out_option_mode=ref["MspaOptOutOptionMode"],
        mspa_service_provider_mode=ref["MspaServiceProviderMode"],
        gpc=ref["Gpc"] if ref["GpcSegmentIncluded"] else None,
    )


def assert_matches(gpp: GppString, vector: Spec) -> None:
    """The header and every decoded section equal the reference decoder's values."""
    assert gpp.version == 1
    assert list(gpp.section_ids) == vector["sectionIds"]
    refs = vector["sections"]
    assert sorted(gpp.sections) == sorted(refs)
    if "tcfeuv2" in refs:
        assert_tcfeuv2(gpp.tcfeuv2, refs["tcfeuv2"])
    if "uspv1" in refs:
        assert_uspv1(gpp.uspv1, refs["uspv1"])
    if "usnat" in refs:
        assert_usnat(gpp.usnat, refs["usnat"])
    absent = {"tcfeuv2": gpp.tcfeuv2, "uspv1": gpp.uspv1, "usnat": gpp.usnat}
    assert all(value is None for name, value in absent.items() if name not in refs)


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_matches_the_reference_encoder(vectors: dict[str, Spec], name: str) -> None:
    vector = vectors[name]
    assert_matches(decode_gpp_string(vector["gpp"]), vector)


def test_tcfeuv2_literally(vectors: dict[str, Spec]) -> None:
    tc = decode_gpp_string(vectors["tcfeuv2"]["gpp"]).tcfeuv2
    assert tc is not None
    assert (tc.cmp_id, tc.cmp_version, tc.consent_screen, tc.consent_language) == (31, 640, 7, "DE")
    assert (tc.created, tc.publisher_cc, tc.tcf_policy_version) == ("2024-03-15T00:00:00.0Z", "FR", 4)
    assert tc.purposes_li_transparency == (2, 7, 10)
    assert (tc.vendor_consents_encoding, tc.vendor_li_encoding) == ("bitfield", "range")
    assert tc.vendor_legitimate_interests == (2000, 2001, 2002)
    assert tc.publisher_restrictions == (
        PublisherRestriction(1, 0, (1, 2, 3)),
        PublisherRestriction(2, 2, (10, 20)),
    )


def test_usnat_literally(vectors: dict[str, Spec]) -> None:
    v2 = decode_gpp_string(vectors["usnat-v2-gpc"]["gpp"]).usnat
    assert v2 is not None
    assert (v2.version, v2.sale_opt_out, v2.sharing_opt_out, v2.gpc) == (2, 1, 2, True)
    assert v2.sensitive_data_processing == (0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 2, 0, 1, 2, 2, 1)
    assert v2.known_child_sensitive_data_consents == (1, 2, 1)
    assert (v2.mspa_covered_transaction, v2.mspa_opt_out_option_mode, v2.mspa_service_provider_mode) == (
        2,
        1,
        2,
    )
    v1 = decode_gpp_string(vectors["usnat-v1-no-gpc"]["gpp"]).usnat
    assert v1 is not None
    assert (v1.version, v1.gpc, v1.personal_data_consents) == (1, None, 2)
    assert v1.sensitive_data_processing == (0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 2, 0)
    assert v1.known_child_sensitive_data_consents == (2, 1)
    no_gpc = decode_gpp_string(vectors["usnat-v2-gpc-false"]["gpp"]).usnat
    assert no_gpc is not None and no_gpc.gpc is False


def test_section_names_literally(vectors: dict[str, Spec]) -> None:
    many = decode_gpp_string(vectors["many-sections"]["gpp"])
    assert many.section_ids == (2, 5, 6, 7, 8, 9, 10, 11, 12)
    assert many.sections == ("tcfeuv2", "tcfcav1", "uspv1", "usnat", "usca", "usva", "usco", "usut", "usct")
    states = decode_gpp_string(vectors["state-sections-only"]["gpp"])
    assert (states.section_ids, states.sections) == ((8, 16), ("usca", "ustx"))
    assert (states.tcfeuv2, states.uspv1, states.usnat) == (None, None, None)
    assert decode_gpp_string(vectors["uspv1-dashes"]["gpp"]).uspv1 == UsPrivacy(1, "-", "-", "-")


# A string from the GPP specification's examples: tcfeuv2 and uspv1.
SPEC_EXAMPLE = "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN"


def test_the_specification_example() -> None:
    gpp = decode_gpp_string(f" {SPEC_EXAMPLE}\n")
    assert (gpp.section_ids, gpp.sections) == ((2, 6), ("tcfeuv2", "uspv1"))
    assert gpp.uspv1 == UsPrivacy(1, "Y", "N", "N")
    assert gpp.tcfeuv2 is not None
    assert (gpp.tcfeuv2.cmp_id, gpp.tcfeuv2.cmp_version, gpp.tcfeuv2.publisher_cc) == (31, 640, "DE")


def test_header_only_and_unknown_sections() -> None:
    assert decode_gpp_string("DBAA") == GppString(version=1, section_ids=(), sections=())
    # Header listing sections 4 (signal integrity, no API prefix) and 28 (unassigned): named, not decoded.
    gpp = decode_gpp_string("DBACWIw~x~y")
    assert (gpp.section_ids, gpp.sections) == ((4, 28), ("unknown:4", "unknown:28"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "GPP header: empty"),
        ("DB*A", "GPP header: not base64url"),
        ("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA", "GPP header: type 2, expected 3"),
        ("DCAA", "GPP header: version 2, expected 1"),
        ("DBAA~1YNN", "header lists 0 sections, string has 1"),
        ("DBACNY~1YNN", "header lists 2 sections, string has 1"),
        ("DBACNY~~1YNN", "GPP section tcfeuv2: TC string: empty"),
        ("DBACNY~BAAA~1YNN", "GPP section tcfeuv2: TC string segment 1: version 1, expected 2"),
        ("DBABTA~1YN", "GPP section uspv1: US privacy string: 3 characters"),
        ("DBABTA~1YNX", "GPP section uspv1: US privacy string: 'X' is not Y, N or -"),
        ("DBABLA~DAAAAAAAAAAA", "GPP section usnat: usnat core: version 3, expected 1 or 2"),
        ("DBABLA~BAAAAAAAAQA.YA.YA", "GPP section usnat: usnat: 3 sub-sections"),
        ("DBABLA~BAAAAAAAAQA.gA", "usnat GPC sub-section: sub-section type 2, expected 1"),
        ("DBABLA~BAAAAAAAAQA.", "usnat GPC sub-section: empty"),
        ("DBABLA~BAAA", "usnat core: truncated in"),
    ],
)
def test_rejects_malformed_strings(text: str, reason: str) -> None:
    with pytest.raises(SignalError) as raised:
        decode_gpp_string(text)
    assert reason in str(raised.value)


BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@given(st.text())
def test_any_text_decodes_or_raises_signal_error(text: str) -> None:
    with contextlib.suppress(SignalError):
        decode_gpp_string(text)


@given(st.lists(st.text(alphabet=BASE64URL + ".", max_size=120), min_size=1, max_size=5))
def test_any_sections_decode_or_raise_signal_error(sections: list[str]) -> None:
    with contextlib.suppress(SignalError):
        decode_gpp_string("~".join(["DBACPeA", *sections]))  # header: ids 2, 6, 7
    with contextlib.suppress(SignalError):
        decode_gpp_string("~".join(sections))
