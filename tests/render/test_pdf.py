"""report.pdf: report.html printed to A4 by Chromium; its text keeps every finding and its legal
references, its pages are A4 and counted, and a browser that is not there is a one-line error."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from render_fixtures import F_HIGH, F_INFO_CLEAN, F_INFO_NEWS, F_MEDIUM

from checker.launch import BROWSER_ENV, BrowserNotFound, find_browser
from checker.render import FORMAT_BY_NAME
from checker.render.pdf import PdfError, render_pdf
from checker.report import Report

# Measured with Debian's chromium-headless-shell 156: the header with scope and method fill page 1; each
# site starts a page: news (findings, banner, actions, comparison, three phases) pages 2-4, clean 5-6 (its
# last phase's last line), down 7.
FIXTURE_PAGES = 7


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} not found: install poppler-utils (bash scripts/setup.sh)")
    return path


def _text_and_info(pdf: bytes, folder: Path) -> tuple[str, str]:
    target = folder / "report.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(
        [_poppler("pdftotext"), "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        [_poppler("pdfinfo"), str(target)], capture_output=True, text=True, check=True
    ).stdout
    return text, info


@pytest.fixture
def printed(report: Report, tmp_path: Path) -> tuple[bytes, str, str]:
    try:
        find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    pdf = render_pdf(report, tmp_path)
    text, info = _text_and_info(pdf, tmp_path)
    return pdf, text, info


@pytest.mark.browser
def test_the_pdf_keeps_every_finding_and_its_references(
    report: Report, printed: tuple[bytes, str, str]
) -> None:
    pdf, text, _info = printed
    assert pdf.startswith(b"%PDF-")
    flat = " ".join(text.split())
    for finding in (F_HIGH, F_MEDIUM, F_INFO_NEWS, F_INFO_CLEAN):
        assert finding.rule in flat
        for ref in finding.references:
            assert ref in flat
    fingerprints = [f.fingerprint for s in report.sites for f in s.findings]
    assert all(fp in flat for fp in fingerprints)
    # Each rule's references once per site, not on every row: GDPR Art. 6(1)(a) belongs to one rule.
    assert flat.count("GDPR Art. 6(1)(a)") == 1
    # The badges print as words (no background graphics are needed to read them).
    assert "FAIL https://news.example.com/" in flat
    assert "PASS https://clean.example.org/" in flat
    assert "ERROR https://down.example.net/" in flat
    assert "Scope and method" in flat
    assert "page 1 of" in flat


@pytest.mark.browser
def test_the_pdf_is_a4_one_site_a_page_on(printed: tuple[bytes, str, str]) -> None:
    _pdf, text, info = printed
    assert re.search(r"^Page size:\s+594\.96 x 841\.92 pts \(A4\)$", info, re.MULTILINE)
    assert re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1] == str(FIXTURE_PAGES)  # type: ignore[index]
    pages = text.split("\f")[:FIXTURE_PAGES]
    # A page break before each site: each site's heading opens a page.
    starts = [i for i, page in enumerate(pages) if re.match(r"\s*(FAIL|PASS|ERROR)\s+https://", page)]
    assert starts == [1, 4, 6]
    assert all(f"page {i + 1} of {FIXTURE_PAGES}" in page for i, page in enumerate(pages))


@pytest.mark.browser
def test_the_format_registry_prints_the_pdf(report: Report, tmp_path: Path) -> None:
    try:
        find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    fmt = FORMAT_BY_NAME["pdf"]
    assert (fmt.name, fmt.file_name) == ("pdf", "report.pdf")
    assert fmt.render(report, tmp_path)[:5] == b"%PDF-"


def test_no_browser_is_a_one_line_error(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv(BROWSER_ENV, str(missing))
    gone = replace(report, browser=replace(report.browser, executable=str(tmp_path / "was-here")))
    with pytest.raises(PdfError) as caught:
        render_pdf(gone, tmp_path)
    assert str(caught.value) == f"cannot print report.pdf: ${BROWSER_ENV} {missing}: not an executable file"
