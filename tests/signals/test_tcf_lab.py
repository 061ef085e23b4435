"""TCF rules end to end: each page of www.tcf-lab.com (real Chromium, the demo server, a CMP built on the
IAB's @iabtcf/cmpapi and @iabtcf/core from npm) gets exactly its tcf findings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checker.demo.server import DemoServer
from checker.launch import BrowserNotFound, find_browser
from checker.pipeline import load_judgement, scan_urls, write_outputs
from checker.render.html import render_html
from checker.report import Report, SiteReport
from checker.scan_options import ScanOptions

pytestmark = pytest.mark.browser
HOST = "https://www.tcf-lab.com"
REFUSALS = ("reject", "withdraw")
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "fair": set(),
    "consent-before": {("tcf/no-consent-before-choice", "before")},
    "consent-after-reject": {("tcf/no-consent-after-refusal", p) for p in REFUSALS},
    "li-after-reject": {("tcf/no-legitimate-interest-3-to-6", p) for p in REFUSALS},
    "malformed": {("tcf/well-formed", p) for p in ("accept", *REFUSALS)},
    "ad-mismatch": {
        (f"tcf/{rule}", p)
        for rule in ("no-consent-after-refusal", "ad-requests-match-record")
        for p in REFUSALS
    },
    "accept-empty": {("tcf/consent-recorded-after-accept", "accept")},
    "withdraw-keeps": {("tcf/no-consent-after-refusal", "withdraw")},
    "iframe": set(),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    try:
        find_browser(None)
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("tcf-lab")
    with DemoServer() as srv:
        options = ScanOptions(
            host_map=tuple(srv.host_rules()), ignore_https_errors=True, concurrency=2, timeout_s=30.0
        )
        evidence = scan_urls([f"{HOST}/{name}.html" for name in EXPECTED], options, out)
    yield write_outputs(out, evidence, load_judgement(["tcf"], []), ("json",))[0]


def site(report: Report, name: str) -> SiteReport:
    [found] = [s for s in report.sites if s.url == f"{HOST}/{name}.html"]
    return found


@pytest.mark.parametrize("name", EXPECTED)
def test_each_page_gets_exactly_its_findings(report: Report, name: str) -> None:
    s = site(report, name)
    assert (s.status, s.error) == ("ok", None)
    assert {(f.rule, f.phase) for f in s.findings} == EXPECTED[name]


def test_the_refusal_finding_names_the_decoded_fields(report: Report) -> None:
    [reject, _withdraw] = site(report, "consent-after-reject").findings
    assert reject.message.endswith(
        "records consent to purposes 1-10, special features 1-2 and 12 vendors "
        "(PurposesConsent = 1-10, SpecialFeatureOptIns = 1-2, VendorConsents = 12 vendors)."
    )
    assert "cookie euconsent-v2 (www.tcf-lab.com)" in reject.message


def test_the_string_is_read_from_every_place_and_decoded(report: Report) -> None:
    signals = site(report, "fair").phases["accept"].signals
    assert signals is not None
    assert [(t.source, t.event_status) for t in signals.tcf if t.source != "request"] == [
        ("api", "useractioncomplete"),
        ("cookie", None),
    ]
    strings = {t.string for t in signals.tcf if t.source != "request" or t.after_choice}
    assert len(strings) == 1  # the API, the cookie and the ad requests after the click carry one string
    decoded = signals.tcf[0].decoded
    assert decoded is not None
    assert (decoded.cmp_id, decoded.vendor_list_version, decoded.tcf_policy_version) == (300, 150, 4)
    assert (decoded.purposes_consent, decoded.special_feature_opt_ins) == (tuple(range(1, 11)), (1, 2))
    assert decoded.vendor_consents == (1, 2, 10, 21, 25, 28, 32, 50, 52, 91, 755, 793)
    [gpp] = signals.gpp
    assert gpp.decoded is not None and gpp.decoded.sections == ("tcfeuv2",)


def test_an_ad_iframe_reads_the_cmp_through_the_locator(report: Report) -> None:
    signals = site(report, "iframe").phases["reject"].signals
    assert signals is not None
    assert [t.where for t in signals.tcf if "__tcfapiLocator" in t.where] == [
        "__tcfapi through __tcfapiLocator in https://ads.adtech-demo.net/frame.html"
    ]


def test_the_html_report_says_the_signals_in_words(report: Report) -> None:
    html = render_html(report)
    assert "consent to purposes 1-10, special features 1-2 and 12 vendors" in html
    assert "no consent to any purpose, special feature or vendor" in html
