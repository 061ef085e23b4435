"""Fair and unfair banners end to end: each unfair design on www.banner-lab.com gets exactly its finding,
and the fair banner none (the edpb-banner pack with eu-core, real Chromium, the demo server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checker.demo.server import DemoServer
from checker.launch import BrowserNotFound, find_browser
from checker.pipeline import load_judgement, scan_urls, write_outputs
from checker.report import Report, SiteReport
from checker.scan_options import ScanOptions

pytestmark = pytest.mark.browser
HOST = "https://www.banner-lab.com"
LAYER2 = ("eu-core/reject-on-first-layer", "before"), ("edpb-banner/reject-not-harder-than-accept", "reject")
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "fair": set(),
    "reject-link": {("edpb-banner/reject-not-styled-as-link", "before")},
    "reject-small": {("edpb-banner/reject-not-much-smaller", "before")},
    "reject-low-contrast": {("edpb-banner/reject-readable", "before")},
    "reject-second-layer": set(LAYER2),
    "preticked": {*LAYER2, ("edpb-banner/no-preticked-purposes", "reject")},
    "preticked-fair": set(LAYER2),
    "reprompt": {("edpb-banner/no-reprompt-after-reject", "reject")},
    "no-withdraw": {("eu-core/withdraw-possible", "withdraw")},
    "withdraw-keeps-cookies": {
        ("eu-core/no-tracking-cookies-after-withdraw", "withdraw"),
        ("eu-core/no-tracker-requests-after-withdraw", "withdraw"),
    },
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    try:
        find_browser(None)
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("banner-lab")
    with DemoServer() as srv:
        options = ScanOptions(
            host_map=tuple(srv.host_rules()), ignore_https_errors=True, concurrency=2, timeout_s=20.0
        )
        evidence = scan_urls([f"{HOST}/{name}.html" for name in EXPECTED], options, out)
    yield write_outputs(out, evidence, load_judgement([], []), ("json",))[0]


def site(report: Report, name: str) -> SiteReport:
    [found] = [s for s in report.sites if s.url == f"{HOST}/{name}.html"]
    return found


@pytest.mark.parametrize("name", EXPECTED)
def test_each_design_gets_exactly_its_findings(report: Report, name: str) -> None:
    s = site(report, name)
    assert {(f.rule, f.phase) for f in s.findings} == EXPECTED[name]
    assert s.banner.detected and s.banner.cmp == "generic"


def test_findings_name_what_they_compared(report: Report) -> None:
    [link] = site(report, "reject-link").findings
    assert link.message.startswith(
        '"Accept all" is drawn as a button but "Reject all" as plain text or a link'
    )
    [contrast] = site(report, "reject-low-contrast").findings
    assert contrast.message == (
        '"Reject all" has a text contrast of 1.7:1 (below 4.5:1) while "Accept all" has 10.9:1.'
    )
    preticked = [f for f in site(report, "preticked").findings if f.rule.endswith("no-preticked-purposes")]
    assert [f.message for f in preticked] == [
        "The settings layer opened with optional purposes already switched on: Analytics, Marketing."
    ]


def test_the_fair_banner_passes_every_phase(report: Report) -> None:
    s = site(report, "fair")
    assert s.verdict == "pass"
    withdraw = s.phases["withdraw"].action
    assert (
        withdraw is not None
        and withdraw.done
        and [c.layer for c in withdraw.clicks] == ["reopen", "settings"]
    )
    assert s.phases["reject"].action is not None and s.phases["reject"].action.reprompted is False
