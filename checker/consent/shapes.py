"""The in-page detector's answer, typed: what detector.js returns, checked against a schema made from these
dataclasses before any of it is used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from checker.js_shapes import ShapeError, parse_shape

ControlKind = Literal["accept", "reject", "settings", "save", "policy", "other"]


class DetectorShapeError(ShapeError):
    """The detector answered something that is not the agreed shape (a page that rewrote JSON, a bug)."""


@dataclass(frozen=True)
class Rect:
    """A box on the page, in CSS pixels."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class ControlStyle:
    """How a control looks: size, font, colours (CSS rgb() strings), border and underline."""

    w: int
    h: int
    font_px: float
    font_weight: int
    color: str
    background: str  # its own background, else the nearest opaque one behind it
    own_background: bool
    border: bool
    underline: bool


@dataclass(frozen=True)
class Control:
    """A button or link in a candidate banner, stamped so it can be clicked later."""

    id: int
    kind: ControlKind
    text: str
    label: str
    score: int
    weak: bool
    dismiss: bool
    link: bool  # a link that navigates away
    seen: str | None  # the mark it carried when scanned (visible before a settings click)
    tag: str
    href: str | None
    selector: str
    style: ControlStyle


@dataclass(frozen=True)
class Reopener(Control):
    """A control that reopens a consent choice (floating icon, footer link), with the phrase it matched."""

    phrase: str | None = None


@dataclass(frozen=True)
class Toggle:
    """A checkbox or switch in a candidate banner (a purpose or legitimate-interest choice)."""

    id: int
    label: str
    checked: bool
    disabled: bool
    selector: str


@dataclass(frozen=True)
class Best:
    """The stamp id of the best control of each kind in a candidate, if any."""

    accept: int | None
    reject: int | None
    settings: int | None
    save: int | None


@dataclass(frozen=True)
class Structure:
    """What makes a container look like a consent layer."""

    dialog: bool
    modal: bool
    fixed: bool
    bottom_bar: bool
    high_z: bool


@dataclass(frozen=True)
class Candidate:
    """A container the generic detector thinks may be a consent banner."""

    id: int
    selector: str
    text: str
    overlay: bool
    mentions_consent: bool
    talks_cookies: bool
    score: int
    structure: Structure
    rect: Rect
    best: Best
    controls: tuple[Control, ...]
    toggles: tuple[Toggle, ...]

    def control(self, kind: ControlKind) -> Control | None:
        """The best control of that kind."""
        wanted = getattr(self.best, kind, None)
        return next((c for c in self.controls if c.id == wanted), None) if wanted is not None else None

    @property
    def is_banner(self) -> bool:
        """It offers an accept or a reject control."""
        return self.best.accept is not None or self.best.reject is not None


@dataclass(frozen=True)
class Probe:
    """Whether one recipe's CMP shows in the frame, and which first-layer selector is visible."""

    selectors: bool
    scripts: bool
    globals: bool
    first_layer: str | None

    @property
    def present(self) -> bool:
        """Any detection signal holds."""
        return self.selectors or self.scripts or self.globals


@dataclass(frozen=True)
class ClosedShadow:
    """A banner-like host whose content sits in a closed shadow root: seen, but not operable."""

    selector: str
    rect: Rect


@dataclass(frozen=True)
class DetectorResult:
    """The detector's answer for one frame."""

    url: str
    top: bool
    probe: dict[str, Probe]
    candidates: tuple[Candidate, ...]
    closed_shadow: tuple[ClosedShadow, ...] = ()


@dataclass(frozen=True)
class ReopenResult:
    """The detector's answer in reopen mode for one frame."""

    url: str
    top: bool
    reopeners: tuple[Reopener, ...]


def parse_result(data: object) -> DetectorResult:
    """The detector's scan answer, typed; DetectorShapeError when it is not the agreed shape."""
    try:
        return parse_shape(DetectorResult, data)
    except ShapeError as exc:
        raise DetectorShapeError(str(exc)) from exc


def parse_reopen(data: object) -> ReopenResult:
    """The detector's reopen answer, typed; DetectorShapeError when it is not the agreed shape."""
    try:
        return parse_shape(ReopenResult, data)
    except ShapeError as exc:
        raise DetectorShapeError(str(exc)) from exc
