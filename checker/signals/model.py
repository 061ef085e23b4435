"""Decoded consent signals: TCF v2.2 TC strings, GPP strings, US privacy strings, Google Consent Mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Where a signal was read: the page's CMP API, a cookie, web storage, a request's query, the dataLayer.
SignalSource = Literal["api", "cookie", "storage", "request", "datalayer", "gpp"]
VendorEncoding = Literal["bitfield", "range"]
# Google Consent Mode: a signal's value as a tag reports it.
ConsentValue = Literal["granted", "denied", "unset"]


@dataclass(frozen=True)
class PublisherRestriction:
    """One publisher restriction of a TC string's core segment."""

    purpose: int
    restriction_type: int  # 0 not allowed, 1 require consent, 2 require legitimate interest
    vendors: tuple[int, ...]


@dataclass(frozen=True)
class PublisherTC:
    """The publisher purposes segment (segment type 3) of a TC string."""

    purposes_consent: tuple[int, ...]
    purposes_li_transparency: tuple[int, ...]
    num_custom_purposes: int
    custom_purposes_consent: tuple[int, ...]
    custom_purposes_li_transparency: tuple[int, ...]


@dataclass(frozen=True)
class TCString:
    """A decoded IAB TCF v2 TC string (core segment and the optional segments).

    Id lists are the ids whose bit is set, ascending (purposes 1-24, special features 1-12, vendors 1-65535).
    """

    version: int
    created: str  # ISO 8601 UTC, from deciseconds
    last_updated: str
    cmp_id: int
    cmp_version: int
    consent_screen: int
    consent_language: str  # two letters, upper case
    vendor_list_version: int
    tcf_policy_version: int
    is_service_specific: bool
    use_non_standard_texts: bool
    special_feature_opt_ins: tuple[int, ...]
    purposes_consent: tuple[int, ...]
    purposes_li_transparency: tuple[int, ...]
    purpose_one_treatment: bool
    publisher_cc: str
    vendor_consents: tuple[int, ...]
    vendor_consents_max_id: int
    vendor_consents_encoding: VendorEncoding
    vendor_legitimate_interests: tuple[int, ...]
    vendor_li_max_id: int
    vendor_li_encoding: VendorEncoding
    publisher_restrictions: tuple[PublisherRestriction, ...] = ()
    disclosed_vendors: tuple[int, ...] | None = None  # segment type 1, when present
    allowed_vendors: tuple[int, ...] | None = None  # segment type 2, when present
    publisher_tc: PublisherTC | None = None  # segment type 3, when present


@dataclass(frozen=True)
class UsPrivacy:
    """A CCPA US privacy string such as "1YNN": version, notice given, opted out of sale, LSPA covered."""

    version: int
    notice: Literal["Y", "N", "-"]
    opt_out_sale: Literal["Y", "N", "-"]
    lspa: Literal["Y", "N", "-"]


@dataclass(frozen=True)
class UsNat:
    """The GPP US national section (id 7), version 1 or 2. Notice and opt-out fields: 0 not applicable,
    1 yes (notice given / opted out), 2 no. Consents: 0 not applicable, 1 no consent, 2 consent."""

    version: int
    sharing_notice: int
    sale_opt_out_notice: int
    sharing_opt_out_notice: int
    targeted_advertising_opt_out_notice: int
    sensitive_data_processing_opt_out_notice: int
    sensitive_data_limit_use_notice: int
    sale_opt_out: int
    sharing_opt_out: int
    targeted_advertising_opt_out: int
    sensitive_data_processing: tuple[int, ...]
    known_child_sensitive_data_consents: tuple[int, ...]
    personal_data_consents: int
    mspa_covered_transaction: int
    mspa_opt_out_option_mode: int
    mspa_service_provider_mode: int
    gpc: bool | None = None  # the optional GPC sub-section, when present


@dataclass(frozen=True)
class GppString:
    """A decoded IAB GPP string: the header's section ids and the sections this tool reads."""

    version: int
    section_ids: tuple[int, ...]
    sections: tuple[str, ...]  # the sections' API prefixes in header order ("tcfeuv2", "usnat", ...)
    tcfeuv2: TCString | None = None
    uspv1: UsPrivacy | None = None
    usnat: UsNat | None = None


@dataclass(frozen=True)
class ConsentState:
    """One Google Consent Mode signal as a hit reports it: the default, the update, and what applies."""

    default: ConsentValue
    update: ConsentValue
    effective: Literal["granted", "denied", "unknown"]


@dataclass(frozen=True)
class ConsentMode:
    """The four Consent Mode v2 signals of a Google hit, decoded from its gcs and gcd parameters."""

    ad_storage: ConsentState
    analytics_storage: ConsentState
    ad_user_data: ConsentState
    ad_personalization: ConsentState


# --- What a phase read, and where -------------------------------------------------------------------


@dataclass(frozen=True)
class TcfSignal:
    """One TC string a phase saw, where it was read, and what it says (or why it could not be decoded)."""

    source: SignalSource
    where: str  # "__tcfapi in <frame URL>", "cookie euconsent-v2 (.example.com)", "<host><path>" of a request
    string: str
    t_ms: int | None = None  # first seen, ms since the phase's navigation started (requests only)
    count: int = 1  # how many requests carried it
    after_choice: bool | None = None  # requests only: sent after the phase's consent click (None: no click)
    event_status: str | None = None  # the CMP API's eventStatus: tcloaded, cmpuishown, useractioncomplete
    gdpr_applies: bool | None = None
    decoded: TCString | None = None
    error: str | None = None


@dataclass(frozen=True)
class GppSignal:
    """One GPP string a phase saw (the CMP API's ping, a cookie, a request), decoded."""

    source: SignalSource
    where: str
    string: str
    t_ms: int | None = None
    count: int = 1
    after_choice: bool | None = None
    signal_status: str | None = None  # the API's signalStatus: "ready" or "not ready"
    applicable_sections: tuple[int, ...] = ()
    decoded: GppString | None = None
    error: str | None = None


@dataclass(frozen=True)
class UsPrivacySignal:
    """One US privacy (CCPA) string a phase saw: the __uspapi answer, the usprivacy cookie, a request."""

    source: SignalSource
    where: str
    string: str
    t_ms: int | None = None
    count: int = 1
    after_choice: bool | None = None
    decoded: UsPrivacy | None = None
    error: str | None = None


@dataclass(frozen=True)
class ConsentModeHit:
    """Requests to one Google endpoint carrying the same consent parameters (or none), decoded."""

    where: str  # host and path, never the query
    t_ms: int  # the first such request, ms since the phase's navigation started
    count: int
    gcs: str | None = None
    gcd: str | None = None
    npa: str | None = None
    dma: str | None = None
    dma_cps: str | None = None
    after_choice: bool | None = None  # sent after the phase's consent click (None: no click in this phase)
    decoded: ConsentMode | None = None  # None: no consent parameter (consent mode missing), or see error
    error: str | None = None


@dataclass(frozen=True)
class ConsentCommand:
    """A `gtag('consent', 'default' | 'update', {...})` command found in the page's dataLayer, in order."""

    command: str  # "default" or "update" (anything else is kept as the page wrote it)
    states: dict[str, str]  # signal -> "granted" | "denied" (as written)
    region: tuple[str, ...] = ()  # the regions a region-scoped command applies to (empty: everywhere)


@dataclass(frozen=True)
class Signals:
    """Every consent signal one phase saw, decoded."""

    tcf: tuple[TcfSignal, ...] = ()
    gpp: tuple[GppSignal, ...] = ()
    us_privacy: tuple[UsPrivacySignal, ...] = ()
    consent_mode: tuple[ConsentModeHit, ...] = ()
    consent_commands: tuple[ConsentCommand, ...] = ()
    gpc: bool | None = None  # navigator.globalPrivacyControl as the top frame saw it
    failures: tuple[str, ...] = ()  # what could not be read, and why
