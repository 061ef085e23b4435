"""Whether each phase saw the page asked for: the condition for any verdict but inconclusive or error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from checker.domains import registrable_domain, split_url
from checker.models import CORE_PHASES, Observation, PhaseSnapshot, SiteEvidence

WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class PhaseObservation:
    """What one phase saw, and why it is not the page when it is not."""

    observed: Observation
    reason: str | None = None


@dataclass(frozen=True)
class SiteObservation:
    """What the phases of a site saw together; `note` tells of a redirect to another site."""

    observed: Observation
    reason: str | None
    phases: Mapping[str, PhaseObservation]
    note: str | None = None


def _scheme(url: str) -> str:
    """The URL's scheme; "" for text urlsplit refuses (then it is no web page either)."""
    parts = split_url(url)
    return parts.scheme if parts is not None else ""


def _error_document(snapshot: PhaseSnapshot) -> str | None:
    """Why the document that answered is not the page, or None when it may be."""
    doc = snapshot.document
    if doc is None:
        return None
    scheme = _scheme(doc.url)
    if doc.url and scheme not in WEB_SCHEMES:
        return f"the page ended on a {scheme or 'blank'}: document, not a web page"
    failed = doc.status is not None and doc.status >= 400
    if doc.challenge is not None:
        wall = f"{doc.challenge.vendor} {doc.challenge.kind} page ({doc.challenge.signature})"
        return wall + (f", HTTP {doc.status}" if failed else "")
    if failed:
        body = "" if doc.text_chars or doc.media else ", empty body"
        return f"the server answered HTTP {doc.status}{body}"
    return None


def documents_recorded(site: SiteEvidence) -> bool:
    """Whether the scan recorded main documents (every scan since they were added does, in every phase
    it took a snapshot of); evidence from before has none anywhere."""
    return any(snapshot.document is not None for snapshot in site.phases.values())


def phase_observation(snapshot: PhaseSnapshot, documents: bool = True) -> PhaseObservation:
    """`page` when the phase saw real content of the page; else `inconclusive` (something answered, not
    the page) or `error` (nothing usable), with a one-line reason. `documents` says whether the site's
    evidence records main documents at all (see `documents_recorded`): in evidence from before they were
    recorded, a phase without one is taken as the page, as it was judged then; otherwise it is not."""
    answered = _error_document(snapshot)
    doc = snapshot.document
    if snapshot.error is not None:
        if snapshot.url in snapshot.downloads:
            return PhaseObservation("inconclusive", "the URL answered with a file download, not a page")
        failed = doc is not None and doc.status is not None and doc.status >= 400
        if answered is not None and doc is not None and (failed or doc.challenge is not None):
            return PhaseObservation("inconclusive", answered)
        return PhaseObservation("error", snapshot.error)
    if answered is not None:
        return PhaseObservation("inconclusive", answered)
    if doc is None:
        if documents:
            return PhaseObservation("inconclusive", "the main document could not be read")
        return PhaseObservation("page")
    if doc.status is None:
        return PhaseObservation("inconclusive", "no response was recorded for the main document")
    if doc.facts_error is not None:
        return PhaseObservation("inconclusive", f"the page could not be read: {doc.facts_error}")
    if doc.text_chars == 0 and doc.media == 0:
        return PhaseObservation("inconclusive", f"empty document (HTTP {doc.status}, no text, no media)")
    return PhaseObservation("page")


def phase_observations(site: SiteEvidence) -> dict[str, PhaseObservation]:
    """What each phase of the site saw."""
    documents = documents_recorded(site)
    return {name: phase_observation(snap, documents) for name, snap in site.phases.items()}


def saw_page(site: SiteEvidence, phase: str) -> bool:
    """The site has this phase and it saw the page."""
    snapshot = site.phases.get(phase)
    return snapshot is not None and phase_observation(snapshot, documents_recorded(site)).observed == "page"


def _grouped(phases: Mapping[str, PhaseObservation]) -> str:
    """Phases sharing a reason are named together: "accept, reject: Cloudflare challenge page"."""
    by_reason: dict[str, list[str]] = {}
    for name, seen in phases.items():
        if seen.observed != "page":
            by_reason.setdefault(seen.reason or seen.observed, []).append(name)
    parts = [f"{', '.join(names)}: {reason}" for reason, names in by_reason.items()]
    seen_page = [name for name, seen in phases.items() if seen.observed == "page"]
    if seen_page:
        parts.append(f"{', '.join(seen_page)} saw the page")
    return "; ".join(parts)


def _redirect_note(site: SiteEvidence) -> str | None:
    target = next(
        (s.document.url for s in site.phases.values() if s.document is not None and s.error is None), None
    )
    if not target or _scheme(target) not in WEB_SCHEMES:
        return None
    asked, reached = registrable_domain(site.url), registrable_domain(target)
    if asked and reached and asked != reached:
        return f"redirected to another site: judged the page reached, {target}"
    return None


def site_observation(site: SiteEvidence) -> SiteObservation:
    """`page` when every phase the scan took ran and saw the page (before, accept and reject at least:
    evidence older than the withdraw phase has no other); `inconclusive` when any phase saw something
    else that answered; else `error` (a phase got nothing usable, or did not run at all)."""
    phases = phase_observations(site)
    missing = [p for p in CORE_PHASES if p not in phases]
    for name in missing:
        phases[name] = PhaseObservation("error", "the phase did not run")
    if not site.phases:
        return SiteObservation("error", site.error or "no phase ran", phases)
    kinds = {p.observed for p in phases.values()}
    if kinds == {"page"}:
        return SiteObservation("page", None, phases, _redirect_note(site))
    observed: Observation = "inconclusive" if "inconclusive" in kinds else "error"
    return SiteObservation(observed, _grouped(phases), phases, _redirect_note(site))
