"""Decoder of IAB TCF v2 TC strings: the core segment and the disclosed, allowed and publisher TC segments."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from checker.signals.bits import BitReader
from checker.signals.errors import SignalError
from checker.signals.model import PublisherRestriction, PublisherTC, TCString, VendorEncoding

TC_VERSION: Final = 2
VERSION_BITS: Final = 6
CMP_ID_BITS: Final = 12
CMP_VERSION_BITS: Final = 12
CONSENT_SCREEN_BITS: Final = 6
LANGUAGE_LETTERS: Final = 2
VENDOR_LIST_VERSION_BITS: Final = 12
POLICY_VERSION_BITS: Final = 6
SPECIAL_FEATURES_BITS: Final = 12
PURPOSES_BITS: Final = 24
MAX_VENDOR_ID_BITS: Final = 16
SEGMENT_TYPE_BITS: Final = 3
NUM_RESTRICTIONS_BITS: Final = 12
PURPOSE_ID_BITS: Final = 6
RESTRICTION_TYPE_BITS: Final = 2
NUM_CUSTOM_PURPOSES_BITS: Final = 6
RESTRICTION_TYPES: Final = (0, 1, 2)  # not allowed, require consent, require legitimate interest
SEGMENT_DISCLOSED_VENDORS: Final = 1
SEGMENT_ALLOWED_VENDORS: Final = 2
SEGMENT_PUBLISHER_TC: Final = 3
# Publisher restrictions expand ranges into ids: past this many in one string it is garbage (or an attack).
MAX_RESTRICTED_IDS: Final = 1 << 20


def decode_tc_string(text: str) -> TCString:
    """Decode a TC string ("core[.segment]..."); surrounding whitespace is ignored. Optional segments (types 1
    disclosed vendors, 2 allowed vendors, 3 publisher TC) may come in any order after the core, each at most
    once. Dates are ISO 8601 UTC with one fractional digit ("2024-03-15T12:34:56.7Z"); publisher restrictions
    are merged per (purpose, type) and sorted by them. Raises SignalError, and nothing else, on bad input."""
    if not isinstance(text, str):
        raise SignalError("TC string: not a string")
    parts = text.strip().split(".")
    if not parts[0]:
        raise SignalError("TC string: empty")
    core = _decode_core(BitReader.from_base64url(parts[0], "TC string segment 1"))
    segments: dict[int, BitReader] = {}
    for number, part in enumerate(parts[1:], start=2):
        reader = BitReader.from_base64url(part, f"TC string segment {number}")
        kind = reader.read_int(SEGMENT_TYPE_BITS, "SegmentType")
        if kind not in (SEGMENT_DISCLOSED_VENDORS, SEGMENT_ALLOWED_VENDORS, SEGMENT_PUBLISHER_TC):
            raise reader.fail(f"unknown segment type {kind}")
        if kind in segments:
            raise reader.fail(f"segment type {kind} appears twice")
        segments[kind] = reader
    return replace(
        core,
        disclosed_vendors=_optional_vendors(segments.get(SEGMENT_DISCLOSED_VENDORS), "DisclosedVendors"),
        allowed_vendors=_optional_vendors(segments.get(SEGMENT_ALLOWED_VENDORS), "AllowedVendors"),
        publisher_tc=_publisher_tc(segments.get(SEGMENT_PUBLISHER_TC)),
    )


def _decode_core(reader: BitReader) -> TCString:
    version = reader.read_int(VERSION_BITS, "Version")
    if version != TC_VERSION:
        raise reader.fail(f"version {version}, expected {TC_VERSION}")
    created = reader.read_deciseconds("Created")
    last_updated = reader.read_deciseconds("LastUpdated")
    cmp_id = reader.read_int(CMP_ID_BITS, "CmpId")
    cmp_version = reader.read_int(CMP_VERSION_BITS, "CmpVersion")
    consent_screen = reader.read_int(CONSENT_SCREEN_BITS, "ConsentScreen")
    consent_language = reader.read_letters(LANGUAGE_LETTERS, "ConsentLanguage")
    vendor_list_version = reader.read_int(VENDOR_LIST_VERSION_BITS, "VendorListVersion")
    tcf_policy_version = reader.read_int(POLICY_VERSION_BITS, "TcfPolicyVersion")
    is_service_specific = reader.read_bool("IsServiceSpecific")
    use_non_standard_texts = reader.read_bool("UseNonStandardTexts")
    special_features = reader.read_bitfield(SPECIAL_FEATURES_BITS, "SpecialFeatureOptIns")
    purposes_consent = reader.read_bitfield(PURPOSES_BITS, "PurposesConsent")
    purposes_li = reader.read_bitfield(PURPOSES_BITS, "PurposesLITransparency")
    purpose_one_treatment = reader.read_bool("PurposeOneTreatment")
    publisher_cc = reader.read_letters(LANGUAGE_LETTERS, "PublisherCC")
    consents, consents_max, consents_encoding = _vendor_section(reader, "VendorConsents")
    interests, interests_max, interests_encoding = _vendor_section(reader, "VendorLegitimateInterests")
    return TCString(
        version=version,
        created=created,
        last_updated=last_updated,
        cmp_id=cmp_id,
        cmp_version=cmp_version,
        consent_screen=consent_screen,
        consent_language=consent_language,
        vendor_list_version=vendor_list_version,
        tcf_policy_version=tcf_policy_version,
        is_service_specific=is_service_specific,
        use_non_standard_texts=use_non_standard_texts,
        special_feature_opt_ins=special_features,
        purposes_consent=purposes_consent,
        purposes_li_transparency=purposes_li,
        purpose_one_treatment=purpose_one_treatment,
        publisher_cc=publisher_cc,
        vendor_consents=consents,
        vendor_consents_max_id=consents_max,
        vendor_consents_encoding=consents_encoding,
        vendor_legitimate_interests=interests,
        vendor_li_max_id=interests_max,
        vendor_li_encoding=interests_encoding,
        publisher_restrictions=_publisher_restrictions(reader),
    )


def _vendor_section(reader: BitReader, field: str) -> tuple[tuple[int, ...], int, VendorEncoding]:
    """MaxVendorId (16 bits), IsRangeEncoding (1), then a bitfield of MaxVendorId bits or range entries."""
    max_id = reader.read_int(MAX_VENDOR_ID_BITS, f"{field} MaxVendorId")
    if reader.read_bool(f"{field} IsRangeEncoding"):
        return reader.read_ranges(field), max_id, "range"
    return reader.read_bitfield(max_id, field), max_id, "bitfield"


def _optional_vendors(reader: BitReader | None, field: str) -> tuple[int, ...] | None:
    return None if reader is None else _vendor_section(reader, field)[0]


def _publisher_restrictions(reader: BitReader) -> tuple[PublisherRestriction, ...]:
    merged: dict[tuple[int, int], set[int]] = {}
    total = 0
    for _ in range(reader.read_int(NUM_RESTRICTIONS_BITS, "NumPubRestrictions")):
        purpose = reader.read_int(PURPOSE_ID_BITS, "PubRestriction PurposeId")
        kind = reader.read_int(RESTRICTION_TYPE_BITS, "PubRestriction RestrictionType")
        if purpose == 0 or kind not in RESTRICTION_TYPES:
            raise reader.fail(f"invalid publisher restriction (purpose {purpose}, type {kind})")
        vendors = reader.read_ranges("PubRestriction vendors")
        total += len(vendors)
        if total > MAX_RESTRICTED_IDS:
            raise reader.fail(f"publisher restrictions list more than {MAX_RESTRICTED_IDS} vendor ids")
        merged.setdefault((purpose, kind), set()).update(vendors)
    return tuple(
        PublisherRestriction(purpose=purpose, restriction_type=kind, vendors=tuple(sorted(vendors)))
        for (purpose, kind), vendors in sorted(merged.items())
    )


def _publisher_tc(reader: BitReader | None) -> PublisherTC | None:
    if reader is None:
        return None
    consent = reader.read_bitfield(PURPOSES_BITS, "PubPurposesConsent")
    interests = reader.read_bitfield(PURPOSES_BITS, "PubPurposesLITransparency")
    num_custom = reader.read_int(NUM_CUSTOM_PURPOSES_BITS, "NumCustomPurposes")
    return PublisherTC(
        purposes_consent=consent,
        purposes_li_transparency=interests,
        num_custom_purposes=num_custom,
        custom_purposes_consent=reader.read_bitfield(num_custom, "CustomPurposesConsent"),
        custom_purposes_li_transparency=reader.read_bitfield(num_custom, "CustomPurposesLITransparency"),
    )
