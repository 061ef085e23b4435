"""report.html as an auditor files it: one self-contained page (screenshots embedded and checked against
their SHA-256), scope and method, findings by severity and rule, phase comparison, hostile page text made
inert; opened in Chromium at 1366 px and printed with its print styles."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import shlex
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, async_playwright
from render_fixtures import (
    BROWSER,
    GENERATED_AT,
)

from checker.consent.detect import BANNER_TEXT_LIMIT as DETECTOR_BANNER_TEXT_LIMIT
from checker.demo.server import DemoServer
from checker.launch import BrowserNotFound, Launched, find_browser, launch
from checker.models import (
    Banner,
    ConsentAction,
    Cookie,
    Evidence,
    Finding,
    PhaseSnapshot,
    Rule,
    RulePack,
    Screenshot,
    SiteEvidence,
    Triage,
    Waiver,
)
from checker.pipeline import load_judgement, scan_urls, write_outputs
from checker.render.html import (
    BANNER_TEXT_LIMIT,
    banner_text,
    command_line,
    host_mapping,
    option_rows,
    page_text,
    purpose,
    render_html,
    safe_href,
    scan_ended,
    without_query,
)
from checker.render.html_compare import compare_phases
from checker.report import Invocation, Report, TriageInfo, build_report
from checker.scan_options import ScanOptions

HOSTILE = "https://hostile.example/path"
IMG_COOKIE = "<img src=x onerror=alert(1)>"
SCRIPT_MESSAGE = "Cookie set by <script>alert(2)</script> before consent \x1b[31mred\x1b[0m."
BANNER_TEXT = "\x1b[31mWe use cookies\x1b[0m\x07 to \u202etrack\u202c you \x9b1m"
HOST_MAP = "*.example=127.0.0.1:8443"
LONG_NAME = "x" * 300  # one unbreakable word: must wrap, not widen the page
LONG_URL = "https://cdn.hostile.example/" + "a" * 400 + "?id=1"
VIEWPORT_PX = 1366


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour (what Chromium writes, as far as an <img> cares)."""
    row = b"\x00" + bytes(rgb) * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


BANNER_PNG = png(760, 415, (200, 30, 60))
PAGE_PNG = png(1280, 800, (240, 240, 240))
ACCEPT_PNG = png(1280, 800, (30, 120, 200))
REJECT_PNG = png(1280, 800, (10, 200, 10))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


SHOTS = {
    "screenshots/hostile-before-banner.png": BANNER_PNG,
    "screenshots/hostile-before.png": PAGE_PNG,
    "screenshots/hostile-accept.png": ACCEPT_PNG,
    "screenshots/hostile-accept-choice.png": ACCEPT_PNG,  # the same picture as the accept page
    "screenshots/hostile-reject-choice.png": REJECT_PNG,  # on disk, then altered below
}
ALTERED = "screenshots/hostile-reject-choice.png"
MISSING = "screenshots/hostile-reject.png"


def shot(path: str) -> Screenshot:
    return Screenshot(path, sha(SHOTS.get(path, b"never written")))


def cookie(name: str, domain: str, **kw: Any) -> Cookie:
    fields: dict[str, Any] = {"set_via": "http", "set_by": HOSTILE, "party": "first"} | kw
    return Cookie(name=name, domain=domain, **fields)


IMG = cookie(IMG_COOKIE, "hostile.example", category="unclassified")
GA = cookie(
    "_ga",
    ".hostile.example",
    vendor="Google Analytics",
    category="analytics",
    lifetime_days=730.0,
    purpose="Client ID that distinguishes visitors.",
)
LONG = cookie(LONG_NAME, "hostile.example", set_by=LONG_URL)
SESSION = cookie("sid", "hostile.example", category="necessary")


def snap(name: str, cookies: tuple[Cookie, ...], **kw: Any) -> PhaseSnapshot:
    minute = {"before": 0, "accept": 1, "reject": 2, "withdraw": 3}[name]
    return PhaseSnapshot(
        phase=name,  # type: ignore[arg-type]
        url=HOSTILE,
        final_url=HOSTILE,
        started_at=f"2025-03-01T10:0{minute}:00.250000Z",
        duration_ms=4500,
        cookies=cookies,
        **kw,
    )


def action(intent: str, screenshot: Screenshot | None = None) -> ConsentAction:
    return ConsentAction(intent=intent, done=True, layers=1, banner_gone=True, screenshot=screenshot)  # type: ignore[arg-type]


HOSTILE_SITE = SiteEvidence(
    url=HOSTILE,
    status="ok",
    phases={
        "before": snap(
            "before",
            (IMG, LONG, SESSION),
            banner=Banner(
                detected=True,
                cmp="generic",
                text=BANNER_TEXT,
                accept_on_first_layer=True,
                reject_on_first_layer=True,
                screenshot=shot("screenshots/hostile-before-banner.png"),
            ),
            screenshot=shot("screenshots/hostile-before.png"),
        ),
        "accept": snap(
            "accept",
            (IMG, GA, SESSION),
            action=action("accept", shot("screenshots/hostile-accept-choice.png")),
            screenshot=shot("screenshots/hostile-accept.png"),
        ),
        "reject": snap(
            "reject",
            (GA, SESSION, replace(IMG, deleted=True)),
            action=action("reject", shot(ALTERED)),
            screenshot=shot(MISSING),
        ),
        "withdraw": snap("withdraw", (SESSION,), action=action("withdraw")),
    },
)

RULE_HIGH = "local/no-unknown-cookies"
RULE_WAIVED = "local/short-lifetimes"
RULE_BASELINED = "local/notes"
DESCRIPTION = "Unknown cookies must go before consent: remove the script that sets them, or ask first."
REFS_HIGH = ("ePrivacy Directive 2002/58/EC, Art. 5(3)", "GDPR (EU) 2016/679, Art. 6(1)(a)")
WAIVER_REASON = "accepted by legal\x07 until the CMP migration"
FINDINGS = [
    Finding(
        RULE_HIGH,
        "high",
        "before",
        SCRIPT_MESSAGE,
        {"cookie": IMG_COOKIE, "domain": "hostile.example"},
        REFS_HIGH,
    ),
    Finding(
        RULE_HIGH,
        "high",
        "accept",
        "Cookie _ga again.",
        {"cookie": "_ga", "domain": ".hostile.example"},
        REFS_HIGH,
    ),
    Finding(
        RULE_WAIVED,
        "medium",
        "accept",
        "Cookie _ga lives 730 days.",
        {"cookie": "_ga", "domain": ".hostile.example", "lifetime_days": 730.0},
        ("CNIL deliberation 2020-091",),
        triage=Triage("waived", WAIVER_REASON, "dpo@hostile.example", "2030-01-01"),
    ),
    Finding(
        RULE_BASELINED,
        "low",
        None,
        "A note.",
        {},
        (),
        title="Notes",
        triage=Triage("baselined", "in the baseline old/report.json"),
    ),
]
EXPIRED = Waiver("temporary", "ops@hostile.example", "2024-12-31", rule=RULE_HIGH, site="https://hostile.*")


def _rule(
    rule_id: str, title: str, severity: str, refs: tuple[str, ...], description: str, fix: str = ""
) -> Rule:
    return Rule(
        rule_id, "local", title, severity, ("before",), "cookies", {}, {}, "m", refs, description, fix
    )  # type: ignore[arg-type]


FIX = "Name every cookie in the <cookie policy> & catalogue it."
LOCAL_PACK = RulePack(
    "local",
    "7",
    (
        _rule(RULE_HIGH, "No unknown cookies", "high", REFS_HIGH, DESCRIPTION, FIX),
        _rule(RULE_WAIVED, "Short lifetimes", "medium", ("CNIL deliberation 2020-091",), ""),
    ),
    source="rules/local",
)
COMMAND = (
    "consent-checker",
    "scan",
    HOSTILE,
    "--host-map",
    HOST_MAP,
    "--ignore-https-errors",
    "--out",
    "my out",
)


def hostile_report() -> Report:
    """One site of hostile text, mapped to a test server, with waived, baselined and expired triage."""
    evidence = Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "0.1.0"},
        browser=replace(BROWSER, sandbox=False, sandbox_note="run as root"),
        started_at="2025-03-01T09:59:58Z",
        options={"host_map": [HOST_MAP], "ignore_https_errors": True, "locale": "en-GB", "timeout_s": 30.0},
        sites=(HOSTILE_SITE,),
    )
    files = {"evidence.json": "e" * 64} | {path: sha(data) for path, data in SHOTS.items()}
    report = build_report(evidence, [LOCAL_PACK], {HOSTILE: FINDINGS}, files, GENERATED_AT)
    return replace(
        report,
        invocation=Invocation(command_line=COMMAND),
        triage=TriageInfo(baseline="old/report.json", waivers="waivers.yaml", expired_waivers=(EXPIRED,)),
    )


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder with the screenshot files: one altered after the scan, one never written."""
    out = tmp_path_factory.mktemp("hostile")
    (out / "screenshots").mkdir()
    for path, data in SHOTS.items():
        (out / path).write_bytes(data)
    (out / ALTERED).write_bytes(REJECT_PNG + b"tampered")
    return out


@pytest.fixture(scope="module")
def html(out_dir: Path) -> str:
    text = render_html(hostile_report(), out_dir)
    (out_dir / "report.html").write_text(text, encoding="utf-8")
    return text


INLINE = frozenset({"a", "span", "code", "strong", "em", "img"})  # no word break at these tags


class _Page(HTMLParser):
    """Tags with their attributes, table rows as the stripped text of their cells, and all text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in INLINE:
            self.text.append(" ")
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("div", "li") and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE:
            self.text.append(" ")
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def words(text: str) -> str:
    """The page's text with whitespace collapsed, as a reader sees it."""
    return " ".join("".join(parse(text).text).split())


# --- the page itself ------------------------------------------------------------------------------------


def test_screenshots_are_embedded_once_each_and_checked(html: str) -> None:
    srcs = [a["src"] for t, a in parse(html).tags if t == "img"]
    # Three distinct pictures have a file that matches: the banner crop, the page before, the accept page
    # (its two paths share one picture). Reject's two are altered or missing: no picture, a note instead.
    assert [base64.b64decode((s or "").removeprefix("data:image/png;base64,")) for s in srcs] == [
        BANNER_PNG,
        PAGE_PNG,
        ACCEPT_PNG,
    ]
    text = words(html)
    tampered = sha(REJECT_PNG + b"tampered")
    assert (
        f"{ALTERED}: screenshot altered (its SHA-256 is {tampered}, the report records {sha(REJECT_PNG)})"
        in text
    )
    assert f"{MISSING}: screenshot missing" in text
    assert text.count("Screenshot missing/altered: not embedded.") == 2
    assert "1. before: the banner (select to enlarge)" in text
    assert "3. accept: the page; accept: after accept (select to enlarge)" in text
    assert "4. reject: the page" in text
    assert "5. reject: after reject" in text
    # The page links each moment to its picture; full size is the picture's own :target, no script.
    assert '<a class="zoom" href="#site-1-shot-3">' in html
    assert '<a href="#site-1-shot-3">screenshot 3</a>' in html


def test_nothing_is_fetched_and_nothing_runs(html: str) -> None:
    tags = parse(html).tags
    assert not {t for t, _ in tags} & {"script", "link", "iframe", "object", "embed", "frame", "base"}
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)
    # Every resource is inline; the only external addresses are plain links to the scanned pages.
    assert all((a.get("src") or "data:").startswith("data:") for _, a in tags)
    hrefs = {a["href"] for t, a in tags if t == "a" and not (a.get("href") or "").startswith("#")}
    assert hrefs == {HOSTILE}
    assert "url(" not in html.split("</style>")[0]


def test_hostile_text_is_escaped_and_stripped(html: str) -> None:
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert(2)" not in html
    assert "Cookie set by &lt;script&gt;alert(2)&lt;/script&gt; before consent red." in html
    # Escape sequences go whole, with their parameters; control and bidi characters go too.
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", html) is None
    assert "[31m" not in html
    assert "&ldquo;We use cookies to track you&rdquo;" in html
    assert "accepted by legal until the CMP migration" in html


def test_scope_and_method(html: str) -> None:
    page = parse(html)
    host_flag = (
        "host mapping: requests for matching hosts went to the given address instead of the host's own DNS "
        "answer, so the pages may come from a mirror or a test server, not the live site"
    )
    tls_flag = (
        "--ignore-https-errors: TLS certificate errors were ignored, so a certificate that does not prove "
        "the site's identity was accepted"
    )
    assert page.rows[page.rows.index(["Option", "Value", "Note"]) + 1 :][:4] == [
        ["host_map", HOST_MAP, host_flag],
        ["ignore_https_errors", "yes", tls_flag],
        ["locale", "en-GB", ""],
        ["timeout_s", "30.0", ""],
    ]
    text = words(html)
    # Said at the top too, and on the site: a page from a mirror must not look like the live site.
    assert f"Not as a visitor sees it: {host_flag} (see Scope and method)." in text
    assert f"Not as a visitor sees it: {tls_flag} (see Scope and method)." in text
    assert f"{HOSTILE} served through host mapping {HOST_MAP}" in text
    assert f"Host mapping: this site's host was mapped ({HOST_MAP})" in text
    scope = text[text.index("Scope and method URLs scanned") : text.index("Options Option")]
    assert scope == (
        f"Scope and method URLs scanned {HOSTILE} served through host mapping {HOST_MAP} "
        "Scan started 2025-03-01T09:59:58Z Last phase ended 2025-03-01T10:03:04Z "
        f"Report generated {GENERATED_AT} Tool consent-checker 0.1.0 (report schema 1) "
        "Browser chromium 131.0.6778.33 headless /opt/chromium/chrome "
        "User agent Mozilla/5.0 HeadlessChrome/131 "
        "Third-party cookies allowed: third-party cookies allowed (no tracking protection) "
        "Sandbox off: run as root Rule packs local 7 (2 rules) rules/local "
        f"Command line {shlex.join(COMMAND)} "
        "Fails on counted findings of severity high or higher (--fail-on) "
        "Baseline old/report.json: findings already in it are listed, marked “baselined”, and do not count "
        "Waivers waivers.yaml: findings a waiver accepts are listed, marked “waived”, and do not count "
        f"Expired waivers rule {RULE_HIGH} on https://hostile.*: expired 2024-12-31 "
        "(owner ops@hostile.example; temporary); no longer applied "
    )
    assert "'my out'" in shlex.join(COMMAND)


def test_findings_by_severity_then_rule_with_what_the_rule_says_once(html: str) -> None:
    text = words(html)
    findings = text[text.index("Findings (4)") : text.index("Consent banner")]
    report = hostile_report()
    fp = [f.fingerprint for f in report.sites[0].findings]
    assert findings == (
        "Findings (4) high 2 findings "
        f"{RULE_HIGH} No unknown cookies What it checks: {DESCRIPTION} What to change: {FIX} "
        f"Legal references: {REFS_HIGH[0]} {REFS_HIGH[1]} Phase Subject Message Fingerprint Triage "
        f"before cookie: {IMG_COOKIE} domain: hostile.example Cookie set by <script>alert(2)</script> before "
        f"consent red. {fp[0]} counted "
        f"accept cookie: _ga domain: .hostile.example Cookie _ga again. {fp[1]} counted "
        "medium 1 finding, 1 baselined or waived "
        f"{RULE_WAIVED} Short lifetimes What it checks: the rule pack gives no "
        "description for this rule. Legal references: CNIL deliberation 2020-091 "
        "Phase Subject Message Fingerprint Triage "
        f"accept cookie: _ga domain: .hostile.example Cookie _ga lives 730 days. {fp[2]} waived accepted by "
        "legal until the CMP migration; owner dpo@hostile.example; until 2030-01-01 "
        "low 1 finding, 1 baselined or waived "
        f"{RULE_BASELINED} Notes What it checks: the rule pack gives no description "
        "for this rule. Legal references: none given Phase Subject Message Fingerprint Triage "
        f"site A note. {fp[3]} baselined in the baseline old/report.json "
    )
    assert html.count('<tr class="triaged">') == 2
    assert html.count("What to change:") == 1
    assert "Name every cookie in the &lt;cookie policy&gt; &amp; catalogue it." in html


def test_cookies_named_in_findings_are_marked_in_their_phase(html: str) -> None:
    rows = parse(html).rows
    cookie_rows = [r for r in rows if len(r) == 10 and r[0] != "Name"]
    marked = [(r[0], r[9]) for r in cookie_rows]
    # before: the img cookie (finding of before); accept: img unmarked, _ga marked (two rules);
    # reject and withdraw: no finding names their cookies.
    assert marked == [
        (IMG_COOKIE, "finding"),
        (LONG_NAME, ""),
        ("sid", ""),
        (IMG_COOKIE, ""),
        ("_ga", "finding"),
        ("sid", ""),
        ("_ga", ""),
        ("sid", ""),
        (IMG_COOKIE, "deleted"),
        ("sid", ""),
    ]
    assert f'<span class="tag finding" title="{RULE_HIGH}, {RULE_WAIVED}">finding</span>' in html
    ga = next(r for r in cookie_rows if r[0] == "_ga")
    assert ga == [
        "_ga",
        ".hostile.example",
        "first",
        "Google Analytics",
        "analytics",
        "Client ID that distinguishes visitors.",
        "730 d",
        "SameSite Lax",
        f"http: {HOSTILE}",
        "finding",
    ]
    assert f"http: {without_query(LONG_URL)}" == f"http: {LONG_URL.removesuffix('?id=1')}?…"


def test_phase_comparison(html: str) -> None:
    text = words(html)
    changes = text[text.index("Phase comparison") : text.index("Cookie Domain Vendor Category")]
    assert changes == (
        "Phase comparison Cookies by name and domain; each phase is its own visit with an empty jar, and "
        "“stored” means in the jar when the phase ended. "
        "New after accept _ga .hostile.example, analytics, Google Analytics "
        "(in the jar after accept, not in the jar before any choice) "
        "Still present after reject _ga .hostile.example, analytics, Google Analytics; "
        "sid hostile.example, necessary "
        "(in the jar after reject, and also in the jar before any choice or after accept) "
        "New after reject none (in the jar after reject only: neither before any choice nor after accept) "
        "Gone after withdraw _ga .hostile.example, analytics, Google Analytics; "
        f"{IMG_COOKIE} hostile.example, unclassified "
        "(in the jar after accept, no longer in the jar after withdrawing) "
    )
    rows = parse(html).rows
    head = rows.index(["Cookie", "Domain", "Vendor", "Category", "before", "accept", "reject", "withdraw"])
    assert rows[head + 1 : head + 5] == [
        [IMG_COOKIE, "hostile.example", "", "unclassified", "stored", "stored", "deleted", "–"],
        [LONG_NAME, "hostile.example", "", "unclassified", "stored", "–", "–", "–"],
        ["sid", "hostile.example", "", "necessary", "stored", "stored", "stored", "stored"],
        ["_ga", ".hostile.example", "Google Analytics", "analytics", "–", "stored", "stored", "–"],
    ]


def test_phase_comparison_of_a_site_without_withdraw(report: Report) -> None:
    comparison = compare_phases(report.sites[0].phases)
    assert comparison.phases == ("before", "accept", "reject")
    assert [(c.title, [(r.name, r.domain) for r in c.cookies or ()]) for c in comparison.changes] == [
        ("New after accept", [("IDE", ".doubleclick.net")]),
        ("Still present after reject", [("sid", "news.example.com")]),
        ("New after reject", []),
        ("Gone after withdraw", []),
    ]
    # No withdraw phase: the comparison that needs it is not made (None), not "nothing gone".
    assert comparison.changes[3].cookies is None


def test_a_site_that_did_not_scan_has_no_comparison_and_no_pictures(report: Report) -> None:
    html = render_html(report, Path("/nonexistent"))
    down = html[html.index('id="site-3"') :]
    assert "Phase comparison" not in down
    assert "Screenshots (0)" in down
    assert "No screenshots recorded." in down


def test_helpers() -> None:
    assert host_mapping(
        "https://www.a.example/x", ["*.example=127.0.0.1:1", "b.test=10.0.0.1", "*=1.2.3.4"]
    ) == (
        "*.example=127.0.0.1:1",
        "*=1.2.3.4",
    )
    assert host_mapping("https://b.test/", ["B.TEST=10.0.0.1"]) == ("B.TEST=10.0.0.1",)
    assert without_query("https://a.test/p?x=1#f") == "https://a.test/p?…"
    assert without_query("https://a.test/p#f") == "https://a.test/p"
    assert without_query("https://a.test/p") == "https://a.test/p"
    assert without_query("https://[::1/x?y") == "https://[::1/x?y"  # what urlsplit refuses stays as it is
    assert host_mapping("https://[::1/", ["*=1.2.3.4"]) == ()
    assert safe_href("https://[::1/") == "#"
    assert [(o.key, o.value, bool(o.flag)) for o in option_rows({"host_map": [], "x": None, "y": False})] == [
        ("host_map", "none", False),
        ("x", "not set", False),
        ("y", "no", False),
    ]
    assert page_text(" headless") == " headless"
    assert page_text("\x1b]8;;https://x\x07link\x1b]8;;\x07 ") == "link "
    assert page_text(3) == 3
    assert command_line(hostile_report()) == (
        f"consent-checker scan {HOSTILE} --host-map '{HOST_MAP}' --ignore-https-errors --out 'my out'"
    )
    assert scan_ended(hostile_report()) == "2025-03-01T10:03:04Z"


def test_banner_text_cut_by_the_detector_ends_in_an_ellipsis() -> None:
    assert BANNER_TEXT_LIMIT == DETECTOR_BANNER_TEXT_LIMIT
    assert banner_text("a" * (BANNER_TEXT_LIMIT - 1)) == "a" * (BANNER_TEXT_LIMIT - 1)
    assert banner_text("a" * BANNER_TEXT_LIMIT) == "a" * BANNER_TEXT_LIMIT + "…"


def test_purpose_is_what_classification_recorded() -> None:
    assert purpose(GA) == "Client ID that distinguishes visitors."
    assert purpose(replace(GA, purpose=None)) == ""


def test_without_an_output_folder_no_screenshot_is_read(report: Report) -> None:
    text = words(render_html(report))
    assert "not embedded: the renderer was given no output folder to read it from" in text
    assert "<img" not in render_html(report)


# --- in Chromium ------------------------------------------------------------------------------------------


@dataclass
class Chromium:
    loop: asyncio.AbstractEventLoop
    launched: Launched

    @property
    def browser(self) -> Browser:
        return self.launched.browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    try:
        choice = find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    loop = asyncio.new_event_loop()
    pw = loop.run_until_complete(async_playwright().start())
    try:
        launched = loop.run_until_complete(launch(pw, choice, ()))
        try:
            yield Chromium(loop, launched)
        finally:
            loop.run_until_complete(launched.close())
    finally:
        loop.run_until_complete(pw.stop())
        loop.close()


@dataclass(frozen=True)
class Opened:
    """What a page did while a report was opened, and what it measured."""

    requests: list[str]
    dialogs: list[str]
    facts: dict[str, Any]


FACTS_JS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  scripts: document.scripts.length,
  imgX: document.querySelectorAll('img[src="x"]').length,
  text: document.body.innerText,
  images: [...document.images].map(i => [i.naturalWidth, i.width]),
})"""


async def _open(browser: Browser, path: Path, *, script: bool = True, media: str = "screen") -> Opened:
    context = await browser.new_context(
        viewport={"width": VIEWPORT_PX, "height": 900}, java_script_enabled=script
    )
    try:
        page = await context.new_page()
        requests: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: dialogs.append(d.message))
        await page.emulate_media(media=media)  # type: ignore[arg-type]
        await page.goto(path.as_uri(), wait_until="load")
        facts: dict[str, Any] = await page.evaluate(FACTS_JS)
        return Opened(requests, dialogs, facts)
    finally:
        await context.close()


@pytest.mark.browser
def test_in_chromium_the_hostile_report_is_inert_fits_1366_and_fetches_nothing(
    chromium: Chromium, html: str, out_dir: Path
) -> None:
    path = out_dir / "report.html"
    opened = chromium.loop.run_until_complete(_open(chromium.browser, path))
    assert opened.dialogs == []
    assert [u for u in opened.requests if not u.startswith("data:")] == [path.as_uri()]
    assert opened.facts["scripts"] == 0
    assert opened.facts["imgX"] == 0
    assert opened.facts["scrollWidth"] <= VIEWPORT_PX
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", opened.facts["text"]) is None
    assert IMG_COOKIE in opened.facts["text"]  # shown as text
    # The banner crop at its own size (readable), the page shots scaled into the gallery.
    assert [w for w, _ in opened.facts["images"]] == [760, 1280, 1280]
    assert opened.facts["images"][0][1] == 760


@pytest.mark.browser
def test_full_size_on_click_with_scripts_off(chromium: Chromium, html: str, out_dir: Path) -> None:
    async def zoom() -> tuple[dict[str, Any], str]:
        context = await chromium.browser.new_context(
            viewport={"width": VIEWPORT_PX, "height": 900}, java_script_enabled=False
        )
        try:
            page = await context.new_page()
            await page.goto((out_dir / "report.html").as_uri())
            await page.click("#site-1-shot-2 a.zoom")
            box = await page.evaluate(
                """() => {
                  const f = document.querySelector('#site-1-shot-2');
                  const r = f.getBoundingClientRect();
                  return {position: getComputedStyle(f).position, left: r.left, top: r.top, width: r.width,
                          img: f.querySelector('img').width}; }"""
            )
            await page.click("#site-1-shot-2 a.close")
            after = await page.evaluate("getComputedStyle(document.querySelector('#site-1-shot-2')).position")
            return box, after
        finally:
            await context.close()

    box, after = chromium.loop.run_until_complete(zoom())
    assert box == {"position": "fixed", "left": 0, "top": 0, "width": VIEWPORT_PX, "img": 1280}
    assert after == "static"


@pytest.mark.browser
def test_printed_badges_need_no_background(chromium: Chromium, html: str, out_dir: Path) -> None:
    async def styles() -> list[list[str]]:
        context = await chromium.browser.new_context()
        try:
            page = await context.new_page()
            await page.emulate_media(media="print")
            await page.goto((out_dir / "report.html").as_uri())
            result: list[list[str]] = await page.evaluate(
                """() => ['.site .verdict-fail', '.badge.sev-high', '.badge.sev-medium', '.badge.sev-low',
                          '.tag.finding', '.tag.triage'].map(s => {
                  const c = getComputedStyle(document.querySelector(s));
                  return [s, c.color, c.borderTopStyle, c.borderTopWidth, c.fontWeight]; })"""
            )
            return result
        finally:
            await context.close()

    # Without background graphics each badge still says itself: its text, a text colour and a border.
    assert chromium.loop.run_until_complete(styles()) == [
        [".site .verdict-fail", "rgb(176, 0, 32)", "double", "3px", "700"],
        [".badge.sev-high", "rgb(176, 0, 32)", "double", "3px", "700"],
        [".badge.sev-medium", "rgb(161, 79, 0)", "solid", "2px", "700"],
        [".badge.sev-low", "rgb(0, 0, 0)", "dotted", "2px", "600"],
        [".tag.finding", "rgb(0, 0, 0)", "solid", "2px", "700"],
        [".tag.triage", "rgb(0, 0, 0)", "dashed", "2px", "700"],
    ]


DEMO_SITES = ("pre-consent-tracker", "tcf-consent-after-reject")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    """A real scan of two demo sites (many findings, long tracker URLs, TCF strings, screenshots)."""
    try:
        find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("demo-html")
    with DemoServer() as server:
        options = ScanOptions(host_map=tuple(server.host_rules()), ignore_https_errors=True)
        evidence = scan_urls([server.sites[name] for name in DEMO_SITES], options, out)
    report, _ = write_outputs(out, evidence, load_judgement([], []), ("json", "html"))
    return report, out


@pytest.mark.browser
def test_a_demo_scan_embeds_every_screenshot_and_fits_1366(
    chromium: Chromium, demo: tuple[Report, Path]
) -> None:
    report, out = demo
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "screenshot missing" not in html and "screenshot altered" not in html
    recorded = {
        s.sha256
        for site in report.sites
        for phase in site.phases.values()
        for s in (
            phase.screenshot,
            phase.banner.screenshot if phase.banner else None,
            *(a.screenshot for a in (phase.prior_action, phase.action) if a),
        )
        if s is not None
    }
    srcs = [a["src"] or "" for t, a in parse(html).tags if t == "img"]
    embedded = {sha(base64.b64decode(s.split(",", 1)[1])) for s in srcs}
    assert embedded == recorded
    opened = chromium.loop.run_until_complete(_open(chromium.browser, out / "report.html"))
    assert [u for u in opened.requests if not u.startswith("data:")] == [(out / "report.html").as_uri()]
    assert opened.facts["scrollWidth"] <= VIEWPORT_PX
    assert opened.dialogs == []


def test_a_phase_that_did_not_see_the_page_is_left_out_of_the_comparison(report: Report) -> None:
    phases = dict(report.sites[0].phases)
    phases["before"] = replace(phases["before"], observed="inconclusive", observed_reason="challenge page")
    changes = compare_phases(phases).changes
    # Without the before phase nothing is "new"; what reject kept is still compared with accept.
    assert [(c.title, c.cookies is None) for c in changes] == [
        ("New after accept", True),
        ("Still present after reject", False),
        ("New after reject", True),
        ("Gone after withdraw", True),
    ]
