"""How fairly a banner presents refusal next to acceptance: link vs button, size and WCAG contrast (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.models import Banner, ControlLook

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")
# WCAG 2.x, success criterion 1.4.3: normal text needs 4.5:1.
MIN_CONTRAST = 4.5
# Reject counts as "much smaller" below half of accept's area.
SMALL_AREA_RATIO = 0.5


@dataclass(frozen=True)
class Fairness:
    """Facts comparing the first layer's reject control with its accept control (None: not comparable)."""

    reject_styled_as_link: bool | None
    reject_area_percent: int | None  # reject's area as a percentage of accept's
    reject_much_smaller: bool | None
    reject_contrast: float | None
    accept_contrast: float | None
    reject_low_contrast: bool | None


def parse_color(css: str) -> tuple[float, float, float, float] | None:
    """(r, g, b, alpha) of a computed rgb()/rgba() colour, or None."""
    m = _RGB.fullmatch(css.strip())
    if m is None:
        return None
    alpha_text = m.group(4)
    if alpha_text is None:
        alpha = 1.0
    else:
        alpha = float(alpha_text[:-1]) / 100 if alpha_text.endswith("%") else float(alpha_text)
    r, g, b = (min(255.0, float(m.group(i))) for i in (1, 2, 3))
    return r, g, b, min(1.0, alpha)


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float | None:
    """The WCAG contrast ratio of text colour over background colour (alpha blended), 1.0 to 21.0."""
    fg, bg = parse_color(foreground), parse_color(background)
    if fg is None or bg is None:
        return None
    a = fg[3]
    blended = tuple(fg[i] * a + bg[i] * (1 - a) for i in range(3))
    lum_fg, lum_bg = _luminance((blended[0], blended[1], blended[2])), _luminance((bg[0], bg[1], bg[2]))
    lighter, darker = max(lum_fg, lum_bg), min(lum_fg, lum_bg)
    return round((lighter + 0.05) / (darker + 0.05), 2)


def _best(banner: Banner, kind: str) -> ControlLook | None:
    looks = [c for c in banner.controls if c.kind == kind]
    return next((c for c in looks if c.best), looks[0] if looks else None)


def fairness(banner: Banner) -> Fairness:
    """Compare the first layer's reject with its accept; every fact is None when either is missing."""
    accept, reject = _best(banner, "accept"), _best(banner, "reject")
    if accept is None or reject is None:
        return Fairness(None, None, None, None, None, None)
    accept_area = accept.w * accept.h
    ratio = reject.w * reject.h / accept_area if accept_area > 0 else None
    reject_c = contrast_ratio(reject.color, reject.background)
    accept_c = contrast_ratio(accept.color, accept.background)
    low = None if reject_c is None or accept_c is None else reject_c < MIN_CONTRAST <= accept_c
    return Fairness(
        reject_styled_as_link=accept.boxed and not reject.boxed,
        reject_area_percent=None if ratio is None else round(100 * ratio),
        reject_much_smaller=None if ratio is None else ratio < SMALL_AREA_RATIO,
        reject_contrast=reject_c,
        accept_contrast=accept_c,
        reject_low_contrast=low,
    )
