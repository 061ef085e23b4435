"""Every format from one real scan (the demo, twice): identities stable across runs, each format checked
as its reader would check it (SARIF schema and GitHub's rules, JUnit parsed back, the HTML in Chromium
at 1366 px, the PDF's text, Markdown under its cap) and the manifest catching a changed byte."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from playwright.async_api import async_playwright
from sarif_checks import github_problems, schema_errors

from checker.launch import BrowserNotFound, find_browser, launch
from checker.render.markdown import MARKDOWN_CAP_BYTES

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
VIEWPORT_PX = 1366
DEMO_TIMEOUT_S = 600


def _demo(out: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "demo", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=DEMO_TIMEOUT_S,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two demo runs, each into its own folder."""
    try:
        find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    base = tmp_path_factory.mktemp("demo-formats")
    return _demo(base / "first"), _demo(base / "second")


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _fingerprints(out: Path) -> list[tuple[str, str, str | None, str]]:
    report = _json(out / "report.json")
    return sorted(
        (s["url"], f["rule"], f["phase"], f["fingerprint"]) for s in report["sites"] for f in s["findings"]
    )


def _junit_cases(out: Path) -> list[tuple[str, str, str]]:
    root = ET.parse(out / "report.junit.xml").getroot()
    cases = []
    for case in root.iter("testcase"):
        outcome = next(
            (child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed"
        )
        cases.append((case.attrib["classname"], case.attrib["name"], outcome))
    return cases


def test_the_same_scan_twice_gives_the_same_identities(runs: tuple[Path, Path]) -> None:
    first, second = runs
    assert _fingerprints(first) == _fingerprints(second)
    assert len(_fingerprints(first)) == 61
    assert len({fp for *_rest, fp in _fingerprints(first)}) == 61  # no two findings share one

    def sarif_ids(out: Path) -> list[tuple[str, str]]:
        (run,) = _json(out / "report.sarif")["runs"]
        return sorted((r["ruleId"], r["partialFingerprints"]["consentFinding/v1"]) for r in run["results"])

    assert sarif_ids(first) == sarif_ids(second)
    assert _junit_cases(first) == _junit_cases(second)


def test_report_json_and_sarif_validate(runs: tuple[Path, Path]) -> None:
    out = runs[0]
    schema = _json(REPO / "checker" / "schemas" / "report.schema.json")
    jsonschema.Draft202012Validator(schema).validate(_json(out / "report.json"))
    sarif = _json(out / "report.sarif")
    assert schema_errors(sarif) == []
    assert github_problems(sarif) == []


def test_junit_has_a_case_per_site_and_rule(runs: tuple[Path, Path]) -> None:
    out = runs[0]
    report = _json(out / "report.json")
    rules = [r["id"] for pack in report["rules"] for r in pack["rules"]]
    cases = _junit_cases(out)
    assert len(cases) == len(report["sites"]) * len(rules)
    high = {
        (s["url"], f["rule"])
        for s in report["sites"]
        for f in s["findings"]
        if f["severity"] in ("high", "critical")
    }
    assert {(url, rule) for url, rule, outcome in cases if outcome == "failure"} == high
    assert len(high) == 20  # the demo's 55 high findings fall under 20 (site, rule) pairs
    good = report["sites"][0]["url"]
    assert {outcome for url, _rule, outcome in cases if url == good} == {"passed"}


async def _open_html(path: Path) -> dict[str, Any]:
    async with async_playwright() as pw:
        launched = await launch(pw, find_browser(), ())
        try:
            context = await launched.browser.new_context(viewport={"width": VIEWPORT_PX, "height": 900})
            page = await context.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            await page.goto(path.as_uri(), wait_until="load")
            width = await page.evaluate("() => document.documentElement.scrollWidth")
            images = await page.evaluate("() => [...document.images].map(i => i.src.slice(0, 22))")
            return {"requests": requests, "width": width, "images": images}
        finally:
            await launched.close()


def test_the_html_fits_1366_px_and_fetches_nothing(runs: tuple[Path, Path], tmp_path: Path) -> None:
    # Mailed alone: a copy of report.html without the folder beside it.
    alone = tmp_path / "report.html"
    shutil.copy(runs[0] / "report.html", alone)
    opened = asyncio.run(_open_html(alone))
    assert opened["width"] <= VIEWPORT_PX
    assert [u for u in opened["requests"] if not u.startswith("data:")] == [alone.as_uri()]
    assert opened["images"] and {src[:11] for src in opened["images"]} == {"data:image/"}


def test_the_pdf_text_holds_the_findings_and_their_references(runs: tuple[Path, Path]) -> None:
    out = runs[0]
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "install poppler-utils (scripts/test.sh does)"
    text = subprocess.run(
        [pdftotext, str(out / "report.pdf"), "-"], capture_output=True, text=True, check=True
    )
    flat = " ".join(text.stdout.split())
    report = _json(out / "report.json")
    for site in report["sites"]:
        for finding in site["findings"]:
            assert finding["rule"] in flat
            assert finding["fingerprint"] in flat
            for reference in finding["references"]:
                assert " ".join(reference.split()) in flat, reference


def test_markdown_stays_under_its_cap(runs: tuple[Path, Path]) -> None:
    size = len((runs[0] / "report.md").read_bytes())
    assert 0 < size < MARKDOWN_CAP_BYTES


def test_verify_catches_one_changed_byte(runs: tuple[Path, Path], tmp_path: Path) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(runs[1], copy)
    ok = subprocess.run(
        [sys.executable, "-m", "checker", "verify", str(copy)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout
    pdf = copy / "report.pdf"
    data = bytearray(pdf.read_bytes())
    data[-100] ^= 0x20
    pdf.write_bytes(bytes(data))
    bad = subprocess.run(
        [sys.executable, "-m", "checker", "verify", str(copy)], capture_output=True, text=True
    )
    assert (bad.returncode, bad.stdout) == (1, "altered: report.pdf\n")
