"""SARIF for GitHub code scanning: the OASIS schema, GitHub's rules, locations, identities and triage."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from render_fixtures import CLEAN, DOWN, GENERATED_AT, NEWS, NEWS_SITE, PACK, make_evidence
from sarif_checks import github_problems, schema_errors

from checker.evaluate import evaluate
from checker.models import Finding, Rule, RulePack, SiteEvidence, Triage, UrlSource
from checker.render.sarif import render_sarif, repository_uri
from checker.report import Invocation, Report, TriageInfo, build_report
from checker.rules import load_packs

TRACKER_QUERIES = (("8f1c2a77", "1735689600123"), ("03bb9e10", "1735776000456"))


def _sarif(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_sarif(report))
    return data


def _triaged(report: Report) -> Report:
    """The fixture run with the high finding baselined and the medium one waived."""
    news = report.sites[0]
    high, medium, info = news.findings
    findings = (
        replace(high, triage=Triage("baselined", "in the baseline old/report.json")),
        replace(
            medium,
            triage=Triage("waived", "vendor contract until renewal", "privacy@news.test", "2026-06-30"),
        ),
        info,
    )
    return replace(
        report,
        sites=(replace(news, findings=findings), *report.sites[1:]),
        triage=TriageInfo(baseline="old/report.json"),
    )


def _scan_with_queries(cid: str, ts: str) -> Report:
    """The news site judged by the real eu-core pack, its tracker URLs carrying random cid= and ts= values."""

    def tag(url: str | None) -> str | None:
        return None if url is None else f"{url}{'&' if '?' in url else '?'}cid={cid}&ts={ts}"

    phases = {
        name: replace(
            snap,
            cookies=tuple(replace(c, set_by=tag(c.set_by)) for c in snap.cookies),
            requests=tuple(
                replace(r, url=tag(r.url) or r.url) if r.party == "third" else r for r in snap.requests
            ),
        )
        for name, snap in NEWS_SITE.phases.items()
    }
    site = SiteEvidence(url=NEWS, status="ok", phases=phases)
    packs = load_packs(["eu-core"])
    return build_report(make_evidence(site), packs, {NEWS: evaluate(packs, site)}, {}, GENERATED_AT)


def test_the_github_checker_catches_what_github_refuses(report: Report) -> None:
    log = _sarif(report)
    (run,) = log["runs"]
    run["results"][0]["locations"][0]["physicalLocation"] = {"artifactLocation": {"uri": NEWS}}
    run["results"][1]["partialFingerprints"] = {}
    run["tool"]["driver"]["rules"][0]["properties"]["security-severity"] = "high"
    del run["automationDetails"]
    assert github_problems(log) == [
        "no automationDetails.id",
        "eu-core/no-tracking-before-consent: security-severity 'high'",
        f"result 0: uri {NEWS!r} is not repository-relative",
        "result 0: startLine None",
        "result 1: no partialFingerprints",
    ]


def test_every_variant_is_valid_sarif_and_acceptable_to_github(
    report: Report, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    sources = {NEWS: UrlSource("sites.txt", 3), CLEAN: UrlSource(str(tmp_path / "lists" / "sites.txt"), 7)}
    variants = [
        report,
        replace(report, invocation=Invocation(("consent-checker", "scan", "--urls", "sites.txt"), sources)),
        replace(report, invocation=Invocation((), sources, sarif_location="ci/consent.yml")),
        _triaged(report),
        _scan_with_queries(*TRACKER_QUERIES[0]),
    ]
    for variant in variants:
        log = _sarif(variant)
        assert schema_errors(log) == []
        assert github_problems(log) == []


def test_fallback_location_is_a_relative_path_per_site(report: Report) -> None:
    (run,) = _sarif(report)["runs"]
    assert [r["locations"][0]["physicalLocation"] for r in run["results"]] == [
        {"artifactLocation": {"uri": "consent-checker/news.example.com"}, "region": {"startLine": 1}},
        {"artifactLocation": {"uri": "consent-checker/news.example.com"}, "region": {"startLine": 1}},
        {"artifactLocation": {"uri": "consent-checker/news.example.com"}, "region": {"startLine": 1}},
        {"artifactLocation": {"uri": "consent-checker/clean.example.org"}, "region": {"startLine": 1}},
    ]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "consent-checker/down.example.net"},
                "region": {"startLine": 1},
            }
        }
    ]
    assert note["properties"] == {"url": DOWN, "verdict": "error"}
    assert run["automationDetails"] == {"id": "consent-checker/sites/"}


def test_results_sit_on_the_urls_line_that_listed_the_site(report: Report) -> None:
    sources = {NEWS: UrlSource("./lists/sites.txt", 3), CLEAN: UrlSource("lists/sites.txt", 5)}
    (run,) = _sarif(replace(report, invocation=Invocation(url_sources=sources)))["runs"]
    expected = [("lists/sites.txt", 3)] * 3 + [("lists/sites.txt", 5)]
    assert [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    ] == expected
    assert (
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    )
    # The site no file listed keeps the fallback; the category is the one file the URLs came from.
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "consent-checker/down.example.net"
    }
    assert run["automationDetails"] == {"id": "consent-checker/lists-sites.txt/"}


def test_sarif_location_wins_over_the_urls_line(report: Report) -> None:
    invocation = Invocation(url_sources={NEWS: UrlSource("sites.txt", 3)}, sarif_location="ci/consent.yml")
    (run,) = _sarif(replace(report, invocation=invocation))["runs"]
    located = {
        json.dumps(r["locations"][0]["physicalLocation"], sort_keys=True)
        for r in [*run["results"], *run["invocations"][0]["toolExecutionNotifications"]]
    }
    assert [json.loads(x) for x in located] == [
        {"artifactLocation": {"uri": "ci/consent.yml", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 1}}
    ]
    assert run["automationDetails"] == {"id": "consent-checker/ci-consent.yml/"}


def test_paths_become_repository_relative_uris(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    cases = {
        "sites.txt": "sites.txt",
        "./ci/sites.txt": "ci/sites.txt",
        "ci/../sites.txt": "sites.txt",
        "lists/my sites.txt": "lists/my%20sites.txt",
        "c:sites.txt": "c%3Asites.txt",  # a relative POSIX name that must not read as a scheme
        str(repo / "ci" / "sites.txt"): "ci/sites.txt",  # absolute inside the working directory
        str(tmp_path / "elsewhere" / "sites.txt"): "sites.txt",  # outside: the file name only
        "../shared/sites.txt": "sites.txt",
        "C:\\ci\\sites.txt": "sites.txt",  # written on Windows: no drive to place
        "ci\\sites.txt": "ci/sites.txt",
        ".": None,
    }
    assert {path: repository_uri(path, cwd=repo) for path in cases} == cases


def test_an_absolute_urls_path_is_made_relative_to_the_working_directory(
    report: Report, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    invocation = Invocation(url_sources={NEWS: UrlSource(str(tmp_path / "ci" / "sites.txt"), 2)})
    first = _sarif(replace(report, invocation=invocation))["runs"][0]["results"][0]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "ci/sites.txt", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2},
    }


def test_page_url_in_message_and_properties(report: Report) -> None:
    first = _sarif(report)["runs"][0]["results"][0]
    assert first["message"] == {
        "text": f"{NEWS}: Analytics cookie _ga (Google Analytics) was set before any consent."
    }
    assert first["properties"] == {
        "url": NEWS,
        "severity": "high",
        "phase": "before",
        "subject": {"cookie": "_ga", "domain": ".example.com"},
        "references": ["ePrivacy Directive Art. 5(3)", "GDPR Art. 6(1)(a)"],
        "verdict": "fail",
    }
    assert first["partialFingerprints"] == {"consentFinding/v1": report.sites[0].findings[0].fingerprint}
    assert re.fullmatch("[0-9a-f]{16}", first["partialFingerprints"]["consentFinding/v1"])


def test_rules_carry_severity_tags_and_help() -> None:
    def rule(rule_id: str, severity: str, refs: tuple[str, ...]) -> Rule:
        return Rule(rule_id, "p", "T", severity, ("before",), "cookies", {}, {}, "m", refs, description="D.")  # type: ignore[arg-type]

    severities = ("critical", "high", "medium", "low", "info")
    pack = RulePack(
        name="p",
        version="1",
        rules=tuple(
            rule(
                f"p/{s}",
                s,
                ("GDPR Art. 7", "https://edpb.europa.eu/guidelines-05-2020") if s == "high" else (),
            )
            for s in severities
        ),
    )
    report = build_report(make_evidence(), [pack], {}, {}, GENERATED_AT)
    rules = _sarif(report)["runs"][0]["tool"]["driver"]["rules"]
    assert [(r["id"], r["properties"]["security-severity"]) for r in rules] == [
        ("p/critical", "9.5"),
        ("p/high", "8.0"),
        ("p/medium", "5.5"),
        ("p/low", "3.0"),
        ("p/info", "1.0"),
    ]
    assert [r["defaultConfiguration"]["level"] for r in rules] == [
        "error",
        "error",
        "warning",
        "note",
        "note",
    ]
    assert rules[1]["properties"]["tags"] == ["security", "privacy", "consent", "p"]
    assert rules[1]["help"] == {
        "text": "D.\n\nReferences: GDPR Art. 7; https://edpb.europa.eu/guidelines-05-2020",
        "markdown": "D.\n\n**References**\n\n- GDPR Art. 7\n- https://edpb.europa.eu/guidelines-05-2020",
    }
    with_fix = replace(pack.rules[1], fix="Block the tag until consent.")
    fixed = build_report(make_evidence(), [replace(pack, rules=(with_fix,))], {}, {}, GENERATED_AT)
    assert _sarif(fixed)["runs"][0]["tool"]["driver"]["rules"][0]["help"] == {
        "text": "D.\n\nWhat to change: Block the tag until consent.\n\n"
        "References: GDPR Art. 7; https://edpb.europa.eu/guidelines-05-2020",
        "markdown": "D.\n\n**What to change**\n\nBlock the tag until consent.\n\n**References**\n\n"
        "- GDPR Art. 7\n- https://edpb.europa.eu/guidelines-05-2020",
    }
    # helpUri only from a real web address; references that name a law give none.
    assert rules[1]["helpUri"] == "https://edpb.europa.eu/guidelines-05-2020"
    assert ["helpUri" in r for r in rules] == [False, True, False, False, False]


def test_rule_of_the_fixture_pack(report: Report) -> None:
    rule = _sarif(report)["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule == {
        "id": "eu-core/no-tracking-before-consent",
        "name": "no-tracking-before-consent",
        "shortDescription": {"text": "No tracking before consent"},
        "fullDescription": {"text": "No tracking before consent."},
        "help": {
            "text": "No tracking before consent.\n\nReferences: ePrivacy Directive Art. 5(3); "
            "GDPR Art. 6(1)(a)",
            "markdown": "No tracking before consent.\n\n**References**\n\n- ePrivacy Directive Art. 5(3)\n"
            "- GDPR Art. 6(1)(a)",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "security-severity": "8.0",
            "tags": ["security", "privacy", "consent", "eu-core"],
            "severity": "high",
            "pack": "eu-core",
            "phases": ["before"],
            "references": ["ePrivacy Directive Art. 5(3)", "GDPR Art. 6(1)(a)"],
        },
    }
    assert PACK.rules[0].id == rule["id"]


def test_invocation_command_line_and_times(report: Report) -> None:
    argv = ("consent-checker", "scan", "--urls", "my sites.txt", "--fail-on", "medium")
    (run,) = _sarif(replace(report, invocation=Invocation(command_line=argv)))["runs"]
    (invocation,) = run["invocations"]
    assert invocation["commandLine"] == "consent-checker scan --urls 'my sites.txt' --fail-on medium"
    assert (invocation["startTimeUtc"], invocation["endTimeUtc"]) == ("2025-03-01T10:00:00Z", GENERATED_AT)
    assert invocation["executionSuccessful"] is False  # the unscannable site
    assert "commandLine" not in _sarif(report)["runs"][0]["invocations"][0]


def test_fingerprints_ignore_tracker_query_strings() -> None:
    first, second = (_sarif(_scan_with_queries(cid, ts))["runs"][0]["results"] for cid, ts in TRACKER_QUERIES)
    # The messages name the tracker URLs with their random values; the identities do not.
    assert [r["message"]["text"] for r in first] != [r["message"]["text"] for r in second]
    assert first[0]["message"]["text"].endswith(
        "first https://www.googletagmanager.com/gtag/js?id=G-1&cid=8f1c2a77&ts=1735689600123."
    )
    assert [r["ruleId"] for r in first] == [
        "eu-core/no-tracker-requests-before-consent",
        "eu-core/no-tracking-cookies-before-consent",
        "eu-core/no-tracking-storage-before-consent",
        "eu-core/consent-cookie-lifetime",
        "eu-core/consent-cookie-lifetime",
        "eu-core/review-unclassified-third-party-cookies",
    ]
    fingerprints = [r["partialFingerprints"] for r in first]
    assert fingerprints == [r["partialFingerprints"] for r in second]
    assert len({f["consentFinding/v1"] for f in fingerprints}) == 6
    assert [r["locations"] for r in first] == [r["locations"] for r in second]


def test_baselined_and_waived_findings_stay_visible_and_marked(report: Report) -> None:
    (run,) = _sarif(_triaged(report))["runs"]
    high, medium, info, clean = run["results"]
    assert high["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "in the baseline old/report.json",
            "properties": {"status": "baselined"},
        }
    ]
    assert medium["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "vendor contract until renewal",
            "properties": {"status": "waived", "owner": "privacy@news.test", "expires": "2026-06-30"},
        }
    ]
    assert "suppressions" not in info and "suppressions" not in clean
    assert [r["baselineState"] for r in run["results"]] == ["unchanged", "new", "new", "new"]
    # Without a baseline there is nothing to be new against: no baselineState.
    assert ["baselineState" in r for r in _sarif(report)["runs"][0]["results"]] == [False] * 4


def test_page_text_is_inert(site_report: Callable[..., Report]) -> None:
    hostile = Finding(
        rule="eu-core/no-tracking-before-consent",
        severity="high",
        phase="before",
        message="Cookie \x1b[2J\x1b]8;;https://evil.test\x07<script>x</script>\x9b\ud800 was set.",
        subject={"cookie": "\x1b[31mred"},
        references=(),
    )
    text = render_sarif(site_report("ok", [hostile]))
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    (result,) = json.loads(text)["runs"][0]["results"]
    assert result["message"]["text"] == (
        f"{CLEAN}: Cookie <script>x</script>\ufffd was set."  # escapes gone whole, the lone surrogate marked
    )
    assert result["properties"]["subject"] == {"cookie": "red"}
    text.encode("utf-8")  # no lone surrogate left to break the file
