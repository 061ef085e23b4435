"""Decoder of IAB GPP strings: the header, and the tcfeuv2, uspv1 and usnat sections."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Final, TypeVar

from checker.signals.bits import BitReader
from checker.signals.errors import SignalError
from checker.signals.model import GppString, UsNat
from checker.signals.tcf import decode_tc_string
from checker.signals.usprivacy import decode_us_privacy

HEADER_TYPE: Final = 3
GPP_VERSION: Final = 1
TYPE_BITS: Final = 6
VERSION_BITS: Final = 6
SECTION_TCFEUV2: Final = 2
SECTION_USPV1: Final = 6
SECTION_USNAT: Final = 7
# Section id -> client-side API prefix: GPP "Sections/Section Information.md" and @iabgpp/cmpapi 3.2.0
# (encoder/section/Sections.js, whose names the CMP API uses: "usnat", not the table's older "usnatv1").
# Id 1 is the deprecated TCF EU v1 section; id 4 (signal integrity) has no prefix, like any unknown id:
# those are named "unknown:<id>".
SECTION_NAMES: Final = MappingProxyType(
    {
        1: "tcfeuv1",
        2: "tcfeuv2",
        3: "header",
        5: "tcfcav1",
        6: "uspv1",
        7: "usnat",
        8: "usca",
        9: "usva",
        10: "usco",
        11: "usut",
        12: "usct",
        13: "usfl",
        14: "usmt",
        15: "usor",
        16: "ustx",
        17: "usde",
        18: "usia",
        19: "usne",
        20: "usnh",
        21: "usnj",
        22: "ustn",
        23: "usmn",
        24: "usmd",
        25: "usin",
        26: "usky",
        27: "usri",
    }
)

USNAT_VERSION_BITS: Final = 6
USNAT_FIELD_BITS: Final = 2
# usnat core layouts by version as @iabgpp/cmpapi 3.2.0 encodes them: (SensitiveDataProcessing entries,
# KnownChildSensitiveDataConsents entries). Version 1 has 12 and 2, version 2 has 16 and 3.
USNAT_LAYOUTS: Final = MappingProxyType({1: (12, 2), 2: (16, 3)})
USNAT_GPC_SUBSECTION_TYPE: Final = 1
USNAT_MAX_SUBSECTIONS: Final = 2

T = TypeVar("T")


def decode_gpp_string(text: str) -> GppString:
    """Decode a GPP string ("header~section~..."); surrounding whitespace is ignored. The header must be
    type 3 version 1 and list as many section ids as there are sections. tcfeuv2, uspv1 and usnat are decoded,
    other sections only named. Raises SignalError, and nothing else, on bad input."""
    if not isinstance(text, str):
        raise SignalError("GPP string: not a string")
    parts = text.strip().split("~")
    header = BitReader.from_base64url(parts[0], "GPP header")
    kind = header.read_int(TYPE_BITS, "Type")
    if kind != HEADER_TYPE:
        raise header.fail(f"type {kind}, expected {HEADER_TYPE}")
    version = header.read_int(VERSION_BITS, "Version")
    if version != GPP_VERSION:
        raise header.fail(f"version {version}, expected {GPP_VERSION}")
    section_ids = header.read_fibonacci_range("SectionIds")
    bodies = parts[1:]
    if len(section_ids) != len(bodies):
        raise SignalError(f"GPP string: header lists {len(section_ids)} sections, string has {len(bodies)}")
    by_id = dict(zip(section_ids, bodies, strict=True))
    return GppString(
        version=version,
        section_ids=section_ids,
        sections=tuple(section_name(section_id) for section_id in section_ids),
        tcfeuv2=_section(by_id, SECTION_TCFEUV2, decode_tc_string),
        uspv1=_section(by_id, SECTION_USPV1, decode_us_privacy),
        usnat=_section(by_id, SECTION_USNAT, decode_usnat),
    )


def section_name(section_id: int) -> str:
    """A GPP section id's API prefix ("tcfeuv2", "usnat", ...), or "unknown:<id>"."""
    return SECTION_NAMES.get(section_id, f"unknown:{section_id}")


def _section(by_id: dict[int, str], section_id: int, decode: Callable[[str], T]) -> T | None:
    body = by_id.get(section_id)
    if body is None:
        return None
    try:
        return decode(body)
    except SignalError as error:
        raise SignalError(f"GPP section {section_name(section_id)}: {error}") from error


def decode_usnat(text: str) -> UsNat:
    """Decode a GPP usnat section (id 7), version 1 or 2, with its optional GPC sub-section ("core[.gpc]").
    Two-bit values are returned as encoded (3 is undefined but kept, as the reference decoder keeps it)."""
    parts = text.split(".")
    if len(parts) > USNAT_MAX_SUBSECTIONS:
        raise SignalError(f"usnat: {len(parts)} sub-sections, at most {USNAT_MAX_SUBSECTIONS}")
    core = BitReader.from_base64url(parts[0], "usnat core")
    version = core.read_int(USNAT_VERSION_BITS, "Version")
    if version not in USNAT_LAYOUTS:
        raise core.fail(f"version {version}, expected 1 or 2")
    sensitive_count, child_count = USNAT_LAYOUTS[version]

    def field(name: str) -> int:
        return core.read_int(USNAT_FIELD_BITS, name)

    return UsNat(
        version=version,
        sharing_notice=field("SharingNotice"),
        sale_opt_out_notice=field("SaleOptOutNotice"),
        sharing_opt_out_notice=field("SharingOptOutNotice"),
        targeted_advertising_opt_out_notice=field("TargetedAdvertisingOptOutNotice"),
        sensitive_data_processing_opt_out_notice=field("SensitiveDataProcessingOptOutNotice"),
        sensitive_data_limit_use_notice=field("SensitiveDataLimitUseNotice"),
        sale_opt_out=field("SaleOptOut"),
        sharing_opt_out=field("SharingOptOut"),
        targeted_advertising_opt_out=field("TargetedAdvertisingOptOut"),
        sensitive_data_processing=tuple(field("SensitiveDataProcessing") for _ in range(sensitive_count)),
        known_child_sensitive_data_consents=tuple(
            field("KnownChildSensitiveDataConsents") for _ in range(child_count)
        ),
        personal_data_consents=field("PersonalDataConsents"),
        mspa_covered_transaction=field("MspaCoveredTransaction"),
        mspa_opt_out_option_mode=field("MspaOptOutOptionMode"),
        mspa_service_provider_mode=field("MspaServiceProviderMode"),
        gpc=_usnat_gpc(parts[1]) if len(parts) == USNAT_MAX_SUBSECTIONS else None,
    )


def _usnat_gpc(text: str) -> bool:
    """The GPC sub-section: SubsectionType (2 bits, must be 1) then Gpc (1 bit)."""
    reader = BitReader.from_base64url(text, "usnat GPC sub-section")
    kind = reader.read_int(USNAT_FIELD_BITS, "SubsectionType")
    if kind != USNAT_GPC_SUBSECTION_TYPE:
        raise reader.fail(f"sub-section type {kind}, expected {USNAT_GPC_SUBSECTION_TYPE}")
    return reader.read_bool("Gpc")
