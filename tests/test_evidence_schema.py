"""The shipped evidence schema is the one derived from the models, and it judges evidence files."""

from __future__ import annotations

import json

import jsonschema
import pytest

from checker.evidence_schema import SCHEMA_FILE, evidence_schema
from checker.models import BrowserInfo, Cookie, Evidence, PhaseSnapshot, SiteEvidence
from checker.serialize import to_dict


def _evidence() -> Evidence:
    cookie = Cookie(name="_ga", domain=".example.com", lifetime_days=400.0, declared_lifetime_days=730.0)
    phase = PhaseSnapshot(
        "before", "https://www.example.com/", "https://www.example.com/", "t", 5, cookies=(cookie,)
    )
    return Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "0"},
        browser=BrowserInfo("chromium", "156", "/x", True, "allowed", "default"),
        started_at="t",
        options={},
        sites=(SiteEvidence("https://www.example.com/", "ok", phases={"before": phase}),),
    )


def test_shipped_schema_matches_the_models() -> None:
    assert json.loads(SCHEMA_FILE.read_text()) == evidence_schema(), (
        "run `python -m checker.evidence_schema` after changing checker/models.py"
    )


def test_evidence_written_by_the_tool_validates() -> None:
    jsonschema.validate(to_dict(_evidence()), evidence_schema())


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["sites"][0]["phases"].update(before=None), "$.sites[0].phases.before"),
        (lambda d: d["sites"][0]["phases"]["before"]["cookies"][0].update(secure="yes"), "secure"),
        (lambda d: d["sites"][0].update(status="maybe"), "$.sites[0].status"),
        (lambda d: d.pop("browser"), "$"),
    ],
)
def test_broken_evidence_is_rejected_at_its_path(mutate: object, path: str) -> None:
    data = to_dict(_evidence())
    mutate(data)  # type: ignore[operator]
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(evidence_schema()).iter_errors(data)
    )
    assert error is not None
    assert path in error.json_path
