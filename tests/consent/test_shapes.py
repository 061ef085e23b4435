"""The detector's answer is checked against its typed shape before any of it is used."""

from __future__ import annotations

import pytest

from checker.consent.shapes import DetectorShapeError, parse_reopen, parse_result

STYLE = {
    "w": 120,
    "h": 40,
    "font_px": 16,
    "font_weight": 400,
    "color": "rgb(0, 0, 0)",
    "background": "rgb(255, 255, 255)",
    "own_background": True,
    "border": False,
    "underline": False,
}
CONTROL = {
    "id": 3,
    "kind": "reject",
    "text": "Reject all",
    "label": "Reject all",
    "score": 1010,
    "weak": False,
    "dismiss": False,
    "link": False,
    "seen": None,
    "tag": "button",
    "href": None,
    "selector": "div#cmp > button:nth-of-type(2)",
    "style": STYLE,
}
CANDIDATE = {
    "id": 1,
    "selector": "div#cmp",
    "text": "We use cookies. Reject all",
    "overlay": True,
    "mentions_consent": True,
    "talks_cookies": True,
    "score": 25,
    "structure": {"dialog": True, "modal": False, "fixed": True, "bottom_bar": True, "high_z": False},
    "rect": {"x": 0, "y": 700, "w": 1280, "h": 100},
    "best": {"accept": None, "reject": 3, "settings": None, "save": None},
    "controls": [CONTROL],
    "toggles": [],
}
ANSWER = {
    "url": "https://news.example/",
    "top": True,
    "probe": {"onetrust": {"selectors": False, "scripts": True, "globals": False, "first_layer": None}},
    "candidates": [CANDIDATE],
    "closed_shadow": [],
}


def test_a_well_formed_answer_is_typed() -> None:
    result = parse_result(ANSWER)
    assert result.probe["onetrust"].present is True
    (candidate,) = result.candidates
    reject = candidate.control("reject")
    assert reject is not None and (reject.text, reject.style.w, reject.style.own_background) == (
        "Reject all",
        120,
        True,
    )
    assert candidate.control("accept") is None and candidate.is_banner is True


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "$: None is not of type 'object'"),
        ({**ANSWER, "top": "yes"}, "$.top: 'yes' is not of type 'boolean'"),
        (
            {**ANSWER, "candidates": [{**CANDIDATE, "controls": [{**CONTROL, "kind": "maybe"}]}]},
            "$.candidates[0].controls[0].kind: 'maybe' is not one of",
        ),
        ({k: v for k, v in ANSWER.items() if k != "probe"}, "$: 'probe' is a required property"),
    ],
)
def test_a_malformed_answer_is_a_shape_error_naming_where(answer: object, message: str) -> None:
    with pytest.raises(DetectorShapeError) as err:
        parse_result(answer)
    assert str(err.value).startswith(message)


def test_reopen_answers_are_typed() -> None:
    reopener = {**CONTROL, "kind": "settings", "text": "Cookie settings", "phrase": "cookie settings"}
    result = parse_reopen({"url": "https://news.example/", "top": True, "reopeners": [reopener]})
    assert [(r.text, r.phrase) for r in result.reopeners] == [("Cookie settings", "cookie settings")]
