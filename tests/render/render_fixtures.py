"""Test data for the report and renderer tests: one run with a failing, a clean and an unscannable site."""

from __future__ import annotations

from typing import Any

from checker.models import (
    Banner,
    BrowserInfo,
    Click,
    ConsentAction,
    Cookie,
    Evidence,
    Finding,
    PhaseSnapshot,
    RefusedCookie,
    Request,
    Rule,
    RulePack,
    Screenshot,
    Settle,
    SiteEvidence,
    StorageItem,
)

NEWS = "https://news.example.com/"
CLEAN = "https://clean.example.org/"
DOWN = "https://down.example.net/"
EVIL_COOKIE = "<script>alert(1)</script>"
SHA_A = "a" * 64
SHA_B = "b" * 64
GENERATED_AT = "2025-03-01T10:05:00Z"

BROWSER = BrowserInfo(
    name="chromium",
    version="131.0.6778.33",
    executable="/opt/chromium/chrome",
    headless=True,
    third_party_cookies="allowed",
    cookie_policy="third-party cookies allowed (no tracking protection)",
    user_agent="Mozilla/5.0 HeadlessChrome/131",
)

GA = Cookie(
    name="_ga",
    domain=".example.com",
    path="/",
    expires="2027-03-01T10:00:00Z",
    lifetime_days=730.0,
    declared_expires="2027-03-01T10:00:00Z",
    declared_lifetime_days=730.0,
    secure=True,
    http_only=False,
    same_site="Lax",
    session=False,
    size=30,
    value_sha256=SHA_A,
    set_via="js",
    set_by="https://www.googletagmanager.com/gtag/js?id=G-1",
    first_seen_ms=420,
    party="first",
    vendor="Google Analytics",
    category="analytics",
)
SID = Cookie(
    name="sid",
    domain="news.example.com",
    secure=True,
    http_only=True,
    same_site="Strict",
    set_via="http",
    set_by=NEWS,
    party="first",
    category="necessary",
)
EVIL = Cookie(
    name=EVIL_COOKIE,
    domain="tracker.test",
    set_via="http",
    set_by="https://tracker.test/px",
    party="third",
    same_site="None",
    secure=True,
    deleted=True,
)
IDE = Cookie(
    name="IDE",
    domain=".doubleclick.net",
    expires="2026-04-05T10:00:00Z",
    lifetime_days=400.0,
    declared_expires="2027-03-01T10:00:00Z",
    declared_lifetime_days=730.0,
    secure=True,
    same_site="None",
    session=False,
    set_via="http",
    set_by="https://ad.doubleclick.net/ddm/activity",
    party="third",
    vendor="Google Ads",
    category="marketing",
)


def _req(url: str, t_ms: int, **kw: Any) -> Request:
    fields: dict[str, Any] = {"method": "GET", "resource_type": "script", "status": 200, "frame_url": NEWS}
    fields.update(kw)
    if fields.get("failure"):
        fields["status"] = None
    return Request(url=url, t_ms=t_ms, initiator=NEWS, **fields)


BANNER = Banner(
    detected=True,
    cmp="onetrust",
    frame_url=NEWS,
    text="We value your privacy",
    accept_on_first_layer=True,
    reject_on_first_layer=True,
    settings_on_first_layer=True,
)

NEWS_SITE = SiteEvidence(
    url=NEWS,
    status="ok",
    phases={
        "before": PhaseSnapshot(
            phase="before",
            url=NEWS,
            final_url=NEWS,
            started_at="2025-03-01T10:00:00Z",
            duration_ms=3200,
            settle=(Settle(stage="load", waited_ms=1500, quiet=True),),
            banner=BANNER,
            cookies=(GA, SID, EVIL),
            storage=(
                StorageItem(
                    origin="https://news.example.com",
                    kind="local",
                    key="_gcl_ls",
                    size=40,
                    value_sha256=SHA_B,
                    party="first",
                    vendor="Google Ads",
                    category="marketing",
                ),
            ),
            requests=(
                _req(NEWS, 0, party="first", resource_type="document"),
                _req(
                    "https://www.googletagmanager.com/gtag/js?id=G-1",
                    300,
                    party="third",
                    vendor="Google Tag Manager",
                    category="analytics",
                ),
                _req(
                    "https://www.googletagmanager.com/gtm.js",
                    310,
                    party="third",
                    vendor="Google Tag Manager",
                    category="analytics",
                ),
                _req(
                    "https://tracker.test/px",
                    500,
                    party="third",
                    failure="net::ERR_FAILED",
                    resource_type="image",
                ),
            ),
            screenshot=Screenshot(path="screenshots/news.example.com-before.png", sha256=SHA_A),
        ),
        "accept": PhaseSnapshot(
            phase="accept",
            url=NEWS,
            final_url=NEWS,
            started_at="2025-03-01T10:00:05Z",
            duration_ms=4100,
            settle=(
                Settle(stage="load", waited_ms=1400, quiet=True),
                Settle(stage="after_click", waited_ms=5000, quiet=False),
            ),
            banner=BANNER,
            action=ConsentAction(
                intent="accept",
                done=True,
                cmp="onetrust",
                clicks=(
                    Click(
                        text="Accept all", selector="#onetrust-accept-btn-handler", frame_url=NEWS, t_ms=1200
                    ),
                ),
                layers=1,
                banner_gone=True,
            ),
            cookies=(GA, SID, IDE),
        ),
        "reject": PhaseSnapshot(
            phase="reject",
            url=NEWS,
            final_url="https://news.example.com/?consent=0",
            started_at="2025-03-01T10:00:10Z",
            duration_ms=3900,
            banner=BANNER,
            action=ConsentAction(
                intent="reject",
                done=True,
                cmp="onetrust",
                clicks=(
                    Click(text="Settings", selector="#onetrust-pc-btn-handler", frame_url=NEWS, t_ms=1100),
                    Click(
                        text="Reject all",
                        selector=".ot-pc-refuse-all-handler",
                        frame_url="https://cdn.cmp.test/frame.html",
                        t_ms=2100,
                    ),
                ),
                layers=2,
                banner_gone=True,
                navigated=True,
            ),
            cookies=(SID,),
            refused_cookies=(
                RefusedCookie(
                    name="IDE",
                    url="https://ad.doubleclick.net/ddm/activity",
                    reasons=("ThirdPartyBlockedInFirstPartySet", "SameSiteNoneInsecure"),
                    domain=".doubleclick.net",
                    party="third",
                ),
            ),
        ),
    },
)

CLEAN_SITE = SiteEvidence(
    url=CLEAN,
    status="ok",
    phases={
        "before": PhaseSnapshot(
            phase="before",
            url=CLEAN,
            final_url=CLEAN,
            started_at="2025-03-01T10:01:00Z",
            duration_ms=2000,
            banner=Banner(detected=False),
        ),
        # No banner, so nothing to click: the accept and reject phases only looked (a pass needs all three).
        **{
            phase: PhaseSnapshot(
                phase=phase,  # type: ignore[arg-type]
                url=CLEAN,
                final_url=CLEAN,
                started_at="2025-03-01T10:01:00Z",
                duration_ms=2000,
                action=ConsentAction(intent=phase, done=False, note="no consent banner found"),  # type: ignore[arg-type]
            )
            for phase in ("accept", "reject")
        },
    },
)

DOWN_SITE = SiteEvidence(url=DOWN, status="error", error="net::ERR_NAME_NOT_RESOLVED")

F_HIGH = Finding(
    rule="eu-core/no-tracking-before-consent",
    severity="high",
    phase="before",
    message="Analytics cookie _ga (Google Analytics) was set before any consent.",
    subject={"cookie": "_ga", "domain": ".example.com"},
    references=("ePrivacy Directive Art. 5(3)", "GDPR Art. 6(1)(a)"),
    title="No tracking before consent",
)
F_MEDIUM = Finding(
    rule="eu-core/max-cookie-lifetime",
    severity="medium",
    phase="accept",
    message="Cookie IDE asks to live 730 days (more than 395).",
    subject={"cookie": "IDE", "domain": ".doubleclick.net"},
    references=("CNIL Délibération 2020-091 art. 5",),
    title="Cookie lifetime at most 13 months",
)
F_INFO_NEWS = Finding(
    rule="local/unclassified-cookie",
    severity="info",
    phase="before",
    message=f"Cookie {EVIL_COOKIE} is not in any catalog.",
    subject={"cookie": EVIL_COOKIE},
    references=(),
)
F_INFO_CLEAN = Finding(
    rule="eu-core/banner-text",
    severity="info",
    phase=None,
    message="No consent banner: nothing needed one.",
    subject={},
    references=("EDPB Guidelines 05/2020",),
    title="Banner present when needed",
)


def _rule(rule_id: str, title: str, severity: str, refs: tuple[str, ...]) -> Rule:
    return Rule(
        id=rule_id,
        pack="eu-core",
        title=title,
        severity=severity,  # type: ignore[arg-type]
        phases=("before",),
        subject="cookies",
        where={},
        expect={},
        message="m",
        references=refs,
        description=f"{title}.",
    )


PACK = RulePack(
    name="eu-core",
    version="2025.1",
    source="rules/eu-core",
    rules=(
        _rule(F_HIGH.rule, F_HIGH.title, "high", F_HIGH.references),
        _rule(F_MEDIUM.rule, F_MEDIUM.title, "medium", F_MEDIUM.references),
        _rule(F_INFO_CLEAN.rule, F_INFO_CLEAN.title, "info", F_INFO_CLEAN.references),
        _rule("eu-core/reject-on-first-layer", "Reject on the first layer", "medium", ("EDPB 03/2022",)),
    ),
)

EVIDENCE_FILES = {"screenshots/news.example.com-before.png": SHA_A, "evidence.json": SHA_B}


def make_evidence(*sites: SiteEvidence) -> Evidence:
    """An Evidence of the given sites with the test browser."""
    return Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "0.1.0"},
        browser=BROWSER,
        started_at="2025-03-01T10:00:00Z",
        options={"timeout": 30, "locale": "en-GB"},
        sites=sites,
    )
