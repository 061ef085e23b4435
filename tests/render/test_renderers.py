"""Each renderer, on the fixture run: exact content, escaping and well-formed output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from render_fixtures import CLEAN, DOWN, EVIL_COOKIE, NEWS, SHA_A, SHA_B

from checker.models import Finding
from checker.render import FORMAT_BY_NAME, FORMATS
from checker.render.console import summary_table
from checker.render.html import lifetime, render_html, safe_href
from checker.render.json import render_json
from checker.render.junit import render_junit
from checker.render.markdown import render_markdown
from checker.render.sarif import render_sarif
from checker.report import Report, report_to_dict


class _Rows(HTMLParser):
    """Collects every table row as the stripped text of its cells, and every tag name seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("div", "li") and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Rows:
    p = _Rows()
    p.feed(html)
    p.close()
    return p


def test_one_registry_of_formats(report: Report, tmp_path: Path) -> None:
    assert [(f.name, f.file_name) for f in FORMATS] == [
        ("json", "report.json"),
        ("html", "report.html"),
        ("pdf", "report.pdf"),
        ("junit", "report.junit.xml"),
        ("sarif", "report.sarif"),
        ("md", "report.md"),
    ]
    assert FORMAT_BY_NAME["json"].render(report, tmp_path) == render_json(report)
    assert FORMAT_BY_NAME["sarif"].render(report, tmp_path) == render_sarif(report)
    assert FORMAT_BY_NAME["md"].render(report, tmp_path) == render_markdown(report)
    # JUnit follows the run's --fail-on, which the report's invocation records.
    strict = replace(report, invocation=replace(report.invocation, fail_on="medium"))
    assert FORMAT_BY_NAME["junit"].render(strict, tmp_path) == render_junit(strict, "medium")
    assert render_junit(strict, "medium") != render_junit(strict, "high")


def test_json_is_the_report_dict(report: Report) -> None:
    text = render_json(report)
    assert text.endswith("}\n")
    assert json.loads(text) == report_to_dict(report)
    assert "Délibération" in text  # kept as UTF-8, not \u escapes


def test_html_findings_and_references(report: Report) -> None:
    html = render_html(report)
    rows = _parse(html).rows
    high, medium, _info = report.sites[0].findings
    # A row per finding (phase, subject, message, fingerprint, triage) under its rule's block.
    assert [
        "before",
        "cookie: _ga domain: .example.com",
        "Analytics cookie _ga (Google Analytics) was set before any consent.",
        high.fingerprint,
        "counted",
    ] in rows
    assert [
        "accept",
        "cookie: IDE domain: .doubleclick.net",
        "Cookie IDE asks to live 730 days (more than 395).",
        medium.fingerprint,
        "counted",
    ] in rows
    # The references are the rule's, said once in its block.
    for ref in ("ePrivacy Directive Art. 5(3)", "GDPR Art. 6(1)(a)", "CNIL Délibération 2020-091 art. 5"):
        assert html.count(f"<li>{ref}</li>") == 1


def test_html_escapes_page_controlled_text(report: Report) -> None:
    html = render_html(report)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The parsed page shows the name as text, in the cookie row marked deleted.
    rows = _parse(html).rows
    evil = [
        EVIL_COOKIE,
        "tracker.test",
        "third",
        "",
        "unclassified",
        "",
        "session",
        "Secure SameSite None",
        "http: https://tracker.test/px",
        "finding deleted",
    ]
    assert evil in rows


def test_html_is_self_contained(report: Report) -> None:
    tags = _parse(render_html(report)).tags
    names = {t for t, _ in tags}
    assert "style" in names
    assert not names & {"script", "link", "iframe", "object", "embed"}
    # Screenshots are embedded from the output folder, never linked; without a folder none is shown
    # (tests/render/test_html_report.py embeds real files).
    srcs = [a["src"] for t, a in tags if "src" in a]
    assert srcs == []


def test_html_site_sections(report: Report) -> None:
    html = render_html(report)
    rows = _parse(html).rows
    # Summary table: one row per site.
    assert ["https://news.example.com/", "fail", "onetrust", "0", "1", "1", "0", "1"] in rows
    assert ["https://clean.example.org/", "pass", "none", "0", "0", "0", "0", "1"] in rows
    assert ["https://down.example.net/", "error", "none", "0", "0", "0", "0", "0"] in rows
    assert "<strong>Scan error:</strong> net::ERR_NAME_NOT_RESOLVED" in html
    # What was clicked, in which frame, through how many layers.
    assert [
        "reject",
        "yes",
        "2",
        "1. “Settings” (first layer) #onetrust-pc-btn-handler in frame https://news.example.com/ at 1100 ms "
        "2. “Reject all” (first layer) .ot-pc-refuse-all-handler in frame https://cdn.cmp.test/frame.html "
        "at 2100 ms",
        "yes (navigated)",
        "",
    ] in rows
    # Cookie with stored lifetime capped below the declared one.
    assert [
        "IDE",
        ".doubleclick.net",
        "third",
        "Google Ads",
        "marketing",
        "",
        "400 d asked 730 d",
        "Secure SameSite None",
        "http: https://ad.doubleclick.net/ddm/activity",
        "finding",
    ] in rows
    # Third-party requests by host, with vendor and category; the first-party document is left out.
    assert ["www.googletagmanager.com", "Google Tag Manager", "analytics", "2", "0", "script"] in rows
    assert ["tracker.test", "", "unclassified", "1", "1", "image"] in rows
    assert not any(r and r[0] == "news.example.com" for r in rows)
    assert ["https://news.example.com", "local", "_gcl_ls", "first", "Google Ads", "marketing", "40"] in rows
    assert [
        "IDE",
        ".doubleclick.net",
        "https://ad.doubleclick.net/ddm/activity",
        "",
        "ThirdPartyBlockedInFirstPartySet, SameSiteNoneInsecure",
    ] in rows
    assert "load: 1400 ms (quiet); after_click: 5000 ms (stopped at maximum)" in html


def test_html_footer(report: Report) -> None:
    html = render_html(report)
    assert "consent-checker 0.1.0 (report schema 1)" in html
    assert "chromium 131.0.6778.33 headless" in html
    assert "allowed: third-party cookies allowed (no tracking protection)" in html
    assert "eu-core 2025.1 (4 rules)" in html
    assert f'<span class="mono">evidence.json</span> <span class="muted mono">sha256:{SHA_B}</span>' in html
    # A screenshot's file and digest are listed under its picture.
    assert (
        f'<span class="muted mono">sha256:{SHA_A}</span>'
        '<div class="mono">screenshots/news.example.com-before.png</div>'
    ) in html


def test_html_helpers() -> None:
    assert [lifetime(d) for d in (None, 0.02, 0.5, 3.25, 395.4, 730.0)] == [
        "session",
        "29 min",
        "12 h",
        "3.2 d",
        "395 d",
        "730 d",
    ]
    assert safe_href("https://a.test/x") == "https://a.test/x"
    assert safe_href("javascript:alert(1)") == "#"


def _junit(report: Report) -> ET.Element:
    text = render_junit(report)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites")
    return ET.fromstring(text.split("\n", 1)[1])


def test_junit_counts(report: Report) -> None:
    root = _junit(report)
    assert [root.get(k) for k in ("tests", "failures", "errors", "skipped")] == ["11", "1", "1", "0"]
    suites = root.findall("testsuite")
    # One case per rule evaluated (4 in the pack, 1 only a finding names); the unscannable site one error.
    assert [(s.get("name"), s.get("tests"), s.get("failures"), s.get("errors")) for s in suites] == [
        (NEWS, "5", "1", "0"),
        (CLEAN, "5", "0", "0"),
        (DOWN, "1", "0", "1"),
    ]
    assert len(root.findall(".//failure")) == 1
    assert len(root.findall(".//error")) == 1


def test_junit_content(report: Report) -> None:
    news, clean, down = _junit(report).findall("testsuite")
    rules = [
        "eu-core/no-tracking-before-consent",
        "eu-core/max-cookie-lifetime",
        "eu-core/banner-text",
        "eu-core/reject-on-first-layer",
        "local/unclassified-cookie",
    ]
    cases = news.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [(NEWS, r) for r in rules]
    failures = news.findall("testcase/failure")
    assert [(f.get("type"), f.get("message")) for f in failures] == [
        ("high", "Analytics cookie _ga (Google Analytics) was set before any consent."),
    ]
    assert "    - ePrivacy Directive Art. 5(3)" in (failures[0].text or "")
    # Below the default --fail-on high: the medium and info findings pass, their message in system-out.
    assert cases[1].find("failure") is None
    assert (cases[1].findtext("system-out") or "").startswith(
        "note (below --fail-on high): Cookie IDE asks to live 730 days (more than 395)."
    )
    assert (cases[4].findtext("system-out") or "").startswith(
        f"note (below --fail-on high): Cookie {EVIL_COOKIE} is not in any catalog."
    )
    assert [list(c) for c in (cases[2], cases[3])] == [[], []]
    assert [(c.get("classname"), c.get("name")) for c in clean.findall("testcase")] == [
        (CLEAN, r) for r in rules
    ]
    error = down.find("testcase/error")
    assert error is not None
    assert (error.get("type"), error.get("message")) == ("ScanError", "net::ERR_NAME_NOT_RESOLVED")
    assert [(c.get("classname"), c.get("name")) for c in down.findall("testcase")] == [(DOWN, "scan")]
    assert {p.get("name"): p.get("value") for p in news.iter("property")} == {
        "verdict": "fail",
        "cmp": "onetrust",
        "fail-on": "high",
    }


def _sarif(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_sarif(report))
    return data


def test_sarif_structure_and_levels(report: Report) -> None:
    sarif = _sarif(report)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("consent-checker", "0.1.0")
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("eu-core/no-tracking-before-consent", "error"),
        ("eu-core/max-cookie-lifetime", "warning"),
        ("local/unclassified-cookie", "note"),
        ("eu-core/banner-text", "note"),
    ]
    rule_ids = [r["id"] for r in driver["rules"]]
    # Every rule of the packs, then the rules only findings know about.
    assert rule_ids == [
        "eu-core/no-tracking-before-consent",
        "eu-core/max-cookie-lifetime",
        "eu-core/banner-text",
        "eu-core/reject-on-first-layer",
        "local/unclassified-cookie",
    ]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    first = results[0]
    assert first["message"] == {
        "text": f"{NEWS}: Analytics cookie _ga (Google Analytics) was set before any consent."
    }
    # No --urls file and no --sarif-location: a relative per-site path, line 1.
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "consent-checker/news.example.com"},
                "region": {"startLine": 1},
            },
            "logicalLocations": [{"name": "before", "fullyQualifiedName": f"{NEWS}#before"}],
        }
    ]
    assert results[3]["locations"][0]["logicalLocations"] == [
        {"name": "site", "fullyQualifiedName": f"{CLEAN}#site"}
    ]
    assert len({r["partialFingerprints"]["consentFinding/v1"] for r in results}) == 4


def test_sarif_rules_and_notifications(report: Report) -> None:
    (run,) = _sarif(report)["runs"]
    rule = run["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"] == {"text": "No tracking before consent"}
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["help"]["text"] == (
        "No tracking before consent.\n\nReferences: ePrivacy Directive Art. 5(3); GDPR Art. 6(1)(a)"
    )
    assert "- GDPR Art. 6(1)(a)" in rule["help"]["markdown"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert [n["message"]["text"] for n in invocation["toolExecutionNotifications"]] == [
        f"{DOWN}: error: net::ERR_NAME_NOT_RESOLVED"
    ]


def test_markdown(report: Report) -> None:
    md = render_markdown(report)
    lines = md.splitlines()
    assert lines[0] == "## Consent check"
    assert "3 sites: 1 passed, 1 failed, 0 inconclusive, 1 error." in lines
    assert "| Site | Verdict | Critical | High | Medium | Low | Info | Banner |" in lines
    assert "| `https://news.example.com/` | ❌ fail | 0 | 1 | 1 | 0 | 1 | onetrust |" in lines
    assert "| `https://clean.example.org/` | ✅ pass | 0 | 0 | 0 | 0 | 1 | none |" in lines
    assert "| `https://down.example.net/` | ⚠️ error | 0 | 0 | 0 | 0 | 0 | none |" in lines
    assert (
        "- **high** `eu-core/no-tracking-before-consent` (before) `_ga@.example.com`: Analytics cookie \\_ga "
        "(Google Analytics) was set before any consent. · `f292916c3914adce`"
    ) in lines
    # the references, once per rule
    assert (
        "- `eu-core/no-tracking-before-consent` No tracking before consent — ePrivacy Directive Art. 5(3); "
        "GDPR Art. 6(1)(a)"
    ) in lines
    assert "- **why**: net::ERR_NAME_NOT_RESOLVED" in lines  # the scan error, said once
    # Page-controlled text cannot inject HTML into the PR comment: escaped in prose, inert in a code span.
    assert (
        "- **info** `local/unclassified-cookie` (before) `<script>alert(1)</script>`: Cookie "
        "&lt;script&gt;alert(1)&lt;/script&gt; is not in any catalog. · `33f9c0af2bf5f8eb`"
    ) in lines
    assert [line for line in lines if "<script" in line.replace("`<script>alert(1)</script>`", "")] == []


VERDICT_LEGEND = (
    "Verdicts: fail: at least one finding of severity medium or higher; inconclusive: a phase saw "
    "something other than the page (an error document, a bot wall, an empty page) and no finding fails "
    "the site; error: a phase got nothing usable (DNS, TLS, timeout, crash) and no finding fails the "
    "site; pass: every phase saw the page and no finding fails it. Low and info findings are notes for "
    "review: listed, but they do not fail a site. The exit code follows --fail-on."
)


def test_markdown_and_html_explain_the_verdicts(report: Report) -> None:
    md_lines = render_markdown(report).splitlines()
    assert VERDICT_LEGEND.replace("--fail-on", "`--fail-on`") in md_lines
    # after the table of sites, before the findings of each site
    legend = md_lines.index(VERDICT_LEGEND.replace("--fail-on", "`--fail-on`"))
    assert md_lines[legend - 2].startswith("| `https://down.example.net/` |")
    assert md_lines[legend + 2].startswith("### ")
    html = render_html(report)
    assert f'<p class="muted legend">{VERDICT_LEGEND}</p>' in html
    assert html.index("legend") < html.index('<section class="card site"')


def test_low_findings_are_notes_in_every_format(
    site_report: Callable[..., Report],
) -> None:
    low = Finding(
        rule="eu-core/review-unclassified-third-party-cookies",
        severity="low",
        phase="before",
        message="Third-party cookie uid on .ads.test is in no catalog.",
        subject={"cookie": "uid", "domain": ".ads.test"},
        references=("ePrivacy Directive 2002/58/EC, Art. 5(3)",),
    )
    report = site_report("ok", [low])
    (site,) = report.sites
    assert site.verdict == "pass"
    # JUnit: a passing testcase with the message as a note, no failure; every rule of the pack passes
    root = _junit(report)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "0", "0")
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "eu-core/no-tracking-before-consent",
        "eu-core/max-cookie-lifetime",
        "eu-core/banner-text",
        "eu-core/reject-on-first-layer",
        "eu-core/review-unclassified-third-party-cookies",
    ]
    assert [c.find("failure") for c in cases] == [None] * 5
    assert (cases[4].findtext("system-out") or "").startswith(
        "note (below --fail-on high): Third-party cookie uid on .ads.test is in no catalog."
    )
    # Markdown and HTML list it under a passing site
    md = render_markdown(report)
    assert f"### ✅ pass `{CLEAN}`" in md.splitlines()
    assert (
        "- **low** `eu-core/review-unclassified-third-party-cookies` (before) `uid@.ads.test`: Third-party "
        f"cookie uid on .ads.test is in no catalog. · `{site.findings[0].fingerprint}`"
    ) in md.splitlines()
    assert [CLEAN, "pass", "none", "0", "0", "0", "1", "0"] in _parse(render_html(report)).rows
    # SARIF: a note
    assert [r["level"] for r in _sarif(report)["runs"][0]["results"]] == ["note"]


def test_console_summary(report: Report) -> None:
    text = summary_table(report)
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert "fail          https://news.example.com/  (banner: onetrust, reject: 2 layers)" in lines
    assert "  high      eu-core/no-tracking-before-consent  before    _ga@.example.com" in lines
    assert "error         https://down.example.net/  (banner: none)" in lines
    assert lines[-1] == "3 sites: 1 passed, 1 failed, 0 inconclusive, 1 error"
    assert max(len(line) for line in lines) <= 100
    assert "\x1b[" in summary_table(report, color=True)


def test_console_does_not_read_urls_as_markup(site_report: Callable[..., Report]) -> None:
    text = summary_table(site_report("ok", [], url="https://a.test/[bold]x[/bold]"))
    assert "https://a.test/[bold]x[/bold]" in text


def test_seen_at_is_relative_to_the_first_click() -> None:
    from checker.models import Click
    from checker.render.html import seen_at
    from checker.report import ActionReport

    click = Click(text="Accept all", selector="#a", frame_url="https://x.com/", t_ms=900)
    action = ActionReport(
        "accept", True, None, "Accept all", "https://x.com/", 1, (click,), True, False, None
    )
    no_click = ActionReport("accept", False, None, None, None, 0, (), False, False, "no banner")
    assert [seen_at(1250, action), seen_at(400, action), seen_at(400, no_click), seen_at(None, action)] == [
        "350 ms after the click",
        "500 ms before the click",
        "400 ms",
        "",
    ]
