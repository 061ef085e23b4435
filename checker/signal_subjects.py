"""The consent-signal subjects rules judge (tcf, consent_mode, us_privacy): one flat item per signal."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from checker.signals.model import (
    ConsentCommand,
    ConsentModeHit,
    GppSignal,
    Signals,
    TcfSignal,
    TCString,
    UsNat,
    UsPrivacy,
    UsPrivacySignal,
)
from checker.signals.words import (
    CONSENT_MODE_SIGNALS,
    FORBIDDEN_LI_PURPOSES,
    consent_mode_summary,
    id_ranges,
    tcf_consent,
    tcf_legitimate_interest,
    us_privacy_summary,
    usnat_summary,
)

# CMP ids 0 and 1 are not given to any CMP (the IAB's reference encoder refuses them); ids fit 12 bits.
MIN_CMP_ID, MAX_CMP_ID = 2, 4095
MIN_POLICY_VERSION = 4  # TCF 2.2 strings since 30 September 2023
STORED_SOURCES = frozenset({"api", "cookie", "storage", "gpp"})


@dataclass(frozen=True)
class SignalItem:
    """One signal flattened into the fields selectors and messages read, and the subject a finding names."""

    fields: dict[str, Any]
    subject: dict[str, Any]


class _Sent(Protocol):
    """A signal that may have been read from a request sent before or after the consent click."""

    @property
    def after_choice(self) -> bool | None: ...


SignalT = TypeVar("SignalT", bound=_Sent)


def judged(signals: Sequence[SignalT], clicked: bool) -> list[SignalT]:
    """After a click, requests sent before it answer to no choice (the before phase judges those)."""
    return [s for s in signals if not (clicked and s.after_choice is False)]


def _label(signal: TcfSignal | GppSignal | UsPrivacySignal) -> str:
    if signal.source == "request":
        return f"{signal.where} ({signal.count} request{'s' if signal.count != 1 else ''})"
    status = getattr(signal, "event_status", None)
    return f"{signal.where} ({status})" if status else signal.where


# --- TCF ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """One place a TC string was read."""

    source: str
    where: str  # without counts: stable across runs
    label: str  # for people: with the request count or the CMP's event status
    signal: TcfSignal | None  # None: a GPP section
    decoded: TCString | None


def tcf_items(signals: Signals, clicked: bool) -> list[SignalItem]:
    """One item per distinct TC string (decoded strings that say the same thing are one), with every place
    it was read."""
    groups: dict[object, list[_Read]] = {}
    for tcf in judged(signals.tcf, clicked):
        key = _choice(tcf.decoded) if tcf.decoded is not None else tcf.string
        groups.setdefault(key, []).append(_Read(tcf.source, tcf.where, _label(tcf), tcf, tcf.decoded))
    for gpp in judged(signals.gpp, clicked):
        if gpp.decoded is not None and gpp.decoded.tcfeuv2 is not None:
            where = f"GPP section tcfeuv2 of {gpp.where}"
            # A GPP string sent in a request is no record of the CMP's: it counts as a request.
            source = "request" if gpp.source == "request" else "gpp"
            read = _Read(source, where, f"GPP section tcfeuv2 of {_label(gpp)}", None, gpp.decoded.tcfeuv2)
            groups.setdefault(_choice(gpp.decoded.tcfeuv2), []).append(read)
    has_stored = any(r.source in STORED_SOURCES for group in groups.values() for r in group)
    return [_tcf_item(group, has_stored) for group in groups.values()]


def _choice(tc: TCString) -> tuple[object, ...]:
    """What a TC string says of the user's choice, and whether it is valid: two strings alike in these are
    one signal, whatever their timestamps, CMP version or encoding (a GPP tcfeuv2 section re-encodes its
    optional segments, a CMP rewrites the string on every page view)."""
    return (
        tc.version,
        tc.is_service_specific,
        tc.tcf_policy_version,
        tc.cmp_id,
        tc.purposes_consent,
        tc.purposes_li_transparency,
        tc.special_feature_opt_ins,
        tc.vendor_consents,
        tc.vendor_legitimate_interests,
        tc.publisher_restrictions,
        tc.publisher_tc,
    )


def _tcf_item(group: list[_Read], has_stored: bool) -> SignalItem:
    sources = sorted({r.source for r in group})
    first = next((r.signal for r in group if r.signal is not None), None)
    decoded = group[0].decoded
    stored = any(s in STORED_SOURCES for s in sources)
    fields: dict[str, Any] = {
        "source": sources,
        "sources": [r.label for r in group],
        "event_status": next(
            (r.signal.event_status for r in group if r.signal and r.signal.event_status), None
        ),
        "decodable": decoded is not None,
        "error": first.error if first is not None else None,
        "string_sha256": hashlib.sha256(first.string.encode()).hexdigest()[:16] if first else None,
        "stored": stored,
        "mismatch_with_stored": not stored and has_stored,
    }
    fields |= _tcf_facts(decoded) if decoded is not None else _tcf_unknown(fields["error"])
    subject = {"signal": "tcf", "where": group[0].where}
    return SignalItem(fields, subject)


def _tcf_unknown(error: str | None) -> dict[str, Any]:
    return {
        "consent": "nothing that can be read (the string does not decode)",
        "any_consent": None,
        "forbidden_li": None,
        "well_formed": False,
        "problems": [f"not decodable ({error or 'unknown reason'})"],
    }


def _tcf_facts(tc: TCString) -> dict[str, Any]:
    forbidden = sorted(FORBIDDEN_LI_PURPOSES.intersection(tc.purposes_li_transparency))
    problems = tcf_problems(tc)
    publisher = tc.publisher_tc.purposes_consent if tc.publisher_tc else ()
    custom = tc.publisher_tc.custom_purposes_consent if tc.publisher_tc else ()
    consent_fields = [
        f"{name} = {words}"
        for name, ids, words in (
            ("PurposesConsent", tc.purposes_consent, id_ranges(tc.purposes_consent)),
            ("SpecialFeatureOptIns", tc.special_feature_opt_ins, id_ranges(tc.special_feature_opt_ins)),
            ("VendorConsents", tc.vendor_consents, f"{len(tc.vendor_consents)} vendors"),
            ("PubPurposesConsent", publisher, f"publisher purposes {id_ranges(publisher)}"),
            ("CustomPurposesConsent", custom, f"custom purposes {id_ranges(custom)}"),
        )
        if ids
    ]
    return {
        "consent": tcf_consent(tc),
        "legitimate_interest": tcf_legitimate_interest(tc),
        "any_consent": bool(consent_fields),
        "consent_fields": consent_fields,
        "purposes_consent": list(tc.purposes_consent),
        "special_features": list(tc.special_feature_opt_ins),
        "vendor_consents_count": len(tc.vendor_consents),
        "li_purposes": list(tc.purposes_li_transparency),
        "forbidden_li": bool(forbidden),
        "forbidden_li_purposes": id_ranges(forbidden) if forbidden else None,
        "well_formed": not problems,
        "problems": problems,
        "cmp_id": tc.cmp_id,
        "tcf_policy_version": tc.tcf_policy_version,
    }


def tcf_problems(tc: TCString) -> list[str]:
    """What makes a TC string invalid under TCF 2.2, each naming the decoded field."""
    problems = []
    if tc.version != 2:
        problems.append(f"Version {tc.version} (must be 2)")
    if not tc.is_service_specific:
        problems.append("IsServiceSpecific 0 (must be 1: global-scope strings are invalid since 2021)")
    if tc.tcf_policy_version < MIN_POLICY_VERSION:
        problems.append(f"TcfPolicyVersion {tc.tcf_policy_version} (must be {MIN_POLICY_VERSION} or more)")
    if not MIN_CMP_ID <= tc.cmp_id <= MAX_CMP_ID:
        problems.append(f"CmpId {tc.cmp_id} (not a registered CMP id)")
    return problems


# --- Google Consent Mode -----------------------------------------------------------------------------


def consent_mode_items(signals: Signals, clicked: bool) -> list[SignalItem]:
    """One item per group of Google hits (endpoint, consent parameters, side of the click), then one for the
    state the page's dataLayer consent commands leave (when it has any): what the next hit would report."""
    items = [_consent_mode_item(hit) for hit in judged(signals.consent_mode, clicked)]
    if signals.consent_commands:
        items.append(_datalayer_item(signals.consent_commands))
    return items


def datalayer_state(commands: Sequence[ConsentCommand]) -> dict[str, str]:
    """Each signal's value after the commands in order: the last update, else the last default. Commands
    scoped to regions are left out: they apply to visitors there, which the scan cannot claim to be."""
    given: dict[str, dict[str, str]] = {"default": {}, "update": {}}
    for command in commands:
        if command.command in given and not command.region:
            given[command.command].update(command.states)
    return given["default"] | given["update"]


def _datalayer_item(commands: Sequence[ConsentCommand]) -> SignalItem:
    state = datalayer_state(commands)
    states = {name: state.get(name) for name in CONSENT_MODE_SIGNALS}
    granted = [name for name, value in states.items() if value == "granted"]
    said = ", ".join(f"{c.command} {len(c.states)} signal(s)" for c in commands)
    fields: dict[str, Any] = {
        "source": "datalayer",
        "where": "dataLayer",
        "host": None,
        "count": len(commands),
        "gcs": None,
        "gcd": None,
        "npa": None,
        "has_consent_params": True,
        "grants_storage": states["ad_storage"] == "granted" or states["analytics_storage"] == "granted",
        "denies_storage": states["ad_storage"] == "denied" and states["analytics_storage"] == "denied",
        "granted": granted,
        "state": ", ".join(f"{name} {value or 'not set'}" for name, value in states.items()),
        "params": f"gtag consent commands: {said}",
        **states,
    }
    return SignalItem(fields, {"signal": "consent_mode", "where": "dataLayer"})


def _consent_mode_item(hit: ConsentModeHit) -> SignalItem:
    host = hit.where.split("/", 1)[0]
    mode = hit.decoded
    states = {name: getattr(mode, name).effective if mode else None for name in CONSENT_MODE_SIGNALS}
    granted = [name for name, state in states.items() if state == "granted"]
    fields: dict[str, Any] = {
        "source": "request",
        "where": hit.where,
        "host": host,
        "count": hit.count,
        "gcs": hit.gcs,
        "gcd": hit.gcd,
        "npa": hit.npa,
        "has_consent_params": hit.gcs is not None or hit.gcd is not None,
        "grants_storage": states["ad_storage"] == "granted" or states["analytics_storage"] == "granted",
        "denies_storage": states["ad_storage"] == "denied" and states["analytics_storage"] == "denied",
        "granted": granted,
        "state": consent_mode_summary(mode) if mode else (hit.error or "no consent parameters"),
        **states,
    }
    params = ", ".join(f"{k}={v}" for k, v in (("gcs", hit.gcs), ("gcd", hit.gcd)) if v is not None)
    fields["params"] = params or "no gcs or gcd"
    return SignalItem(fields, {"signal": "consent_mode", "where": hit.where, "params": fields["params"]})


# --- US privacy: the CCPA string and the GPP US national section --------------------------------------


def us_privacy_items(signals: Signals, clicked: bool) -> list[SignalItem]:
    """One item per distinct US privacy string or GPP US section (uspv1, usnat), with every place it was
    read."""
    groups: dict[object, list[tuple[str, str, UsPrivacy | UsNat | None, str | None]]] = {}
    for usp in judged(signals.us_privacy, clicked):
        key = usp.decoded if usp.decoded is not None else usp.string
        groups.setdefault(key, []).append((usp.where, _label(usp), usp.decoded, usp.error))
    for gpp in judged(signals.gpp, clicked):
        decoded = gpp.decoded
        for name, section in (
            ("uspv1", decoded.uspv1 if decoded else None),
            ("usnat", decoded.usnat if decoded else None),
        ):
            if section is not None:
                read = (
                    f"GPP section {name} of {gpp.where}",
                    f"GPP section {name} of {_label(gpp)}",
                    section,
                    None,
                )
                groups.setdefault(section, []).append(read)
    return [_us_item(group) for group in groups.values()]


def _us_item(group: list[tuple[str, str, UsPrivacy | UsNat | None, str | None]]) -> SignalItem:
    where, _, decoded, error = group[0]
    fields = _usnat_facts(decoded) if isinstance(decoded, UsNat) else _usp_facts(decoded, error)
    fields |= {"where": where, "sources": [label for _w, label, *_ in group]}
    return SignalItem(fields, {"signal": "us_privacy", "where": where})


def _usp_facts(usp: UsPrivacy | None, error: str | None) -> dict[str, Any]:
    opted_out = None if usp is None else usp.opt_out_sale != "N"
    return {
        "kind": "US privacy string",
        "opted_out": opted_out,
        "state": us_privacy_summary(usp) if usp else f"not decodable ({error})",
        "broken_fields": [f"OptOutSale {usp.opt_out_sale}"] if usp is not None and not opted_out else [],
    }


def _usnat_facts(usnat: UsNat) -> dict[str, Any]:
    values = {
        "SaleOptOut": usnat.sale_opt_out,
        "SharingOptOut": usnat.sharing_opt_out,
        "TargetedAdvertisingOptOut": usnat.targeted_advertising_opt_out,
    }
    broken = [f"{name} {value}" for name, value in values.items() if value == 2]
    return {
        "kind": "GPP usnat section",
        "opted_out": not broken,
        "state": usnat_summary(usnat),
        "broken_fields": broken,
    }
