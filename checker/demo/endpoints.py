"""Request/response types, static files and the table of dynamic endpoints of the demo server."""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SITES_DIR = Path(__file__).resolve().parent / "sites"

# 1x1 transparent GIF.
GIF_1X1 = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".md": "text/markdown; charset=utf-8",
}

# Fixed cookie values (tests assert exact Set-Cookie headers and value hashes).
PX_UID = "px-7f3a9c21"
FRAME_UID = "fu-51c0e2d4"
FETCH_UID = "fx-a90b3e77"
FR_VALUE = "1Qd3m0FrCk2pLx9.AWVdemo.Bn0Xk2.AA.0.0.Bn0Xk2.AWXdemo"
IDE_VALUE = "AHWqTUmDemo0IDE7hQzk3vN2pLx9rT4"

# The four demo news sites; each sets a necessary session cookie on its HTML responses.
NEWS_HOSTS: tuple[str, ...] = (
    "www.meridian-news.com",
    "www.harbour-times.co.uk",
    "www.dailyledger.de",
    "www.gazette-ville.fr",
    "www.corriere-valle.it",
    "www.post-amsterdam.nl",
)

MAX_SLOW_MS = 15_000

# Longest any single wait of a streaming response may last (first byte, one drip interval, a stall):
# the server never holds a connection longer than this (and lets go at once when it stops).
MAX_RESPONSE_WAIT_S = 180.0


@dataclass(frozen=True)
class DemoRequest:
    """One parsed request: host without port, path without query, lower-cased header names."""

    method: str
    host: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes = b""

    def arg(self, name: str, default: str = "") -> str:
        """First value of query parameter `name`."""
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class DemoResponse:
    """A response to send: status, body, Content-Type and extra headers (Set-Cookie may repeat).

    The streaming fields (all off by default) make the server misbehave on purpose; every wait is
    capped at MAX_RESPONSE_WAIT_S and ends early when the server stops or the client goes away:

    - `first_byte_delay_s`: wait this long before sending anything (status line included);
    - `chunks`: the body in pieces (then `body` is ignored), written with `chunk_interval_s` between
      two pieces: a slowly dripping body. Content-Length is always the whole body's length;
    - `stall_after_bytes`: send the headers and this many body bytes, then hold the connection open
      without finishing (for `stall_max_s`, capped), then close it: the body never completes;
    - `reset_after_bytes`: send the headers and this many body bytes, then reset the TCP connection
      (SO_LINGER 0: an RST, not a FIN).
    """

    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    first_byte_delay_s: float = 0.0
    chunks: tuple[bytes, ...] = ()
    chunk_interval_s: float = 0.0
    stall_after_bytes: int | None = None
    stall_max_s: float = MAX_RESPONSE_WAIT_S
    reset_after_bytes: int | None = None

    def __post_init__(self) -> None:
        if self.stall_after_bytes is not None and self.reset_after_bytes is not None:
            raise ValueError("a response either stalls or resets, not both")
        for name in ("stall_after_bytes", "reset_after_bytes"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be >= 0")

    def payload(self) -> bytes:
        """The whole body: the joined `chunks` when there are some, else `body`."""
        return b"".join(self.chunks) if self.chunks else self.body

    def set_cookie(self, header_value: str) -> DemoResponse:
        """Append one `Set-Cookie` header, verbatim."""
        self.headers.append(("Set-Cookie", header_value))
        return self


Handler = Callable[[DemoRequest], DemoResponse]


def not_found(message: str = "not found") -> DemoResponse:
    """A plain 404."""
    return DemoResponse(status=404, body=f"404 {message}\n".encode())


def static_file(host: str, path: str) -> DemoResponse | None:
    """The file for `path` under sites/<host>/, or None (`/a/` -> index.html, `/a` -> a.html if present)."""
    root = (SITES_DIR / host).resolve()
    if not root.is_dir() or SITES_DIR.resolve() not in root.parents:
        return None
    parts = [p for p in PurePosixPath(path).parts if p not in ("/", "")]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    target = root.joinpath(*parts)
    candidates = [target / "index.html"] if path.endswith("/") or not parts else [target]
    if parts and not target.suffix:
        candidates += [target.with_name(target.name + ".html"), target / "index.html"]
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_file() and root in resolved.parents:
            ctype = CONTENT_TYPES.get(resolved.suffix, "application/octet-stream")
            return DemoResponse(body=resolved.read_bytes(), content_type=ctype)
    return None


def _static_or_404(host: str, path: str) -> DemoResponse:
    return static_file(host, path) or not_found()


def _cors(req: DemoRequest, resp: DemoResponse) -> DemoResponse:
    origin = req.headers.get("origin")
    if origin:
        resp.headers += [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
        ]
    return resp


# --- tracker hosts -------------------------------------------------------------------------------


QUANTCAST_CHOICE = "/choice/Xy7Gk2Lm9Qp4a/quantcast.replica-news.com/choice.js"


def inmobi_choice_js(req: DemoRequest) -> DemoResponse:
    """cmp.inmobi.com's choice.js: the Quantcast replica's script, one file (it reads its own URL to
    behave as InMobi Choice)."""
    return _static_or_404("cmp.quantcast.com", QUANTCAST_CHOICE)


def gtag_js(req: DemoRequest) -> DemoResponse:
    """www.googletagmanager.com/gtag/js?id=...: demo gtag (writes _ga/_gid, sends a collect hit)."""
    return _static_or_404(req.host, "/gtag.js")


def ga_collect(req: DemoRequest) -> DemoResponse:
    """www.google-analytics.com/g/collect: 204, no cookie (like the real endpoint)."""
    return _cors(req, DemoResponse(status=204))


def facebook_tr(req: DemoRequest) -> DemoResponse:
    """www.facebook.com/tr/: 1x1 GIF that sets the third-party `fr` cookie."""
    resp = DemoResponse(body=GIF_1X1, content_type="image/gif")
    return resp.set_cookie(
        f"fr={FR_VALUE}; Domain=.facebook.com; Path=/; Max-Age=7776000; Secure; HttpOnly; SameSite=None"
    )


def doubleclick_ads(req: DemoRequest) -> DemoResponse:
    """securepubads.g.doubleclick.net/pagead/ads: JSON ad response setting the third-party `IDE` cookie."""
    body = b'{"slot":"demo","creative":"<span>Advertisement</span>"}'
    resp = DemoResponse(body=body, content_type="application/json")
    resp.set_cookie(
        f"IDE={IDE_VALUE}; Domain=.doubleclick.net; Path=/; Max-Age=34128000; Secure; HttpOnly; SameSite=None"
    )
    return _cors(req, resp)


# --- fixture third parties -----------------------------------------------------------------------


def adtech_pixel(req: DemoRequest) -> DemoResponse:
    """pixel.adtech-demo.net/px.gif: 1x1 GIF setting `px_uid` on .adtech-demo.net."""
    resp = DemoResponse(body=GIF_1X1, content_type="image/gif")
    return resp.set_cookie(
        f"px_uid={PX_UID}; Domain=.adtech-demo.net; Path=/; Max-Age=31536000; Secure; SameSite=None"
    )


def social_frame(req: DemoRequest) -> DemoResponse:
    """widgets.social-demo.org/frame.html: iframe document whose response sets host-only `frame_uid`."""
    resp = _static_or_404(req.host, req.path)
    if resp.status == 200:
        resp.set_cookie(f"frame_uid={FRAME_UID}; Path=/; Max-Age=2592000; Secure; SameSite=None")
    return resp


def metrics_collect(req: DemoRequest) -> DemoResponse:
    """api.metrics-demo.io/collect: credentialed CORS endpoint setting host-only `fetch_uid`."""
    if req.method == "OPTIONS":
        resp = DemoResponse(status=204)
        resp.headers += [
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Content-Type"),
        ]
        return _cors(req, resp)
    resp = DemoResponse(body=b'{"ok":true}', content_type="application/json")
    resp.set_cookie(f"fetch_uid={FETCH_UID}; Path=/; Max-Age=604800; Secure; SameSite=None")
    return _cors(req, resp)


# --- fixture first party -------------------------------------------------------------------------


def refused_page(req: DemoRequest) -> DemoResponse:
    """www.fixture-news.com/refused.html: two cookies the browser must refuse and one it accepts."""
    resp = _static_or_404(req.host, req.path)
    if resp.status == 200:
        resp.set_cookie("bad_samesite=1; Path=/; SameSite=None")
        resp.set_cookie("wrong_domain=1; Domain=other-site.com; Path=/")
        resp.set_cookie("ok_cookie=1; Path=/; Secure; SameSite=Lax")
    return resp


def fixture_policy(req: DemoRequest) -> DemoResponse:
    """www.fixture-news.com/cookie-policy.html: sets `policy_visited` so following the link is observable."""
    resp = _static_or_404(req.host, req.path)
    if resp.status == 200:
        resp.set_cookie("policy_visited=1; Path=/; Secure; SameSite=Lax")
    return resp


def slow(req: DemoRequest) -> DemoResponse:
    """/slow?ms=N: answer after N milliseconds (capped at 15 s)."""
    try:
        ms = max(0, min(int(req.arg("ms", "0")), MAX_SLOW_MS))
    except ValueError:
        return DemoResponse(status=400, body=b"400 ms must be an integer\n")
    time.sleep(ms / 1000)
    return _cors(req, DemoResponse(body=f"slept {ms} ms\n".encode()))


ENDPOINTS: dict[tuple[str, str], Handler] = {
    ("cmp.inmobi.com", "/choice/Kp3Wn8Rt2Vb6c/inmobi.replica-news.com/choice.js"): inmobi_choice_js,
    ("www.googletagmanager.com", "/gtag/js"): gtag_js,
    ("www.google-analytics.com", "/g/collect"): ga_collect,
    ("www.facebook.com", "/tr/"): facebook_tr,
    ("www.facebook.com", "/tr"): facebook_tr,
    ("securepubads.g.doubleclick.net", "/pagead/ads"): doubleclick_ads,
    ("pixel.adtech-demo.net", "/px.gif"): adtech_pixel,
    ("widgets.social-demo.org", "/frame.html"): social_frame,
    ("api.metrics-demo.io", "/collect"): metrics_collect,
    ("www.fixture-news.com", "/refused.html"): refused_page,
    ("www.fixture-news.com", "/cookie-policy.html"): fixture_policy,
    ("www.fixture-news.com", "/slow"): slow,
}


def with_session_cookie(req: DemoRequest, resp: DemoResponse) -> DemoResponse:
    """On the four news sites, HTML responses set `news_session` when the request does not carry one."""
    if (
        req.host in NEWS_HOSTS
        and resp.status == 200
        and resp.content_type.startswith("text/html")
        and "news_session" not in req.cookies
    ):
        resp.set_cookie(f"news_session={secrets.token_hex(16)}; Path=/; Secure; HttpOnly; SameSite=Lax")
    return resp


@functools.cache
def routes() -> dict[tuple[str, str], Handler]:
    """Every dynamic endpoint: ENDPOINTS, the fault pages and the challenge pages.

    Imported here, on first use, because those modules build on this one.
    """
    from checker.demo.challenge_pages import CHALLENGE_ENDPOINTS
    from checker.demo.faults import FAULT_ENDPOINTS
    from checker.demo.signal_lab import SIGNAL_LAB_ENDPOINTS
    from checker.demo.tcf_lab import TCF_LAB_ENDPOINTS

    return {
        **ENDPOINTS,
        **FAULT_ENDPOINTS,
        **CHALLENGE_ENDPOINTS,
        **SIGNAL_LAB_ENDPOINTS,
        **TCF_LAB_ENDPOINTS,
    }


def find_handler(host: str, path: str) -> Handler | None:
    """The endpoint for (host, path): an exact key, else a key `<parent>/*` (any one last path segment)."""
    table = routes()
    handler = table.get((host, path))
    if handler is None and path.startswith("/"):
        handler = table.get((host, path.rsplit("/", 1)[0] + "/*"))
    return handler


def dispatch(req: DemoRequest) -> DemoResponse:
    """Dynamic endpoint if one matches, else a static file, else 404."""
    handler = find_handler(req.host, req.path)
    if handler is not None:
        resp = handler(req)
    elif req.method in ("GET", "HEAD"):
        resp = static_file(req.host, req.path) or not_found()
    elif req.method == "POST" and static_file(req.host, req.path) is not None:
        resp = DemoResponse(status=405, body=b"405 method not allowed\n")
        resp.headers.append(("Allow", "GET, HEAD"))
    else:
        resp = not_found()
    return with_session_cookie(req, resp)
