"""The collector end to end: real Chromium, three fresh contexts per URL, against the demo server.

Every URL is scanned once, by one `collect` call in a module-scoped fixture (one DemoServer, one
browser); the tests then assert the exact evidence `checker/demo/FIXTURES.md` promises for each
capture path. The full Debian Chromium gets its own small `collect` for the third-party cookie check.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import FloatRect, ViewportSize

from checker.browser import _in_viewport
from checker.catalog import load_catalogs
from checker.classify import classify_evidence
from checker.demo.server import DemoServer
from checker.launch import BrowserNotFound, find_browser
from checker.models import PHASES as ALL_PHASES
from checker.models import Cookie, Evidence, PhaseSnapshot, SiteEvidence
from checker.pipeline import scan_urls
from checker.scan_options import ScanOptions

pytestmark = pytest.mark.browser

DEBIAN_CHROMIUM = "/usr/lib/chromium/chromium"
UNREACHABLE = "https://unreachable.invalid/"
GAZETTE = "second-layer-reject"  # the demo site whose reject is on the second layer

FIXTURE = "https://www.fixture-news.com"
FIXTURE_HOST = "www.fixture-news.com"
BANNER_JS = f"{FIXTURE}/assets/banner.js"
GTAG = "https://www.googletagmanager.com/gtag/js?id=G-FIXTURE01"
GA_COLLECT = "https://www.google-analytics.com/g/collect?v=2&tid=G-FIXTURE01&"
CMP_FRAME = "https://consent.cmp-demo.net/banner.html"
FBEVENTS = "https://connect.facebook.net/en_US/fbevents.js"
FB_PIXEL = "https://www.facebook.com/tr/?id=5550001111&ev=PageView&"

SCANNED_FIXTURES = (
    "third-party",
    "js-cookie",
    "set-delete",
    "storage",
    "refused",
    "iframe-banner",
    "shadow-banner",
    "second-layer",
    "policy-link",
    "late-tracker",
    "no-banner",
    "blank-frame",
    "late-interval",
    "click-delay",
)

# What the consent choice writes on every fixture page (host-only, by banner.js).
CONSENT = ("news_consent", FIXTURE_HOST)
GA = {("_ga", ".fixture-news.com"), ("_gid", ".fixture-news.com")}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Scan:
    """One collect run, classified, with where it wrote its files and which name each URL has."""

    evidence: Evidence
    out_dir: Path
    urls: dict[str, str]  # fixture or demo-site name -> URL, in scan order

    def site(self, name: str) -> SiteEvidence:
        [site] = [s for s in self.evidence.sites if s.url == self.urls[name]]
        return site

    def phase(self, name: str, phase: str) -> PhaseSnapshot:
        return self.site(name).phases[phase]


def _collect(urls: dict[str, str], options: ScanOptions, out_dir: Path) -> Scan:
    evidence = scan_urls(list(urls.values()), options, out_dir)
    return Scan(classify_evidence(evidence, load_catalogs()), out_dir, urls)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A loopback port that is bound (nobody else can take it) but never listens: connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture(scope="module")
def scan(server: DemoServer, closed_port: int, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    try:
        find_browser(None)
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    urls = {name: server.fixture_url(name) for name in SCANNED_FIXTURES}
    urls[GAZETTE] = server.sites[GAZETTE]
    urls["unreachable"] = UNREACHABLE
    # Chromium applies the first matching MAP rule: the unreachable host goes to the closed port,
    # every other hostname to the demo server.
    options = ScanOptions(
        host_map=(f"unreachable.invalid=127.0.0.1:{closed_port}", *server.host_rules()),
        ignore_https_errors=True,
        concurrency=3,
    )
    return _collect(urls, options, tmp_path_factory.mktemp("scan"))


@pytest.fixture(scope="module")
def debian_scan(server: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    if not os.access(DEBIAN_CHROMIUM, os.X_OK):
        pytest.skip(f"{DEBIAN_CHROMIUM} is not installed")
    options = ScanOptions(
        host_map=tuple(server.host_rules()), ignore_https_errors=True, browser_path=DEBIAN_CHROMIUM
    )
    return _collect(
        {"third-party": server.fixture_url("third-party")}, options, tmp_path_factory.mktemp("debian")
    )


# The phases these fixtures are about: no click (before) and the three choices. The gpc phase is the before
# phase with the Global Privacy Control on; tests/signals/test_signal_lab.py checks what it sees.
PHASES = tuple(p for p in ALL_PHASES if p != "gpc")

# How often a phase loads the page: reject and withdraw reload it after the choice (a returning reader).
LOADS = {"before": 1, "accept": 1, "reject": 2, "withdraw": 2}


def stored(snap: PhaseSnapshot) -> set[tuple[str, str]]:
    """(name, domain) of every cookie in the final jar (set-then-deleted ones excluded)."""
    return {(c.name, c.domain) for c in snap.cookies if not c.deleted}


def cookie(snap: PhaseSnapshot, name: str) -> Cookie:
    [found] = [c for c in snap.cookies if c.name == name]
    return found


def clicks(snap: PhaseSnapshot) -> list[tuple[str, str]]:
    assert snap.action is not None
    return [(c.text, c.frame_url) for c in snap.action.clicks]


# --- third-party cookies (image, iframe, fetch), with both Chromium builds -----------------------------

# name -> domain, response that set it, declared (= stored) lifetime in days, fixed value
THIRD_PARTY = {
    "px_uid": (".adtech-demo.net", "https://pixel.adtech-demo.net/px.gif", 365.0, "px-7f3a9c21"),
    "frame_uid": (
        "widgets.social-demo.org",
        "https://widgets.social-demo.org/frame.html",
        30.0,
        "fu-51c0e2d4",
    ),
    "fetch_uid": ("api.metrics-demo.io", "https://api.metrics-demo.io/collect", 7.0, "fx-a90b3e77"),
}
THIRD_PARTY_REQUESTS = {
    ("https://pixel.adtech-demo.net/px.gif", "image", 200),
    ("https://widgets.social-demo.org/frame.html", "document", 200),
    ("https://api.metrics-demo.io/collect", "fetch", 200),
}


def check_third_party_phase(scan: Scan, phase: str) -> None:
    snap = scan.phase("third-party", phase)
    assert snap.error is None
    assert stored(snap) == {(name, spec[0]) for name, spec in THIRD_PARTY.items()}
    for c in snap.cookies:
        domain, set_by, lifetime, value = THIRD_PARTY[c.name]
        assert (c.domain, c.party, c.set_via, c.set_by) == (domain, "third", "http", set_by), c.name
        assert (c.secure, c.same_site, c.session, c.deleted) == (True, "None", False, False), c.name
        assert c.partition_key is None, c.name  # a plain third-party cookie, not a partitioned one
        assert c.declared_lifetime_days == lifetime, c.name
        assert c.lifetime_days == lifetime, c.name
        assert c.value_sha256 == sha(value), c.name
    assert snap.refused_cookies == ()
    third = {(r.url, r.resource_type, r.status) for r in snap.requests if r.party == "third"}
    assert third == THIRD_PARTY_REQUESTS


@pytest.mark.parametrize("phase", PHASES)
def test_third_party_cookies_set_by_image_iframe_and_fetch(scan: Scan, phase: str) -> None:
    check_third_party_phase(scan, phase)


# Only where Debian's full Chromium is installed: exempt from CONSENT_CHECKER_REQUIRE_BROWSER.
@pytest.mark.optional_browser
@pytest.mark.parametrize("phase", PHASES)
def test_third_party_cookies_with_debian_full_chromium(debian_scan: Scan, phase: str) -> None:
    # Debian's full Chromium blocks third-party cookies by default: only the profile preference
    # the tool starts it with lets these land in the jar.
    check_third_party_phase(debian_scan, phase)


@pytest.mark.optional_browser
def test_debian_chromium_evidence_names_the_profile_preference(debian_scan: Scan) -> None:
    browser = debian_scan.evidence.browser
    assert (browser.name, browser.executable) == ("chromium", DEBIAN_CHROMIUM)
    assert browser.third_party_cookies == "allowed"
    assert "cookie_controls_mode=0" in browser.cookie_policy


# --- document.cookie -----------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_js_cookie_is_attributed_to_the_writing_script(scan: Scan, phase: str) -> None:
    snap = scan.phase("js-cookie", phase)
    expected = {("js_written", FIXTURE_HOST)} | (set() if phase == "before" else {CONSENT})
    assert stored(snap) == expected
    js = cookie(snap, "js_written")
    assert (js.set_via, js.set_by) == ("js", "https://cdn.fixture-static.com/writer.js")
    assert (js.secure, js.http_only, js.same_site, js.session) == (False, False, "Lax", False)
    assert (js.declared_lifetime_days, js.lifetime_days) == (1.0, 1.0)
    assert js.value_sha256 == sha("1")
    assert js.party == "first"


@pytest.mark.parametrize("phase", ["accept", "reject"])
def test_consent_cookie_records_the_choice_made(scan: Scan, phase: str) -> None:
    consent = cookie(scan.phase("js-cookie", phase), "news_consent")
    assert (consent.domain, consent.set_via, consent.set_by) == (FIXTURE_HOST, "js", BANNER_JS)
    assert consent.value_sha256 == sha(phase)
    assert (consent.declared_lifetime_days, consent.secure) == (180.0, True)


# --- set then deleted ----------------------------------------------------------------------------------

TEMP_JS = f"{FIXTURE}/assets/temp-token.js"


@pytest.mark.parametrize("phase", PHASES)
def test_cookie_set_then_deleted_is_kept_as_deleted(scan: Scan, phase: str) -> None:
    snap = scan.phase("set-delete", phase)
    assert stored(snap) == (set() if phase == "before" else {CONSENT})
    temp = cookie(snap, "temp_token")
    assert (temp.domain, temp.deleted, temp.set_via, temp.set_by) == (FIXTURE_HOST, True, "js", TEMP_JS)
    assert temp.declared_lifetime_days == 0.04  # max-age 3600
    assert (temp.expires, temp.lifetime_days) == (None, None)  # never in the final jar
    assert temp.value_sha256 == sha("abc")


@pytest.mark.parametrize("phase", PHASES)
def test_set_and_delete_pair_in_cookie_writes(scan: Scan, phase: str) -> None:
    writes = [w for w in scan.phase("set-delete", phase).cookie_writes if w.name == "temp_token"]
    assert [(w.action, w.via, w.source, w.domain) for w in writes] == [
        ("set", "js", TEMP_JS, FIXTURE_HOST),
        ("delete", "js", TEMP_JS, FIXTURE_HOST),
    ] * LOADS[phase]
    assert writes[1].t_ms - writes[0].t_ms >= 290  # the page deletes it 300 ms later


# --- web storage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_local_and_session_storage_of_every_frame(scan: Scan, phase: str) -> None:
    snap = scan.phase("storage", phase)
    assert {(s.origin, s.kind, s.key, s.value_sha256, s.party) for s in snap.storage} == {
        (FIXTURE, "local", "ls_visitor_id", sha("v-20240917-0001"), "first"),
        (FIXTURE, "session", "ss_tab_id", sha("tab-7"), "first"),
        # the third-party iframe's storage, under its own origin
        ("https://widgets.social-demo.org", "local", "widget_state", sha("collapsed"), "third"),
    }
    assert all(s.value is None for s in snap.storage)  # values are hashed by default
    assert stored(snap) == (set() if phase == "before" else {CONSENT})


# --- refused cookies -----------------------------------------------------------------------------------

REFUSED_URL = f"{FIXTURE}/refused.html"


@pytest.mark.parametrize("phase", PHASES)
def test_refused_cookies_with_the_browsers_reasons(scan: Scan, phase: str) -> None:
    snap = scan.phase("refused", phase)
    refused = sorted((r.name, r.url, r.reasons) for r in snap.refused_cookies)
    assert refused == sorted(
        [
            ("bad_samesite", REFUSED_URL, ("SameSiteNoneInsecure",)),
            # Chromium gives only the cookie line for a domain mismatch: the name must still be usable.
            ("wrong_domain", REFUSED_URL, ("InvalidDomain",)),
        ]
        * LOADS[phase]
    )
    for bad in [r for r in snap.refused_cookies if r.name == "bad_samesite"]:
        assert (bad.domain, bad.party) == (FIXTURE_HOST, "first")
    # The domain it asked for, so classification judges it against the right site.
    for wrong in [r for r in snap.refused_cookies if r.name == "wrong_domain"]:
        assert (wrong.domain, wrong.party) == (".other-site.com", "third")


@pytest.mark.parametrize("phase", PHASES)
def test_refused_cookies_are_marked_refused_in_the_timeline(scan: Scan, phase: str) -> None:
    writes = {
        (w.name, w.action)
        for w in scan.phase("refused", phase).cookie_writes
        if w.name in {"bad_samesite", "wrong_domain", "ok_cookie"}
    }
    assert writes == {("bad_samesite", "refused"), ("wrong_domain", "refused"), ("ok_cookie", "set")}


@pytest.mark.parametrize("phase", PHASES)
def test_accepted_cookie_next_to_refused_ones(scan: Scan, phase: str) -> None:
    snap = scan.phase("refused", phase)
    assert stored(snap) == {("ok_cookie", FIXTURE_HOST)} | (set() if phase == "before" else {CONSENT})
    ok = cookie(snap, "ok_cookie")
    assert (ok.set_via, ok.set_by, ok.session, ok.secure, ok.same_site) == (
        "http",
        REFUSED_URL,
        True,
        True,
        "Lax",
    )


# --- banners in a cross-origin iframe and in a shadow root ---------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_iframe_banner_detected_in_its_frame(scan: Scan, phase: str) -> None:
    banner = scan.phase("iframe-banner", phase).banner
    assert banner is not None
    assert (banner.detected, banner.cmp, banner.frame_url) == (True, "generic", CMP_FRAME)
    assert (banner.accept_on_first_layer, banner.reject_on_first_layer) == (True, True)
    assert banner.text.startswith("Nous utilisons des cookies")


def test_iframe_banner_before_sets_nothing(scan: Scan) -> None:
    snap = scan.phase("iframe-banner", "before")
    assert snap.action is None
    assert snap.cookies == ()


def test_iframe_banner_accept_clicks_in_the_frame(scan: Scan) -> None:
    snap = scan.phase("iframe-banner", "accept")
    assert snap.action is not None
    assert (snap.action.done, snap.action.layers, snap.action.banner_gone) == (True, 1, True)
    assert clicks(snap) == [("Tout accepter", CMP_FRAME)]
    assert stored(snap) == {CONSENT} | GA
    assert cookie(snap, "news_consent").value_sha256 == sha("accept")
    ga = cookie(snap, "_ga")
    assert (ga.set_via, ga.set_by, ga.party, ga.category) == ("js", GTAG, "first", "analytics")


def test_iframe_banner_reject_clicks_continue_without_accepting(scan: Scan) -> None:
    snap = scan.phase("iframe-banner", "reject")
    assert snap.action is not None
    assert (snap.action.done, snap.action.layers, snap.action.banner_gone) == (True, 1, True)
    assert clicks(snap) == [("Continuer sans accepter", CMP_FRAME)]
    assert stored(snap) == {CONSENT}
    assert cookie(snap, "news_consent").value_sha256 == sha("reject")
    assert [r.url for r in snap.requests if "google" in r.url] == []


@pytest.mark.parametrize(
    ("phase", "text", "expected"),
    [("accept", "Alle akzeptieren", {CONSENT} | GA), ("reject", "Nur notwendige Cookies", {CONSENT})],
)
def test_shadow_dom_banner_clicks(scan: Scan, phase: str, text: str, expected: set[tuple[str, str]]) -> None:
    url = scan.urls["shadow-banner"]
    snap = scan.phase("shadow-banner", phase)
    assert snap.banner is not None
    assert (snap.banner.detected, snap.banner.frame_url) == (True, url)
    assert snap.action is not None
    assert (snap.action.done, snap.action.layers) == (True, 1)
    assert clicks(snap) == [(text, url)]
    assert stored(snap) == expected
    assert cookie(snap, "news_consent").value_sha256 == sha(phase)


def test_shadow_dom_banner_before_sets_nothing(scan: Scan) -> None:
    snap = scan.phase("shadow-banner", "before")
    assert snap.banner is not None and snap.banner.detected
    assert snap.cookies == ()


# --- reject through the second layer -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cmp", "settings", "reject"),
    [
        ("second-layer", "generic", "Manage preferences", "Reject all"),
        (GAZETTE, "cookiebot", "Personnaliser", "Tout refuser"),
    ],
)
def test_reject_through_the_second_layer(scan: Scan, name: str, cmp: str, settings: str, reject: str) -> None:
    url = scan.urls[name]
    snap = scan.phase(name, "reject")
    assert snap.banner is not None
    assert (snap.banner.cmp, snap.banner.accept_on_first_layer, snap.banner.reject_on_first_layer) == (
        cmp,
        True,
        False,
    )
    assert snap.banner.settings_on_first_layer is True
    action = snap.action
    assert action is not None
    assert (action.intent, action.done, action.cmp, action.layers, action.banner_gone) == (
        "reject",
        True,
        cmp,
        2,
        True,
    )
    assert clicks(snap) == [(settings, url), (reject, url)]
    assert action.clicks[0].t_ms < action.clicks[1].t_ms
    assert cookie(snap, "news_consent").value_sha256 == sha("reject")


def test_second_layer_fixture_cookies(scan: Scan) -> None:
    assert stored(scan.phase("second-layer", "before")) == set()
    accept = scan.phase("second-layer", "accept")
    assert accept.action is not None and accept.action.layers == 1
    assert clicks(accept) == [("Accept all", scan.urls["second-layer"])]
    assert stored(accept) == {CONSENT} | GA
    assert stored(scan.phase("second-layer", "reject")) == {CONSENT}


def test_second_layer_demo_site_cookies(scan: Scan) -> None:
    host = "www.gazette-ville.fr"
    base = {("news_session", host), ("news_consent", host), ("CookieConsent", host)}
    assert stored(scan.phase(GAZETTE, "before")) == {("news_session", host)}
    assert stored(scan.phase(GAZETTE, "accept")) == base | {
        ("_ga", ".gazette-ville.fr"),
        ("_gid", ".gazette-ville.fr"),
        ("cto_bundle", ".gazette-ville.fr"),
    }
    assert stored(scan.phase(GAZETTE, "reject")) == base


# --- a policy link is never clicked --------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_policy_link_is_never_followed(scan: Scan, phase: str) -> None:
    url = scan.urls["policy-link"]
    snap = scan.phase("policy-link", phase)
    assert snap.final_url == url
    assert "policy_visited" not in {c.name for c in snap.cookies}
    assert f"{FIXTURE}/cookie-policy.html" not in {r.url for r in snap.requests}
    assert (
        stored(snap)
        == {"before": set(), "accept": {CONSENT} | GA, "reject": {CONSENT}, "withdraw": {CONSENT}}[phase]
    )
    if phase != "before":
        assert snap.action is not None
        assert snap.action.navigated is False
        expected = {
            "accept": [("Agree", url)],
            "reject": [("Disagree", url)],
            # the banner's own "Cookie settings" button, then the banner it brings back
            "withdraw": [("Cookie settings", url), ("Disagree", url)],
        }
        assert clicks(snap) == expected[phase]


# --- a tracker injected 2.5 s after load ---------------------------------------------------------------


def test_late_tracker_caught_before_any_choice(scan: Scan) -> None:
    snap = scan.phase("late-tracker", "before")
    assert snap.action is None
    assert stored(snap) == {("_fbp", ".fixture-news.com"), ("fr", ".facebook.com")}
    fbp = cookie(snap, "_fbp")
    assert (fbp.set_via, fbp.set_by, fbp.party) == ("js", FBEVENTS, "first")
    [pixel] = [r for r in snap.requests if r.url.startswith(FB_PIXEL)]
    assert (pixel.resource_type, pixel.status, pixel.party) == ("image", 200, "third")
    fr = cookie(snap, "fr")
    assert (fr.set_via, fr.set_by, fr.party, fr.category) == ("http", pixel.url, "third", "marketing")
    assert (fr.secure, fr.http_only, fr.same_site) == (True, True, "None")
    # written after the 2.5 s timer (times are relative to the navigation start)
    assert fbp.first_seen_ms is not None and fbp.first_seen_ms > 2500
    assert fr.first_seen_ms is not None and fr.first_seen_ms > 2500


def test_late_tracker_load_settle_waits_for_the_timer(scan: Scan) -> None:
    [settle] = scan.phase("late-tracker", "before").settle
    # quiet: it stopped because the page went quiet, not at the 10 s maximum; and past the 2.5 s timer
    assert (settle.stage, settle.quiet) == ("load", True)
    assert settle.waited_ms > 2500


def test_quiet_page_is_not_held(scan: Scan) -> None:
    [settle] = scan.phase("no-banner", "before").settle
    # quiet: the settle ended because the page went quiet, not by running to the maximum
    assert (settle.stage, settle.quiet) == ("load", True)


@pytest.mark.parametrize("phase", ["accept", "reject"])
def test_late_tracker_fires_whatever_the_choice(scan: Scan, phase: str) -> None:
    snap = scan.phase("late-tracker", phase)
    assert stored(snap) == {CONSENT, ("_fbp", ".fixture-news.com"), ("fr", ".facebook.com")}


# --- declared vs stored expiry -------------------------------------------------------------------------


def test_declared_lifetime_beyond_chromiums_cap(scan: Scan) -> None:
    snap = scan.phase(GAZETTE, "accept")
    cto = cookie(snap, "cto_bundle")
    assert (cto.domain, cto.set_via, cto.set_by) == (
        ".gazette-ville.fr",
        "js",
        "https://www.gazette-ville.fr/assets/cookiebot-consent.js",
    )
    assert cto.declared_lifetime_days == pytest.approx(1095, abs=0.01)  # max-age 94608000
    assert cto.lifetime_days == pytest.approx(400, abs=0.01)  # stored: Chromium's 400-day cap
    assert cto.declared_expires is not None and cto.expires is not None
    assert cto.declared_expires > cto.expires
    ga = cookie(snap, "_ga")
    assert ga.declared_lifetime_days == pytest.approx(730, abs=0.01)
    assert ga.lifetime_days == pytest.approx(400, abs=0.01)


# --- screenshots ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_screenshot_of_each_phase_matches_its_hash(scan: Scan, phase: str) -> None:
    for name, url in scan.urls.items():
        if name == "unreachable":
            continue
        shot = scan.phase(name, phase).screenshot
        assert shot is not None, url
        assert shot.path.startswith("screenshots/") and shot.path.endswith(f"-{phase}.png"), shot.path
        data = (scan.out_dir / shot.path).read_bytes()
        assert data.startswith(b"\x89PNG"), shot.path
        assert hashlib.sha256(data).hexdigest() == shot.sha256, shot.path


def test_screenshots_show_the_banner_then_its_absence(scan: Scan) -> None:
    before = scan.phase("js-cookie", "before").screenshot
    accept = scan.phase("js-cookie", "accept").screenshot
    assert before is not None and accept is not None
    assert before.path != accept.path
    assert before.sha256 != accept.sha256


# --- request records -----------------------------------------------------------------------------------


def test_tracker_request_records(scan: Scan) -> None:
    url = scan.urls["no-banner"]
    snap = scan.phase("no-banner", "before")
    [gtag] = [r for r in snap.requests if r.url == GTAG]
    assert (gtag.method, gtag.resource_type, gtag.status, gtag.failure) == ("GET", "script", 200, None)
    assert (gtag.frame_url, gtag.initiator) == (url, BANNER_JS)
    # A tag manager is infrastructure: the tags it loads are judged on their own requests and cookies.
    assert (gtag.party, gtag.vendor, gtag.category) == ("third", "Google Tag Manager", "functional")
    [hit] = [r for r in snap.requests if r.url.startswith(GA_COLLECT)]
    assert (hit.method, hit.resource_type, hit.status, hit.frame_url) == ("GET", "image", 204, url)
    assert (hit.party, hit.vendor, hit.category) == ("third", "Google Analytics", "analytics")
    assert gtag.t_ms <= hit.t_ms


def test_first_party_requests_are_first_party(scan: Scan) -> None:
    snap = scan.phase("no-banner", "before")
    first = {r.url for r in snap.requests if r.party == "first"}
    assert first == {scan.urls["no-banner"], f"{FIXTURE}/assets/fixture.css", BANNER_JS}


def test_navigation_requests_name_the_frame_they_load(scan: Scan) -> None:
    url = scan.urls["third-party"]
    snap = scan.phase("third-party", "before")
    documents = {(r.url, r.frame_url) for r in snap.requests if r.resource_type == "document"}
    frame = "https://widgets.social-demo.org/frame.html"
    assert documents == {(url, url), (frame, frame)}


# --- an unreachable site does not cost the others ------------------------------------------------------


def test_unreachable_site_is_an_error_naming_the_url(scan: Scan) -> None:
    site = scan.site("unreachable")
    assert site.status == "error"
    assert site.error is not None
    assert "\n" not in site.error
    assert site.error.startswith(f"could not load {UNREACHABLE}: ")
    assert "ERR_CONNECTION_REFUSED" in site.error  # the closed port answered, not a DNS failure
    assert set(site.phases) == set(ALL_PHASES)
    for snap in site.phases.values():
        assert snap.error == site.error
        assert (snap.cookies, snap.screenshot, snap.banner, snap.action) == ((), None, None, None)


def test_other_sites_in_the_same_run_are_complete(scan: Scan) -> None:
    assert [s.url for s in scan.evidence.sites] == list(scan.urls.values())
    for name in scan.urls:
        if name == "unreachable":
            continue
        site = scan.site(name)
        assert (site.status, site.error) == ("ok", None), name
        assert set(site.phases) == set(ALL_PHASES), name
        for phase, snap in site.phases.items():
            assert snap.error is None, (name, phase)
            assert (snap.phase, snap.url, snap.final_url) == (phase, site.url, site.url)
            assert [s.stage for s in snap.settle][:1] == ["load"], (name, phase)


# --- the cookie policy the run actually had --------------------------------------------------------


def test_policy_reported_blocked_when_the_browser_refused_third_party_cookies() -> None:
    from checker.models import BrowserInfo, RefusedCookie
    from checker.pipeline import observed_policy

    info = BrowserInfo("chromium", "156", "/usr/lib/chromium/chromium", True, "allowed", "profile preference")
    refused = RefusedCookie(name="IDE", url="https://ad.doubleclick.net/x", reasons=("UserPreferences",))
    blocked_site = SiteEvidence(
        url="https://a.example/",
        status="ok",
        phases={"before": PhaseSnapshot("before", "u", "u", "t", 1, refused_cookies=(refused,))},
    )
    clean_site = SiteEvidence(url="https://b.example/", status="ok")
    assert observed_policy(info, [clean_site]) == info
    observed = observed_policy(info, [clean_site, blocked_site])
    assert (observed.third_party_cookies, observed.cookie_policy) == (
        "blocked",
        "profile preference; yet the browser refused third-party cookies (UserPreferences)",
    )


# --- cookies from about:blank frames, late intervals, tags that start after the click -------------------


@pytest.mark.parametrize("phase", PHASES)
def test_cookie_written_through_an_about_blank_frame_keeps_its_provenance(scan: Scan, phase: str) -> None:
    snap = scan.phase("blank-frame", phase)
    written = cookie(snap, "blank_frame")
    assert (written.domain, written.set_via, written.set_by) == (
        FIXTURE_HOST,
        "js",
        scan.urls["blank-frame"],
    )
    assert snap.refused_cookies == ()


def test_tracker_started_by_the_first_run_of_an_interval_is_caught(scan: Scan) -> None:
    snap = scan.phase("late-interval", "before")
    fbp = cookie(snap, "_fbp")
    assert (fbp.set_via, fbp.set_by) == ("js", FBEVENTS)
    assert fbp.first_seen_ms is not None and fbp.first_seen_ms > 2500
    [load] = snap.settle
    assert load.quiet and load.waited_ms > 2500


def test_tags_started_shortly_after_the_click_are_caught(scan: Scan) -> None:
    accept = scan.phase("click-delay", "accept")
    assert {c.name for c in accept.cookies} == {"_ga", "_gid"}
    assert [c.text for c in accept.action.clicks] == ["Accept all"]  # type: ignore[union-attr]
    after_click = accept.settle[-1]
    assert (after_click.stage, after_click.quiet) == ("after_click", True)
    assert after_click.waited_ms >= 500  # a full quiet window, watched from the click on
    assert scan.phase("click-delay", "reject").cookies == ()


def test_the_banner_crop_is_clipped_to_the_viewport() -> None:
    viewport: ViewportSize = {"width": 1280, "height": 800}
    inside: FloatRect = {"x": 0, "y": 700, "width": 1280, "height": 100}
    assert _in_viewport(inside, viewport) == {"x": 0.0, "y": 700.0, "width": 1280.0, "height": 100.0}
    overflowing: FloatRect = {"x": -10, "y": 750, "width": 1300, "height": 200}
    assert _in_viewport(overflowing, viewport) == {"x": 0.0, "y": 750.0, "width": 1280.0, "height": 50.0}
    below: FloatRect = {"x": 0, "y": 900, "width": 1280, "height": 100}
    assert _in_viewport(below, viewport) is None
    assert _in_viewport(None, viewport) is None
