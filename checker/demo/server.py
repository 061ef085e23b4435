"""Local threaded HTTPS server for the demo news sites and fixtures, routed by the Host header."""

from __future__ import annotations

import contextlib
import http.server
import select
import shutil
import socket
import ssl
import struct
import sys
import tempfile
import threading
import time
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from checker.demo.certs import CertFiles, make_certs
from checker.demo.corpus import corpus_hosts
from checker.demo.endpoints import (
    MAX_RESPONSE_WAIT_S,
    NEWS_HOSTS,
    DemoRequest,
    DemoResponse,
    dispatch,
    not_found,
)
from checker.demo.faults import ELSEWHERE_HOST, FAULT_PAGES, FAULTY_HOST, fault_url
from checker.demo.npm_cdn import DEFAULT_NPM_DIR, NPM_CDN_HOST, npm_file

# The four demo news sites: name -> article URL (port 443; the host mapping sends it to the server).
DEMO_SITES: dict[str, str] = {
    "good": "https://www.meridian-news.com/world/shoigu-iran-talks",
    "pre-consent-tracker": "https://www.harbour-times.co.uk/politics/shoigu-iran-security-talks",
    "tracks-after-reject": "https://www.dailyledger.de/politik/schoigu-iran-sicherheitsgespraeche",
    "second-layer-reject": "https://www.gazette-ville.fr/monde/choigou-iran-discussions-securite",
    "tcf-consent-after-reject": "https://www.corriere-valle.it/esteri/shoigu-iran-colloqui-sicurezza",
    "granted-before-choice": "https://www.post-amsterdam.nl/buitenland/sjojgoe-iran-veiligheidsoverleg",
}

FIXTURE_HOST = "www.fixture-news.com"
FIXTURES: tuple[str, ...] = (
    "third-party",
    "js-cookie",
    "set-delete",
    "storage",
    "refused",
    "iframe-banner",
    "shadow-banner",
    "late-tracker",
    "second-layer",
    "policy-link",
    "no-banner",
    "lang-es",
    "lang-it",
    "lang-nl",
    "lang-pt",
    "blank-frame",
    "late-interval",
    "click-delay",
)

_BASE_HOSTNAMES: tuple[str, ...] = (
    *NEWS_HOSTS,  # demo news sites
    # fixture first party
    FIXTURE_HOST,
    # faulty pages and the target of their cross-site redirect
    FAULTY_HOST,
    ELSEWHERE_HOST,
    # trackers under their real hostnames
    "www.googletagmanager.com",
    "www.google-analytics.com",
    "connect.facebook.net",
    "www.facebook.com",
    "securepubads.g.doubleclick.net",
    # demo third parties
    "pixel.adtech-demo.net",
    "widgets.social-demo.org",
    "api.metrics-demo.io",
    "consent.cmp-demo.net",
    "cdn.fixture-static.com",
    # the npm CDN: the consent corpus's real consent libraries (scripts/npm-fixtures.sh)
    NPM_CDN_HOST,
)
# ... and every host of the consent corpus (CMP replicas, consent libraries, banner-free pages).
HOSTNAMES: tuple[str, ...] = tuple(dict.fromkeys((*_BASE_HOSTNAMES, *corpus_hosts())))

BIND_ADDRESS = "127.0.0.1"

# How often a waiting response (slow first byte, drip, stall) checks for server stop and client exit.
WAIT_POLL_S = 0.1
# Before a reset, time for the bytes already written to reach the client (an RST discards unsent data).
RESET_GRACE_S = 0.25


class _Handler(http.server.BaseHTTPRequestHandler):
    """Parses a request, dispatches it by Host and path, writes the response (HTTP/1.1 keep-alive)."""

    protocol_version = "HTTP/1.1"
    server_version = "DemoNews/1.0"
    sys_version = ""
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def _handle(self) -> None:
        split = urlsplit(self.path)
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            host = host.split("]", 1)[0] + "]"
        else:
            host = host.rsplit(":", 1)[0] if ":" in host else host
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        cookies: dict[str, str] = {}
        try:
            jar = SimpleCookie(self.headers.get("Cookie") or "")
            cookies = {k: m.value for k, m in jar.items()}
        except CookieError:
            cookies = {}
        req = DemoRequest(
            method=self.command,
            host=host,
            path=split.path or "/",
            query=parse_qs(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            cookies=cookies,
            body=body,
        )
        if host not in self.server.hostnames:  # type: ignore[attr-defined]
            resp = not_found(f"unknown host {host!r}")
        else:
            npm_dir: Path | None = self.server.npm_dir  # type: ignore[attr-defined]
            try:
                resp = npm_file(req, npm_dir) if host == NPM_CDN_HOST else dispatch(req)
            except Exception as exc:  # a demo bug must not kill the connection silently
                resp = DemoResponse(status=500, body=f"500 {type(exc).__name__}: {exc}\n".encode())
        self._send(resp)

    def _send(self, resp: DemoResponse) -> None:
        if resp.first_byte_delay_s > 0 and not self._wait(resp.first_byte_delay_s):
            self.close_connection = True  # server stopping or client gone: send nothing
            return
        payload = resp.payload()
        self.send_response(resp.status)
        no_body = resp.status in (204, 304) or self.command == "HEAD"
        if resp.status not in (204, 304):
            self.send_header("Content-Type", resp.content_type)
            self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        for name, value in resp.headers:
            self.send_header(name, value)
        self.end_headers()
        if not no_body:
            self._send_body(resp)

    def _send_body(self, resp: DemoResponse) -> None:
        """Write the body: in one piece, or dripping, or cut short by a stall or a reset."""
        limit = resp.reset_after_bytes if resp.reset_after_bytes is not None else resp.stall_after_bytes
        pieces = resp.chunks or (resp.body,)
        sent = 0
        for index, piece in enumerate(pieces):
            if index and resp.chunk_interval_s > 0 and not self._wait(resp.chunk_interval_s):
                self.close_connection = True
                return
            if limit is not None:
                piece = piece[: max(0, limit - sent)]
            if piece:
                self.wfile.write(piece)
                sent += len(piece)
            if limit is not None and sent >= limit:
                break
        if resp.reset_after_bytes is not None:
            self._reset()
        elif resp.stall_after_bytes is not None:
            self._wait(resp.stall_max_s)
            self.close_connection = True  # the body stays incomplete: close instead of finishing it

    def _wait(self, seconds: float) -> bool:
        """Wait up to `seconds` (capped at MAX_RESPONSE_WAIT_S); False if cut short.

        Cut short when the server stops or the client closes the connection (its socket turns
        readable: an EOF, or a request this connection cannot answer before finishing the current one).
        """
        stopping: threading.Event = self.server.stopping  # type: ignore[attr-defined]
        deadline = time.monotonic() + min(seconds, MAX_RESPONSE_WAIT_S)
        while (left := deadline - time.monotonic()) > 0:
            if stopping.wait(min(left, WAIT_POLL_S)):
                return False
            try:
                readable, _, _ = select.select([self.connection], [], [], 0)
            except (OSError, ValueError):
                return False
            if readable:
                return False
        return True

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) once the bytes written had time to arrive."""
        self._wait(RESET_GRACE_S)
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # rfile holds a reference to the socket: close it first, or close() would not reach the kernel.
        with contextlib.suppress(OSError):
            self.rfile.close()
        with contextlib.suppress(OSError):
            self.connection.close()

    do_GET = _handle
    do_HEAD = _handle
    do_POST = _handle
    do_OPTIONS = _handle


class _TLSServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer whose TLS handshake runs in the worker thread, not in the accept loop."""

    daemon_threads = True
    allow_reuse_address = False
    request_queue_size = 64

    def __init__(
        self, ssl_context: ssl.SSLContext, hostnames: frozenset[str], npm_dir: Path | None = None
    ) -> None:
        super().__init__((BIND_ADDRESS, 0), _Handler)
        self.ssl_context = ssl_context
        self.hostnames = hostnames
        self.npm_dir = npm_dir
        # Set by DemoServer.stop(): responses that wait (slow, dripping, stalled) give up at once.
        self.stopping = threading.Event()

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Wrap the accepted socket in TLS (in this worker thread), then serve it."""
        raw: socket.socket = request
        raw.settimeout(30)
        # Headers and body go out in separate writes: without this, Nagle's algorithm holds the body until
        # the client's delayed ACK (about 40 ms a response), which a page of 200 ES modules feels.
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            tls = self.ssl_context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            _Handler(tls, client_address, self)
        except (ssl.SSLError, OSError):
            pass
        finally:
            with contextlib.suppress(OSError):
                tls.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Drop errors of broken client connections silently (browsers abort requests all the time)."""


class DemoServer:
    """HTTPS server for the demo sites and fixtures on 127.0.0.1 (free port), throw-away certificate.

    `npm_dir`: the node_modules folder served under https://cdn.jsdelivr.net/npm/<package>@<version>/
    (default: the checkout's .cache/npm-fixtures/node_modules; None or absent: those URLs answer 404).
    """

    def __init__(
        self, hostnames: tuple[str, ...] = HOSTNAMES, npm_dir: Path | None = DEFAULT_NPM_DIR
    ) -> None:
        self._hostnames = tuple(hostnames)
        self._npm_dir = npm_dir
        self._server: _TLSServer | None = None
        self._thread: threading.Thread | None = None
        self._tmpdir: Path | None = None
        self._certs: CertFiles | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> DemoServer:
        """Generate the certificate, bind 127.0.0.1:0 and serve in a background thread."""
        if self._server is not None:
            return self
        self._tmpdir = Path(tempfile.mkdtemp(prefix="consent-checker-demo-"))
        try:
            self._certs = make_certs(self._tmpdir, list(self._hostnames))
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            ctx.load_cert_chain(str(self._certs.cert_chain), str(self._certs.key))
            ctx.set_alpn_protocols(["http/1.1"])
            self._server = _TLSServer(ctx, frozenset(self._hostnames), self._npm_dir)
        except BaseException:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
            raise
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name="demo-https", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket and delete the certificate directory.

        Waiting responses (stalled, slow, dripping) end within WAIT_POLL_S; they never delay this.
        """
        if self._server is not None:
            self._server.stopping.set()
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
        self._certs = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- properties ------------------------------------------------------------------------------

    def _running(self) -> _TLSServer:
        if self._server is None:
            raise RuntimeError("DemoServer is not running: call start() or use it as a context manager")
        return self._server

    @property
    def address(self) -> str:
        """The bound address (always 127.0.0.1)."""
        return str(self._running().server_address[0])

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return int(self._running().server_address[1])

    @property
    def hostnames(self) -> tuple[str, ...]:
        """Every hostname served (all listed in the certificate's SANs)."""
        return self._hostnames

    @property
    def ca_cert_path(self) -> Path:
        """PEM of the throw-away CA that signed the leaf (valid while running)."""
        self._running()
        assert self._certs is not None
        return self._certs.ca_cert

    @property
    def spki_sha256(self) -> str:
        """Base64 SHA-256 of the leaf's public key, for Chromium's --ignore-certificate-errors-spki-list."""
        self._running()
        assert self._certs is not None
        return self._certs.spki_sha256

    def host_rules(self) -> list[str]:
        """Host-map entries `PATTERN=ADDR:PORT`: every hostname (any port) goes to this server."""
        return [f"*={self.address}:{self.port}"]

    @property
    def sites(self) -> dict[str, str]:
        """Demo news sites: name -> article URL (https, no port)."""
        return dict(DEMO_SITES)

    def fixture_url(self, name: str) -> str:
        """URL of a fixture page: `fixture_url("storage")` -> https://www.fixture-news.com/storage.html.

        A name starting with "/" is taken as a path on the fixture host (e.g. "/slow?ms=500").
        """
        if name.startswith("/"):
            return f"https://{FIXTURE_HOST}{name}"
        stem = name.removesuffix(".html")
        if stem not in FIXTURES:
            raise KeyError(f"unknown fixture {name!r}; known: {', '.join(FIXTURES)}")
        return f"https://{FIXTURE_HOST}/{stem}.html"

    @property
    def fixtures(self) -> dict[str, str]:
        """Every fixture page: name -> URL."""
        return {name: self.fixture_url(name) for name in FIXTURES}


def main() -> int:
    """`python -m checker.demo.server`: print the host rules and serve until Ctrl-C."""
    with DemoServer() as srv:
        print(f"demo HTTPS server on {srv.address}:{srv.port} (self-signed; CA at {srv.ca_cert_path})")
        for rule in srv.host_rules():
            print(f"host rule: {rule}")
        print(f"chromium flag: --host-resolver-rules='MAP * {srv.address}:{srv.port}'")
        print(f"scan with: consent-checker scan --host-map '{srv.host_rules()[0]}' --ignore-https-errors URL")
        for name, url in srv.sites.items():
            print(f"site {name}: {url}")
        for name, url in srv.fixtures.items():
            print(f"fixture {name}: {url}")
        for name in FAULT_PAGES:
            print(f"fault {name}: {fault_url(name)}")
        sys.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
