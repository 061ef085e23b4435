"""Locate what a recipe step names: its frames, its selectors (inside a shadow host if it names one)."""

from __future__ import annotations

import asyncio
import re
import time
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

from checker.recipes import Step

if TYPE_CHECKING:
    from playwright.async_api import Frame, Locator, Page

DOM_TIMEOUT_MS = 3000
POLL_INTERVAL_S = 0.1
TEXT_JS = (
    "el => (el.innerText || el.getAttribute('aria-label') || el.value || el.title || '')"
    ".replace(/\\s+/g, ' ').trim()"
)


def base_locator(frame: Frame, step: Step, selector: str) -> Locator:
    """Every match of the step's selector in the frame, inside its shadow host if it names one."""
    return frame.locator(step.shadow_host).locator(selector) if step.shadow_host else frame.locator(selector)


def visible_locator(frame: Frame, step: Step, selector: str) -> Locator:
    """The first visible match."""
    return base_locator(frame, step, selector).filter(visible=True).first


def step_frames(page: Page, step: Step, default: Frame) -> list[Frame]:
    """The frames a step runs in: those whose URL matches its `frame`, else the banner's frame."""
    if step.frame is None:
        return [default]
    pattern = re.compile(step.frame)
    return [f for f in page.frames if not f.is_detached() and pattern.search(f.url)]


async def count(locator: Locator) -> int:
    """How many elements match; a frame that went away has none."""
    try:
        return await locator.count()
    except PlaywrightError:
        return 0


async def visible_text(locator: Locator) -> str:
    """The element's visible text, whitespace collapsed ("" when it cannot be read)."""
    try:
        return " ".join(str(await locator.evaluate(TEXT_JS, timeout=DOM_TIMEOUT_MS)).split())
    except PlaywrightError:
        return ""


async def find_visible(page: Page, step: Step, default: Frame, wait_s: float) -> tuple[Frame, str] | None:
    """The first (frame, selector) of the step with a visible match, polling up to wait_s."""
    deadline = time.monotonic() + wait_s
    while True:
        for frame in step_frames(page, step, default):
            for selector in step.selectors:
                if await count(visible_locator(frame, step, selector)):
                    return frame, selector
        if time.monotonic() >= deadline:
            return None
        await asyncio.sleep(POLL_INTERVAL_S)


async def first_step_visible(page: Page, steps: tuple[Step, ...], default: Frame) -> bool:
    """The first click of the steps has a visible target now."""
    first = next((s for s in steps if s.kind == "click"), None)
    return first is not None and await find_visible(page, first, default, 0) is not None
