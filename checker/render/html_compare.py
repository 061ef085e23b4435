"""The phase comparison of report.html: which cookies each phase's jar holds, keyed by (name, domain),
and what changed: new after accept, still present after reject, gone after withdraw."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from checker.models import Cookie
from checker.report import PhaseReport

CookieKey = tuple[str, str]  # (name, domain as the browser stores it)
# What a phase's cell of the comparison says: in the final jar, written then deleted, or not seen.
STORED, DELETED, ABSENT = "stored", "deleted", ""


@dataclass(frozen=True)
class CookieRef:
    """A cookie named in a comparison list."""

    name: str
    domain: str
    vendor: str | None
    category: str


@dataclass(frozen=True)
class PresenceRow:
    """One cookie (name, domain) across the phases of a site."""

    cookie: CookieRef
    cells: tuple[str, ...]  # STORED, DELETED or ABSENT, one per phase of the comparison


@dataclass(frozen=True)
class Change:
    """One comparison: what it means and the cookies it found (None: a phase it needs did not run)."""

    title: str
    meaning: str
    cookies: tuple[CookieRef, ...] | None


@dataclass(frozen=True)
class PhaseComparison:
    """The cookies of every phase side by side, and the changes an auditor asks about."""

    phases: tuple[str, ...]
    rows: tuple[PresenceRow, ...]
    changes: tuple[Change, ...]


def _key(cookie: Cookie) -> CookieKey:
    return (cookie.name, cookie.domain)


def _jar(phases: Mapping[str, PhaseReport], name: str) -> dict[CookieKey, Cookie] | None:
    """The cookies in a phase's final jar (not those deleted during it), or None when it did not run or
    did not see the page (a challenge wall's jar is no evidence of what the page stores)."""
    phase = phases.get(name)
    if phase is None or phase.observed != "page":
        return None
    return {_key(c): c for c in phase.cookies if not c.deleted}


def _ref(cookie: Cookie) -> CookieRef:
    return CookieRef(cookie.name, cookie.domain, cookie.vendor, cookie.category)


def _refs(keys: Iterable[CookieKey], known: Mapping[CookieKey, Cookie]) -> tuple[CookieRef, ...]:
    return tuple(_ref(known[k]) for k in sorted(keys, key=lambda k: (k[1], k[0])))


def _changes(phases: Mapping[str, PhaseReport]) -> tuple[Change, ...]:
    before, accept = _jar(phases, "before"), _jar(phases, "accept")
    reject, withdraw = _jar(phases, "reject"), _jar(phases, "withdraw")
    new = None if before is None or accept is None else _refs(accept.keys() - before.keys(), accept)
    kept = None
    if reject is not None and (before is not None or accept is not None):
        earlier = (before or {}).keys() | (accept or {}).keys()
        kept = _refs(reject.keys() & earlier, reject)
    fresh = None
    if reject is not None and before is not None and accept is not None:
        fresh = _refs(reject.keys() - before.keys() - accept.keys(), reject)
    gone = None if accept is None or withdraw is None else _refs(accept.keys() - withdraw.keys(), accept)
    return (
        Change("New after accept", "in the jar after accept, not in the jar before any choice", new),
        Change(
            "Still present after reject",
            "in the jar after reject, and also in the jar before any choice or after accept",
            kept,
        ),
        Change(
            "New after reject",
            "in the jar after reject only: neither before any choice nor after accept",
            fresh,
        ),
        Change(
            "Gone after withdraw", "in the jar after accept, no longer in the jar after withdrawing", gone
        ),
    )


def compare_phases(phases: Mapping[str, PhaseReport]) -> PhaseComparison:
    """Every cookie a site's phases saw, with its state in each phase (first seen first)."""
    names = tuple(phases)
    seen: dict[CookieKey, Cookie] = {}
    for phase in phases.values():
        for cookie in phase.cookies:
            seen.setdefault(_key(cookie), cookie)
    rows = []
    for key, cookie in seen.items():
        cells = []
        for name in names:
            states = {c.deleted for c in phases[name].cookies if _key(c) == key}
            cells.append(STORED if False in states else DELETED if states else ABSENT)
        rows.append(PresenceRow(_ref(cookie), tuple(cells)))
    return PhaseComparison(names, tuple(rows), _changes(phases))
