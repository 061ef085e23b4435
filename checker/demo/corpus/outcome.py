"""Score one corpus page's scan: was the banner found, and did accept, reject and withdraw take effect?"""

from __future__ import annotations

from dataclasses import dataclass

from checker.demo.corpus import CorpusPage
from checker.models import ConsentAction, PhaseSnapshot, SiteEvidence


@dataclass(frozen=True)
class PageOutcome:
    """What the checker achieved on one corpus page, each choice judged by the cookies it left."""

    page: str
    detected: bool
    false_detection: bool
    cmp: str | None
    accept_ok: bool
    reject_ok: bool
    withdraw_ok: bool
    reject_layers: int
    decision_ms: int | None  # accept phase: from navigation start to the last click of the choice
    problems: tuple[str, ...]


def _kept(snapshot: PhaseSnapshot | None, name: str) -> bool:
    """The cookie is in the phase's final jar (not deleted)."""
    return snapshot is not None and any(c.name == name and not c.deleted for c in snapshot.cookies)


def _choice_ok(
    action: ConsentAction | None, gated: str | None, snapshot: PhaseSnapshot | None, want: bool
) -> bool:
    if action is None or not action.done or action.verified is False:
        return False
    return gated is None or _kept(snapshot, gated) is want


def page_outcome(page: CorpusPage, site: SiteEvidence) -> PageOutcome:
    """Judge the scan of `page` against what it is expected to show."""
    phases = site.phases
    before = phases.get("before")
    banner = before.banner if before is not None else None
    detected = bool(banner and banner.detected)
    accept, reject, withdraw = (phases.get(p) for p in ("accept", "reject", "withdraw"))
    gated = page.expect.gated_cookie
    acts = [p.action if p is not None else None for p in (accept, reject, withdraw)]
    accept_ok = _choice_ok(acts[0], gated, accept, True)
    reject_ok = _choice_ok(acts[1], gated, reject, False)
    withdraw_ok = _choice_ok(acts[2], gated, withdraw, False)
    problems = _problems(
        page, detected, banner.cmp if banner else None, (accept_ok, reject_ok, withdraw_ok), acts
    )
    clicks = acts[0].clicks if acts[0] is not None else ()
    return PageOutcome(
        page=page.id,
        detected=detected,
        false_detection=detected and not page.expect.banner,
        cmp=banner.cmp if banner else None,
        accept_ok=accept_ok,
        reject_ok=reject_ok,
        withdraw_ok=withdraw_ok,
        reject_layers=acts[1].layers if acts[1] is not None else 0,
        decision_ms=clicks[-1].t_ms if clicks else None,
        problems=problems,
    )


def _problems(
    page: CorpusPage,
    detected: bool,
    cmp: str | None,
    oks: tuple[bool, bool, bool],
    actions: list[ConsentAction | None],
) -> tuple[str, ...]:
    if not page.expect.banner:
        return ("banner detected on a page without one",) if detected else ()
    out: list[str] = []
    if not detected:
        out.append("banner not detected")
    if page.expect.cmp is not None and cmp != page.expect.cmp:
        out.append(f"cmp {cmp!r}, expected {page.expect.cmp!r}")
    for name, ok, action in zip(("accept", "reject", "withdraw"), oks, actions, strict=True):
        if name == "withdraw" and not page.expect.withdraw:
            continue
        if not ok:
            why = (
                "no action"
                if action is None
                else (action.note or action.verify_note or "choice did not take")
            )
            out.append(f"{name} failed: {why}")
    return tuple(out)
