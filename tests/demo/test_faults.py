"""Fault pages of the demo server (www.faulty-news.com): exact statuses, headers and bodies, and the
server-side faults (late first byte, slow drip, a body that never finishes, a TCP reset) seen from a
real TLS client. No browser."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator

import pytest

from checker.demo.endpoints import MAX_RESPONSE_WAIT_S, SITES_DIR, DemoRequest, DemoResponse, find_handler
from checker.demo.faults import (
    ARTICLE_HEADLINES,
    BANNER_SCRIPT,
    COOKIE_NAME_VALUE_LIMIT,
    DEFAULT_HEADLINE,
    DOWNLOAD_BYTES,
    ELSEWHERE_ARTICLE_URL,
    ELSEWHERE_HOST,
    EMPTY_DOCUMENT,
    FAULT_ENDPOINTS,
    FAULT_PAGES,
    FAULTY_HOST,
    GOOD_ARTICLE_COUNT,
    MALFORMED_SET_COOKIES,
    MANY_COOKIES_HTTP,
    MORE_MARK,
    NEVER_LOADS_HEADLINE,
    REPORT_PDF,
    RESET_HEADLINE,
    STATUS_CODES,
    article_html,
    big_cookie_headers,
    fault_url,
    good_article_paths,
    good_article_urls,
    never_loads,
    odd_set_cookie_headers,
    slow_body,
    slow_first_byte,
    status_html,
)
from checker.demo.server import HOSTNAMES, DemoServer

HTML = "text/html; charset=utf-8"


@pytest.fixture(scope="module")
def srv() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server
        conn = _CONNECTIONS.pop(server.port, None)
        if conn is not None:
            conn.close()


def _unverified() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


UNVERIFIED = _unverified()
# One keep-alive connection per server port (http.client reopens it after a close): a TLS handshake per
# request would make this file slow on a busy machine.
_CONNECTIONS: dict[int, http.client.HTTPSConnection] = {}


def request(
    srv: DemoServer, path: str, host: str = FAULTY_HOST, method: str = "GET"
) -> tuple[http.client.HTTPResponse, bytes]:
    conn = _CONNECTIONS.get(srv.port)
    if conn is None:
        conn = _CONNECTIONS[srv.port] = http.client.HTTPSConnection(
            "127.0.0.1", srv.port, context=UNVERIFIED, timeout=10
        )
    try:
        conn.request(method, path, headers={"Host": host})
        resp = conn.getresponse()
        return resp, resp.read()
    except BaseException:
        conn.close()
        raise


def set_cookies(resp: http.client.HTTPResponse) -> list[str]:
    return resp.headers.get_all("Set-Cookie") or []


def open_tls(srv: DemoServer, path: str, host: str = FAULTY_HOST) -> ssl.SSLSocket:
    """A verified TLS connection (the server's CA, SNI = host) with one GET already sent."""
    ctx = ssl.create_default_context(cafile=str(srv.ca_cert_path))
    raw = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    tls = ctx.wrap_socket(raw, server_hostname=host)
    tls.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    return tls


def read_until_timeout(tls: ssl.SSLSocket, timeout_s: float) -> tuple[bytes, bool]:
    """Everything received until `timeout_s` of silence; True when it ended on the timeout (not EOF)."""
    tls.settimeout(timeout_s)
    data = b""
    while True:
        try:
            chunk = tls.recv(65536)
        except TimeoutError:
            return data, True
        if not chunk:
            return data, False
        data += chunk


def read_response(tls: ssl.SSLSocket) -> bytes:
    """One whole response (headers and Content-Length bytes of body)."""
    tls.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        data += tls.recv(65536)
    length = int(re.search(rb"\r\nContent-Length: (\d+)\r\n", data).group(1))  # type: ignore[union-attr]
    while len(data.partition(b"\r\n\r\n")[2]) < length:
        data += tls.recv(65536)
    return data


def split_response(data: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return status_line, headers, body


def handler_threads() -> int:
    return sum(1 for t in threading.enumerate() if "process_request_thread" in t.name)


# --- tables, hostnames, certificate ---------------------------------------------------------------


def test_hostnames_are_served_and_verified(srv: DemoServer) -> None:
    assert {FAULTY_HOST, ELSEWHERE_HOST} <= set(HOSTNAMES)
    ctx = ssl.create_default_context(cafile=str(srv.ca_cert_path))
    for host in (FAULTY_HOST, ELSEWHERE_HOST):
        with (
            socket.create_connection(("127.0.0.1", srv.port), timeout=5) as raw,
            ctx.wrap_socket(raw, server_hostname=host) as tls,
        ):
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_every_fault_page_has_a_documented_handler() -> None:
    for name, path in FAULT_PAGES.items():
        handler = find_handler(FAULTY_HOST, path.split("?")[0])
        assert handler is not None, name
        assert FAULT_ENDPOINTS[(FAULTY_HOST, path.split("?")[0])] is handler
    for key, handler in FAULT_ENDPOINTS.items():
        assert (handler.__doc__ or "").strip(), key
    assert fault_url("reset") == "https://www.faulty-news.com/reset"
    assert fault_url("/slow-first-byte?s=2") == "https://www.faulty-news.com/slow-first-byte?s=2"
    with pytest.raises(KeyError):
        fault_url("nope")


def test_fault_pages_are_listed_in_fixtures_md() -> None:
    text = (SITES_DIR.parent / "FIXTURES.md").read_text(encoding="utf-8")
    for path in FAULT_PAGES.values():
        documented = re.sub(r"^/status/\d+", "/status/<code>", path.split("?")[0])
        assert f"`{documented}" in text, path


# Expected status of each fault page with a plain GET (None: the page waits; tested below).
EXPECTED_STATUS: dict[str, int | None] = {
    "article-ok": 200,
    "unknown-cookies": 200,
    "reject-walls": 200,
    "never-loads": None,
    "slow-first-byte": None,
    "slow-body": None,
    **{f"status-{code}": code for code in STATUS_CODES},
    **{f"status-{code}-empty": code for code in STATUS_CODES},
    "reset": None,
    "redirect-loop": 302,
    "redirect-chain": 301,
    "redirect-away": 302,
    "dialogs": 200,
    "popup": 200,
    "download-link": 200,
    "download": 200,
    "busy-loop": 200,
    "busy-forever": 200,
    "many-cookies": 200,
    "big-cookies": 200,
    "malformed-set-cookie": 200,
    "odd-chars": 200,
    "reappearing-banner": 200,
    "click-navigates": 200,
    "empty": 200,
    "file-link": 200,
}


def test_every_fault_page_answers_with_its_status(srv: DemoServer) -> None:
    assert set(EXPECTED_STATUS) == set(FAULT_PAGES)
    for name, expected in EXPECTED_STATUS.items():
        if expected is None:
            continue
        resp, _ = request(srv, FAULT_PAGES[name])
        assert resp.status == expected, name
        assert resp.headers["Cache-Control"] == "no-store", name


# --- the good article ------------------------------------------------------------------------------


def test_article_ok_is_the_well_behaved_control(srv: DemoServer) -> None:
    resp, body = request(srv, "/article-ok?chose=accept")
    assert (resp.status, resp.headers["Content-Type"], set_cookies(resp)) == (200, HTML, [])
    assert body == article_html()
    text = body.decode()
    assert text.startswith("<!DOCTYPE html>")
    assert f"<h1>{DEFAULT_HEADLINE}</h1>" in text
    assert '<div id="cookie-notice" role="dialog"' in text
    assert 'data-consent="accept">Accept all</button>' in text
    assert 'data-consent="reject">Reject all</button>' in text
    assert BANNER_SCRIPT in text
    assert "<!-- fault:" not in text
    # No third-party resource in the document: the tracker only comes from banner.js after accept.
    assert not re.search(r"(src|href)=\"https?://", text)
    resp, js = request(srv, "/assets/banner.js")
    assert (resp.status, resp.headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    assert js == FIXTURE_BANNER  # the same file as fixture-news's; the tag names the GA property
    assert 'data-ga="G-FAULTY001" data-ga-expires="33696000"' in BANNER_SCRIPT


def test_numbered_articles(srv: DemoServer) -> None:
    paths = good_article_paths()
    assert len(set(paths)) == len(paths) == GOOD_ARTICLE_COUNT == 180
    assert paths[0] == "/article/1" and paths[-1] == "/article/180"
    assert good_article_urls(2) == [
        "https://www.faulty-news.com/article/1",
        "https://www.faulty-news.com/article/2",
    ]
    headlines = {ARTICLE_HEADLINES[n % len(ARTICLE_HEADLINES)].format(n=n) for n in range(1, 181)}
    assert len(headlines) == 180
    for n in (1, 2, 180, 123456789):
        resp, body = request(srv, f"/article/{n}")
        headline = ARTICLE_HEADLINES[n % len(ARTICLE_HEADLINES)].format(n=n)
        assert (resp.status, resp.headers["Content-Type"], set_cookies(resp)) == (200, HTML, [])
        assert body == article_html(headline)
        assert f"<title>{headline} | Faulty News</title>".encode() in body
        assert f"<h1>{headline}</h1>".encode() in body
    for bad in ("/article/abc", "/article/", "/article/1/2", "/article/-1", "/article/1234567890"):
        assert request(srv, bad)[0].status == 404, bad


FIXTURE_BANNER = (SITES_DIR / "www.fixture-news.com" / "assets" / "banner.js").read_bytes()


def test_elsewhere_article(srv: DemoServer) -> None:
    resp, body = request(srv, "/article", host=ELSEWHERE_HOST)
    assert (resp.status, resp.headers["Content-Type"], set_cookies(resp)) == (200, HTML, [])
    assert b"<h1>Harbour bridge reopens to traffic after two years of repairs</h1>" in body
    assert b'<div id="cookie-notice"' in body
    assert b'<script src="/assets/banner.js" data-ga="G-ELSEWHERE1" data-ga-expires="33696000">' in body
    resp, js = request(srv, "/assets/banner.js", host=ELSEWHERE_HOST)
    assert (resp.status, js) == (200, FIXTURE_BANNER)


# --- error statuses ------------------------------------------------------------------------------

TITLES = {
    403: "403 Forbidden — access denied",
    404: "404 Not Found — page not found",
    410: "410 Gone — article removed",
    429: "429 Too Many Requests — slow down",
    500: "500 Internal Server Error — something went wrong",
    502: "502 Bad Gateway — upstream error",
    503: "503 Service Unavailable — maintenance",
}
RETRY_AFTER = {429: "120", 503: "3600"}


@pytest.mark.parametrize("code", STATUS_CODES)
def test_status_pages(srv: DemoServer, code: int) -> None:
    assert STATUS_CODES == (403, 404, 410, 429, 500, 502, 503)
    resp, body = request(srv, f"/status/{code}")
    assert (resp.status, resp.headers["Content-Type"]) == (code, HTML)
    assert resp.headers["Content-Length"] == str(len(body))
    assert resp.headers.get("Retry-After") == RETRY_AFTER.get(code)
    assert body == status_html(code)
    text = body.decode()
    assert text.startswith("<!DOCTYPE html>")
    assert re.search(rf"<title>{TITLES[code]}( \| Faulty News)?</title>", text)
    assert ('id="cookie-notice"' in text) is (code in (404, 410))
    resp, body = request(srv, f"/status/{code}?body=0")
    assert (resp.status, resp.headers["Content-Type"], resp.headers["Content-Length"], body) == (
        code,
        HTML,
        "0",
        b"",
    )
    assert resp.headers.get("Retry-After") == RETRY_AFTER.get(code)


def test_other_status_codes_are_plain_404(srv: DemoServer) -> None:
    resp, body = request(srv, "/status/418")
    assert (resp.status, body) == (404, b"404 not found\n")


# --- redirects -----------------------------------------------------------------------------------


def test_redirects(srv: DemoServer) -> None:
    for path, code, location in [
        ("/redirect-loop", 302, "/redirect-loop/2"),
        ("/redirect-loop/2", 302, "/redirect-loop"),
        ("/redirect-chain", 301, "/redirect-chain/2"),
        ("/redirect-chain/2", 302, "/article-ok"),
        ("/redirect-away", 302, "https://www.elsewhere-news.net/article"),
    ]:
        resp, body = request(srv, path)
        assert (resp.status, resp.headers["Location"], resp.headers["Content-Type"]) == (code, location, HTML)
        assert f'<a href="{location}">here</a>'.encode() in body
    assert ELSEWHERE_ARTICLE_URL == "https://www.elsewhere-news.net/article"
    assert request(srv, "/article-ok")[0].status == 200


# --- downloads -----------------------------------------------------------------------------------


def test_downloads(srv: DemoServer) -> None:
    resp, body = request(srv, "/download")
    assert (resp.status, resp.headers["Content-Type"], resp.headers["Content-Disposition"]) == (
        200,
        "application/octet-stream",
        'attachment; filename="faulty-news-export.bin"',
    )
    assert body == DOWNLOAD_BYTES and len(body) == 2048
    resp, body = request(srv, "/files/report.pdf")
    assert (resp.status, resp.headers["Content-Type"], resp.headers["Content-Disposition"]) == (
        200,
        "application/pdf",
        'attachment; filename="report.pdf"',
    )
    assert body == REPORT_PDF and body.startswith(b"%PDF-1.4\n") and body.endswith(b"%%EOF\n")
    resp, body = request(srv, "/download-link")
    assert resp.status == 200 and resp.headers.get("Content-Disposition") is None
    assert b'<a id="report-link" href="/files/report.pdf">' in body
    assert b'<script src="/assets/download-link.js"></script>' in body


# --- exact Set-Cookie headers ----------------------------------------------------------------------


def test_many_cookies_headers(srv: DemoServer) -> None:
    resp, body = request(srv, "/many-cookies?n=3000")
    assert set_cookies(resp) == [
        f"srv_many_{i:02d}=h{i:02d}; Path=/; Max-Age=86400; Secure; SameSite=Lax" for i in range(50)
    ]
    assert MANY_COOKIES_HTTP == 50
    assert b'<script src="/assets/many-cookies.js"></script>' in body


def test_big_cookies_headers(srv: DemoServer) -> None:
    resp, _ = request(srv, "/big-cookies")
    cookies = set_cookies(resp)
    assert cookies == big_cookie_headers()
    attrs = "; Path=/; Max-Age=86400; Secure; SameSite=Lax"
    pairs = [c.removesuffix(attrs) for c in cookies]
    assert [p.split("=", 1)[0] for p in pairs] == ["big_http_1", "big_http_2", "big_http_over"]
    assert [len(p) - 1 for p in pairs] == [COOKIE_NAME_VALUE_LIMIT, COOKIE_NAME_VALUE_LIMIT, 13 + 4200]
    assert pairs[0] == "big_http_1=" + ("0123456789abcdef" * 256)[:4086]


def test_malformed_set_cookie_headers(srv: DemoServer) -> None:
    resp, _ = request(srv, "/malformed-set-cookie")
    assert set_cookies(resp) == list(MALFORMED_SET_COOKIES)
    assert set_cookies(resp)[:4] == ["no_equals_sign", "=empty_name_value; Path=/", "", "; Path=/; Secure"]
    assert set_cookies(resp)[-1] == "valid_cookie=ok; Path=/; Max-Age=3600; Secure; SameSite=Lax"
    assert set_cookies(resp)[-2] == "huge_cookie=" + "h" * 5120 + "; Path=/"


def test_odd_chars_headers_on_the_wire(srv: DemoServer) -> None:
    with open_tls(srv, "/odd-chars") as tls:
        data = read_response(tls)
    head = data.partition(b"\r\n\r\n")[0]
    lines = [line for line in head.split(b"\r\n") if line.startswith(b"Set-Cookie: ")]
    assert lines == [
        b"Set-Cookie: caf\xc3\xa9_http=cr\xc3\xa8me br\xc3\xbbl\xc3\xa9e; Path=/; Secure; SameSite=Lax",
        b"Set-Cookie: emoji_http=\xf0\x9f\x8d\xaa\xf0\x9f\x8d\xaa; Path=/; Secure; SameSite=Lax",
        b"Set-Cookie: tab_http=a\tb; Path=/; Secure; SameSite=Lax",
        b"Set-Cookie: ctl_http=a\x01b; Path=/; Secure; SameSite=Lax",
        b"Set-Cookie: del_http=a\x7fb; Path=/; Secure; SameSite=Lax",
        b"Set-Cookie: latin1_http=\xe9t\xe9; Path=/; Secure; SameSite=Lax",
    ]
    resp, body = request(srv, "/odd-chars")
    assert set_cookies(resp) == odd_set_cookie_headers()
    assert "Zürich café".encode() in body and b'<script src="/assets/odd-chars.js"></script>' in body


# --- pages whose fault is in their script -----------------------------------------------------------

SCRIPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    # path -> (script, strings the script must contain)
    "/dialogs": ("dialogs.js", ("window.alert(", "window.confirm(", "window.prompt(", '"beforeunload"')),
    "/popup": ("popup.js", ('window.open("/article/2", "_blank")', "popup-link")),
    "/download-link": ("download-link.js", ("report-link", ".click()")),
    "/busy-loop": ("busy-loop.js", ("SPIN_MS = 5000", "mode=forever", "for (;;)")),
    "/many-cookies": ("many-cookies.js", ("DEFAULT_N = 3000", "document.cookie", "localStorage.setItem")),
    "/big-cookies": ("big-cookies.js", ("LIMIT = 4096", "big_js_over", "localStorage.setItem")),
    "/odd-chars": ("odd-chars.js", ("\\uD83C\\uDF6A", "ctl_js=a\\u0001b", "nul\\u0000key", "lone\\uD83D")),
    "/reappearing-banner": ("reappearing-banner.js", ("REAPPEAR_MS = 1000", "banner.hidden = false")),
    "/click-navigates": ("click-navigates.js", ('location.assign("/article-ok?chose=" + choice)',)),
    "/file-link": ("file-link.js", ('"file:///etc/passwd"', '"data:text/html;', '"chrome://settings"')),
}


@pytest.mark.parametrize("path", list(SCRIPTS))
def test_script_pages(srv: DemoServer, path: str) -> None:
    script, needles = SCRIPTS[path]
    resp, body = request(srv, path)
    assert (resp.status, resp.headers["Content-Type"]) == (200, HTML)
    text = body.decode()
    tag = f'<script src="/assets/{script}"></script>'
    assert tag in text
    if path == "/dialogs":
        assert text.index(tag) < text.index("</head>")  # the alert blocks parsing
    own_banner = path in ("/reappearing-banner", "/click-navigates")
    assert (BANNER_SCRIPT in text) is not own_banner
    assert '<div id="cookie-notice"' in text
    resp, js = request(srv, f"/assets/{script}")
    assert (resp.status, resp.headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    for needle in needles:
        assert needle in js.decode(), (script, needle)


def test_empty_document(srv: DemoServer) -> None:
    resp, body = request(srv, "/empty")
    assert (resp.status, resp.headers["Content-Type"], body) == (200, HTML, EMPTY_DOCUMENT)
    assert body == b"<html><head></head><body></body></html>"


# --- server-side faults --------------------------------------------------------------------------


def test_slow_first_byte(srv: DemoServer) -> None:
    t0 = time.monotonic()
    resp, body = request(srv, "/slow-first-byte?s=1")
    assert time.monotonic() - t0 >= 1.0
    assert (resp.status, resp.headers["Content-Type"]) == (200, HTML)
    assert body.startswith(b"<!DOCTYPE html>") and b'<div id="cookie-notice"' in body
    assert request(srv, "/slow-first-byte?s=abc")[0].status == 400
    assert request(srv, "/slow-first-byte?s=nan")[0].status == 400

    def delay(query: dict[str, list[str]]) -> float:
        req = DemoRequest("GET", FAULTY_HOST, "/slow-first-byte", query, {}, {})
        return slow_first_byte(req).first_byte_delay_s

    assert (delay({}), delay({"s": ["999"]}), delay({"s": ["-3"]}), delay({"s": ["2.5"]})) == (
        65.0,
        180.0,
        0.0,
        2.5,
    )
    assert MAX_RESPONSE_WAIT_S == 180.0


def test_slow_body_drips(srv: DemoServer) -> None:
    req = DemoRequest("GET", FAULTY_HOST, "/slow-body", {}, {}, {})
    default = slow_body(req)
    assert (len(default.chunks), default.chunk_interval_s, default.body) == (21, 1.0, b"")
    t0 = time.monotonic()
    conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=UNVERIFIED, timeout=10)
    try:
        conn.request("GET", "/slow-body?s=1", headers={"Host": FAULTY_HOST})
        resp = conn.getresponse()
        assert time.monotonic() - t0 < 0.9  # headers at once
        body = resp.read()
        assert time.monotonic() - t0 >= 1.0
        assert resp.status == 200 and resp.headers["Content-Length"] == str(len(body))
        assert body.startswith(b"<!DOCTYPE html>") and body.endswith(b"</html>\n")
        # The connection stays usable after a drip.
        conn.request("GET", "/empty", headers={"Host": FAULTY_HOST})
        assert conn.getresponse().read() == EMPTY_DOCUMENT
    finally:
        conn.close()


def test_never_loads_sends_the_first_part_then_stalls(srv: DemoServer) -> None:
    full = article_html(NEVER_LOADS_HEADLINE)
    cut = full.index(MORE_MARK.encode())
    before = handler_threads()
    tls = open_tls(srv, "/never-loads")
    with tls:
        data, timed_out = read_until_timeout(tls, 1.0)
        assert timed_out
        status_line, headers, body = split_response(data)
        assert status_line == "HTTP/1.1 200 OK"
        assert (headers["content-type"], headers["content-length"]) == (HTML, str(len(full)))
        assert body == full[:cut]
        assert b"<h1>Live: Storm Bert brings travel chaos, follow the latest updates</h1>" in body
        assert b"</html>" not in body
        # Still nothing a moment later: the body never finishes.
        more, timed_out = read_until_timeout(tls, 0.5)
        assert (more, timed_out) == (b"", True)
    # The client left: the server lets go of the stalled response at once (not after 180 s).
    deadline = time.monotonic() + 3
    while handler_threads() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert handler_threads() <= before
    req = DemoRequest("GET", FAULTY_HOST, "/never-loads", {}, {}, {})
    resp = never_loads(req)
    assert (resp.stall_after_bytes, resp.stall_max_s) == (cut, 180.0)


def test_head_of_a_stalling_page_does_not_wait(srv: DemoServer) -> None:
    t0 = time.monotonic()
    resp, body = request(srv, "/never-loads", method="HEAD")
    assert time.monotonic() - t0 < 1.0
    assert (resp.status, body, resp.headers["Content-Length"]) == (
        200,
        b"",
        str(len(article_html(NEVER_LOADS_HEADLINE))),
    )


def _get_over_memory_bio(srv: DemoServer, path: str) -> tuple[bytes, BaseException | None]:
    """GET through TLS in memory over a plain socket, so TCP errors surface as they are (an SSLSocket
    reports a reset as a plain EOF)."""
    ctx = ssl.create_default_context(cafile=str(srv.ca_cert_path))
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname=FAULTY_HOST)
    data = b""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                sock.sendall(outgoing.read())
                incoming.write(sock.recv(65536))
        tls.write(f"GET {path} HTTP/1.1\r\nHost: {FAULTY_HOST}\r\n\r\n".encode())
        sock.sendall(outgoing.read())
        while True:
            try:
                raw = sock.recv(65536)
            except OSError as exc:
                return data, exc
            if not raw:
                return data, None
            incoming.write(raw)
            while True:
                try:
                    data += tls.read(65536)
                except ssl.SSLWantReadError:
                    break


def test_reset_cuts_the_body_with_a_tcp_reset(srv: DemoServer) -> None:
    full = article_html(RESET_HEADLINE)
    data, error = _get_over_memory_bio(srv, "/reset")
    assert isinstance(error, ConnectionResetError)
    status_line, headers, body = split_response(data)
    assert status_line == "HTTP/1.1 200 OK"
    assert headers["content-length"] == str(len(full))
    assert body == full[: full.index(MORE_MARK.encode())]
    # http.client sees a body cut short.
    with pytest.raises((http.client.IncompleteRead, ConnectionResetError)):
        request(srv, "/reset")


def test_stalled_connections_do_not_block_stop() -> None:
    server = DemoServer().start()
    try:
        stalled = open_tls(server, "/never-loads")
        slow = open_tls(server, "/slow-first-byte?s=120")
        data, timed_out = read_until_timeout(stalled, 0.5)
        assert timed_out and data.startswith(b"HTTP/1.1 200 OK\r\n")
        assert read_until_timeout(slow, 0.3) == (b"", True)
        t0 = time.monotonic()
        server.stop()
        assert time.monotonic() - t0 < 3.0
        # Both connections are closed by the server soon after (EOF, not a timeout).
        for tls in (stalled, slow):
            with tls:
                rest, timed_out = read_until_timeout(tls, 3.0)
                assert not timed_out
                assert rest == b""
    finally:
        server.stop()


def test_demo_response_streaming_fields() -> None:
    resp = DemoResponse(chunks=(b"ab", b"cd"), body=b"ignored")
    assert resp.payload() == b"abcd"
    assert DemoResponse(body=b"x").payload() == b"x"
    plain = DemoResponse()
    assert (
        plain.first_byte_delay_s,
        plain.chunks,
        plain.chunk_interval_s,
        plain.stall_after_bytes,
        plain.stall_max_s,
        plain.reset_after_bytes,
    ) == (0.0, (), 0.0, None, 180.0, None)
    with pytest.raises(ValueError):
        DemoResponse(stall_after_bytes=1, reset_after_bytes=1)
    with pytest.raises(ValueError):
        DemoResponse(reset_after_bytes=-1)


def test_plain_responses_are_unchanged(srv: DemoServer) -> None:
    resp, body = request(srv, "/g/collect?v=2", host="www.google-analytics.com")
    assert (resp.status, body, resp.headers.get("Content-Length"), resp.headers.get("Content-Type")) == (
        204,
        b"",
        None,
        None,
    )
    resp, body = request(srv, "/no-banner.html", host="www.fixture-news.com", method="HEAD")
    assert (resp.status, body) == (200, b"")
    resp, body = request(srv, "/no-banner.html", host="www.fixture-news.com")
    assert resp.headers["Content-Length"] == str(len(body)) and body.startswith(b"<!DOCTYPE html>")
