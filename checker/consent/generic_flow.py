"""Accept or reject through the generic detector's banner, and read a settings layer no recipe knows."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from checker.consent.clicker import SECOND_LAYER_POLL_S, Clicker
from checker.consent.detect import ConsentKit, Found, stamp
from checker.consent.frames import frame_shown, mark_seen, scan_page
from checker.consent.outcome import Outcome, not_done
from checker.consent.shapes import Candidate, Control, ControlKind
from checker.consent.steps import POLL_INTERVAL_S
from checker.models import Intent

if TYPE_CHECKING:
    from playwright.async_api import Frame


def fresh_control(candidate: Candidate, kind: ControlKind, seen: str) -> Control | None:
    """The best control of that kind that was not visible when the page was marked `seen`.

    A "No thanks" dismissal is never a settings layer's reject-all. At equal score an in-page control
    beats a navigating link, then document order."""
    pool = [
        c
        for c in candidate.controls
        if c.kind == kind and c.seen != seen and not (kind == "reject" and c.dismiss)
    ]
    return max(pool, key=lambda c: (c.score, not c.link), default=None)


async def act_generic(clicker: Clicker, found: Found, intent: Intent, kit: ConsentKit) -> Outcome:
    """Click the candidate's accept or reject; without a reject, go through its settings layer."""
    candidate = found.candidate
    assert candidate is not None
    frame = found.frame
    clicker.watch.append((frame, stamp(candidate.id)))
    kind: ControlKind = "accept" if intent == "accept" else "reject"
    target = candidate.control(kind)
    if target is not None:
        if await clicker.click_control(frame, target):
            return Outcome(True, 1, None, "generic", "generic")
        return not_done(f"could not click {target.text!r}", layers=1)
    if intent == "accept":
        return not_done("no accept control on the banner")
    settings = candidate.control("settings")
    if settings is None:
        return not_done("no reject control on the first layer and no settings control")
    seen = await mark_seen_noting(clicker)
    if not await clicker.click_control(frame, settings):
        return not_done(f"could not click {settings.text!r}", layers=2)
    clicker.layer = "settings"
    done, note = await generic_second_layer(clicker, seen, kit)
    return Outcome(done, 2, note, "generic", "generic")


async def mark_seen_noting(clicker: Clicker) -> str:
    """Mark what is visible now (see frames.mark_seen); frames that could not be marked are noted."""
    token, failed = await mark_seen(clicker.page)
    for why in failed:
        clicker.fail(f"before the settings click, {why}")
    return token


async def generic_second_layer(clicker: Clicker, seen: str, kit: ConsentKit) -> tuple[bool, str]:
    """Wait for the layer the last click opened: reject all, or turn every optional purpose off and save.

    Only controls that were not visible before the click (`seen` marks the others) are considered, so an
    unrelated dialog already on the page is never clicked; among the candidates with such a reject-all or
    save control, one that talks about cookies or consent comes first, then the best scored."""
    deadline = time.monotonic() + SECOND_LAYER_POLL_S
    while True:
        scans = await scan_page(clicker.page, kit.detector_opts(with_recipes=False))
        options: list[tuple[tuple[bool, bool, int, bool], Frame, Candidate]] = []
        for scan in scans.frames:
            if not scan.result.candidates or not await frame_shown(scan.frame):
                continue
            for candidate in scan.result.candidates:
                if fresh_control(candidate, "reject", seen) or fresh_control(candidate, "save", seen):
                    rank = (candidate.talks_cookies, candidate.mentions_consent, candidate.score, scan.top)
                    options.append((rank, scan.frame, candidate))
        if options:
            _, frame, candidate = max(options, key=lambda o: o[0])
            return await _second_layer_choice(clicker, frame, candidate, seen)
        if time.monotonic() >= deadline:
            for why in scans.failures:
                clicker.fail(f"reading the settings layer, {why}")
            return False, "the settings layer showed no reject or save control"
        await asyncio.sleep(POLL_INTERVAL_S)


async def _second_layer_choice(
    clicker: Clicker, frame: Frame, candidate: Candidate, seen: str
) -> tuple[bool, str]:
    clicker.watch.append((frame, stamp(candidate.id)))
    clicker.saw_toggles(candidate.toggles)
    reject = fresh_control(candidate, "reject", seen)
    if reject is not None:
        ok = await clicker.click_control(frame, reject)
        return ok, "second layer: reject all" if ok else f"could not click {reject.text!r}"
    save = fresh_control(candidate, "save", seen)
    assert save is not None
    off = 0
    for toggle in candidate.toggles:
        if toggle.checked and not toggle.disabled:
            off += await clicker.uncheck_toggle(frame, toggle)
    if not await clicker.click_control(frame, save):
        return False, f"could not click {save.text!r}"
    return True, f"second layer: saved with every optional purpose off ({off} switched off)"
