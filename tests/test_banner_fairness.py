"""Banner fairness facts: WCAG contrast, link-styled and shrunken reject controls."""

from __future__ import annotations

import pytest

from checker.banner_fairness import Fairness, contrast_ratio, fairness, parse_color
from checker.models import Banner, ControlLook


def look(kind: str, text: str, **kw: object) -> ControlLook:
    base: dict[str, object] = {
        "tag": "button",
        "link": False,
        "w": 200,
        "h": 44,
        "font_px": 16.0,
        "font_weight": 400,
        "color": "rgb(255, 255, 255)",
        "background": "rgb(0, 51, 153)",
        "boxed": True,
        "underline": False,
        "best": True,
    }
    return ControlLook(kind=kind, text=text, **(base | kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ("rgb(0, 51, 153)", (0.0, 51.0, 153.0, 1.0)),
        ("rgba(10, 20, 30, 0.5)", (10.0, 20.0, 30.0, 0.5)),
        ("rgb(10 20 30 / 50%)", (10.0, 20.0, 30.0, 0.5)),
        ("transparent", None),
        ("color(srgb 1 0 0)", None),
    ],
)
def test_parse_color(css: str, expected: tuple[float, float, float, float] | None) -> None:
    assert parse_color(css) == expected


def test_contrast_ratios_match_wcag() -> None:
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == 21.0
    assert contrast_ratio("rgb(255, 255, 255)", "rgb(255, 255, 255)") == 1.0
    assert contrast_ratio("rgb(118, 118, 118)", "rgb(255, 255, 255)") == 4.54  # the classic 4.5:1 grey
    assert contrast_ratio("rgb(200, 200, 200)", "rgb(255, 255, 255)") == 1.67
    # half-transparent black text on white blends to mid grey
    assert contrast_ratio("rgba(0, 0, 0, 0.5)", "rgb(255, 255, 255)") == 3.98
    assert contrast_ratio("inherit", "rgb(255, 255, 255)") is None


def test_a_fair_banner() -> None:
    banner = Banner(detected=True, controls=(look("accept", "Accept all"), look("reject", "Reject all")))
    assert fairness(banner) == Fairness(False, 100, False, 10.86, 10.86, False)


def test_an_unfair_banner() -> None:
    reject = look(
        "reject",
        "Reject",
        w=60,
        h=22,
        boxed=False,
        color="rgb(200, 200, 200)",
        background="rgb(255, 255, 255)",
    )
    banner = Banner(detected=True, controls=(look("accept", "Accept all"), reject))
    assert fairness(banner) == Fairness(True, 15, True, 1.67, 10.86, True)


def test_nothing_to_compare_without_both_controls() -> None:
    banner = Banner(detected=True, controls=(look("accept", "Accept all"), look("settings", "Settings")))
    assert fairness(banner) == Fairness(None, None, None, None, None, None)


def test_the_detectors_pick_is_compared_not_the_first_of_its_kind() -> None:
    other = look("reject", "No", w=10, h=10, best=False)
    banner = Banner(
        detected=True, controls=(look("accept", "Accept all"), other, look("reject", "Reject all"))
    )
    assert fairness(banner).reject_area_percent == 100
