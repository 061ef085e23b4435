"""Baselines and waivers mark findings (never hide them); expired waivers stop applying."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from checker.models import BrowserInfo, Evidence, Finding, SiteEvidence, Triage, Waiver
from checker.report import Report, build_report, exit_code, report_to_dict
from checker.triage import (
    Baseline,
    TriageError,
    Waivers,
    apply_triage,
    load_baseline,
    load_waivers,
    triage_counts,
)

NEWS = "https://www.news.example/politics/a"
SHOP = "https://shop.example/"
TODAY = dt.date(2026, 12, 2)
GA = Finding(
    rule="eu-core/no-tracking-before-consent",
    severity="high",
    phase="before",
    message="Analytics cookie _ga was set before any consent.",
    subject={"cookie": "_ga", "domain": ".news.example"},
    references=("ePrivacy Directive Art. 5(3)",),
)
PIXEL = Finding(
    rule="eu-core/no-tracking-requests-before-consent",
    severity="high",
    phase="before",
    message="Requests to www.facebook.com before any consent.",
    subject={"host": "www.facebook.com", "url": "https://www.facebook.com/tr?id=1&ts=99", "count": 3},
    references=(),
)
LIFETIME = Finding(
    rule="eu-core/max-cookie-lifetime",
    severity="medium",
    phase="accept",
    message="Cookie IDE asks to live 730 days.",
    subject={"cookie": "IDE", "domain": ".doubleclick.net"},
    references=(),
)
BROWSER = BrowserInfo(
    name="chromium", version="156", executable="chromium", headless=True, third_party_cookies="allowed",
    cookie_policy="test",
)  # fmt: skip


def report(findings: dict[str, list[Finding]]) -> Report:
    evidence = Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "test"},
        browser=BROWSER,
        started_at="2026-12-02T10:00:00Z",
        options={},
        sites=tuple(SiteEvidence(url=url, status="ok") for url in findings),
    )
    return build_report(evidence, [], findings, {}, "2026-12-02T10:01:00Z")


def triages(r: Report) -> list[tuple[str, str, Triage | None]]:
    return [(s.url, f.rule, f.triage) for s in r.sites for f in s.findings]


def test_baselined_findings_stay_listed_and_stop_counting() -> None:
    old = report({NEWS: [GA]})
    new = report({NEWS: [GA, PIXEL], SHOP: [LIFETIME]})
    baseline = Baseline("old/report.json", frozenset(f.fingerprint for s in old.sites for f in s.findings))

    triaged = apply_triage(new, baseline, None, TODAY)

    assert triages(triaged) == [
        (NEWS, GA.rule, Triage("baselined", "in the baseline old/report.json")),
        (NEWS, PIXEL.rule, None),
        (SHOP, LIFETIME.rule, None),
    ]
    assert triage_counts(triaged) == {"counted": 2, "baselined": 1, "waived": 0}
    assert [s.verdict for s in triaged.sites] == ["fail", "fail"]  # verdicts say what the page does
    assert exit_code(triaged) == 1  # the pixel is new
    only_ga = apply_triage(report({NEWS: [GA]}), baseline, None, TODAY)
    assert exit_code(only_ga) == 0


def test_a_baseline_of_an_earlier_run_matches_despite_changing_query_values(tmp_path: Path) -> None:
    earlier = report({NEWS: [PIXEL]})
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report_to_dict(earlier)))
    varied = Finding(
        **{**PIXEL.__dict__, "subject": PIXEL.subject | {"url": "https://www.facebook.com/tr?ts=5"}}
    )

    triaged = apply_triage(report({NEWS: [varied]}), load_baseline(path), None, TODAY)

    assert triages(triaged) == [(NEWS, PIXEL.rule, Triage("baselined", f"in the baseline {path}"))]


def test_a_baseline_written_before_fingerprints_existed_still_matches(tmp_path: Path) -> None:
    data = report_to_dict(report({NEWS: [GA]}))
    for site in data["sites"]:
        for finding in site["findings"]:
            del finding["fingerprint"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))

    assert load_baseline(path).fingerprints == frozenset(
        {report({NEWS: [GA]}).sites[0].findings[0].fingerprint}
    )


WAIVERS = """\
waivers:
  - rule: eu-core/max-cookie-lifetime
    site: "https://shop.example/*"
    reason: DoubleClick's lifetime is set by Google; ticket ADS-12
    owner: ads-team
    expires: 2026-12-31
  - fingerprint: {fp}
    reason: accepted until the CMP migration
    owner: privacy@news.example
    expires: 2026-12-01
"""


def test_waivers_apply_until_their_expiry_and_expired_ones_are_reported(tmp_path: Path) -> None:
    fp = report({NEWS: [GA]}).sites[0].findings[0].fingerprint
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS.format(fp=fp))
    waivers = load_waivers(path)

    triaged = apply_triage(report({NEWS: [GA], SHOP: [LIFETIME]}), None, waivers, TODAY)

    assert triages(triaged) == [
        (NEWS, GA.rule, None),  # its waiver expired yesterday
        (
            SHOP,
            LIFETIME.rule,
            Triage(
                "waived", "DoubleClick's lifetime is set by Google; ticket ADS-12", "ads-team", "2026-12-31"
            ),
        ),
    ]
    assert triaged.triage.expired_waivers == (
        Waiver("accepted until the CMP migration", "privacy@news.example", "2026-12-01", fingerprint=fp),
    )
    assert triaged.triage.unused_waivers == ()
    assert triaged.triage.waivers == str(path)
    # The last day still applies.
    on_the_day = apply_triage(report({NEWS: [GA]}), None, waivers, dt.date(2026, 12, 1))
    assert on_the_day.sites[0].findings[0].triage == Triage(
        "waived", "accepted until the CMP migration", "privacy@news.example", "2026-12-01"
    )
    assert on_the_day.triage.unused_waivers == (waivers.waivers[0],)


def test_a_site_pattern_limits_a_rule_waiver() -> None:
    waiver = Waiver("r", "o", "2027-01-01", rule=LIFETIME.rule, site="https://shop.example/*")
    triaged = apply_triage(report({NEWS: [LIFETIME]}), None, Waivers("w.yaml", (waiver,)), TODAY)
    assert triages(triaged) == [(NEWS, LIFETIME.rule, None)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("waivers: [", "not valid YAML at line 1: expected the node content, but found '<stream end>'"),
        (
            "waivers:\n  - reason: r\n    owner: o\n    expires: 2027-01-01\n",
            "at $.waivers[0]: a waiver names either a fingerprint, or a rule (and an optional site)",
        ),
        (
            "waivers:\n  - fingerprint: abc\n    reason: why\n    owner: o\n    expires: 2027-01-01\n",
            "at $.waivers[0].fingerprint: 'abc' does not match '^[0-9a-f]{16}$'",
        ),
        (
            "waivers:\n  - rule: a/b\n    reason: why\n    owner: o\n    expires: 2027-02-30\n",
            "not valid YAML at line 5",
        ),
        (
            "waivers:\n  - rule: a/b\n    reason: why\n    owner: o\n    expires: '2027-02-30'\n",
            "$.waivers[0].expires: '2027-02-30' is not a date (YYYY-MM-DD)",
        ),
        ("rules: []\n", "at $: Additional properties are not allowed ('rules' was unexpected)"),
    ],
)
def test_bad_waiver_files_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(content)
    with pytest.raises(TriageError) as info:
        load_waivers(path)
    assert str(info.value).startswith(f"--waivers {path}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_baseline_that_is_not_a_report_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"sites": [{"url": "https://a.example/"}]}')
    with pytest.raises(TriageError, match=r"not a consent-checker report.json: at \$.sites\[0\]: 'findings'"):
        load_baseline(path)
    with pytest.raises(TriageError, match="no such file"):
        load_baseline(tmp_path / "missing.json")
