"""Consent signals of a phase as table rows in words, for the HTML report."""

from __future__ import annotations

from dataclasses import dataclass

from checker.signals.model import GppString, Signals
from checker.signals.words import consent_mode_summary, tcf_summary, us_privacy_summary, usnat_summary


@dataclass(frozen=True)
class SignalRow:
    """One signal read in a phase: what kind, where, what it says in words, and the raw value."""

    kind: str
    where: str
    says: str
    raw: str


def _requests(count: int, after_choice: bool | None) -> str:
    if after_choice is None:
        return f" ({count} request{'s' if count != 1 else ''})"
    side = "after the choice" if after_choice else "before the choice"
    return f" ({count} request{'s' if count != 1 else ''}, {side})"


def _gpp_says(gpp: GppString) -> str:
    parts = [f"sections {', '.join(gpp.sections) or 'none'}"]
    if gpp.tcfeuv2 is not None:
        parts.append(f"tcfeuv2: {tcf_summary(gpp.tcfeuv2)}")
    if gpp.uspv1 is not None:
        parts.append(f"uspv1: {us_privacy_summary(gpp.uspv1)}")
    if gpp.usnat is not None:
        parts.append(f"usnat: {usnat_summary(gpp.usnat)}")
    return "; ".join(parts)


def signal_rows(signals: Signals | None) -> list[SignalRow]:
    """Every signal of the phase, TCF first, then GPP, US privacy, Consent Mode, dataLayer and GPC."""
    if signals is None:
        return []
    rows: list[SignalRow] = []
    for t in signals.tcf:
        where = t.where + (_requests(t.count, t.after_choice) if t.source == "request" else "")
        status = f" [{t.event_status}]" if t.event_status else ""
        says = tcf_summary(t.decoded) if t.decoded else f"not decodable: {t.error}"
        rows.append(SignalRow("TCF TC string", where + status, says, t.string))
    for g in signals.gpp:
        where = g.where + (_requests(g.count, g.after_choice) if g.source == "request" else "")
        rows.append(
            SignalRow(
                "GPP string",
                where,
                _gpp_says(g.decoded) if g.decoded else f"not decodable: {g.error}",
                g.string,
            )
        )
    for u in signals.us_privacy:
        where = u.where + (_requests(u.count, u.after_choice) if u.source == "request" else "")
        rows.append(
            SignalRow(
                "US privacy",
                where,
                us_privacy_summary(u.decoded) if u.decoded else f"not decodable: {u.error}",
                u.string,
            )
        )
    for h in signals.consent_mode:
        if h.decoded is not None:
            says = consent_mode_summary(h.decoded)
        else:
            says = h.error or "no Consent Mode parameters"
        params = (("gcs", h.gcs), ("gcd", h.gcd), ("npa", h.npa), ("dma", h.dma), ("dma_cps", h.dma_cps))
        raw = " ".join(f"{k}={v}" for k, v in params if v)
        rows.append(SignalRow("Consent Mode hit", h.where + _requests(h.count, h.after_choice), says, raw))
    for c in signals.consent_commands:
        states = ", ".join(f"{k} {v}" for k, v in c.states.items()) or "no signal"
        scope = f" for regions {', '.join(c.region)} only" if c.region else ""
        rows.append(SignalRow("dataLayer consent", f"gtag('consent', '{c.command}')", states + scope, ""))
    if signals.gpc is not None:
        rows.append(
            SignalRow(
                "Global Privacy Control", "navigator.globalPrivacyControl", "on" if signals.gpc else "off", ""
            )
        )
    return rows
