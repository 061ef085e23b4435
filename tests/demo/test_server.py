"""DemoServer: real HTTPS requests (Host header routing, exact Set-Cookie headers, certificate, binding)."""

from __future__ import annotations

import asyncio
import http.client
import re
import socket
import ssl
import time
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from cryptography import x509
from playwright.async_api import async_playwright

from checker.demo.server import DEMO_SITES, FIXTURE_HOST, FIXTURES, HOSTNAMES, DemoServer
from checker.launch import BrowserNotFound, Launched, find_browser, host_resolver_rules, launch

T = TypeVar("T")


@pytest.fixture(scope="module")
def srv() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def _unverified() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def request(
    srv: DemoServer,
    host: str,
    path: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=_unverified(), timeout=10)
    try:
        conn.request(method, path, headers={"Host": host, **(headers or {})})
        resp = conn.getresponse()
        body = resp.read()
        return resp, body
    finally:
        conn.close()


def set_cookies(resp: http.client.HTTPResponse) -> list[str]:
    return resp.headers.get_all("Set-Cookie") or []


# --- lifecycle, binding, certificate ----------------------------------------------------------------


def test_binds_only_loopback(srv: DemoServer) -> None:
    assert srv.address == "127.0.0.1"
    assert srv.host_rules() == [f"*=127.0.0.1:{srv.port}"]
    # Another loopback address on the same port is not served: the socket is bound to 127.0.0.1 only.
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", srv.port), timeout=2):
        pass


def test_certificate_lists_every_hostname(srv: DemoServer) -> None:
    with (
        socket.create_connection(("127.0.0.1", srv.port), timeout=5) as raw,
        _unverified().wrap_socket(raw, server_hostname="www.meridian-news.com") as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    cert = x509.load_der_x509_certificate(der)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    names = set(sans.get_values_for_type(x509.DNSName))
    assert set(HOSTNAMES) <= names
    assert set(srv.hostnames) == set(HOSTNAMES)


def test_certificate_verifies_against_its_ca(srv: DemoServer) -> None:
    ctx = ssl.create_default_context(cafile=str(srv.ca_cert_path))
    for host in ("www.dailyledger.de", "securepubads.g.doubleclick.net", "www.fixture-news.com"):
        with (
            socket.create_connection(("127.0.0.1", srv.port), timeout=5) as raw,
            ctx.wrap_socket(raw, server_hostname=host) as tls,
        ):
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
    assert re.fullmatch(r"[A-Za-z0-9+/]{43}=", srv.spki_sha256)


def test_stop_deletes_the_certificate_directory() -> None:
    server = DemoServer().start()
    cert_dir: Path = server.ca_cert_path.parent
    assert (cert_dir / "key.pem").is_file()
    server.stop()
    assert not cert_dir.exists()
    with pytest.raises(RuntimeError):
        _ = server.port
    server.stop()  # idempotent


# --- URLs -------------------------------------------------------------------------------------------


def test_sites_and_fixture_urls(srv: DemoServer) -> None:
    assert srv.sites == {
        "good": "https://www.meridian-news.com/world/shoigu-iran-talks",
        "pre-consent-tracker": "https://www.harbour-times.co.uk/politics/shoigu-iran-security-talks",
        "tracks-after-reject": "https://www.dailyledger.de/politik/schoigu-iran-sicherheitsgespraeche",
        "second-layer-reject": "https://www.gazette-ville.fr/monde/choigou-iran-discussions-securite",
        "tcf-consent-after-reject": "https://www.corriere-valle.it/esteri/shoigu-iran-colloqui-sicurezza",
        "granted-before-choice": "https://www.post-amsterdam.nl/buitenland/sjojgoe-iran-veiligheidsoverleg",
    }
    assert srv.fixture_url("storage") == "https://www.fixture-news.com/storage.html"
    assert srv.fixture_url("storage.html") == "https://www.fixture-news.com/storage.html"
    assert srv.fixture_url("/slow?ms=5") == "https://www.fixture-news.com/slow?ms=5"
    with pytest.raises(KeyError):
        srv.fixture_url("nope")
    assert set(srv.fixtures) == set(FIXTURES)


@pytest.mark.parametrize(
    "url", [*DEMO_SITES.values(), *(f"https://{FIXTURE_HOST}/{f}.html" for f in FIXTURES)]
)
def test_every_page_is_served_as_html(srv: DemoServer, url: str) -> None:
    host, path = url.removeprefix("https://").split("/", 1)
    resp, body = request(srv, host, "/" + path)
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert resp.headers["Cache-Control"] == "no-store"
    assert body.startswith(b"<!DOCTYPE html>")


# --- exact Set-Cookie headers -----------------------------------------------------------------------


@pytest.mark.parametrize("url", list(DEMO_SITES.values()))
def test_news_sites_set_the_session_cookie(srv: DemoServer, url: str) -> None:
    host, path = url.removeprefix("https://").split("/", 1)
    resp, _ = request(srv, host, "/" + path)
    [cookie] = set_cookies(resp)
    assert re.fullmatch(r"news_session=[0-9a-f]{32}; Path=/; Secure; HttpOnly; SameSite=Lax", cookie)
    # Not re-set when the browser already carries one; never on scripts or styles.
    resp, _ = request(srv, host, "/" + path, headers={"Cookie": "news_session=abc; news_consent=reject"})
    assert set_cookies(resp) == []
    policy = "/cookiebeleid.html" if host == "www.post-amsterdam.nl" else "/cookie-policy.html"
    resp, _ = request(srv, host, policy)
    assert len(set_cookies(resp)) == 1
    resp, _ = request(srv, host, "/assets/site.css")
    assert resp.headers["Content-Type"] == "text/css; charset=utf-8"
    assert set_cookies(resp) == []


def test_facebook_pixel_sets_fr(srv: DemoServer) -> None:
    resp, body = request(srv, "www.facebook.com", "/tr/?id=4410028833&ev=PageView")
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "image/gif"
    assert body.startswith(b"GIF89a")
    assert set_cookies(resp) == [
        "fr=1Qd3m0FrCk2pLx9.AWVdemo.Bn0Xk2.AA.0.0.Bn0Xk2.AWXdemo; Domain=.facebook.com; Path=/; "
        "Max-Age=7776000; Secure; HttpOnly; SameSite=None"
    ]


def test_doubleclick_ads_sets_ide_with_cors(srv: DemoServer) -> None:
    origin = "https://www.dailyledger.de"
    resp, body = request(
        srv, "securepubads.g.doubleclick.net", "/pagead/ads?iu=x", headers={"Origin": origin}
    )
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/json"
    assert b"Advertisement" in body
    assert set_cookies(resp) == [
        "IDE=AHWqTUmDemo0IDE7hQzk3vN2pLx9rT4; Domain=.doubleclick.net; Path=/; Max-Age=34128000; "
        "Secure; HttpOnly; SameSite=None"
    ]
    assert resp.headers["Access-Control-Allow-Origin"] == origin
    assert resp.headers["Access-Control-Allow-Credentials"] == "true"


def test_fixture_third_parties_set_exact_cookies(srv: DemoServer) -> None:
    resp, _ = request(srv, "pixel.adtech-demo.net", "/px.gif")
    assert resp.headers["Content-Type"] == "image/gif"
    assert set_cookies(resp) == [
        "px_uid=px-7f3a9c21; Domain=.adtech-demo.net; Path=/; Max-Age=31536000; Secure; SameSite=None"
    ]
    resp, _ = request(srv, "widgets.social-demo.org", "/frame.html")
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert set_cookies(resp) == ["frame_uid=fu-51c0e2d4; Path=/; Max-Age=2592000; Secure; SameSite=None"]
    resp, _ = request(srv, "widgets.social-demo.org", "/storage-frame.html")
    assert set_cookies(resp) == []
    origin = "https://www.fixture-news.com"
    resp, body = request(srv, "api.metrics-demo.io", "/collect", headers={"Origin": origin})
    assert body == b'{"ok":true}'
    assert set_cookies(resp) == ["fetch_uid=fx-a90b3e77; Path=/; Max-Age=604800; Secure; SameSite=None"]
    assert resp.headers["Access-Control-Allow-Origin"] == origin
    assert resp.headers["Access-Control-Allow-Credentials"] == "true"
    resp, _ = request(srv, "api.metrics-demo.io", "/collect", method="OPTIONS", headers={"Origin": origin})
    assert resp.status == 204
    assert set_cookies(resp) == []


def test_refused_fixture_headers(srv: DemoServer) -> None:
    resp, _ = request(srv, FIXTURE_HOST, "/refused.html")
    assert set_cookies(resp) == [
        "bad_samesite=1; Path=/; SameSite=None",
        "wrong_domain=1; Domain=other-site.com; Path=/",
        "ok_cookie=1; Path=/; Secure; SameSite=Lax",
    ]
    resp, _ = request(srv, FIXTURE_HOST, "/cookie-policy.html")
    assert set_cookies(resp) == ["policy_visited=1; Path=/; Secure; SameSite=Lax"]
    resp, _ = request(srv, FIXTURE_HOST, "/storage.html")
    assert set_cookies(resp) == []


def test_tracker_scripts_and_collect(srv: DemoServer) -> None:
    for host, path in [
        ("www.googletagmanager.com", "/gtag/js?id=G-MERIDIAN01"),
        ("connect.facebook.net", "/en_US/fbevents.js"),
        ("securepubads.g.doubleclick.net", "/tag/js/gpt.js"),
        ("cdn.fixture-static.com", "/writer.js"),
    ]:
        resp, body = request(srv, host, path)
        assert resp.status == 200, (host, path)
        assert resp.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert set_cookies(resp) == []
        assert b"document.cookie" in body
    resp, body = request(srv, "www.google-analytics.com", "/g/collect?v=2&tid=G-X&gcs=G111")
    assert (resp.status, body, set_cookies(resp)) == (204, b"", [])


# --- errors, methods, robustness --------------------------------------------------------------------


def test_unknown_paths_and_hosts_are_404(srv: DemoServer) -> None:
    for host, path in [
        ("www.meridian-news.com", "/no/such/page.html"),
        (FIXTURE_HOST, "/../../../etc/passwd"),
        (FIXTURE_HOST, "/assets/../../www.meridian-news.com/index.html"),
        ("www.facebook.com", "/"),
        ("evil.example", "/"),
    ]:
        resp, _ = request(srv, host, path)
        assert resp.status == 404, (host, path)
        assert resp.headers["Cache-Control"] == "no-store"
    resp, body = request(srv, "evil.example", "/")
    assert b"unknown host" in body


def test_host_header_with_port_and_head(srv: DemoServer) -> None:
    resp, body = request(srv, f"www.fixture-news.com:{srv.port}", "/no-banner.html")
    assert resp.status == 200
    resp, body = request(srv, FIXTURE_HOST, "/no-banner.html", method="HEAD")
    assert resp.status == 200
    assert body == b""
    assert int(resp.headers["Content-Length"]) > 0


def test_slow_endpoint(srv: DemoServer) -> None:
    t0 = time.monotonic()
    resp, body = request(srv, FIXTURE_HOST, "/slow?ms=300")
    assert time.monotonic() - t0 >= 0.3
    assert (resp.status, body) == (200, b"slept 300 ms\n")
    resp, _ = request(srv, FIXTURE_HOST, "/slow?ms=abc")
    assert resp.status == 400


def test_concurrent_requests(srv: DemoServer) -> None:
    targets = [
        (host, "/" + url.split("/", 3)[3]) for url in DEMO_SITES.values() for host in [url.split("/")[2]]
    ]
    targets += [
        ("www.facebook.com", "/tr/"),
        (FIXTURE_HOST, "/slow?ms=200"),
        ("pixel.adtech-demo.net", "/px.gif"),
    ]

    def fetch(i: int) -> int:
        host, path = targets[i % len(targets)]
        return request(srv, host, path)[0].status

    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(fetch, range(96)))
    assert statuses == [200] * 96


def test_keep_alive_serves_several_requests_on_one_connection(srv: DemoServer) -> None:
    conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=_unverified(), timeout=10)
    try:
        for path in ("/storage.html", "/assets/banner.js", "/js-cookie.html"):
            conn.request("GET", path, headers={"Host": FIXTURE_HOST})
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200
    finally:
        conn.close()


# --- the demo sites in a real browser ----------------------------------------------------------

DEMO_CLICKS: dict[str, dict[str, list[str]]] = {
    "good": {
        "accept": ["#cookie-banner-first [data-consent=accept]"],
        "reject": ["#cookie-banner-first [data-consent=reject]"],
    },
    "pre-consent-tracker": {
        "accept": ["#onetrust-accept-btn-handler"],
        "reject": ["#onetrust-reject-all-handler"],
    },
    "tracks-after-reject": {
        "accept": ["#didomi-notice-agree-button"],
        "reject": ["#didomi-notice-disagree-button"],
    },
    "second-layer-reject": {
        "accept": ["#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll"],
        "reject": [
            "#CybotCookiebotDialogBodyButtonDetails",
            "#CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll",
        ],
    },
    "tcf-consent-after-reject": {
        "accept": ["#tcf-banner [data-tcf=accept]"],
        "reject": ["#tcf-banner [data-tcf=reject]"],
    },
    "granted-before-choice": {
        "accept": ["[data-toestemming=accept]"],
        "reject": ["[data-toestemming=reject]"],
    },
}

# (name, domain) of the final cookie jar, per site and phase (FIXTURES.md).
EXPECTED_JAR: dict[str, dict[str, set[tuple[str, str]]]] = {
    "good": {
        "before": {("news_session", "www.meridian-news.com")},
        "accept": {
            ("news_session", "www.meridian-news.com"),
            ("news_consent", "www.meridian-news.com"),
            ("_ga", ".meridian-news.com"),
            ("_gid", ".meridian-news.com"),
        },
        "reject": {("news_session", "www.meridian-news.com"), ("news_consent", "www.meridian-news.com")},
    },
    "pre-consent-tracker": {
        "before": {
            ("news_session", "www.harbour-times.co.uk"),
            ("_ga", ".harbour-times.co.uk"),
            ("_gid", ".harbour-times.co.uk"),
            ("_fbp", ".harbour-times.co.uk"),
            ("fr", ".facebook.com"),
        },
    },
    "tracks-after-reject": {
        "before": {("news_session", "www.dailyledger.de")},
        "accept": {
            ("news_session", "www.dailyledger.de"),
            ("news_consent", "www.dailyledger.de"),
            ("didomi_token", "www.dailyledger.de"),
            ("_ga", ".dailyledger.de"),
            ("_gid", ".dailyledger.de"),
            ("__gads", ".dailyledger.de"),
            ("IDE", ".doubleclick.net"),
        },
        "reject": {
            ("news_session", "www.dailyledger.de"),
            ("news_consent", "www.dailyledger.de"),
            ("didomi_token", "www.dailyledger.de"),
            ("__gads", ".dailyledger.de"),
            ("_fbp", ".dailyledger.de"),
            ("IDE", ".doubleclick.net"),
            ("fr", ".facebook.com"),
        },
    },
    "second-layer-reject": {
        "before": {("news_session", "www.gazette-ville.fr")},
        "accept": {
            ("news_session", "www.gazette-ville.fr"),
            ("news_consent", "www.gazette-ville.fr"),
            ("CookieConsent", "www.gazette-ville.fr"),
            ("_ga", ".gazette-ville.fr"),
            ("_gid", ".gazette-ville.fr"),
            ("cto_bundle", ".gazette-ville.fr"),
        },
        "reject": {
            ("news_session", "www.gazette-ville.fr"),
            ("news_consent", "www.gazette-ville.fr"),
            ("CookieConsent", "www.gazette-ville.fr"),
        },
    },
}
_cv = "www.corriere-valle.it"
_cv_choice = {(name, _cv) for name in ("news_session", "news_consent", "euconsent-v2", "cmp_choice")}
EXPECTED_JAR["tcf-consent-after-reject"] = {
    "before": {("news_session", _cv)},
    "accept": _cv_choice | {("_ga", ".corriere-valle.it"), ("_gid", ".corriere-valle.it")},
    "reject": _cv_choice,
}
_pa = "www.post-amsterdam.nl"
_pa_ga = {("_ga", ".post-amsterdam.nl"), ("_gid", ".post-amsterdam.nl")}
EXPECTED_JAR["granted-before-choice"] = {
    "before": {("news_session", _pa)} | _pa_ga,
    "accept": {("news_session", _pa), ("news_consent", _pa)} | _pa_ga,
    "reject": {("news_session", _pa), ("news_consent", _pa)},
}
_ht = EXPECTED_JAR["pre-consent-tracker"]
_ht["accept"] = _ht["before"] | {
    ("news_consent", "www.harbour-times.co.uk"),
    ("OptanonConsent", "www.harbour-times.co.uk"),
    ("OptanonAlertBoxClosed", "www.harbour-times.co.uk"),
}
_ht["reject"] = set(_ht["accept"])


@dataclass
class Chromium:
    """The browser the tool would pick, started as the tool starts it (third-party cookies allowed)."""

    loop: asyncio.AbstractEventLoop
    launched: Launched

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)


@pytest.fixture(scope="module")
def browser(srv: DemoServer) -> Iterator[Chromium]:
    # The expected jars hold third-party cookies (fr, IDE): go through checker.launch so that a full
    # Chromium gets the profile that allows them, exactly as in a scan.
    try:
        choice = find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    loop = asyncio.new_event_loop()
    pw = loop.run_until_complete(async_playwright().start())
    try:
        args = [f"--host-resolver-rules={host_resolver_rules(srv.host_rules())}"]
        launched = loop.run_until_complete(launch(pw, choice, args))
        try:
            yield Chromium(loop, launched)
        finally:
            loop.run_until_complete(launched.close())
    finally:
        loop.run_until_complete(pw.stop())
        loop.close()


JAR_TIMEOUT_S = 20.0  # generous: a loaded CI runner is slow, and a correct jar returns as soon as it is there


def jar(cookies: Sequence[Any]) -> set[tuple[str, str]]:
    return {(c["name"], c["domain"]) for c in cookies}


async def _cookie_jar(srv: DemoServer, browser: Chromium, site: str, phase: str) -> list[Any]:
    ctx = await browser.launched.browser.new_context(ignore_https_errors=True)
    try:
        page = await ctx.new_page()
        await page.goto(srv.sites[site], wait_until="load")
        for selector in DEMO_CLICKS[site].get(phase, []):
            # click() waits for the control to be visible and enabled (e.g. a second-layer button).
            await page.click(selector, timeout=10_000)
        # Wait for the condition, not for a fixed time: every expected cookie is in the jar (trackers
        # load asynchronously after the load event or the click). Any extra cookie already stored
        # then fails the exact comparison below; on timeout the comparison shows what is missing.
        expected = EXPECTED_JAR[site][phase]
        deadline = time.monotonic() + JAR_TIMEOUT_S
        cookies = await ctx.cookies()
        while not expected <= jar(cookies) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            cookies = await ctx.cookies()
        return list(cookies)
    finally:
        await ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("phase", ["before", "accept", "reject"])
@pytest.mark.parametrize("site", list(DEMO_SITES))
def test_demo_site_cookie_jar_in_chromium(srv: DemoServer, browser: Chromium, site: str, phase: str) -> None:
    cookies = browser.run(_cookie_jar(srv, browser, site, phase))
    assert jar(cookies) == EXPECTED_JAR[site][phase]
    if phase != "before":
        [consent] = [c for c in cookies if c["name"] == "news_consent"]
        assert consent["value"] == phase


def test_demo_site_urls_use_the_news_hosts_the_server_serves() -> None:
    from urllib.parse import urlsplit

    from checker.demo.endpoints import NEWS_HOSTS
    from checker.demo.server import DEMO_SITES, HOSTNAMES

    assert tuple(urlsplit(u).hostname for u in DEMO_SITES.values()) == NEWS_HOSTS
    assert set(NEWS_HOSTS) <= set(HOSTNAMES)


# --- the npm CDN's +esm bundles ----------------------------------------------------------------------


def test_npm_cdn_serves_one_file_es_module_bundles_like_jsdelivr(srv: DemoServer) -> None:
    resp, body = request(srv, "cdn.jsdelivr.net", "/npm/@iabtcf/cmpapi@1.5.6/+esm")
    assert (resp.status, resp.headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    # Other packages stay imports of their own +esm bundle, so a page shares one @iabtcf/core.
    assert 'import { TCString, TCModel } from "/npm/@iabtcf/core@1.5.6/+esm";' in body.decode()
    resp, body = request(srv, "cdn.jsdelivr.net", "/npm/@iabtcf/cmpapi@1.4.0/+esm")
    assert (resp.status, body) == (
        404,
        b"404 npm package @iabtcf/cmpapi@1.4.0 is not installed (installed: @iabtcf/cmpapi@1.5.6)\n",
    )
    resp, body = request(srv, "cdn.jsdelivr.net", "/npm/klaro@0.7.22/+esm")
    assert (resp.status, body) == (
        404,
        b"404 no +esm bundle of klaro@0.7.22 (scripts/npm-esm.mjs builds them for ES-module packages)\n",
    )
