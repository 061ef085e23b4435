"""Carry out a consent choice on a page (accept, reject, or withdraw after accepting) and record it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

from checker.consent.clicker import SECOND_LAYER_POLL_S, Clicker
from checker.consent.detect import ConsentKit, Detection, Found, choose
from checker.consent.frames import DOC_MARKER, doc_is, find_reopeners, frame_shown, scan_page
from checker.consent.generic_flow import act_generic, generic_second_layer, mark_seen_noting
from checker.consent.outcome import Outcome, not_done
from checker.consent.recipe_flow import act_recipe, reject_on_reopened
from checker.consent.steps import count, first_step_visible
from checker.consent.verify import verify_choice
from checker.datafiles import one_line
from checker.models import ConsentAction, Intent
from checker.recipes import Recipe

if TYPE_CHECKING:
    from playwright.async_api import Frame, Page

NAV_CHECK_TIMEOUT_S = 1.0
STORAGE_READ_TIMEOUT_S = 2.0
RECORD_WAIT_S = 3.0
RECORD_POLL_S = 0.2
_LOCAL_STORAGE_JS = """() => { const o = {}; try { for (let i = 0; i < localStorage.length; i++) {
  const k = localStorage.key(i); o[k] = localStorage.getItem(k) || ''; } } catch (e) {} return o; }"""


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


async def _still_current(page: Page, detection: Detection) -> Found | None:
    """The detection's banner, if the page and its banner frame are still on the documents it scanned."""
    found = detection.found
    if found is None or page.main_frame.url != detection.url:
        return None
    frames = [page.main_frame] if found.frame is page.main_frame else [page.main_frame, found.frame]
    if any(f.is_detached() for f in frames):
        return None
    if not all(await asyncio.gather(*(doc_is(f, detection.doc) for f in frames))):
        return None
    # The banner may have closed by itself meanwhile: then a fresh scan says so.
    if not await frame_shown(found.frame):
        return None
    return found if await count(found.frame.locator(found.selector).filter(visible=True)) else None


async def _act(clicker: Clicker, found: Found, intent: Intent, kit: ConsentKit) -> Outcome:
    """Through the recipe (falling back to the generic detector) or the generic candidate."""
    if found.recipe is None:
        return await act_generic(clicker, found, intent, kit)
    outcome = await act_recipe(clicker, found, intent, kit)
    if outcome is not None:
        return outcome
    # The recipe's controls were not there: try the generic detector before giving up.
    scans = await scan_page(clicker.page, kit.detector_opts(with_recipes=False))
    generic = await choose(scans, ())
    why = f"recipe {found.recipe.id} had no {intent} control"
    if generic is None:
        return not_done(f"recipe {found.recipe.id}: no {intent} control found", found.recipe.id)
    result = await act_generic(clicker, generic, intent, kit)
    return replace(result, note=f"{why}; generic detector used" + (f"; {result.note}" if result.note else ""))


async def _read_choice_record(page: Page) -> tuple[dict[str, list[str]], dict[str, str], str | None]:
    """Every cookie the context holds (name -> values) and the top frame's localStorage."""
    cookies: dict[str, list[str]] = {}
    try:
        for c in await page.context.cookies():
            cookies.setdefault(str(c.get("name", "")), []).append(str(c.get("value", "")))
        raw = await asyncio.wait_for(page.evaluate(_LOCAL_STORAGE_JS), timeout=STORAGE_READ_TIMEOUT_S)
    except (PlaywrightError, TimeoutError) as exc:
        return cookies, {}, f"could not read the consent record: {one_line(str(exc), 160)}"
    storage = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
    return cookies, storage, None


async def _verify(page: Page, recipe: Recipe | None, intent: Intent) -> tuple[bool | None, str | None]:
    """The CMP's record of the choice; CMPs write it asynchronously (often after a round trip through
    their frame or server), so an unmet check is read again until RECORD_WAIT_S has passed."""
    if recipe is None or recipe.verify is None:
        return None, None
    checks = recipe.verify.accept if intent == "accept" else recipe.verify.reject
    deadline = asyncio.get_running_loop().time() + RECORD_WAIT_S
    while True:
        cookies, storage, error = await _read_choice_record(page)
        if error is not None:
            return None, error
        held, note = verify_choice(checks, cookies, storage)
        if held or asyncio.get_running_loop().time() >= deadline:
            return held, note
        await asyncio.sleep(RECORD_POLL_S)


async def _navigated_since(page: Page, before_url: str, main_urls: list[str], clicked: bool) -> bool:
    if any(_strip_fragment(u) != _strip_fragment(before_url) for u in [*main_urls, page.url]):
        return True
    if not clicked:
        return False
    try:
        same = await asyncio.wait_for(
            page.evaluate(f"() => window.{DOC_MARKER} === true"), NAV_CHECK_TIMEOUT_S
        )
    except (PlaywrightError, TimeoutError):  # the context was destroyed: a new document is loading
        return True
    return same is not True


async def _record(
    page: Page,
    intent: Intent,
    clicker: Clicker,
    kit: ConsentKit,
    attempt: Callable[[], Awaitable[Outcome]],
) -> ConsentAction:
    """Run `attempt`, then record the clicks, whether the banner went, navigation and the CMP's record."""
    before_url = page.url
    main_urls: list[str] = []

    def on_navigated(frame: Frame) -> None:
        if frame is page.main_frame:
            main_urls.append(frame.url)

    try:
        await page.evaluate(f"() => {{ window.{DOC_MARKER} = true; }}")
    except PlaywrightError as exc:
        clicker.fail(f"could not mark the document before the click: {one_line(str(exc), 160)}")
    page.on("framenavigated", on_navigated)
    try:
        outcome = await attempt()
        gone = await clicker.banner_gone() if outcome.done else False
    finally:
        page.remove_listener("framenavigated", on_navigated)
    navigated = await _navigated_since(page, before_url, main_urls, bool(clicker.clicks))
    recipe = next((r for r in kit.recipes if r.id == outcome.cmp), None)
    verified, verify_note = await _verify(page, recipe, intent) if outcome.done else (None, None)
    return ConsentAction(
        intent=intent,
        done=outcome.done,
        cmp=outcome.cmp,
        clicks=tuple(clicker.clicks),
        layers=outcome.layers if outcome.done else 0,
        banner_gone=gone,
        navigated=navigated,
        note=outcome.note,
        acted_by=outcome.acted_by,
        verified=verified,
        verify_note=verify_note,
        toggles=tuple(clicker.toggles),
        failures=tuple(clicker.failures),
    )


async def give_consent(
    page: Page, intent: Intent, kit: ConsentKit, now_ms: Callable[[], int], detection: Detection | None
) -> ConsentAction:
    """Accept or reject on the page's consent banner; records every click and what happened after.

    Acts on `detection`'s banner when the page is still on the documents it scanned, else scans again."""
    found = await _still_current(page, detection) if detection is not None else None
    failures: tuple[str, ...] = ()
    if found is None:
        scans = await scan_page(page, kit.detector_opts())
        found, failures = await choose(scans, kit.recipes), scans.failures
    if found is None:
        closed = detection is not None and not detection.banner.operable
        note = (
            "the banner is in a closed shadow root: detected, not operable"
            if closed
            else "no consent banner found"
        )
        return ConsentAction(intent=intent, done=False, note=note, failures=failures)
    clicker = Clicker(page=page, now_ms=now_ms, failures=list(failures))
    chosen = found
    return await _record(page, intent, clicker, kit, lambda: _act(clicker, chosen, intent, kit))


async def _reopen_by_recipe(clicker: Clicker, recipe: Recipe, kit: ConsentKit) -> Outcome | None:
    """The recipe's reopen steps, then a refusal on whatever they opened; None if they found nothing."""
    page = clicker.page
    frame = page.main_frame
    if not recipe.reopen or not await first_step_visible(page, recipe.reopen, frame):
        return None
    seen = await mark_seen_noting(clicker)
    clicker.layer = "reopen"
    err = await clicker.run_steps(recipe.reopen, frame, wait_first=False)
    if err:
        return Outcome(False, 0, f"recipe {recipe.id}: reopen {err}", recipe.id, "recipe")
    clicker.layer = "first"
    frame = await _recipe_frame(clicker, recipe, kit)
    return await reject_on_reopened(clicker, recipe, frame, seen, kit)


async def _recipe_frame(clicker: Clicker, recipe: Recipe, kit: ConsentKit) -> Frame:
    """The frame the reopened CMP shows in (its first layer, else the main frame), polling briefly."""
    deadline = asyncio.get_running_loop().time() + SECOND_LAYER_POLL_S
    while True:
        scans = await scan_page(clicker.page, kit.detector_opts())
        found = await choose(scans, (recipe,))
        if found is not None and found.recipe is not None:
            return found.frame
        if asyncio.get_running_loop().time() >= deadline:
            return clicker.page.main_frame
        await asyncio.sleep(0.1)


async def _reopen_generic(clicker: Clicker, kit: ConsentKit) -> Outcome:
    """Find a way back (floating icon, footer link), click it, and refuse on the layer it opens."""
    found, failures = await find_reopeners(clicker.page, kit.detector_opts(with_recipes=False))
    for why in failures:
        clicker.fail(f"looking for a way to withdraw, {why}")
    ranked = sorted(
        ((r, frame) for frame, result in found for r in result.reopeners),
        key=lambda rf: (rf[0].score, rf[1].parent_frame is None),
        reverse=True,
    )
    if not ranked:
        return not_done("no way to withdraw found (no consent settings link or icon after accepting)")
    reopener, frame = ranked[0]
    seen = await mark_seen_noting(clicker)
    clicker.layer = "reopen"
    if not await clicker.click_control(frame, reopener):
        return not_done(f"could not click {reopener.text!r}")
    clicker.layer = "settings"
    scans = await scan_page(clicker.page, kit.detector_opts())
    again = await choose(scans, kit.recipes)
    if again is not None and again.recipe is not None:
        return await reject_on_reopened(clicker, again.recipe, again.frame, seen, kit)
    done, note = await generic_second_layer(clicker, seen, kit)
    return Outcome(done, 1, f"reopened by {reopener.text or reopener.phrase!r}; {note}", "generic", "generic")


def _offers_refusal(found: Found) -> bool:
    """A recipe's banner, or a generic one with a reject or settings control (not a floating widget whose
    only control opens the CMP)."""
    if found.recipe is not None:
        return True
    candidate = found.candidate
    return candidate is not None and (
        candidate.best.reject is not None or candidate.best.settings is not None
    )


async def withdraw_consent(
    page: Page, kit: ConsentKit, now_ms: Callable[[], int], accepted: ConsentAction
) -> ConsentAction:
    """After an accept: find the way back as a person would, and refuse there (GDPR Art. 7(3))."""
    clicker = Clicker(page=page, now_ms=now_ms)
    recipe = next((r for r in kit.recipes if r.id == accepted.cmp), None)

    async def attempt() -> Outcome:
        scans = await scan_page(page, kit.detector_opts())
        for why in scans.failures:
            clicker.fail(f"looking for the banner after accepting, {why}")
        shown = await choose(scans, kit.recipes)
        if shown is not None and shown.cmp == accepted.cmp and _offers_refusal(shown):
            # The banner accepted on came back (or never went): refuse on it, as a reader would.
            result = await _act(clicker, shown, "reject", kit)
            if clicker.clicks:
                note = "; ".join(filter(None, ["banner shown again after accepting", result.note]))
                return replace(result, note=note)
            clicker.watch.clear()  # nothing was clicked there: the way back is judged on its own
        by_recipe = await _reopen_by_recipe(clicker, recipe, kit) if recipe is not None else None
        return by_recipe if by_recipe is not None else await _reopen_generic(clicker, kit)

    return await _record(page, "withdraw", clicker, kit, attempt)
