"""Click consent controls the way a person would, recording every click and every step that failed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from playwright.async_api import Error as PlaywrightError

from checker.consent.detect import stamp
from checker.consent.frames import frame_shown
from checker.consent.shapes import Control, Toggle
from checker.consent.steps import (
    DOM_TIMEOUT_MS,
    POLL_INTERVAL_S,
    base_locator,
    count,
    find_visible,
    step_frames,
    visible_locator,
    visible_text,
)
from checker.datafiles import one_line
from checker.models import Click, ToggleState
from checker.recipes import Step

if TYPE_CHECKING:
    from playwright.async_api import Frame, Locator, Page

Layer = Literal["first", "settings", "reopen"]
CLICK_TIMEOUT_MS = 2500
SECOND_LAYER_POLL_S = 2.0
GONE_POLL_S = 1.5
CLICK_TEXT_LIMIT = 120

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


_OFF_JS = """el => {
  const on = el.localName === 'input' ? el.checked : el.getAttribute('aria-checked') === 'true';
  if (on) el.click();
  return on;
}"""


def _reason(exc: BaseException) -> str:
    return one_line(str(exc), 160)


@dataclass
class Clicker:
    """One consent attempt on a page: the clicks made, the layers to watch close, what went wrong."""

    page: Page
    now_ms: Callable[[], int]
    layer: Layer = "first"
    clicks: list[Click] = field(default_factory=list)
    watch: list[tuple[Frame, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    toggles: list[ToggleState] = field(default_factory=list)

    def fail(self, why: str) -> None:
        """Record a step that could not be done."""
        self.failures.append(why)

    async def click(self, frame: Frame, locator: Locator, selector: str, text: str | None = None) -> bool:
        """Click like a person; a control covered by an overlay or still animating gets a DOM click."""
        if text is None:
            text = (await visible_text(locator))[:CLICK_TEXT_LIMIT]
        frame_url = frame.url
        t_ms = self.now_ms()
        try:
            await locator.click(timeout=CLICK_TIMEOUT_MS)
        except PlaywrightError as exc:
            self.fail(f"click on {selector!r} failed, DOM click used: {_reason(exc)}")
            try:
                await locator.evaluate("el => el.click()", timeout=DOM_TIMEOUT_MS)
            except PlaywrightError as dom_exc:
                if not frame.is_detached():  # a frame that went away took the click with it
                    self.fail(f"DOM click on {selector!r} failed too: {_reason(dom_exc)}")
                    return False
        self.clicks.append(
            Click(text=text, selector=selector, frame_url=frame_url, t_ms=t_ms, layer=self.layer)
        )
        return True

    async def click_control(self, frame: Frame, control: Control) -> bool:
        """Click a control the detector stamped."""
        locator = frame.locator(stamp(control.id)).first
        return await self.click(frame, locator, control.selector, control.text)

    async def uncheck_toggle(self, frame: Frame, toggle: Toggle) -> bool:
        """Turn a switch off with a DOM click (switches are often visually hidden inputs)."""
        t_ms = self.now_ms()
        try:
            # Read the switch again: a "select all" switch may have turned it off already, and a second
            # click would turn it back on.
            was_on = await frame.locator(stamp(toggle.id)).first.evaluate(_OFF_JS, timeout=DOM_TIMEOUT_MS)
        except PlaywrightError as exc:
            self.fail(f"could not switch off {toggle.label!r}: {_reason(exc)}")
            return False
        if was_on is not True:
            return False
        self.clicks.append(
            Click(
                text=toggle.label, selector=toggle.selector, frame_url=frame.url, t_ms=t_ms, layer=self.layer
            )
        )
        return True

    def saw_toggles(self, toggles: tuple[Toggle, ...]) -> None:
        """Record a settings layer's switches as they were when it opened."""
        self.toggles.extend(
            ToggleState(label=t.label, checked=t.checked, disabled=t.disabled) for t in toggles
        )

    async def run_steps(self, steps: tuple[Step, ...], default: Frame, *, wait_first: bool) -> str | None:
        """Run recipe steps; returns None, or why a required step could not be done."""
        for i, step in enumerate(steps):
            wait_s = SECOND_LAYER_POLL_S if (i > 0 or wait_first) else 0.0
            ok = True
            if step.kind in ("click", "wait_for"):
                hit = await find_visible(self.page, step, default, wait_s)
                ok = hit is not None
                if hit is not None and step.kind == "click":
                    frame, selector = hit
                    shown = f"{step.shadow_host} >> {selector}" if step.shadow_host else selector
                    ok = await self.click(frame, visible_locator(frame, step, selector), shown)
                elif hit is not None:
                    self.watch.append(hit)
            else:
                ok = await self._uncheck(step, default)
            if not ok and not step.optional:
                return f"step {i + 1} ({step.describe()}) found nothing"
        return None

    async def _uncheck(self, step: Step, default: Frame) -> bool:
        done_any = False
        for frame in step_frames(self.page, step, default):
            for selector in step.selectors:
                t_ms = self.now_ms()
                try:
                    labels = await base_locator(frame, step, selector).evaluate_all(_UNCHECK_JS)
                except PlaywrightError as exc:
                    self.fail(f"uncheck {selector!r} failed: {_reason(exc)}")
                    continue
                for label in labels:
                    self.clicks.append(
                        Click(
                            text=str(label),
                            selector=selector,
                            frame_url=frame.url,
                            t_ms=t_ms,
                            layer=self.layer,
                        )
                    )
                    done_any = True
        return done_any

    async def _shown(self, frame: Frame, selector: str) -> bool:
        if not await frame_shown(frame):
            return False
        return await count(frame.locator(selector).filter(visible=True)) > 0

    async def banner_gone(self) -> bool:
        """Every watched layer closed within GONE_POLL_S."""
        deadline = time.monotonic() + GONE_POLL_S
        while True:
            still = [w for w in self.watch if await self._shown(*w)]
            if not still:
                return True
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(POLL_INTERVAL_S)
