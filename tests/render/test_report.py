"""build_report, the report schema, verdicts and exit codes."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import replace
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from render_fixtures import (
    BROWSER,
    CLEAN,
    CLEAN_SITE,
    DOWN,
    EVIDENCE_FILES,
    F_HIGH,
    F_INFO_CLEAN,
    F_INFO_NEWS,
    F_MEDIUM,
    GA,
    GENERATED_AT,
    NEWS,
    NEWS_SITE,
    PACK,
    SHA_A,
    make_evidence,
)

import checker
from checker.models import Banner, ConsentAction, Finding, Observation, PhaseSnapshot, Severity, SiteEvidence
from checker.observation import SiteObservation
from checker.report import (
    Report,
    ReportSummary,
    banner_label,
    build_report,
    exit_code,
    fails_verdict,
    report_to_dict,
    site_verdict,
    summary_line,
)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(
        files("checker").joinpath("schemas", "report.schema.json").read_text(encoding="utf-8")
    )
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, data: dict[str, Any]) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in validator.iter_errors(data)
    )


def test_report_header(report: Report) -> None:
    d = report_to_dict(report)
    assert d["schema_version"] == "1"
    assert d["tool"] == {"name": "consent-checker", "version": checker.__version__}
    assert d["generated_at"] == GENERATED_AT
    assert d["started_at"] == "2025-03-01T10:00:00Z"
    assert d["browser"] == {
        "name": "chromium",
        "version": "131.0.6778.33",
        "executable": "/opt/chromium/chrome",
        "headless": True,
        "third_party_cookies": "allowed",
        "cookie_policy": "third-party cookies allowed (no tracking protection)",
        "user_agent": "Mozilla/5.0 HeadlessChrome/131",
        "sandbox": False,
        "sandbox_note": "",
    }
    assert d["options"] == {"timeout": 30, "locale": "en-GB"}
    assert [(p["pack"], p["version"], p["source"]) for p in d["rules"]] == [
        ("eu-core", "2025.1", "rules/eu-core")
    ]
    assert d["rules"][0]["rules"][0] == {
        "id": "eu-core/no-tracking-before-consent",
        "title": "No tracking before consent",
        "severity": "high",
        "phases": ["before"],
        "subject": "cookies",
        "references": ["ePrivacy Directive Art. 5(3)", "GDPR Art. 6(1)(a)"],
        "description": "No tracking before consent.",
        "fix": "",
    }
    # Sorted by path, so the report is stable whatever order the files were written in.
    assert list(d["evidence"].items()) == sorted(EVIDENCE_FILES.items())


def test_summary_and_verdicts(report: Report) -> None:
    d = report_to_dict(report)
    assert [(s["url"], s["status"], s["verdict"], s["error"]) for s in d["sites"]] == [
        (NEWS, "ok", "fail", None),
        (CLEAN, "ok", "pass", None),
        (DOWN, "error", "error", "net::ERR_NAME_NOT_RESOLVED"),
    ]
    assert d["summary"] == {
        "sites": 3,
        "passed": 1,
        "failed": 1,
        "inconclusive": 0,
        "errors": 1,
        "findings": {"info": 2, "low": 0, "medium": 1, "high": 1, "critical": 0},
    }
    assert summary_line(report.summary) == "3 sites: 1 passed, 1 failed, 0 inconclusive, 1 error"
    assert summary_line(
        ReportSummary(sites=1, passed=1, failed=0, inconclusive=0, errors=0, findings={})
    ) == ("1 site: 1 passed, 0 failed, 0 inconclusive, 0 errors")
    banner = report.sites[0].banner
    assert banner_label(replace(banner, detected=True, cmp="onetrust")) == "onetrust"
    assert banner_label(replace(banner, detected=True, cmp=None)) == "detected"
    assert banner_label(replace(banner, detected=False, cmp="onetrust")) == "none"


def test_site_findings_most_severe_first(report: Report) -> None:
    news = report_to_dict(report)["sites"][0]
    assert news["findings"] == [
        {
            "rule": "eu-core/no-tracking-before-consent",
            "severity": "high",
            "phase": "before",
            "message": "Analytics cookie _ga (Google Analytics) was set before any consent.",
            "subject": {"cookie": "_ga", "domain": ".example.com"},
            "references": ["ePrivacy Directive Art. 5(3)", "GDPR Art. 6(1)(a)"],
            "title": "No tracking before consent",
            "fingerprint": "f292916c3914adce",
            "triage": None,
        },
        {
            "rule": "eu-core/max-cookie-lifetime",
            "severity": "medium",
            "phase": "accept",
            "message": "Cookie IDE asks to live 730 days (more than 395).",
            "subject": {"cookie": "IDE", "domain": ".doubleclick.net"},
            "references": ["CNIL Délibération 2020-091 art. 5"],
            "title": "Cookie lifetime at most 13 months",
            "fingerprint": "9fc674a7607c46c9",
            "triage": None,
        },
        {
            "rule": "local/unclassified-cookie",
            "severity": "info",
            "phase": "before",
            "message": "Cookie <script>alert(1)</script> is not in any catalog.",
            "subject": {"cookie": "<script>alert(1)</script>"},
            "references": [],
            "title": "",
            "fingerprint": "33f9c0af2bf5f8eb",
            "triage": None,
        },
    ]
    assert news["summary"] == {
        "findings": {"info": 1, "low": 0, "medium": 1, "high": 1, "critical": 0},
        "cookies": {"before": 3, "accept": 3, "reject": 1},
        "third_party_cookies": {"before": 1, "accept": 1, "reject": 0},
        "requests": {"before": 4, "accept": 0, "reject": 0},
        "third_party_requests": {"before": 3, "accept": 0, "reject": 0},
    }


def test_banner_and_actions(report: Report) -> None:
    news = report_to_dict(report)["sites"][0]
    assert news["banner"] == {
        "detected": True,
        "cmp": "onetrust",
        "frame_url": NEWS,
        "text": "We value your privacy",
        "accept_on_first_layer": True,
        "reject_on_first_layer": True,
        "settings_on_first_layer": True,
        "accept_layers": 1,
        "reject_layers": 2,
        "withdraw_layers": None,
        "operable": True,
        "acted_by": "none",  # the fixture's actions do not say who acted
    }
    assert list(news["phases"]) == ["before", "accept", "reject"]
    assert news["phases"]["before"]["action"] is None
    reject = news["phases"]["reject"]["action"]
    assert reject == {
        "intent": "reject",
        "done": True,
        "cmp": "onetrust",
        "clicked": "Reject all",
        "frame": "https://cdn.cmp.test/frame.html",
        "layers": 2,
        "clicks": [
            {
                "text": "Settings",
                "selector": "#onetrust-pc-btn-handler",
                "frame_url": NEWS,
                "t_ms": 1100,
                "layer": "first",
            },
            {
                "text": "Reject all",
                "selector": ".ot-pc-refuse-all-handler",
                "frame_url": "https://cdn.cmp.test/frame.html",
                "t_ms": 2100,
                "layer": "first",
            },
        ],
        "banner_gone": True,
        "navigated": True,
        "note": None,
        "acted_by": "none",
        "verified": None,
        "verify_note": None,
        "reprompted": None,
        "toggles": [],
        "failures": [],
        "screenshot": None,
    }
    accept = news["phases"]["accept"]["action"]
    assert (accept["clicked"], accept["frame"], accept["layers"]) == ("Accept all", NEWS, 1)


def test_phase_content(report: Report) -> None:
    before = report_to_dict(report)["sites"][0]["phases"]["before"]
    assert before["cookies"][0] == {
        "name": "_ga",
        "domain": ".example.com",
        "path": "/",
        "expires": "2027-03-01T10:00:00Z",
        "lifetime_days": 730.0,
        "declared_expires": "2027-03-01T10:00:00Z",
        "declared_lifetime_days": 730.0,
        "secure": True,
        "http_only": False,
        "same_site": "Lax",
        "session": False,
        "partition_key": None,
        "size": 30,
        "value_sha256": SHA_A,
        "value": None,
        "set_via": "js",
        "set_by": "https://www.googletagmanager.com/gtag/js?id=G-1",
        "first_seen_ms": 420,
        "deleted": False,
        "party": "first",
        "vendor": "Google Analytics",
        "category": "analytics",
        "value_facts": None,
        "consent_gated": False,
        "consent_gated_reason": None,
        "purpose": None,
    }
    assert [c["name"] for c in before["cookies"]] == ["_ga", "sid", "<script>alert(1)</script>"]
    assert before["cookies"][2]["deleted"] is True
    # Every request is kept, first-party ones too: the consumer filters.
    assert [(r["url"], r["party"]) for r in before["requests"]] == [
        (NEWS, "first"),
        ("https://www.googletagmanager.com/gtag/js?id=G-1", "third"),
        ("https://www.googletagmanager.com/gtm.js", "third"),
        ("https://tracker.test/px", "third"),
    ]
    assert [s["key"] for s in before["storage"]] == ["_gcl_ls"]
    assert before["screenshot"] == {"path": "screenshots/news.example.com-before.png", "sha256": SHA_A}
    assert before["settle"] == [{"stage": "load", "waited_ms": 1500, "quiet": True}]
    assert (before["url"], before["final_url"], before["error"]) == (NEWS, NEWS, None)
    reject = report_to_dict(report)["sites"][0]["phases"]["reject"]
    assert reject["final_url"] == "https://news.example.com/?consent=0"
    assert reject["refused_cookies"][0]["reasons"] == [
        "ThirdPartyBlockedInFirstPartySet",
        "SameSiteNoneInsecure",
    ]


def test_error_site_has_no_phases_and_no_banner(report: Report) -> None:
    down = report_to_dict(report)["sites"][2]
    assert down["phases"] == {}
    assert down["findings"] == []
    assert down["banner"] == {
        "detected": False,
        "cmp": None,
        "frame_url": None,
        "text": "",
        "accept_on_first_layer": False,
        "reject_on_first_layer": False,
        "settings_on_first_layer": False,
        "accept_layers": None,
        "reject_layers": None,
        "withdraw_layers": None,
        "operable": True,
        "acted_by": None,
    }


def test_banner_falls_back_to_later_phase_and_failed_reject_has_no_layers() -> None:
    banner = Banner(detected=True, cmp=None, reject_on_first_layer=False)
    site = SiteEvidence(
        url=CLEAN,
        status="ok",
        phases={
            "before": PhaseSnapshot(
                phase="before", url=CLEAN, final_url=CLEAN, started_at="t", duration_ms=1
            ),
            "reject": PhaseSnapshot(
                phase="reject",
                url=CLEAN,
                final_url=CLEAN,
                started_at="t",
                duration_ms=1,
                banner=banner,
                action=ConsentAction(
                    intent="reject", done=False, cmp="generic", layers=0, note="no reject control"
                ),
            ),
        },
    )
    r = build_report(make_evidence(site), [], {}, {}, GENERATED_AT)
    b = r.sites[0].banner
    assert (b.detected, b.cmp, b.reject_on_first_layer, b.reject_layers, b.accept_layers) == (
        True,
        "generic",
        False,
        None,
        None,
    )
    action = report_to_dict(r)["sites"][0]["phases"]["reject"]["action"]
    assert (action["clicked"], action["frame"], action["note"]) == (None, None, "no reject control")


def test_findings_for_unknown_site_are_an_error() -> None:
    with pytest.raises(ValueError, match=re.escape("https://elsewhere.test/")):
        build_report(
            make_evidence(CLEAN_SITE), [PACK], {"https://elsewhere.test/": [F_HIGH]}, {}, GENERATED_AT
        )


def test_report_validates_against_schema(report: Report, validator: Draft202012Validator) -> None:
    data = report_to_dict(report)
    assert _errors(validator, data) == []
    # What report.json holds is plain JSON: it survives a round trip unchanged.
    assert json.loads(json.dumps(data)) == data


def test_empty_run_validates(validator: Draft202012Validator) -> None:
    r = build_report(make_evidence(), [], {}, {}, GENERATED_AT)
    assert _errors(validator, report_to_dict(r)) == []
    assert exit_code(r) == 0


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["sites"][0].pop("verdict"), ["sites/0: required"]),
        (lambda d: d["sites"][0].update(status="failed"), ["sites/0/status: enum"]),
        (lambda d: d["sites"][0].update(verdict=None), ["sites/0/verdict: enum"]),
        (lambda d: d.pop("browser"), [": required"]),
        (lambda d: d["browser"].update(headless="yes"), ["browser/headless: type"]),
        (lambda d: d.update(schema_version=1), ["schema_version: const"]),
        (lambda d: d["tool"].pop("version"), ["tool: required"]),
        (lambda d: d["rules"][0].pop("version"), ["rules/0: required"]),
        (
            lambda d: d["sites"][0]["findings"][0].update(severity="severe"),
            ["sites/0/findings/0/severity: enum"],
        ),
        (lambda d: d["sites"][0]["findings"][0].pop("references"), ["sites/0/findings/0: required"]),
        (lambda d: d["sites"][0]["banner"].pop("detected"), ["sites/0/banner: required"]),
        (
            lambda d: d["sites"][0]["phases"]["before"]["cookies"][0].pop("name"),
            ["sites/0/phases/before/cookies/0: required"],
        ),
        (
            lambda d: d["sites"][0]["phases"]["before"]["cookies"][0].update(category="ads"),
            ["sites/0/phases/before/cookies/0/category: enum"],
        ),
        (
            lambda d: d["sites"][0]["phases"].update(during=d["sites"][0]["phases"]["before"]),
            ["sites/0/phases: enum"],
        ),
        (lambda d: d["summary"].update(failed="1"), ["summary/failed: type"]),
        (lambda d: d["evidence"].update({"evidence.json": "md5:x"}), ["evidence/evidence.json: pattern"]),
        (lambda d: d["sites"][0].update(verdcit="pass"), ["sites/0: additionalProperties"]),
    ],
)
def test_schema_rejects_missing_or_mistyped_fields(
    report: Report,
    validator: Draft202012Validator,
    mutate: Callable[[dict[str, Any]], object],
    expected: list[str],
) -> None:
    data = copy.deepcopy(report_to_dict(report))
    mutate(data)
    assert _errors(validator, data) == expected


@pytest.mark.parametrize(
    ("observed", "severities", "verdict"),
    [
        ("page", [], "pass"),
        ("page", ["info", "info"], "pass"),
        # low and info findings are notes for review: listed, but they do not fail the site
        ("page", ["info", "low"], "pass"),
        ("page", ["low", "low", "low"], "pass"),
        ("page", ["low", "medium"], "fail"),
        ("page", ["medium"], "fail"),
        ("page", ["high"], "fail"),
        ("page", ["critical"], "fail"),
        ("error", [], "error"),
        ("error", ["info", "low"], "error"),
        ("inconclusive", [], "inconclusive"),
        # a note never turns a site nobody saw into a pass
        ("inconclusive", ["low"], "inconclusive"),
        # what the phases that saw the page show fails the site, even if another phase did not see it
        ("error", ["medium"], "fail"),
        ("error", ["high"], "fail"),
        ("inconclusive", ["high"], "fail"),
    ],
)
def test_site_verdict(observed: Observation, severities: list[Severity], verdict: str) -> None:
    findings = [
        Finding(rule="p/r", severity=s, phase=None, message="m", subject={}, references=())
        for s in severities
    ]
    seen = SiteObservation(
        observed, None if observed == "page" else "reject: the server answered HTTP 503", {}
    )
    assert site_verdict(seen, findings)[0] == verdict


def test_verdict_reasons() -> None:
    high = Finding(rule="p/a", severity="high", phase="before", message="m", subject={}, references=())
    low = Finding(rule="p/b", severity="low", phase="before", message="m", subject={}, references=())
    page = SiteObservation("page", None, {})
    wall = SiteObservation(
        "inconclusive", "accept, reject: Cloudflare challenge page (cf); before saw the page", {}
    )
    away = SiteObservation(
        "page", None, {}, "redirected to another site: judged the page reached, https://b.example/"
    )
    assert site_verdict(page, []) == (
        "pass",
        "every phase saw the page and no finding of severity medium or higher",
    )
    assert site_verdict(page, [low]) == (
        "pass",
        "every phase saw the page and no finding of severity medium or higher; 1 note for review",
    )
    assert site_verdict(away, []) == (
        "pass",
        "every phase saw the page and no finding of severity medium or higher; redirected to another site: "
        "judged the page reached, https://b.example/",
    )
    assert site_verdict(wall, [low]) == (
        "inconclusive",
        "accept, reject: Cloudflare challenge page (cf); before saw the page",
    )
    assert site_verdict(wall, [high, high]) == (
        "fail",
        "2 findings of severity medium or higher (1 rule); not every phase saw the page (accept, reject: "
        "Cloudflare challenge page (cf); before saw the page)",
    )


def test_fails_verdict_from_medium_up() -> None:
    assert [fails_verdict(s) for s in ("info", "low", "medium", "high", "critical")] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_an_error_site_with_a_failing_finding_fails_and_exits_1(site_report: Callable[..., Report]) -> None:
    r = site_report("error", [_finding("high")])
    (site,) = r.sites
    assert (site.status, site.verdict) == ("error", "fail")
    assert (r.summary.failed, r.summary.errors) == (1, 0)
    assert exit_code(r) == 1
    low = site_report("error", [_finding("low")])
    assert (low.sites[0].verdict, low.summary.errors, exit_code(low)) == ("error", 1, 3)


def test_low_findings_alone_pass_the_site_but_can_still_set_the_exit_code(
    site_report: Callable[..., Report],
) -> None:
    r = site_report("ok", [_finding("low")])
    assert (r.sites[0].verdict, r.summary.passed, r.summary.failed) == ("pass", 1, 0)
    assert exit_code(r) == 0
    assert exit_code(r, "low") == 1


def _finding(severity: Severity) -> Finding:
    return Finding(
        rule=f"eu-core/{severity}", severity=severity, phase="before", message="m", subject={}, references=()
    )


def test_exit_codes_of_the_fixture_run(report: Report) -> None:
    # Findings: high, medium, info, info; one site could not be scanned.
    assert exit_code(report) == 1
    assert exit_code(report, "high") == 1
    assert exit_code(report, "medium") == 1
    assert exit_code(report, "low") == 1
    assert exit_code(report, "info") == 1
    assert exit_code(report, "critical") == 3


@pytest.mark.parametrize(
    ("status", "severities", "fail_on", "code"),
    [
        ("ok", [], "high", 0),
        ("ok", [], "info", 0),
        ("ok", ["info"], "low", 0),
        ("ok", ["info"], "info", 1),
        ("ok", ["low"], "medium", 0),
        ("ok", ["medium"], "medium", 1),
        ("ok", ["medium"], "high", 0),
        ("ok", ["high"], "high", 1),
        ("ok", ["critical"], "high", 1),
        ("ok", ["high"], "critical", 0),
        ("ok", ["critical"], "critical", 1),
        ("error", [], "high", 3),
        ("error", ["low"], "high", 3),
        ("error", ["high"], "high", 1),
    ],
)
def test_exit_code(
    site_report: Callable[..., Report], status: str, severities: list[Severity], fail_on: str, code: int
) -> None:
    r = site_report(status, [_finding(s) for s in severities])
    assert exit_code(r, fail_on) == code


def test_exit_code_default_is_high(site_report: Callable[..., Report]) -> None:
    assert exit_code(site_report("ok", [_finding("medium")])) == 0
    assert exit_code(site_report("ok", [_finding("high")])) == 1


def test_exit_code_rejects_unknown_severity(report: Report) -> None:
    with pytest.raises(ValueError, match="unknown severity 'severe'"):
        exit_code(report, "severe")


def test_fixture_sanity() -> None:
    # The fixtures the other assertions rely on.
    assert NEWS_SITE.phases["before"].cookies[0] is GA
    assert BROWSER.third_party_cookies == "allowed"
    assert {F_INFO_NEWS.severity, F_INFO_CLEAN.severity, F_MEDIUM.severity} == {"info", "medium"}
