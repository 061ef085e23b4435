"""Read the consent signals every frame of a page exposes (signals.js), typed on the Python side."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from playwright.async_api import Error as PlaywrightError

from checker.datafiles import one_line
from checker.js_shapes import ShapeError, parse_shape
from checker.signals.model import ConsentCommand

if TYPE_CHECKING:
    from playwright.async_api import Frame, Page

SIGNALS_JS = Path(__file__).with_name("signals.js")
# How long one CMP API call may take to answer (a CMP still loading may never call back).
API_WAIT_MS = 1500
# How long one frame's whole read may take: the three APIs are asked at once, the TCF one twice at most
# (addEventListener, then getTCData), and a margin.
FRAME_READ_TIMEOUT_S = 2 * API_WAIT_MS / 1000 + 1.0
# The margin a read keeps for itself beyond its API calls (the script's own run, the answer's trip back).
READ_MARGIN_S = 0.5


@dataclass(frozen=True)
class ApiTcData:
    """What __tcfapi answered: the TC string and the CMP's state."""

    string: str
    event_status: str | None
    gdpr_applies: bool | None
    via: Literal["api", "locator"]


@dataclass(frozen=True)
class ApiGpp:
    """What __gpp('ping') answered."""

    string: str
    signal_status: str | None
    applicable_sections: tuple[int, ...]


@dataclass(frozen=True)
class StoredValue:
    """A localStorage entry whose key is one where CMPs keep a consent string."""

    key: str
    value: str


@dataclass(frozen=True)
class FrameSignals:
    """One frame's answer from signals.js."""

    tcf: ApiTcData | None
    gpp: ApiGpp | None
    usp: str | None
    commands: tuple[ConsentCommand, ...]
    gpc: bool | None
    stored: tuple[StoredValue, ...]
    errors: tuple[str, ...]


@dataclass(frozen=True)
class FrameRead:
    """A frame's signals and the frame they came from."""

    frame_url: str
    top: bool
    signals: FrameSignals


# The frames CMPs add so that other frames can find them: empty, and they would only echo the CMP's answer.
LOCATOR_FRAMES = frozenset({"__tcfapiLocator", "__gppLocator", "__uspapiLocator", "__cmpLocator"})


def _content(frame: Frame) -> bool:
    """A frame with a document of its own (not a CMP's locator frame, not an empty about:blank)."""
    return frame.name not in LOCATOR_FRAMES and frame.url not in ("", "about:blank")


@functools.cache
def _script() -> str:
    return SIGNALS_JS.read_text(encoding="utf-8")


def _wait_ms(timeout_s: float) -> int:
    """Each API call's wait, so that two in a row and the margin fit in `timeout_s`."""
    return max(50, min(API_WAIT_MS, int((timeout_s - READ_MARGIN_S) * 1000 / 2)))


async def _read_frame(frame: Frame, stored_keys: str, timeout_s: float) -> FrameRead | str:
    what = "main frame" if frame.parent_frame is None else f"frame {frame.url[:200]}"
    try:
        answer = await asyncio.wait_for(
            frame.evaluate(_script(), {"waitMs": _wait_ms(timeout_s), "storedKeys": stored_keys}),
            timeout=timeout_s,
        )
        signals = parse_shape(FrameSignals, answer)
    except TimeoutError:
        return f"{what}: consent signals not read within {timeout_s:.1f} s"
    except (PlaywrightError, ShapeError) as exc:
        return f"{what}: consent signals not read: {one_line(str(exc), 200)}"
    return FrameRead(frame.url, frame.parent_frame is None, signals)


async def read_signals(
    page: Page, stored_keys: str, timeout_s: float = FRAME_READ_TIMEOUT_S
) -> tuple[tuple[FrameRead, ...], tuple[str, ...]]:
    """Every frame's signals (and its localStorage values under keys matching the regex `stored_keys`),
    main frame first, and why any frame could not be read."""
    main = page.main_frame
    frames = [main, *(f for f in page.frames if f is not main and not f.is_detached() and _content(f))]
    answers = await asyncio.gather(*(_read_frame(f, stored_keys, timeout_s) for f in frames))
    reads = tuple(a for a in answers if isinstance(a, FrameRead))
    failures = tuple(a for a in answers if isinstance(a, str))
    return reads, failures
