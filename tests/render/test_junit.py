"""JUnit XML parsed back: one case per site and rule, --fail-on decides failures, notes and triage pass."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace

import pytest
from render_fixtures import CLEAN, CLEAN_SITE, DOWN, GENERATED_AT, NEWS, NEWS_SITE, PACK, make_evidence

from checker.evaluate import evaluate
from checker.models import Finding, Rule, RulePack, Severity, SiteEvidence, Triage
from checker.render.junit import render_junit
from checker.report import Report, build_report
from checker.rules import load_packs

PACK_RULES = [
    "eu-core/no-tracking-before-consent",
    "eu-core/max-cookie-lifetime",
    "eu-core/banner-text",
    "eu-core/reject-on-first-layer",
]
HIGH_RULE, MEDIUM_RULE = PACK_RULES[0], PACK_RULES[1]


def _root(report: Report, fail_on: str = "high") -> ET.Element:
    text = render_junit(report, fail_on)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites")
    return ET.fromstring(text.split("\n", 1)[1])


def _outcome(case: ET.Element) -> str:
    kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
    assert len(kinds) <= 1
    return kinds[0] if kinds else "passed"


def _cases(root: ET.Element) -> list[tuple[str | None, str | None, str]]:
    return [(c.get("classname"), c.get("name"), _outcome(c)) for c in root.iter("testcase")]


def _finding(rule: str, severity: Severity, message: str, triage: Triage | None = None) -> Finding:
    return Finding(rule, severity, "before", message, subject={}, references=(), triage=triage)


def test_one_case_per_site_and_rule(report: Report) -> None:
    root = _root(report)
    assert _cases(root) == [
        (NEWS, HIGH_RULE, "failure"),
        (NEWS, MEDIUM_RULE, "passed"),  # medium, below the default --fail-on high: a note
        (NEWS, "eu-core/banner-text", "passed"),
        (NEWS, "eu-core/reject-on-first-layer", "passed"),
        (NEWS, "local/unclassified-cookie", "passed"),  # a rule only a finding names, info: a note
        (CLEAN, HIGH_RULE, "passed"),
        (CLEAN, MEDIUM_RULE, "passed"),
        (CLEAN, "eu-core/banner-text", "passed"),
        (CLEAN, "eu-core/reject-on-first-layer", "passed"),
        (CLEAN, "local/unclassified-cookie", "passed"),
        (DOWN, "scan", "error"),  # unscannable: one error case, no rule said to pass
    ]
    assert [root.get(k) for k in ("tests", "failures", "errors", "skipped")] == ["11", "1", "1", "0"]
    assert [[s.get(k) for k in ("name", "tests", "failures", "errors", "skipped")] for s in root] == [
        [NEWS, "5", "1", "0", "0"],
        [CLEAN, "5", "0", "0", "0"],
        [DOWN, "1", "0", "1", "0"],
    ]


def test_a_medium_finding_is_a_note_under_fail_on_high_and_a_failure_under_medium(report: Report) -> None:
    fingerprint = report.sites[0].findings[1].fingerprint
    case = _root(report).findall("testsuite/testcase")[1]
    assert (case.get("name"), _outcome(case)) == (MEDIUM_RULE, "passed")
    assert case.findtext("system-out") == (
        "note (below --fail-on high): Cookie IDE asks to live 730 days (more than 395).\n"
        "  severity: medium\n"
        "  phase: accept\n"
        "  subject: cookie=IDE, domain=.doubleclick.net\n"
        f"  fingerprint: {fingerprint}\n"
        "  references:\n"
        "    - CNIL Délibération 2020-091 art. 5"
    )
    root = _root(report, "medium")
    assert [o for (site, _, o) in _cases(root) if site == NEWS] == [
        "failure",
        "failure",
        "passed",
        "passed",
        "passed",
    ]
    failure = root.find("testsuite/testcase[2]/failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == (
        "medium",
        "Cookie IDE asks to live 730 days (more than 395).",
    )
    assert failure.text == (
        f"Site: {NEWS}\n"
        f"Rule: {MEDIUM_RULE}\n"
        "\n"
        "Cookie IDE asks to live 730 days (more than 395).\n"
        "  severity: medium\n"
        "  phase: accept\n"
        "  subject: cookie=IDE, domain=.doubleclick.net\n"
        f"  fingerprint: {fingerprint}\n"
        "  references:\n"
        "    - CNIL Délibération 2020-091 art. 5"
    )
    assert {p.get("name"): p.get("value") for p in root.iter("property")}["fail-on"] == "medium"
    # --fail-on info: every finding fails its rule's case.
    assert [r.get("failures") for r in _root(report, "info")] == ["3", "1", "0"]


def test_a_rule_with_several_findings_gets_one_failure_listing_them(
    site_report: Callable[..., Report],
) -> None:
    report = site_report(
        "ok",
        [
            _finding(HIGH_RULE, "high", "Cookie _ga was set before consent."),
            _finding(HIGH_RULE, "critical", "Cookie _fbp was set before consent."),
            _finding(HIGH_RULE, "low", "Cookie uid may be a tracker."),
        ],
    )
    fp = [f.fingerprint for f in report.sites[0].findings]  # most severe first: _fbp, _ga, uid
    (case,) = [c for c in _root(report).iter("testcase") if c.get("name") == HIGH_RULE]
    failure = case.find("failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == (
        "critical",
        "2 findings at or above --fail-on high; the first: Cookie _fbp was set before consent.",
    )
    assert failure.text == (
        f"Site: {CLEAN}\nRule: {HIGH_RULE}\n\n"
        "Cookie _fbp was set before consent.\n"
        f"  severity: critical\n  phase: before\n  fingerprint: {fp[0]}\n"
        f"Cookie _ga was set before consent.\n  severity: high\n  phase: before\n  fingerprint: {fp[1]}"
    )
    assert case.findtext("system-out") == (
        "note (below --fail-on high): Cookie uid may be a tracker.\n"
        f"  severity: low\n  phase: before\n  fingerprint: {fp[2]}"
    )


def test_baselined_and_waived_findings_pass_and_say_so(site_report: Callable[..., Report]) -> None:
    baselined = Triage("baselined", "in the baseline old/report.json")
    waived = Triage("waived", "vendor contract until renewal", "privacy@news.test", "2026-06-30")
    report = site_report(
        "ok",
        [
            _finding(HIGH_RULE, "high", "Cookie _ga was set before consent.", triage=baselined),
            _finding(MEDIUM_RULE, "critical", "Cookie IDE lives 730 days.", triage=waived),
        ],
    )
    root = _root(report, "low")
    assert [(name, outcome) for (_, name, outcome) in _cases(root)] == [
        (HIGH_RULE, "passed"),
        (MEDIUM_RULE, "passed"),
        ("eu-core/banner-text", "passed"),
        ("eu-core/reject-on-first-layer", "passed"),
    ]
    outputs = [
        (c.findtext("system-out") or "").splitlines()[0] for c in root.findall("testsuite/testcase")[:2]
    ]
    assert outputs == [
        "baselined (in the baseline old/report.json): Cookie _ga was set before consent.",
        "waived: vendor contract until renewal (privacy@news.test, expires 2026-06-30): "
        "Cookie IDE lives 730 days.",
    ]


def test_an_unscannable_site_with_a_finding_keeps_its_error_and_that_rule_only(
    site_report: Callable[..., Report],
) -> None:
    report = site_report("error", [_finding(MEDIUM_RULE, "low", "Cookie uid is in no catalog.")])
    root = _root(report)
    assert _cases(root) == [(CLEAN, "scan", "error"), (CLEAN, MEDIUM_RULE, "passed")]
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("type") == "ScanError"
    assert [root.get(k) for k in ("tests", "failures", "errors")] == ["2", "0", "1"]


def test_a_rule_whose_phases_did_not_run_is_skipped() -> None:
    withdraw = Rule(
        "eu-core/withdraw-possible", "eu-core", "Withdraw", "high", ("withdraw",), "action", {}, {}, "m", ()
    )
    pack = replace(PACK, rules=(*PACK.rules, withdraw))
    report = build_report(make_evidence(CLEAN_SITE), [pack], {}, {}, GENERATED_AT)  # before, accept, reject
    root = _root(report)
    assert _cases(root)[-1] == (CLEAN, "eu-core/withdraw-possible", "skipped")
    skipped = root.find("testsuite/testcase[5]/skipped")
    assert skipped is not None and skipped.get("message") == "not evaluated: withdraw not run on this site"
    assert [root.get(k) for k in ("tests", "failures", "errors", "skipped")] == ["5", "0", "0", "1"]


def test_names_do_not_change_with_tracker_query_strings() -> None:
    packs: tuple[RulePack, ...] = load_packs(["eu-core"])

    def scan(cid: str, ts: str) -> Report:
        def tag(url: str | None) -> str | None:
            return None if url is None else f"{url}{'&' if '?' in url else '?'}cid={cid}&ts={ts}"

        phases = {
            name: replace(
                snap,
                cookies=tuple(replace(c, set_by=tag(c.set_by)) for c in snap.cookies),
                requests=tuple(replace(r, url=tag(r.url) or r.url) for r in snap.requests),
            )
            for name, snap in NEWS_SITE.phases.items()
        }
        site = SiteEvidence(url=NEWS, status="ok", phases=phases)
        return build_report(make_evidence(site), packs, {NEWS: evaluate(packs, site)}, {}, GENERATED_AT)

    first, second = (
        _root(scan(cid, ts), "medium") for cid, ts in (("8f1c2a77", "17356896"), ("03bb9e10", "17357760"))
    )
    assert _cases(first) == _cases(second)
    assert len(_cases(first)) == sum(len(p.rules) for p in packs)
    assert ET.tostring(first) != ET.tostring(second)  # the failure texts do name the URLs
    names = [name for (_, name, _) in _cases(first)]
    assert all(name is not None and "?" not in name and "=" not in name for name in names)


def test_page_text_is_escaped_and_made_safe(site_report: Callable[..., Report]) -> None:
    # Markup, a terminal escape, C0 and C1 controls, DEL, a bidi override and a character XML cannot carry.
    message = "Cookie <script>alert(1)</script>\x1b[2J\x00\x85\x7f\u202e set\ufffe."
    text = render_junit(site_report("ok", [_finding(HIGH_RULE, "high", message)]))
    assert all(c not in text for c in ("<script>", "\x1b", "\x85", "\x7f", "\u202e", "\ufffe"))
    failure = ET.fromstring(text.split("\n", 1)[1]).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "Cookie <script>alert(1)</script> set\ufffd."
    assert (failure.text or "").splitlines()[3] == "Cookie <script>alert(1)</script> set\ufffd."


def test_an_unknown_fail_on_is_refused(report: Report) -> None:
    with pytest.raises(ValueError, match="unknown severity 'severe'"):
        render_junit(report, "severe")
