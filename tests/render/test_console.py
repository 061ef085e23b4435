"""The console summary: each site and its findings on lines of their own, never wrapped, page text inert."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from render_fixtures import CLEAN, NEWS

from checker.models import Finding, Triage, Waiver
from checker.render.console import CONSOLE_FINDINGS_PER_SITE, subject_label, summary_table
from checker.report import Report, TriageInfo
from checker.text_safety import STRIPPED

FIXTURE_LINES = [
    "consent-checker results",
    "fail          https://news.example.com/  (banner: onetrust, reject: 2 layers)",
    "  high      eu-core/no-tracking-before-consent  before    _ga@.example.com",
    "  medium    eu-core/max-cookie-lifetime         accept    IDE@.doubleclick.net",
    "  info      local/unclassified-cookie           before    <script>alert(1)</script>",
    "pass          https://clean.example.org/  (banner: none)",
    "  info      eu-core/banner-text                 -         -",
    "error         https://down.example.net/  (banner: none)",
    "  why: net::ERR_NAME_NOT_RESOLVED",
    "findings: 1 high, 1 medium, 2 info (0 baselined, 0 waived)",
    "3 sites: 1 passed, 1 failed, 0 inconclusive, 1 error",
]
_SGR = re.compile(r"\x1b\[[0-9;]*m")
HOSTILE_URL = "https://evil.example/[bold]x[/bold]/\u202eexe.pdf"
HOSTILE_COOKIE = "\x1b[31mred|<b>x</b>\x1b]8;;https://evil.example/\x07link\x1b]8;;\x07"


def _finding(n: int, severity: str = "high", cookie: str = "c") -> Finding:
    return Finding(
        rule="eu-core/no-tracking-before-consent",
        severity=severity,  # type: ignore[arg-type]
        phase="before",
        message=f"Cookie {cookie}{n} was stored before consent.",
        subject={"cookie": f"{cookie}{n}", "domain": ".ads.test"},
        references=(),
    )


def test_fixture_lines(report: Report) -> None:
    assert summary_table(report).splitlines() == FIXTURE_LINES


def test_colour_is_the_same_lines_with_terminal_styles(report: Report) -> None:
    text = summary_table(report, color=True)
    assert "\x1b[1;31mfail        \x1b[0m  https://news.example.com/" in text
    assert "  \x1b[31mhigh    \x1b[0m  eu-core/no-tracking-before-consent" in text
    assert [_SGR.sub("", line).rstrip() for line in text.splitlines()] == FIXTURE_LINES


def _long_report(site_report: Callable[..., Report]) -> tuple[Report, list[str]]:
    """Two sites with URLs longer than 80 columns, and findings about a host with a long name."""
    urls = [
        "https://www.a-rather-long-newspaper-name.example/politics/2025/03/01/a-very-long-article-slug-x",
        "https://shop.example/catalogue?category=garden-furniture&sort=price&page=12&utm_source=newsletter",
    ]
    request = Finding(
        rule="eu-core/no-tracking-requests-before-consent",
        severity="high",
        phase="before",
        message="Requests to a tracker before consent.",
        subject={"host": "collector.analytics-vendor-with-a-long-name.example", "url": urls[0] + "/px?id=1"},
        references=(),
    )
    reports = [site_report("ok", [request, _finding(1)], url=url) for url in urls]
    both = replace(reports[0], sites=reports[0].sites + reports[1].sites)
    return both, urls


def test_no_url_is_split_in_80_columns(
    site_report: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # what rich reads as the terminal's width
    report, urls = _long_report(site_report)
    for color in (False, True):
        lines = [_SGR.sub("", line) for line in summary_table(report, color=color).splitlines()]
        for url in urls:
            assert sum(url in line for line in lines) == 1, (url, lines)
        assert any(line.endswith("collector.analytics-vendor-with-a-long-name.example") for line in lines)
    assert summary_table(report).splitlines()[1:5] == [
        f"fail          {urls[0]}  (banner: none)",
        "  high      eu-core/no-tracking-requests-before-consent  before    "
        "collector.analytics-vendor-with-a-long-name.example",
        "  high      eu-core/no-tracking-before-consent           before    c1@.ads.test",
        f"fail          {urls[1]}  (banner: none)",
    ]


def test_hostile_page_text_is_stripped_and_never_markup(site_report: Callable[..., Report]) -> None:
    finding = _finding(1, cookie=HOSTILE_COOKIE)
    report = site_report("ok", [finding], url=HOSTILE_URL)
    plain = summary_table(report)
    assert plain.splitlines()[1:3] == [
        "fail          https://evil.example/[bold]x[/bold]/exe.pdf  (banner: none)",
        "  high      eu-core/no-tracking-before-consent  before    red|<b>x</b>link1@.ads.test",
    ]
    coloured = summary_table(report, color=True)
    for text in (plain, _SGR.sub("", coloured)):
        assert not any(set(line) & STRIPPED for line in text.splitlines())
    # rich read "[bold]" as text, not as a style: no bold around "x"
    assert "[bold]x[/bold]" in coloured and "\x1b[1mx" not in coloured


def test_findings_past_the_cap_are_counted(site_report: Callable[..., Report]) -> None:
    findings = [_finding(n, "medium") for n in range(CONSOLE_FINDINGS_PER_SITE + 3)]
    lines = summary_table(site_report("ok", findings)).splitlines()
    listed = [line for line in lines if line.startswith("  medium")]
    assert listed[0] == "  medium    eu-core/no-tracking-before-consent  before    c0@.ads.test"
    assert len(listed) == CONSOLE_FINDINGS_PER_SITE == 10
    assert lines[2 + CONSOLE_FINDINGS_PER_SITE] == "  ... and 3 more (see report.html)"
    assert lines[-2] == "findings: 13 medium (0 baselined, 0 waived)"


def test_baselined_and_waived_findings_are_marked(report: Report) -> None:
    news = report.sites[0]
    high, medium, info = news.findings
    marked = (
        replace(high, triage=Triage("baselined", "in the baseline old/report.json")),
        replace(medium, triage=Triage("waived", "ad partner\x1b[2J contract", "dpo@news.test", "2026-12-31")),
        info,
    )
    expired = Waiver("tracking pixel\nfix pending", "web-team", "2025-01-31", rule="eu-core/x", site="*news*")
    report = replace(
        report,
        sites=(replace(news, findings=marked), *report.sites[1:]),
        triage=TriageInfo(expired_waivers=(expired,)),
    )
    lines = summary_table(report).splitlines()
    assert lines[2:4] == [
        "  high      eu-core/no-tracking-before-consent  before    _ga@.example.com  [baselined]",
        "  medium    eu-core/max-cookie-lifetime         accept    IDE@.doubleclick.net  "
        "[waived: ad partner contract, dpo@news.test, until 2026-12-31]",
    ]
    assert lines[-3:] == [
        "findings: 1 high, 1 medium, 2 info (1 baselined, 1 waived)",
        "waiver expired on 2025-01-31, no longer applied: rule eu-core/x on *news* "
        "(tracking pixel fix pending, web-team)",
        "3 sites: 1 passed, 1 failed, 0 inconclusive, 1 error",
    ]


def test_a_site_without_findings_is_one_line(site_report: Callable[..., Report]) -> None:
    assert summary_table(site_report("ok", [])).splitlines() == [
        "consent-checker results",
        f"pass          {CLEAN}  (banner: none)",
        "findings: none (0 baselined, 0 waived)",
        "1 site: 1 passed, 0 failed, 0 inconclusive, 0 errors",
    ]
    assert NEWS not in summary_table(site_report("ok", []))


@pytest.mark.parametrize(
    ("subject", "label"),
    [
        ({"cookie": "_ga", "domain": ".example.com", "vendor": "Google Analytics"}, "_ga@.example.com"),
        ({"cookie": "sid"}, "sid"),
        ({"refused_cookie": "IDE", "domain": ".doubleclick.net"}, "refused IDE@.doubleclick.net"),
        (
            {"storage": "_gcl_ls", "kind": "local", "origin": "https://news.example.com"},
            "localStorage:_gcl_ls",
        ),
        (
            {"host": "www.googletagmanager.com", "url": "https://www.googletagmanager.com/gtm.js"},
            "www.googletagmanager.com",
        ),
        ({"signal": "tcf", "where": "__tcfapi"}, "tcf (__tcfapi)"),
        ({"signal": "consent_mode"}, "consent_mode"),
        ({"banner": "onetrust", "frame_url": "https://news.example.com/"}, "banner onetrust"),
        ({"banner": None, "frame_url": None}, "banner"),
        ({"action": "reject", "cmp": "onetrust"}, "reject action"),
        ({}, ""),
    ],
)
def test_subject_label(subject: dict[str, object], label: str) -> None:
    assert subject_label(subject) == label


def test_counted_findings_come_first_within_a_severity(site_report: Callable[..., Report]) -> None:
    waived = replace(_finding(1), triage=Triage("waived", "accepted", "me", "2026-12-31"))
    report = site_report("ok", [_finding(0, "low"), waived, _finding(2)])
    assert summary_table(report).splitlines()[2:5] == [
        "  high      eu-core/no-tracking-before-consent  before    c2@.ads.test",
        "  high      eu-core/no-tracking-before-consent  before    c1@.ads.test  "
        "[waived: accepted, me, until 2026-12-31]",
        "  low       eu-core/no-tracking-before-consent  before    c0@.ads.test",
    ]
