"""The pipeline without a browser: judge() is pure, evidence.json round-trips, write_outputs is exact."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from checker.models import (
    Banner,
    BrowserInfo,
    Click,
    ConsentAction,
    Cookie,
    Evidence,
    PhaseSnapshot,
    Request,
    Screenshot,
    SiteEvidence,
)
from checker.pipeline import (
    EVIDENCE_FILE,
    InputError,
    Judgement,
    judge,
    load_evidence,
    load_judgement,
    write_outputs,
)
from checker.report import exit_code
from checker.serialize import to_dict

SITE = "https://www.example-news.com/politics/article"
DOWN = "https://down.example.org/"
GTAG = "https://www.googletagmanager.com/gtag/js?id=G-TEST01"
COLLECT = "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&en=page_view"
PNG = b"\x89PNG\r\n\x1a\nnot really an image, but bytes with a known hash"
SHOT_BEFORE = "screenshots/www-example-news-com-politics-article-before.png"
SHOT_ACCEPT = "screenshots/www-example-news-com-politics-article-accept.png"  # never written to disk
DOWN_ERROR = f"could not load {DOWN}: Page.goto: net::ERR_CONNECTION_REFUSED at {DOWN}"

BROWSER = BrowserInfo(
    name="chromium-headless-shell",
    version="156.0.8078.108",
    executable="/usr/lib/chromium/chromium-headless-shell",
    headless=True,
    third_party_cookies="allowed",
    cookie_policy="headless shell default: third-party cookies allowed",
    user_agent="Mozilla/5.0 HeadlessChrome/156",
)
BANNER = Banner(
    detected=True,
    cmp="generic",
    frame_url=SITE,
    text="We use cookies. Accept all Reject all",
    accept_on_first_layer=True,
    reject_on_first_layer=True,
)
SESSION = Cookie(
    name="news_session",
    domain="www.example-news.com",
    secure=True,
    http_only=True,
    set_via="http",
    set_by=SITE,
    value_sha256="1" * 64,
)
CONSENT = Cookie(
    name="news_consent",
    domain="www.example-news.com",
    expires="2027-05-01T10:00:00Z",
    lifetime_days=180.0,
    declared_lifetime_days=180.0,
    secure=True,
    session=False,
    set_via="js",
    set_by="https://www.example-news.com/assets/consent.js",
)
GA = Cookie(
    name="_ga",
    domain=".example-news.com",
    expires="2027-12-06T10:00:00Z",
    lifetime_days=400.0,
    declared_expires="2028-11-01T10:00:00Z",
    declared_lifetime_days=730.0,
    session=False,
    set_via="js",
    set_by=GTAG,
    first_seen_ms=420,
    value_sha256="2" * 64,
)


def _request(url: str, resource_type: str, t_ms: int) -> Request:
    return Request(
        url=url,
        method="GET",
        resource_type=resource_type,
        status=200,
        frame_url=SITE,
        initiator=None,
        t_ms=t_ms,
    )


def _action(intent: str, text: str) -> ConsentAction:
    return ConsentAction(
        intent=intent,  # type: ignore[arg-type]
        done=True,
        cmp="generic",
        clicks=(Click(text=text, selector=f"button[data-consent={intent}]", frame_url=SITE, t_ms=900),),
        layers=1,
        banner_gone=True,
    )


def raw_evidence() -> Evidence:
    """Evidence as the collector hands it over: nothing classified yet (party None, unclassified)."""
    document = _request(SITE, "document", 10)
    before = PhaseSnapshot(
        phase="before",
        url=SITE,
        final_url=SITE,
        started_at="2026-05-01T10:00:00Z",
        duration_ms=1500,
        banner=BANNER,
        cookies=(SESSION, GA),
        requests=(document, _request(GTAG, "script", 200), _request(COLLECT, "ping", 450)),
        screenshot=Screenshot(SHOT_BEFORE, hashlib.sha256(PNG).hexdigest()),
    )
    accept = replace(
        before,
        phase="accept",
        action=_action("accept", "Accept all"),
        cookies=(SESSION, CONSENT, GA),
        screenshot=Screenshot(SHOT_ACCEPT, "f" * 64),
    )
    reject = replace(
        before,
        phase="reject",
        action=_action("reject", "Reject all"),
        cookies=(SESSION, replace(CONSENT, value_sha256="3" * 64)),
        requests=(document,),
        screenshot=None,
    )
    down_phase = PhaseSnapshot(
        phase="before",
        url=DOWN,
        final_url=DOWN,
        started_at="2026-05-01T10:00:00Z",
        duration_ms=20,
        error=DOWN_ERROR,
    )
    return Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "0.1.0"},
        browser=BROWSER,
        started_at="2026-05-01T10:00:00Z",
        options={"host_map": ["*=127.0.0.1:8443"], "ignore_https_errors": True, "locale": "en-GB"},
        sites=(
            SiteEvidence(
                url=SITE, status="ok", phases={"before": before, "accept": accept, "reject": reject}
            ),
            SiteEvidence(
                url=DOWN,
                status="error",
                error=DOWN_ERROR,
                phases={p: replace(down_phase, phase=p) for p in ("before", "accept", "reject")},  # type: ignore[arg-type]
            ),
        ),
    )


# (rule, phase, message): what eu-core finds on raw_evidence(), in report order (most severe first).
# Loading gtag.js is no finding of its own (a tag manager is infrastructure); what it does is: the hit
# to Google Analytics and the _ga cookie.
EXPECTED_FINDINGS = [
    (
        "eu-core/no-tracker-requests-before-consent",
        "before",
        "Request to tracker host www.google-analytics.com (analytics, Google Analytics) before consent: "
        f"1 request(s), first {COLLECT}.",
    ),
    (
        "eu-core/no-tracking-cookies-before-consent",
        "before",
        "Cookie _ga on .example-news.com (analytics, Google Analytics) was stored before consent; "
        f"set by {GTAG}.",
    ),
    (
        "eu-core/consent-cookie-lifetime",
        "accept",
        "Cookie _ga on .example-news.com (analytics, Google Analytics) asks to live 730 days, "
        "more than 395 (13 months).",
    ),
]


@pytest.fixture(scope="module")
def judgement() -> Judgement:
    return load_judgement([], [])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- judge ---------------------------------------------------------------------------------------------


def test_judge_classifies_and_finds_exactly_the_expected_findings(judgement: Judgement) -> None:
    classified, findings = judge(raw_evidence(), judgement)

    assert list(findings) == [SITE, DOWN]
    # evaluator order: the pack's rules in file-name order (the report then sorts by severity)
    assert [(f.rule, f.phase, f.message) for f in findings[SITE]] == [
        EXPECTED_FINDINGS[2],
        *EXPECTED_FINDINGS[:2],
    ]
    assert [f.severity for f in findings[SITE]] == ["medium", "high", "high"]
    assert findings[DOWN] == ()  # none of its phases could be scanned: nothing to judge
    gtag = classified.sites[0].phases["before"].requests[1]
    assert (gtag.url, gtag.party, gtag.vendor, gtag.category) == (
        GTAG,
        "third",
        "Google Tag Manager",
        "functional",
    )

    ga = next(c for c in classified.sites[0].phases["before"].cookies if c.name == "_ga")
    assert (ga.party, ga.vendor, ga.category) == ("first", "Google Analytics", "analytics")
    session = next(c for c in classified.sites[0].phases["before"].cookies if c.name == "news_session")
    assert (session.party, session.vendor, session.category) == ("first", None, "unclassified")
    collect = classified.sites[0].phases["before"].requests[2]
    assert (collect.url, collect.party, collect.vendor, collect.category) == (
        COLLECT,
        "third",
        "Google Analytics",
        "analytics",
    )


def test_a_site_whose_reject_phase_failed_is_judged_on_the_other_phases(
    tmp_path: Path, judgement: Judgement
) -> None:
    evidence = raw_evidence()
    site = evidence.sites[0]
    broken = "reject phase broke: Target page, context or browser has been closed"
    site = replace(
        site,
        status="error",
        error=broken,
        phases=site.phases | {"reject": replace(site.phases["reject"], error=broken)},
    )
    evidence = replace(evidence, sites=(site,))

    report, _ = write_outputs(tmp_path, evidence, judgement, ("json",))

    data = json.loads((tmp_path / "report.json").read_text())
    (judged,) = data["sites"]
    assert (judged["status"], judged["error"], judged["verdict"]) == ("error", broken, "fail")
    assert [(f["rule"], f["phase"], f["message"]) for f in judged["findings"]] == EXPECTED_FINDINGS
    assert (data["summary"]["failed"], data["summary"]["errors"]) == (1, 0)
    assert exit_code(report) == 1


def test_judge_is_pure(judgement: Judgement) -> None:
    evidence = raw_evidence()
    before_dict = copy.deepcopy(to_dict(evidence))

    first = judge(evidence, judgement)
    second = judge(evidence, judgement)

    # the input is untouched: still equal to a fresh copy, and nothing in it got classified
    assert evidence == raw_evidence()
    assert to_dict(evidence) == before_dict
    ga = evidence.sites[0].phases["before"].cookies[1]
    assert (ga.name, ga.party, ga.vendor, ga.category) == ("_ga", None, None, "unclassified")
    # same output twice, and a classified copy differs from the input
    assert first == second
    assert first[0] != evidence
    # judging already classified evidence changes nothing (what `evaluate` does with a scan's evidence.json)
    assert judge(first[0], judgement) == first


# --- load_evidence -------------------------------------------------------------------------------------


def test_load_evidence_round_trips_a_written_evidence_file(tmp_path: Path) -> None:
    evidence = raw_evidence()
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(to_dict(evidence), indent=1, ensure_ascii=False) + "\n")

    loaded = load_evidence(path)

    assert loaded == evidence
    assert type(loaded.sites) is tuple
    assert type(loaded.sites[0].phases["before"].cookies[0]) is Cookie


def test_load_evidence_reads_back_what_write_outputs_wrote(tmp_path: Path, judgement: Judgement) -> None:
    evidence = raw_evidence()
    write_outputs(tmp_path, evidence, judgement, ("json",))

    loaded = load_evidence(tmp_path / EVIDENCE_FILE)

    classified, _ = judge(evidence, judgement)
    assert loaded == classified  # evidence.json holds the classified evidence


def test_load_evidence_schema_error_is_one_line_naming_file_and_json_path(tmp_path: Path) -> None:
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps({**to_dict(raw_evidence()), "sites": "  ".join(["site"] * 100)}))

    with pytest.raises(InputError) as info:
        load_evidence(path)

    prefix = f"{path}: not a consent-checker evidence file: at $.sites: "
    message = str(info.value)
    assert message == prefix + "'" + "site " * 47 + "sit…"  # spaces collapsed, cut at 240
    assert len(message) == len(prefix) + 240


# --- write_outputs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formats", "files"),
    [
        (("json",), ["report.json"]),
        (("md", "junit"), ["report.md", "report.junit.xml"]),
        (
            ("json", "html", "junit", "sarif", "md"),
            ["report.json", "report.html", "report.junit.xml", "report.sarif", "report.md"],
        ),
    ],
)
def test_write_outputs_writes_exactly_the_requested_formats(
    tmp_path: Path, judgement: Judgement, formats: tuple[str, ...], files: list[str]
) -> None:
    out = tmp_path / "out" / "nested"  # created on demand

    report, written = write_outputs(out, raw_evidence(), judgement, formats)

    assert written == [out / "evidence.json", *(out / name for name in files), out / "manifest.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted(["evidence.json", "manifest.json", *files])
    assert all(p.stat().st_size > 0 for p in written)
    assert [s.verdict for s in report.sites] == ["fail", "error"]


def test_report_lists_the_sha256_of_the_evidence_files(tmp_path: Path, judgement: Judgement) -> None:
    shot = tmp_path / SHOT_BEFORE
    shot.parent.mkdir()
    shot.write_bytes(PNG)

    report, _ = write_outputs(tmp_path, raw_evidence(), judgement, ("json",))

    data = json.loads((tmp_path / "report.json").read_text())
    # the accept screenshot is recorded in the evidence but not on disk: it is not listed
    assert data["evidence"] == {
        "evidence.json": _sha256(tmp_path / "evidence.json"),
        SHOT_BEFORE: _sha256(shot),
    }
    assert report.evidence == data["evidence"]
    assert [(f["rule"], f["phase"], f["message"]) for f in data["sites"][0]["findings"]] == EXPECTED_FINDINGS
    down = data["sites"][1]
    assert (down["url"], down["status"], down["error"], down["verdict"], down["findings"]) == (
        DOWN,
        "error",
        DOWN_ERROR,
        "error",
        [],
    )


def test_a_report_format_not_asked_for_again_is_removed(tmp_path: Path, judgement: Judgement) -> None:
    write_outputs(tmp_path, raw_evidence(), judgement, ("json", "html", "md"))
    mine = tmp_path / "notes.txt"
    mine.write_text("kept")
    write_outputs(tmp_path, raw_evidence(), judgement, ("json",))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "evidence.json",
        "manifest.json",
        "notes.txt",
        "report.json",
    ]
