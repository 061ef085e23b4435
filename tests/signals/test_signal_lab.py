"""Consent Mode, GPC and US privacy rules end to end: each page of www.signal-lab.com (real Chromium, the
demo server, the IAB's @iabgpp/cmpapi from npm) gets exactly its consent-mode and gpc findings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checker.demo.server import DemoServer
from checker.launch import BrowserNotFound, find_browser
from checker.pipeline import load_judgement, scan_urls, write_outputs
from checker.report import Report, SiteReport
from checker.scan_options import ScanOptions

pytestmark = pytest.mark.browser
HOST = "https://www.signal-lab.com"
GA, ADS = (
    "region1.google-analytics.com/g/collect",
    "googleads.g.doubleclick.net/pagead/viewthroughconversion/123/",
)
EXPECTED: dict[str, set[tuple[str, str, str]]] = {
    "cm-fair": set(),
    "cm-advanced": set(),
    "cm-granted-default": {
        ("consent-mode/no-granted-before-choice", "before", GA),
        ("consent-mode/no-granted-before-choice", "before", ADS),
    },
    "cm-granted-after-reject": {
        ("consent-mode/no-granted-after-refusal", phase, where)
        for phase in ("reject", "withdraw")
        for where in (GA, ADS)
    },
    "cm-denied-after-accept": {("consent-mode/granted-after-accept", "accept", "dataLayer")},
    "cm-missing": {
        ("consent-mode/present-while-pending", "before", GA),
        ("consent-mode/present-while-pending", "before", ADS),
    },
    "gpc-honoured": set(),
    "gpc-ignored": {
        ("gpc/no-new-ad-cookies", "gpc", "px_uid"),
        ("gpc/no-new-ad-cookies", "gpc", "sync_uid"),
        ("gpc/no-new-ad-requests", "gpc", "pixel.adtech-demo.net"),
        ("gpc/no-new-ad-requests", "gpc", "sync.adtech-demo.net"),
        ("gpc/us-opt-out-shown", "gpc", "__uspapi in https://www.signal-lab.com/gpc-ignored.html"),
        (
            "gpc/us-opt-out-shown",
            "gpc",
            "GPP section usnat of __gpp in https://www.signal-lab.com/gpc-ignored.html",
        ),
    },
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    try:
        find_browser(None)
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("signal-lab")
    with DemoServer() as srv:
        options = ScanOptions(
            host_map=tuple(srv.host_rules()), ignore_https_errors=True, concurrency=2, timeout_s=30.0
        )
        evidence = scan_urls([f"{HOST}/{name}.html" for name in EXPECTED], options, out)
    judgement = load_judgement(["consent-mode", "gpc", "tcf"], [])
    yield write_outputs(out, evidence, judgement, ("json",))[0]


def site(report: Report, name: str) -> SiteReport:
    [found] = [s for s in report.sites if s.url == f"{HOST}/{name}.html"]
    return found


def _what(subject: dict[str, object]) -> str:
    return str(subject.get("where") or subject.get("cookie") or subject.get("host"))


@pytest.mark.parametrize("name", EXPECTED)
def test_each_page_gets_exactly_its_findings(report: Report, name: str) -> None:
    s = site(report, name)
    assert (s.status, s.error) == ("ok", None)
    assert {(f.rule, f.phase, _what(f.subject)) for f in s.findings} == EXPECTED[name]


def test_the_gpc_phase_sends_the_signal_and_the_page_answers_with_the_opt_out(report: Report) -> None:
    phases = site(report, "gpc-honoured").phases
    before, gpc = phases["before"].signals, phases["gpc"].signals
    assert before is not None and gpc is not None
    assert (before.gpc, gpc.gpc) == (None, True)
    assert [(u.source, u.string) for u in before.us_privacy if u.source != "request"] == [
        ("api", "1YNN"),
        ("cookie", "1YNN"),
    ]
    assert [(u.source, u.string) for u in gpc.us_privacy] == [("api", "1YYN"), ("cookie", "1YYN")]
    [gpp] = gpc.gpp
    assert gpp.decoded is not None and gpp.decoded.usnat is not None
    usnat = gpp.decoded.usnat
    assert (gpp.applicable_sections, gpp.decoded.sections) == ((7,), ("usnat",))
    assert (usnat.sale_opt_out, usnat.sharing_opt_out, usnat.targeted_advertising_opt_out, usnat.gpc) == (
        1,
        1,
        1,
        True,
    )
    # The header reached the server only in the gpc phase (the page's own gpc.gif sets gpc_seen then).
    assert [c.name for c in phases["gpc"].cookies if c.name == "gpc_seen"] == ["gpc_seen"]
    assert "gpc_seen" not in {c.name for c in phases["before"].cookies}
    # Without GPC the page loads its ad pixel and sync; with GPC it loads neither.
    assert {c.name for c in phases["before"].cookies} >= {"px_uid", "sync_uid"}
    assert {c.name for c in phases["gpc"].cookies} & {"px_uid", "sync_uid"} == set()


def test_consent_mode_hits_are_decoded_per_phase(report: Report) -> None:
    phases = site(report, "cm-fair").phases
    accept = phases["accept"].signals
    assert accept is not None
    assert [(h.where, h.gcs, h.gcd, h.after_choice) for h in accept.consent_mode] == [
        (GA, "G111", "13r3r3r3r5", True),
        (ADS, "G111", "13r3r3r3r5", True),
    ]
    assert [c.command for c in accept.consent_commands] == ["default", "update"]
    before = phases["before"].signals
    assert before is not None and before.consent_mode == ()


def test_signal_findings_name_the_decoded_field(report: Report) -> None:
    usp, usnat = [f for f in site(report, "gpc-ignored").findings if f.rule == "gpc/us-opt-out-shown"]
    assert usp.message == (
        "With the Global Privacy Control on, the US privacy string read from "
        "__uspapi in https://www.signal-lab.com/gpc-ignored.html, cookie usprivacy (www.signal-lab.com), "
        "pixel.adtech-demo.net/px.gif (1 request), sync.adtech-demo.net/sync (1 request) does not show the "
        "opt-out: US privacy v1: not opted out of sale (OptOutSale N)."
    )
    assert usnat.message.endswith(
        "does not show the opt-out: sale not opted out, sharing not opted out, targeted advertising not "
        "opted out (SaleOptOut 2, SharingOptOut 2, TargetedAdvertisingOptOut 2)."
    )
