"""An inconclusive site (a bot wall after consent) and an interrupted run, in every output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from render_fixtures import GENERATED_AT, PACK, make_evidence

import checker
from checker.models import Challenge, ConsentAction, Document, PhaseSnapshot, Redirect, SiteEvidence
from checker.render.console import summary_table
from checker.render.html import render_html
from checker.render.junit import render_junit
from checker.render.markdown import render_markdown
from checker.render.sarif import render_sarif
from checker.report import Report, build_report, exit_code, report_to_dict

URL = "https://www.walled.example/news"
WALL = Challenge("DataDome", "datadome-captcha", "captcha", "status 403; header x-datadome: protected")
ARTICLE = Document(200, URL, (Redirect("https://walled.example/news", 301),), "text/html", "News", 4000, 2)
REASON = "accept, reject: DataDome captcha page (datadome-captcha), HTTP 403; before saw the page"


def phase(name: str, document: Document) -> PhaseSnapshot:
    action = None if name == "before" else ConsentAction(intent=name, done=False)  # type: ignore[arg-type]
    return PhaseSnapshot(name, URL, URL, "2025-03-01T10:00:00Z", 900, action=action, document=document)  # type: ignore[arg-type]


@pytest.fixture
def walled() -> Report:
    blocked = replace(ARTICLE, status=403, title="example", text_chars=40, media=1, challenge=WALL)
    site = SiteEvidence(
        url=URL,
        status="ok",
        phases={
            "before": phase("before", ARTICLE),
            "accept": phase("accept", blocked),
            "reject": phase("reject", blocked),
        },
    )
    evidence = replace(make_evidence(site), complete=False, pending=("https://later.example/",))
    return build_report(evidence, [PACK], {}, {}, GENERATED_AT)


def test_verdict_reason_and_exit_code(walled: Report) -> None:
    (site,) = walled.sites
    assert (site.verdict, site.verdict_reason) == ("inconclusive", REASON)
    assert [(p.observed, p.observed_reason) for p in site.phases.values()] == [
        ("page", None),
        ("inconclusive", "DataDome captcha page (datadome-captcha), HTTP 403"),
        ("inconclusive", "DataDome captcha page (datadome-captcha), HTTP 403"),
    ]
    assert (walled.summary.inconclusive, walled.summary.passed, walled.complete) == (1, 0, False)
    assert exit_code(walled) == 3


def test_json_validates(walled: Report) -> None:
    schema = json.loads((Path(checker.__file__).parent / "schemas" / "report.schema.json").read_text())
    data = report_to_dict(walled)
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert (data["complete"], data["pending"]) == (False, ["https://later.example/"])
    assert data["sites"][0]["phases"]["accept"]["document"]["challenge"]["vendor"] == "DataDome"


def test_console(walled: Report) -> None:
    lines = summary_table(walled).splitlines()
    assert lines[1:3] == [f"inconclusive  {URL}  (banner: none)", f"  why: {REASON}"]
    assert lines[-2:] == [
        "incomplete: the run was interrupted; 1 site(s) not scanned (continue with: consent-checker scan "
        "--resume DIR)",
        "1 site: 0 passed, 0 failed, 1 inconclusive, 0 errors",
    ]


def test_markdown(walled: Report) -> None:
    md = render_markdown(walled).splitlines()
    assert f"### ❔ inconclusive `{URL}`" in md
    assert f"- **why**: {REASON}" in md
    assert "**Incomplete run**: interrupted with 1 site(s) not scanned." in md


def test_junit_reports_an_error_case_of_type_inconclusive(walled: Report) -> None:
    suite = ET.fromstring(render_junit(walled)).find("testsuite")
    assert suite is not None
    [case] = suite.findall("testcase")
    error = case.find("error")
    assert error is not None and (error.get("type"), error.get("message")) == ("Inconclusive", REASON)
    assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == ("1", "1", "0")


def test_sarif_notification(walled: Report) -> None:
    run = json.loads(render_sarif(walled))["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert [n["message"]["text"] for n in invocation["toolExecutionNotifications"]] == [
        f"{URL}: inconclusive: {REASON}"
    ]
    assert (run["properties"]["complete"], run["properties"]["pending"]) == (
        False,
        ["https://later.example/"],
    )


def test_html_names_the_vendor_the_redirects_and_the_interruption(walled: Report) -> None:
    html = render_html(walled)
    assert '<span class="badge verdict-inconclusive">inconclusive</span>' in html
    assert f"<strong>Why:</strong> {REASON}" in html
    assert "<strong>DataDome captcha</strong> (status 403; header x-datadome: protected)" in html
    assert '<div class="mono">301 https://walled.example/news</div>' in html
    assert "<strong>Incomplete run:</strong>" in html
