"""report.md: exact content, page text inert under a real Markdown parser, and a size cap that says what
it left out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from markdown_it import MarkdownIt
from render_fixtures import GENERATED_AT, PACK, make_evidence

from checker import __version__
from checker.models import PHASES, SEVERITIES, Finding, PhaseSnapshot, SiteEvidence, Triage, Waiver
from checker.render.markdown import (
    MARKDOWN_CAP_BYTES,
    MARKDOWN_FINDINGS_PER_SITE,
    MARKDOWN_TABLE_MAX_SITES,
    code,
    escape,
    render_markdown,
)
from checker.report import Report, TriageInfo, build_report

HOSTILE_URL = "https://evil.example/](javascript:alert(1))#<img src=x>"
HOSTILE_COOKIE = "\x1b[31mred|<b>x</b>"
FULL_REPORT = "see report.html (for people) or report.json (for machines)."

FIXTURE_DOCUMENT = [
    "## Consent check",
    "",
    "3 sites: 1 passed, 1 failed, 0 inconclusive, 1 error.",
    "",
    "| Findings | Critical | High | Medium | Low | Info | Total |",
    "|---|---:|---:|---:|---:|---:|---:|",
    "| counted | 0 | 1 | 1 | 0 | 2 | 4 |",
    "| baselined | 0 | 0 | 0 | 0 | 0 | 0 |",
    "| waived | 0 | 0 | 0 | 0 | 0 | 0 |",
    "",
    "Counted findings decide the exit code (`--fail-on`); baselined and waived ones are listed, marked, and "
    "do not. Each finding ends with its fingerprint, which a waiver can name.",
    "",
    "| Site | Verdict | Critical | High | Medium | Low | Info | Banner |",
    "|---|---|---:|---:|---:|---:|---:|---|",
    "| `https://news.example.com/` | ❌ fail | 0 | 1 | 1 | 0 | 1 | onetrust |",
    "| `https://clean.example.org/` | ✅ pass | 0 | 0 | 0 | 0 | 1 | none |",
    "| `https://down.example.net/` | ⚠️ error | 0 | 0 | 0 | 0 | 0 | none |",
    "",
    "Verdicts: fail: at least one finding of severity medium or higher; inconclusive: a phase saw something "
    "other than the page (an error document, a bot wall, an empty page) and no finding fails the site; "
    "error: a phase got nothing usable (DNS, TLS, timeout, crash) and no finding fails the site; pass: "
    "every phase saw the page and no finding fails it. Low and info findings are notes for review: listed, "
    "but they do not fail a site. The exit code follows `--fail-on`.",
    "",
    "### ❌ fail `https://news.example.com/`",
    "",
    "- **why**: 2 findings of severity medium or higher (2 rules)",
    "- **banner**: onetrust, “We value your privacy”",
    "- **high** `eu-core/no-tracking-before-consent` (before) `_ga@.example.com`: Analytics cookie \\_ga "
    "(Google Analytics) was set before any consent. · `f292916c3914adce`",
    "- **medium** `eu-core/max-cookie-lifetime` (accept) `IDE@.doubleclick.net`: Cookie IDE asks to live 730 "
    "days (more than 395). · `9fc674a7607c46c9`",
    "- **info** `local/unclassified-cookie` (before) `<script>alert(1)</script>`: Cookie "
    "&lt;script&gt;alert(1)&lt;/script&gt; is not in any catalog. · `33f9c0af2bf5f8eb`",
    "",
    "### ✅ pass `https://clean.example.org/`",
    "",
    "- **why**: every phase saw the page and no finding of severity medium or higher; 1 note for review",
    "- **info** `eu-core/banner-text`: No consent banner: nothing needed one. · `d1ca6264911df30f`",
    "",
    "### ⚠️ error `https://down.example.net/`",
    "",
    "- **why**: net::ERR_NAME_NOT_RESOLVED",
    "",
    "### Rules with findings",
    "",
    "- `eu-core/no-tracking-before-consent` No tracking before consent — ePrivacy Directive Art. 5(3); GDPR "
    "Art. 6(1)(a)",
    "- `eu-core/max-cookie-lifetime` Cookie lifetime at most 13 months — CNIL Délibération 2020-091 art. 5",
    "- `local/unclassified-cookie`",
    "- `eu-core/banner-text` Banner present when needed — EDPB Guidelines 05/2020",
    "",
    f"<sub>consent-checker {__version__} · chromium 131.0.6778.33 · rules: eu-core 2025.1 · "
    "2025-03-01T10:05:00Z</sub>",
]


def test_fixture_document(report: Report) -> None:
    assert render_markdown(report).splitlines() == FIXTURE_DOCUMENT


def _html(markdown: str) -> str:
    """What a GitHub-like renderer (CommonMark with tables and strikethrough) makes of the document."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def _outside_code(line: str) -> str:
    """The line without its code spans."""
    return re.sub(r"(`+).*?\1", "", line)


def _hostile(site_report: Callable[..., Report]) -> Report:
    finding = Finding(
        rule="eu-core/no-tracking-before-consent",
        severity="high",
        phase="before",
        message=f"Cookie {HOSTILE_COOKIE} on evil.example was stored before consent; set by "
        "https://evil.example/px?x=1 via www.evil.example.",
        subject={"cookie": HOSTILE_COOKIE, "domain": "evil.example"},
        references=(),
    )
    report = site_report("ok", [finding], url=HOSTILE_URL)
    (site,) = report.sites
    banner = replace(
        site.banner,
        detected=True,
        cmp="generic",
        text="We <img src=x onerror=alert(1)> **care**\n# [about you](javascript:alert(2)) ~~really~~\x1b[2J",
    )
    reason = replace(site, verdict_reason="1 finding\n# not a heading | not a cell _ever_")
    return replace(report, sites=(replace(reason, banner=banner),))


def test_hostile_page_text_is_escaped(site_report: Callable[..., Report]) -> None:
    report = _hostile(site_report)
    fingerprint = report.sites[0].findings[0].fingerprint
    lines = render_markdown(report).splitlines()
    url = "`https://evil.example/](javascript:alert(1))#<img src=x>`"
    assert f"| {url} | ❌ fail | 0 | 1 | 0 | 0 | 0 | generic |" in lines
    site = lines.index("### ❌ fail `https://evil.example/](javascript:alert(1))#<img src=x>`")
    assert lines[site + 2 : site + 6] == [
        "- **why**: 1 finding \\# not a heading \\| not a cell \\_ever\\_",
        "- **banner**: generic, “We &lt;img src=x onerror=alert(1)&gt; \\*\\*care\\*\\* \\# \\[about "
        "you\\](javascript:alert(2)) \\~\\~really\\~\\~”",
        "- **high** `eu-core/no-tracking-before-consent` (before) `red|<b>x</b>@evil.example`: Cookie "
        "red\\|&lt;b&gt;x&lt;/b&gt; on evil.example was stored before consent; set by "
        f"https\\://evil.example/px?x=1 via www\\.evil.example. · `{fingerprint}`",
        "",
    ]


def test_hostile_page_text_is_inert_when_rendered(site_report: Callable[..., Report]) -> None:
    markdown = render_markdown(_hostile(site_report))
    html = _html(markdown)
    for made in ("<a ", "<img", "<b>", "<em>", "<del>", "<h1", "<script", "<strong>care"):
        assert made not in html
    assert re.findall(r"<h\d", html) == ["<h2", "<h3", "<h3"]  # title, the site, the rules
    assert (
        "<h3>❌ fail <code>https://evil.example/](javascript:alert(1))#&lt;img src=x&gt;</code></h3>" in html
    )
    # every table row keeps its cells
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.DOTALL)
    assert [len(re.findall(r"<t[dh]", row)) for row in rows] == [7, 7, 7, 7, 8, 8]
    assert "<td><code>https://evil.example/](javascript:alert(1))#&lt;img src=x&gt;</code></td>" in html
    # no address GitHub would autolink: outside code spans "://" and "www." are always escaped
    for line in markdown.splitlines():
        assert not re.search(r"(?<!\\)://|(?i:www)(?!\\)\.", _outside_code(line)), line
    # no control character reaches the document
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", markdown)


def test_code_spans_hold_backticks_and_pipes() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code("") == "` `"
    assert code("a|b\\|c", in_table=True) == "`a\\|b\\\\|c`"
    html = _html(f"| h |\n|---|\n| {code('u|v`w', in_table=True)} |\n")
    assert "<td><code>u|v`w</code></td>" in html
    assert code("x" * 50, 10) == "`xxxxxxxxx…`"


def test_escape() -> None:
    assert escape("snake_case _lead trail_ *star* a~b #1 [x] <y> & z") == (
        "snake_case \\_lead trail\\_ \\*star\\* a\\~b \\#1 \\[x\\] &lt;y&gt; &amp; z"
    )
    assert escape("see https://a.test/ or WWW.B.TEST\\") == "see https\\://a.test/ or WWW\\.B.TEST\\\\"
    # a "www." GitHub would link is escaped; one inside an address or a word is not
    assert escape("(www.a.test) _www.b.test https://www.c.test/www.d awww.e") == (
        "(www\\.a.test) \\_www\\.b.test https\\://www.c.test/www.d awww.e"
    )
    # page text cannot mention (ping) a user or a team in a pull-request comment
    assert escape("cc @octocat and @org/team, dpo@news.test") == (
        "cc @&#8203;octocat and @&#8203;org/team, dpo@news.test"
    )


def _triaged(report: Report) -> Report:
    news = report.sites[0]
    high, medium, info = news.findings
    marked = (
        replace(high, triage=Triage("baselined", "in the baseline old/report.json")),
        replace(medium, triage=Triage("waived", "ad partner *contract*", "dpo@news.test", "2026-12-31")),
        info,
    )
    expired = (
        Waiver(
            "pixel <fix> pending", "web-team", "2025-01-31", rule="eu-core/x", site="https://*.news.test/*"
        ),
        Waiver("old", "me", "2024-12-31", fingerprint="0123456789abcdef"),
    )
    return replace(
        report,
        sites=(replace(news, findings=marked), *report.sites[1:]),
        triage=TriageInfo(expired_waivers=expired),
    )


def test_triage_is_counted_and_marked(report: Report) -> None:
    lines = render_markdown(_triaged(report)).splitlines()
    assert lines[4:17] == [
        "| Findings | Critical | High | Medium | Low | Info | Total |",
        "|---|---:|---:|---:|---:|---:|---:|",
        "| counted | 0 | 0 | 0 | 0 | 2 | 2 |",
        "| baselined | 0 | 1 | 0 | 0 | 0 | 1 |",
        "| waived | 0 | 0 | 1 | 0 | 0 | 1 |",
        "",
        FIXTURE_DOCUMENT[10],
        "",
        "**2 expired waivers**: no longer applied, their findings count again.",
        "",
        "- rule `eu-core/x` on `https://*.news.test/*`: pixel &lt;fix&gt; pending (web-team), "
        "expired 2025-01-31",
        "- fingerprint `0123456789abcdef`: old (me), expired 2024-12-31",
        "",
    ]
    news = lines.index("### ❌ fail `https://news.example.com/`")
    assert lines[news + 4 : news + 6] == [
        "- **high** `eu-core/no-tracking-before-consent` (before) `_ga@.example.com`: Analytics cookie \\_ga "
        "(Google Analytics) was set before any consent. *(baselined)* · `f292916c3914adce`",
        "- **medium** `eu-core/max-cookie-lifetime` (accept) `IDE@.doubleclick.net`: Cookie IDE asks to live "
        "730 days (more than 395). *(waived: ad partner \\*contract\\*, dpo@news.test, until 2026-12-31)* · "
        "`9fc674a7607c46c9`",
    ]


def test_counted_findings_come_before_triaged_ones_and_lead_the_sites(report: Report) -> None:
    # the clean site's info finding counts; every finding of the news site is waived
    news, clean, down = report.sites
    waived = tuple(replace(f, triage=Triage("waived", "accepted", "me", "2026-12-31")) for f in news.findings)
    lines = render_markdown(replace(report, sites=(replace(news, findings=waived), clean, down))).splitlines()
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == [
        "### ✅ pass `https://clean.example.org/`",
        "### ❌ fail `https://news.example.com/`",
        "### ⚠️ error `https://down.example.net/`",
        "### Rules with findings",
    ]


SITES = 300
FINDINGS_PER_SITE = 50


def _big_report() -> Report:
    """300 sites of 50 findings each, 10 of every severity, about 8 rules."""
    sites: list[SiteEvidence] = []
    findings: dict[str, list[Finding]] = {}
    for i in range(SITES):
        url = f"https://www.site-{i:03d}.example/news/2025/03/01/an-article-about-something-{i}"
        phases = {p: PhaseSnapshot(p, url, url, "2026-01-01T00:00:00Z", 0) for p in PHASES}  # type: ignore[arg-type]
        sites.append(SiteEvidence(url=url, status="ok", phases=phases))
        findings[url] = [
            Finding(
                rule=f"eu-core/rule-{n % 8}",
                severity=SEVERITIES[n % len(SEVERITIES)],  # type: ignore[arg-type]
                phase="before",
                message=f"Cookie tracker_{n} on .ads-{i}.test (marketing) was stored before consent; set by "
                f"https://ads-{i}.test/px?id={n}&cb=123456789.",
                subject={"cookie": f"tracker_{n}", "domain": f".ads-{i}.test"},
                references=("ePrivacy Directive 2002/58/EC, Art. 5(3)", "GDPR Art. 6(1)(a)"),
                title=f"Rule {n % 8}",
            )
            for n in range(FINDINGS_PER_SITE)
        ]
    return build_report(make_evidence(*sites), [PACK], findings, {}, GENERATED_AT)


def test_a_large_run_stays_under_the_cap_and_says_what_it_left_out() -> None:
    report = _big_report()
    markdown = render_markdown(report)
    size = len(markdown.encode("utf-8"))
    assert MARKDOWN_CAP_BYTES * 0.9 < size < MARKDOWN_CAP_BYTES == 60_000
    lines = markdown.splitlines()
    # the table of sites: the first 100 rows, the rest counted
    rows = [line for line in lines if line.startswith("| `https://www.site-")]
    assert len(rows) == MARKDOWN_TABLE_MAX_SITES == 100
    assert rows[0].startswith(f"| `{report.sites[0].url}` | ❌ fail | 10 | 10 | 10 | 10 | 10 |")
    assert f"… and 200 more sites: {FULL_REPORT}" in lines
    # each site shown lists its 10 critical findings and counts the 40 others
    sections = [line.removeprefix("### ❌ fail ") for line in lines if line.startswith("### ❌ fail ")]
    shown = len(sections)
    assert sections == [f"`{s.url}`" for s in report.sites[:shown]]
    first = lines.index(f"### ❌ fail `{report.sites[0].url}`")
    listed = lines[first + 3 : first + 3 + MARKDOWN_FINDINGS_PER_SITE]
    assert MARKDOWN_FINDINGS_PER_SITE == 10
    assert [line.split()[1] for line in listed] == ["**critical**"] * 10
    assert (
        lines[first + 3 + MARKDOWN_FINDINGS_PER_SITE]
        == "- … and 40 more findings of this site: see report.html"
    )
    assert lines.count("- … and 40 more findings of this site: see report.html") == shown
    # the sites that did not fit are counted, with their findings
    left = SITES - shown
    assert (
        f"**{left} more sites not shown** ({left * FINDINGS_PER_SITE} findings), to keep this summary under "
        f"60000 bytes: {FULL_REPORT}"
    ) in lines
    assert 0 < shown < SITES
    # the rules of the findings shown, once each, and the footer close the document
    assert lines[-12:-2] == ["### Rules with findings", ""] + [
        f"- `eu-core/rule-{n}` Rule {n} — ePrivacy Directive 2002/58/EC, Art. 5(3); GDPR Art. 6(1)(a)"
        # most severe first: the critical findings are n = 4, 9, 14, ... of rules n % 8 = 4, 1, 6, ...
        for n in (4, 1, 6, 3, 0, 5, 2, 7)
    ]
    assert lines[-1].startswith("<sub>consent-checker ")


def test_counted_findings_come_first_within_a_site(site_report: Callable[..., Report]) -> None:
    def finding(n: int, severity: str) -> Finding:
        return Finding(
            rule="eu-core/no-tracking-before-consent",
            severity=severity,  # type: ignore[arg-type]
            phase="before",
            message=f"Cookie c{n}.",
            subject={"cookie": f"c{n}"},
            references=(),
        )

    waived = replace(finding(1, "high"), triage=Triage("waived", "accepted", "me", "2026-12-31"))
    report = site_report("ok", [finding(0, "low"), waived, finding(2, "high")])
    listed = re.findall(
        r"^- \*\*(\w+)\*\* .*: Cookie (c\d)\.( \*\(waived)?", render_markdown(report), re.MULTILINE
    )
    assert listed == [("high", "c2", ""), ("high", "c1", " *(waived"), ("low", "c0", "")]


def test_the_cap_holds_when_every_text_is_as_long_as_allowed() -> None:
    # URLs, messages, subjects and waivers at their limits, of characters that grow most when escaped
    sites: list[SiteEvidence] = []
    findings: dict[str, list[Finding]] = {}
    for i in range(150):
        url = f"https://x.test/{i}/" + "🍪|&" * 200
        phases = {p: PhaseSnapshot(p, url, url, "2026-01-01T00:00:00Z", 0) for p in PHASES}  # type: ignore[arg-type]
        sites.append(SiteEvidence(url=url, status="ok", phases=phases))
        findings[url] = [
            Finding(
                rule="eu-core/no-tracking-before-consent",
                severity="high",
                phase="before",
                message="&<" * 1000,
                subject={"cookie": "🍪" * 500 + str(n)},
                references=(),
            )
            for n in range(5)
        ]
    waivers = tuple(Waiver("&" * 1000, "o" * 100, "2025-01-31", fingerprint=f"{n:016x}") for n in range(100))
    report = replace(
        build_report(make_evidence(*sites), [PACK], findings, {}, GENERATED_AT),
        triage=TriageInfo(expired_waivers=waivers),
    )
    markdown = render_markdown(report)
    assert len(markdown.encode("utf-8")) < MARKDOWN_CAP_BYTES
    lines = markdown.splitlines()
    rows = sum(line.startswith("| `https://x.test/") for line in lines)
    assert 0 < rows < MARKDOWN_TABLE_MAX_SITES
    assert f"… and {150 - rows} more sites: {FULL_REPORT}" in lines
    assert sum(line.startswith("- fingerprint `") for line in lines) == 20
    assert f"- … and 80 more: {FULL_REPORT}" in lines
    shown = sum(line.startswith("### ❌ fail ") for line in lines)
    assert (
        f"**{150 - shown} more sites not shown** ({(150 - shown) * 5} findings), to keep this summary "
        in (markdown)
    )
