"""Find the consent banner (CMP recipes first, then a generic detector) and click accept or reject."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from checker.models import Banner, Click, ConsentAction
from checker.recipes import Recipe, Step

if TYPE_CHECKING:
    from playwright.async_api import Frame, Locator, Page

Intent = Literal["accept", "reject"]

# Generous on purpose: on a loaded 2-core CI runner a renderer can take seconds to answer, and a
# timeout here turns into a wrong "could not click" in the evidence. They only cost time on failure.
FRAME_EVAL_TIMEOUT_S = 5.0
CLICK_TIMEOUT_MS = 2500
DOM_TIMEOUT_MS = 3000
SECOND_LAYER_POLL_S = 2.0
GONE_POLL_S = 1.5
POLL_INTERVAL_S = 0.1
TEXT_EXCERPT = 200
DOC_MARKER = "__consentCheckerDoc"
DOC_CHECK_TIMEOUT_S = 1.0
_SEEN_TOKENS = itertools.count(1)
_DOC_TOKENS = itertools.count(1)

_TEXT_JS = (
    "el => (el.innerText || el.getAttribute('aria-label') || el.value || el.title || '')"
    ".replace(/\\s+/g, ' ').trim()"
)
_UNCHECK_JS = """els => {
  const done = [];
  for (const el of els) {
    const on = el.localName === 'input' ? el.checked : el.getAttribute('aria-checked') === 'true';
    const off = el.disabled === true || el.getAttribute('aria-disabled') === 'true';
    if (!on || off) continue;
    el.click();
    let label = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].innerText : '');
    done.push((label || el.id || el.name || el.localName).replace(/\\s+/g, ' ').trim());
  }
  return done;
}"""


@cache
def detector_script() -> str:
    """The in-page detector (consent_detector.js): a function expression taking {recipes: [...]}."""
    return (Path(__file__).parent / "consent_detector.js").read_text(encoding="utf-8")


@cache
def _stamping_detector_script() -> str:
    """The detector, run after stamping the frame's document with {doc} (same task: same document)."""
    return f"a => {{ window.{DOC_MARKER} = a.doc; return (\n{detector_script()}\n)(a.opts); }}"


@dataclass(frozen=True)
class _FrameScan:
    """What the in-page detector returned for one frame."""

    frame: Frame
    top: bool
    probe: dict[str, dict[str, Any]]
    candidates: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class _Found:
    """The banner chosen on the page: a recipe's first layer, or a generic candidate."""

    frame: Frame
    recipe: Recipe | None = None
    first_layer: str | None = None  # the recipe's first_layer selector that is visible
    candidate: dict[str, Any] | None = None  # the generic detector's candidate

    @property
    def cmp(self) -> str:
        return self.recipe.id if self.recipe else "generic"


def _squash(text: str, limit: int = TEXT_EXCERPT) -> str:
    return " ".join(text.split())[:limit]


def _stamp(cc_id: int) -> str:
    return f'[data-cc-id="{cc_id}"]'


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _frames(page: Page) -> list[Frame]:
    """Every attached frame, main frame first."""
    main = page.main_frame
    return [main, *(f for f in page.frames if f is not main and not f.is_detached())]


async def _scan_frame(
    frame: Frame, probes: list[dict[str, Any]], top: bool, doc: str | None
) -> _FrameScan | None:
    opts = {"recipes": probes}
    script, arg = (
        (detector_script(), opts)
        if doc is None
        else (_stamping_detector_script(), {"doc": doc, "opts": opts})
    )
    try:
        data = await asyncio.wait_for(frame.evaluate(script, arg), timeout=FRAME_EVAL_TIMEOUT_S)
    except Exception:  # detached, navigating or hung frames simply have no banner
        return None
    if not isinstance(data, dict):
        return None
    return _FrameScan(
        frame=frame,
        top=top,
        probe=dict(data.get("probe") or {}),
        candidates=tuple(data.get("candidates") or ()),
    )


async def _scan(page: Page, recipes: Sequence[Recipe], *, doc: str | None = None) -> list[_FrameScan]:
    """Run the detector in every frame (main frame first), in parallel; `doc` also stamps each document."""
    probes = [r.probe() for r in recipes]
    main = page.main_frame
    results = await asyncio.gather(*(_scan_frame(f, probes, f is main, doc) for f in _frames(page)))
    return [r for r in results if r is not None]


async def _mark_frame(frame: Frame, token: str) -> None:
    with contextlib.suppress(Exception):  # a frame that does not answer has nothing marked: all is new
        await asyncio.wait_for(
            frame.evaluate(detector_script(), {"recipes": [], "mark": token}), timeout=FRAME_EVAL_TIMEOUT_S
        )


async def _mark_seen(page: Page) -> str:
    """Mark every control visible now, in every frame, as seen; returns the mark for _fresh_control.

    Called just before a settings click: the settings layer is what shows up after it, not a newsletter
    popup or any other dialog that was already open (a layer that reuses the first layer's container
    still counts, by its newly visible controls)."""
    token = f"s{next(_SEEN_TOKENS)}"
    await asyncio.gather(*(_mark_frame(f, token) for f in _frames(page)))
    return token


async def _frame_shown(frame: Frame) -> bool:
    """A child frame counts only while its <iframe> element is visible in the parent."""
    if frame.is_detached():
        return False
    if frame.parent_frame is None:
        return True
    try:
        element = await frame.frame_element()
        return await element.is_visible()
    except Exception:
        return False


def _is_banner(candidate: dict[str, Any]) -> bool:
    best = candidate.get("best") or {}
    return best.get("accept") is not None or best.get("reject") is not None


async def _choose(
    scans: list[_FrameScan], recipes: Sequence[Recipe], *, generic_only: bool = False
) -> _Found | None:
    """A recipe whose CMP is present and whose first layer is visible, else the best generic candidate."""
    if not generic_only:
        for recipe in recipes:
            hits = [s.probe.get(recipe.id, {}) for s in scans]
            if not any(h.get("selectors") or h.get("scripts") or h.get("globals") for h in hits):
                continue
            for scan in scans:
                first = scan.probe.get(recipe.id, {}).get("first_layer")
                if first and await _frame_shown(scan.frame):
                    return _Found(frame=scan.frame, recipe=recipe, first_layer=str(first))
    ranked = sorted(
        ((c, s) for s in scans for c in s.candidates if _is_banner(c)),
        key=lambda cs: (int(cs[0].get("score", 0)), cs[1].top),
        reverse=True,
    )
    for candidate, scan in ranked:
        if await _frame_shown(scan.frame):
            return _Found(frame=scan.frame, candidate=candidate)
    return None


def _base_locator(frame: Frame, step: Step, selector: str) -> Locator:
    """Every match of the step's selector in the frame, inside its shadow host if it names one."""
    return frame.locator(step.shadow_host).locator(selector) if step.shadow_host else frame.locator(selector)


def _locator(frame: Frame, step: Step, selector: str) -> Locator:
    return _base_locator(frame, step, selector).filter(visible=True).first


def _step_frames(page: Page, step: Step, default: Frame) -> list[Frame]:
    if step.frame is None:
        return [default]
    pattern = re.compile(step.frame)
    return [f for f in page.frames if not f.is_detached() and pattern.search(f.url)]


async def _count(locator: Locator) -> int:
    try:
        return await locator.count()
    except Exception:
        return 0


async def _find_visible(page: Page, step: Step, default: Frame, wait_s: float) -> tuple[Frame, str] | None:
    """The first (frame, selector) of the step with a visible match, polling up to wait_s."""
    deadline = time.monotonic() + wait_s
    while True:
        for frame in _step_frames(page, step, default):
            for selector in step.selectors:
                if await _count(_locator(frame, step, selector)):
                    return frame, selector
        if time.monotonic() >= deadline:
            return None
        await asyncio.sleep(POLL_INTERVAL_S)


async def _first_step_visible(page: Page, steps: tuple[Step, ...], default: Frame) -> bool:
    first = next((s for s in steps if s.kind == "click"), None)
    return first is not None and await _find_visible(page, first, default, 0) is not None


@dataclass
class _Run:
    """One accept / reject attempt: the clicks made and the containers to watch disappear."""

    page: Page
    now_ms: Callable[[], int]
    clicks: list[Click] = field(default_factory=list)
    watch: list[tuple[Frame, str]] = field(default_factory=list)

    async def click(self, frame: Frame, locator: Locator, selector: str, text: str | None = None) -> bool:
        if text is None:
            try:
                text = _squash(str(await locator.evaluate(_TEXT_JS, timeout=DOM_TIMEOUT_MS)), 120)
            except Exception:
                text = ""
        frame_url = frame.url
        t_ms = self.now_ms()
        try:
            await locator.click(timeout=CLICK_TIMEOUT_MS)
        except Exception:
            # Covered by an overlay, still animating, ...: a DOM click is what a CMP listens to anyway.
            try:
                await locator.evaluate("el => el.click()", timeout=DOM_TIMEOUT_MS)
            except Exception:
                if not frame.is_detached():
                    return False
        self.clicks.append(Click(text=text, selector=selector, frame_url=frame_url, t_ms=t_ms))
        return True

    async def click_stamped(self, frame: Frame, control: dict[str, Any]) -> bool:
        locator = frame.locator(_stamp(int(control["id"]))).first
        return await self.click(
            frame, locator, str(control.get("selector") or ""), str(control.get("text") or "")
        )

    async def uncheck_stamped(self, frame: Frame, toggle: dict[str, Any]) -> bool:
        # Switches are often visually hidden inputs: a DOM click toggles them and fires change events.
        t_ms = self.now_ms()
        try:
            await frame.locator(_stamp(int(toggle["id"]))).first.evaluate(
                "el => el.click()", timeout=DOM_TIMEOUT_MS
            )
        except Exception:
            return False
        label = str(toggle.get("label") or "")
        self.clicks.append(
            Click(text=label, selector=str(toggle.get("selector") or ""), frame_url=frame.url, t_ms=t_ms)
        )
        return True

    async def run_steps(self, steps: tuple[Step, ...], default: Frame, *, wait_first: bool) -> str | None:
        """Run recipe steps; returns None, or why a required step could not be done."""
        for i, step in enumerate(steps):
            wait_s = SECOND_LAYER_POLL_S if (i > 0 or wait_first) else 0.0
            ok = True
            if step.kind in ("click", "wait_for"):
                hit = await _find_visible(self.page, step, default, wait_s)
                ok = hit is not None
                if hit is not None and step.kind == "click":
                    frame, selector = hit
                    shown = f"{step.shadow_host} >> {selector}" if step.shadow_host else selector
                    ok = await self.click(frame, _locator(frame, step, selector), shown)
                elif hit is not None:
                    self.watch.append(hit)
            else:
                ok = await self._uncheck(step, default)
            if not ok and not step.optional:
                return f"step {i + 1} ({step.describe()}) found nothing"
        return None

    async def _uncheck(self, step: Step, default: Frame) -> bool:
        done_any = False
        for frame in _step_frames(self.page, step, default):
            for selector in step.selectors:
                t_ms = self.now_ms()
                try:
                    labels = await _base_locator(frame, step, selector).evaluate_all(_UNCHECK_JS)
                except Exception:
                    continue
                for label in labels:
                    self.clicks.append(
                        Click(text=str(label), selector=selector, frame_url=frame.url, t_ms=t_ms)
                    )
                    done_any = True
        return done_any

    async def _shown(self, frame: Frame, selector: str) -> bool:
        if not await _frame_shown(frame):
            return False
        return await _count(frame.locator(selector).filter(visible=True)) > 0

    async def banner_gone(self) -> bool:
        deadline = time.monotonic() + GONE_POLL_S
        while True:
            still = [w for w in self.watch if await self._shown(*w)]
            if not still:
                return True
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(POLL_INTERVAL_S)


@dataclass(frozen=True)
class _LastScan:
    """The banner detect_banner found, kept for a give_consent that follows on the same document."""

    found: _Found
    recipes: tuple[Recipe, ...]
    url: str  # the main frame's URL just before the scan
    doc: str  # the token the scan stamped on every frame's document (window.__consentCheckerDoc)


_LAST_SCAN: weakref.WeakKeyDictionary[Page, _LastScan] = weakref.WeakKeyDictionary()


async def detect_banner(page: Page, recipes: Sequence[Recipe]) -> Banner:
    """Look for a consent banner in every frame: CMP recipes first, then the generic detector.

    The banner found is remembered for the page: a give_consent right after, on the same documents,
    acts on it instead of scanning every frame again."""
    _LAST_SCAN.pop(page, None)
    url = page.main_frame.url
    doc = f"d{next(_DOC_TOKENS)}"
    scans = await _scan(page, recipes, doc=doc)
    found = await _choose(scans, recipes)
    if found is None:
        return Banner(detected=False)
    _LAST_SCAN[page] = _LastScan(found=found, recipes=tuple(recipes), url=url, doc=doc)
    return await _banner_of(page, found)


async def _doc_is(frame: Frame, doc: str) -> bool:
    try:
        same = await asyncio.wait_for(
            frame.evaluate(f"t => window.{DOC_MARKER} === t", doc), timeout=DOC_CHECK_TIMEOUT_S
        )
    except Exception:  # detached, navigating or hung: not the document that was scanned
        return False
    return same is True


async def _last_found(page: Page, recipes: Sequence[Recipe]) -> _Found | None:
    """detect_banner's banner for the page (used once), if the page and its banner frame are still on
    the documents it scanned, with the same recipes."""
    last = _LAST_SCAN.pop(page, None)
    if last is None or last.recipes != tuple(recipes) or page.main_frame.url != last.url:
        return None
    frames = [page.main_frame]
    if last.found.frame is not page.main_frame:
        frames.append(last.found.frame)
    if any(f.is_detached() for f in frames):
        return None
    same = await asyncio.gather(*(_doc_is(f, last.doc) for f in frames))
    if not all(same):
        return None
    # The banner may have closed by itself meanwhile: then a fresh scan says so, as it always did.
    found = last.found
    selector = found.first_layer or _stamp(int((found.candidate or {})["id"]))
    if not await _frame_shown(found.frame):
        return None
    return found if await _count(found.frame.locator(selector).filter(visible=True)) else None


async def _banner_of(page: Page, found: _Found) -> Banner:
    if found.recipe is not None and found.first_layer is not None:
        recipe = found.recipe
        try:
            loc = found.frame.locator(found.first_layer).filter(visible=True).first
            text = _squash(await loc.inner_text(timeout=DOM_TIMEOUT_MS))
        except Exception:
            text = ""
        return Banner(
            detected=True,
            cmp=recipe.id,
            frame_url=found.frame.url,
            text=text,
            accept_on_first_layer=await _first_step_visible(page, recipe.accept, found.frame),
            reject_on_first_layer=await _first_step_visible(page, recipe.reject, found.frame),
            settings_on_first_layer=await _first_step_visible(page, recipe.settings, found.frame),
        )
    candidate = found.candidate or {}
    best = candidate.get("best") or {}
    return Banner(
        detected=True,
        cmp="generic",
        frame_url=found.frame.url,
        text=_squash(str(candidate.get("text") or "")),
        accept_on_first_layer=best.get("accept") is not None,
        reject_on_first_layer=best.get("reject") is not None,
        settings_on_first_layer=best.get("settings") is not None,
    )


def _control(candidate: dict[str, Any], kind: str) -> dict[str, Any] | None:
    wanted = (candidate.get("best") or {}).get(kind)
    if wanted is None:
        return None
    return next((c for c in candidate.get("controls", ()) if c.get("id") == wanted), None)


def _fresh_control(candidate: dict[str, Any], kind: str, seen: str) -> dict[str, Any] | None:
    """The best control of that kind that was not visible when the page was marked `seen`.

    A "No thanks" dismissal is never a second layer's reject-all. At equal score an in-page control
    beats a navigating link, then document order."""
    pool = [
        c
        for c in candidate.get("controls", ())
        if c.get("kind") == kind and c.get("seen") != seen and not (kind == "reject" and c.get("dismiss"))
    ]
    return max(pool, key=lambda c: (int(c.get("score", 0)), not c.get("link")), default=None)


async def give_consent(
    page: Page, intent: Intent, recipes: Sequence[Recipe], now_ms: Callable[[], int]
) -> ConsentAction:
    """Accept or reject on the page's consent banner; records every click and what happened after.

    Acts on the banner detect_banner just found when the page is still on the same documents, else
    scans again."""
    found = await _last_found(page, recipes)
    if found is None:
        found = await _choose(await _scan(page, recipes), recipes)
    if found is None:
        return ConsentAction(intent=intent, done=False, note="no consent banner found")

    run = _Run(page=page, now_ms=now_ms)
    before_url = page.url
    main_urls: list[str] = []

    def on_navigated(frame: Frame) -> None:
        if frame is page.main_frame:
            main_urls.append(frame.url)

    with contextlib.suppress(Exception):
        await page.evaluate(f"() => {{ window.{DOC_MARKER} = true; }}")
    page.on("framenavigated", on_navigated)
    try:
        outcome = await _act(run, found, intent)
        gone = await run.banner_gone() if outcome.done else False
    finally:
        page.remove_listener("framenavigated", on_navigated)
    navigated = any(_strip_fragment(u) != _strip_fragment(before_url) for u in [*main_urls, page.url])
    if not navigated and run.clicks:
        try:
            same_doc = await asyncio.wait_for(page.evaluate(f"() => window.{DOC_MARKER} === true"), 1.0)
            navigated = same_doc is not True
        except Exception:  # the context was destroyed: a new document is loading
            navigated = True
    return ConsentAction(
        intent=intent,
        done=outcome.done,
        cmp=outcome.cmp,
        clicks=tuple(run.clicks),
        layers=outcome.layers if outcome.done else 0,
        banner_gone=gone,
        navigated=navigated,
        note=outcome.note,
    )


@dataclass(frozen=True)
class _Outcome:
    done: bool
    layers: int
    note: str | None
    cmp: str


async def _act(run: _Run, found: _Found, intent: Intent) -> _Outcome:
    """Click through the recipe (falling back to the generic detector) or the generic candidate."""
    if found.recipe is not None:
        result = await _act_recipe(run, found, found.recipe, intent)
        if result is not None:
            return _Outcome(*result, cmp=found.recipe.id)
        # The recipe's controls were not there: try the generic detector before giving up.
        generic = await _choose(await _scan(run.page, ()), (), generic_only=True)
        if generic is None:
            return _Outcome(False, 0, f"recipe {found.recipe.id}: no {intent} control found", found.recipe.id)
        done, layers, note = await _act_generic(run, generic, intent)
        why = f"recipe {found.recipe.id} had no {intent} control; generic detector used"
        return _Outcome(done, layers, why + (f"; {note}" if note else ""), "generic")
    return _Outcome(*await _act_generic(run, found, intent), cmp="generic")


def _steps_result(
    recipe: Recipe, layers: int, err: str | None, note: str | None = None
) -> tuple[bool, int, str | None]:
    """The outcome of a recipe's steps: done with `note`, or not done with the step error."""
    return (False, layers, f"recipe {recipe.id}: {err}") if err else (True, layers, note)


async def _act_recipe(
    run: _Run, found: _Found, recipe: Recipe, intent: Intent
) -> tuple[bool, int, str | None] | None:
    """Recipe path; None when the recipe has no usable first step (the caller falls back to generic)."""
    frame = found.frame
    assert found.first_layer is not None
    run.watch.append((frame, found.first_layer))
    if intent == "accept":
        if not await _first_step_visible(run.page, recipe.accept, frame):
            return None
        return _steps_result(recipe, 1, await run.run_steps(recipe.accept, frame, wait_first=False))
    if await _first_step_visible(run.page, recipe.reject, frame):
        return _steps_result(recipe, 1, await run.run_steps(recipe.reject, frame, wait_first=False))
    if not recipe.settings or not await _first_step_visible(run.page, recipe.settings, frame):
        return None
    seen = await _mark_seen(run.page)
    err = await run.run_steps(recipe.settings, frame, wait_first=False)
    if err:
        return False, 2, f"recipe {recipe.id}: settings {err}"
    # Poll for whichever of reject-all / save the second layer shows.
    deadline = time.monotonic() + SECOND_LAYER_POLL_S
    while True:
        if await _first_step_visible(run.page, recipe.reject_second_layer, frame):
            err = await run.run_steps(recipe.reject_second_layer, frame, wait_first=False)
            return _steps_result(recipe, 2, err, "second layer: reject all")
        if await _first_step_visible(run.page, recipe.save, frame):
            before = len(run.clicks)
            err = await run.run_steps(recipe.save, frame, wait_first=False)
            off = len(run.clicks) - before - 1
            return _steps_result(
                recipe, 2, err, f"second layer: saved with every optional purpose off ({off} switched off)"
            )
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(POLL_INTERVAL_S)
    # The recipe's second-layer selectors are stale: let the generic detector read the open layer.
    done, note = await _generic_second_layer(run, seen)
    return done, 2, f"recipe {recipe.id} second layer not recognised; {note}"


async def _act_generic(run: _Run, found: _Found, intent: Intent) -> tuple[bool, int, str | None]:
    candidate = found.candidate or {}
    frame = found.frame
    run.watch.append((frame, _stamp(int(candidate["id"]))))
    target = _control(candidate, intent)
    if target is not None:
        ok = await run.click_stamped(frame, target)
        return (True, 1, None) if ok else (False, 1, f"could not click {target.get('text')!r}")
    if intent == "accept":
        return False, 0, "no accept control on the banner"
    settings = _control(candidate, "settings")
    if settings is None:
        return False, 0, "no reject control on the first layer and no settings control"
    seen = await _mark_seen(run.page)
    if not await run.click_stamped(frame, settings):
        return False, 2, f"could not click {settings.get('text')!r}"
    done, note = await _generic_second_layer(run, seen)
    return done, 2, note


async def _generic_second_layer(run: _Run, seen: str) -> tuple[bool, str]:
    """Wait for the layer the settings click opened: reject all, or turn every optional purpose off and save.

    Only controls that were not visible before the click (`seen` marks the others) are considered, so an
    unrelated dialog already on the page is never clicked; among the candidates with such a reject-all or
    save control, one that talks about cookies or consent comes first, then the best scored."""
    deadline = time.monotonic() + SECOND_LAYER_POLL_S
    while True:
        options: list[tuple[tuple[bool, bool, int, bool], _FrameScan, dict[str, Any]]] = []
        for scan in await _scan(run.page, ()):
            if not scan.candidates or not await _frame_shown(scan.frame):
                continue
            for candidate in scan.candidates:
                if _fresh_control(candidate, "reject", seen) or _fresh_control(candidate, "save", seen):
                    rank = (
                        bool(candidate.get("talks_cookies")),
                        bool(candidate.get("mentions_consent")),
                        int(candidate.get("score", 0)),
                        scan.top,
                    )
                    options.append((rank, scan, candidate))
        if options:
            _, scan, candidate = max(options, key=lambda o: o[0])
            return await _second_layer_choice(run, scan.frame, candidate, seen)
        if time.monotonic() >= deadline:
            return False, "the settings layer showed no reject or save control"
        await asyncio.sleep(POLL_INTERVAL_S)


async def _second_layer_choice(
    run: _Run, frame: Frame, candidate: dict[str, Any], seen: str
) -> tuple[bool, str]:
    run.watch.append((frame, _stamp(int(candidate["id"]))))
    reject = _fresh_control(candidate, "reject", seen)
    if reject is not None:
        ok = await run.click_stamped(frame, reject)
        return ok, "second layer: reject all" if ok else f"could not click {reject.get('text')!r}"
    save = _fresh_control(candidate, "save", seen)
    assert save is not None
    off = 0
    for toggle in candidate.get("toggles", ()):
        if toggle.get("checked") and not toggle.get("disabled"):
            off += await run.uncheck_stamped(frame, toggle)
    if not await run.click_stamped(frame, save):
        return False, f"could not click {save.get('text')!r}"
    return True, f"second layer: saved with every optional purpose off ({off} switched off)"
