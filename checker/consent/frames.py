"""Run the in-page detector in every frame of a page, in parallel; what a frame could not answer is noted."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from checker.consent.shapes import (
    DetectorResult,
    DetectorShapeError,
    ReopenResult,
    parse_reopen,
    parse_result,
)
from checker.datafiles import one_line

if TYPE_CHECKING:
    from playwright.async_api import Frame, Page

# Generous on purpose: on a loaded 2-core CI runner a renderer can take seconds to answer, and a
# timeout here turns into a wrong "could not click" in the evidence. They only cost time on failure.
FRAME_EVAL_TIMEOUT_S = 5.0
DOC_CHECK_TIMEOUT_S = 1.0
DOC_MARKER = "__consentCheckerDoc"
_SEEN_TOKENS = itertools.count(1)


@cache
def detector_script() -> str:
    """The in-page detector (detector.js): a function expression taking the detector options."""
    return (Path(__file__).with_name("detector.js")).read_text(encoding="utf-8")


@cache
def _stamping_script() -> str:
    """The detector, run after stamping the frame's document with {doc} (same task: same document)."""
    return f"a => {{ window.{DOC_MARKER} = a.doc; return (\n{detector_script()}\n)(a.opts); }}"


@dataclass(frozen=True)
class FrameScan:
    """The detector's answer for one frame, with the frame it came from."""

    frame: Frame
    result: DetectorResult

    @property
    def top(self) -> bool:
        """The main frame."""
        return self.frame.parent_frame is None


@dataclass(frozen=True)
class PageScan:
    """Every frame's answer, and why the frames that gave none did not."""

    frames: tuple[FrameScan, ...]
    failures: tuple[str, ...]


def frames_of(page: Page) -> list[Frame]:
    """Every attached frame, main frame first."""
    main = page.main_frame
    return [main, *(f for f in page.frames if f is not main and not f.is_detached())]


def _why(frame: Frame, exc: BaseException) -> str:
    what = "main frame" if frame.parent_frame is None else f"frame {frame.url[:200]}"
    if isinstance(exc, TimeoutError):
        return f"{what}: the detector got no answer within {FRAME_EVAL_TIMEOUT_S:g} s"
    return f"{what}: the detector failed: {one_line(str(exc), 200)}"


async def _evaluate(frame: Frame, script: str, arg: Any) -> Any:
    return await asyncio.wait_for(frame.evaluate(script, arg), timeout=FRAME_EVAL_TIMEOUT_S)


async def _scan_frame(frame: Frame, opts: dict[str, Any], doc: str | None) -> FrameScan | str:
    script, arg = (
        (detector_script(), opts) if doc is None else (_stamping_script(), {"doc": doc, "opts": opts})
    )
    try:
        return FrameScan(frame=frame, result=parse_result(await _evaluate(frame, script, arg)))
    except (PlaywrightError, TimeoutError, DetectorShapeError) as exc:
        return _why(frame, exc)


async def scan_page(page: Page, opts: dict[str, Any], *, doc: str | None = None) -> PageScan:
    """Run the detector with `opts` in every frame; `doc` also stamps each frame's document."""
    answers = await asyncio.gather(*(_scan_frame(f, opts, doc) for f in frames_of(page)))
    return PageScan(
        frames=tuple(a for a in answers if isinstance(a, FrameScan)),
        failures=tuple(a for a in answers if isinstance(a, str)),
    )


async def _reopen_frame(frame: Frame, opts: dict[str, Any]) -> tuple[Frame, ReopenResult] | str:
    try:
        return frame, parse_reopen(await _evaluate(frame, detector_script(), {**opts, "reopen": True}))
    except (PlaywrightError, TimeoutError, DetectorShapeError) as exc:
        return _why(frame, exc)


async def find_reopeners(
    page: Page, opts: dict[str, Any]
) -> tuple[list[tuple[Frame, ReopenResult]], tuple[str, ...]]:
    """Every frame's reopen controls, and why the frames that gave none did not."""
    answers = await asyncio.gather(*(_reopen_frame(f, opts) for f in frames_of(page)))
    return [a for a in answers if not isinstance(a, str)], tuple(a for a in answers if isinstance(a, str))


async def _mark_frame(frame: Frame, token: str) -> str | None:
    try:
        await _evaluate(frame, detector_script(), {"recipes": [], "mark": token})
    except (PlaywrightError, TimeoutError) as exc:  # a frame that does not answer has nothing marked
        return _why(frame, exc)
    return None


async def mark_seen(page: Page) -> tuple[str, tuple[str, ...]]:
    """Mark every control visible now, in every frame, as seen; the mark and the frames that failed.

    Called just before a settings click: the settings layer is what shows up after it, not a newsletter
    popup or any other dialog that was already open (a layer that reuses the first layer's container
    still counts, by its newly visible controls)."""
    token = f"s{next(_SEEN_TOKENS)}"
    failed = await asyncio.gather(*(_mark_frame(f, token) for f in frames_of(page)))
    return token, tuple(f for f in failed if f is not None)


async def frame_shown(frame: Frame) -> bool:
    """A child frame counts only while its <iframe> element is visible in the parent."""
    if frame.is_detached():
        return False
    if frame.parent_frame is None:
        return True
    try:
        element = await frame.frame_element()
        return await element.is_visible()
    except PlaywrightError:  # detached meanwhile: not shown
        return False


async def doc_is(frame: Frame, doc: str) -> bool:
    """The frame still shows the document the scan stamped with `doc`."""
    try:
        same = await asyncio.wait_for(
            frame.evaluate(f"t => window.{DOC_MARKER} === t", doc), timeout=DOC_CHECK_TIMEOUT_S
        )
    except (PlaywrightError, TimeoutError):  # detached, navigating or hung: not the document scanned
        return False
    return same is True
