"""Faulty pages and server behaviours on www.faulty-news.com, to test and benchmark the scanner end to end.

Every page is a news article (the template `sites/www.faulty-news.com/article.html`, with the
fixture-style consent notice of `assets/banner.js`) except where the fault is the page itself (error
statuses, downloads, the empty document). The server side of the faults (a body that never finishes,
a late first byte, a reset, a slow drip) uses the streaming fields of `DemoResponse`; the browser side
(dialogs, pop-ups, busy loops, cookie floods, odd characters, navigations) lives in one small script
per fault under `sites/www.faulty-news.com/assets/`. `checker/demo/FIXTURES.md` describes each page.

`FAULT_PAGES` (name -> path) lists the pages to load; `FAULT_ENDPOINTS` is the server's table
((host, path) -> handler, merged into `endpoints.dispatch`); `good_article_paths()` gives as many
distinct well-behaved articles as a benchmark needs (`/article/<n>`).
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

from checker.demo.endpoints import (
    MAX_RESPONSE_WAIT_S,
    SITES_DIR,
    DemoRequest,
    DemoResponse,
    Handler,
    not_found,
    static_file,
)

FAULTY_HOST = "www.faulty-news.com"
ELSEWHERE_HOST = "www.elsewhere-news.net"
ELSEWHERE_ARTICLE_URL = f"https://{ELSEWHERE_HOST}/article"
BANNER_HOST = "www.fixture-news.com"  # whose consent banner (assets/banner.js) the faulty sites serve too

SITE_DIR: Path = SITES_DIR / FAULTY_HOST
HTML = "text/html; charset=utf-8"

# --- the article template ------------------------------------------------------------------------

ARTICLE_TEMPLATE = "article.html"
DEFAULT_HEADLINE = "Storm Bert: ferries cancelled and schools shut as 80 mph gusts hit the coast"
HEAD_MARK = "<!-- fault:head -->"
BODY_MARK = "<!-- fault:body -->"
# Where the article is cut by /never-loads and /reset (after the standfirst and two paragraphs).
MORE_MARK = "<!-- more -->"
BANNER_SCRIPT = '<script src="/assets/banner.js" data-ga="G-FAULTY001" data-ga-expires="33696000"></script>'

# Headlines of the well-behaved articles /article/<n> (any n): one per n, so every URL is distinct.
ARTICLE_HEADLINES: tuple[str, ...] = (
    "Council approves {n} new homes on former docklands site",
    "{n} flights cancelled as fog grounds planes at regional airports",
    "Hospital figures show {n} patients waited more than a year for surgery",
    "Rail strike: {n} services cut on Monday as talks stall",
    "Police appeal after {n} cars damaged in overnight vandalism",
    "Schools to get {n} extra teaching assistants under new plan",
    "Marathon raises record sum as {n} runners cross the finish line",
    "Water company fined after {n} sewage spills in a single year",
    "Bus timetable shake-up: {n} routes to change from next month",
    "Food bank use up sharply as {n} families ask for help in a week",
    "Wildlife survey counts {n} seal pups on the northern beaches",
    "Town hall to cut {n} jobs as budget gap widens",
)
GOOD_ARTICLE_COUNT = 180
MAX_ARTICLE_DIGITS = 9


def article_html(
    headline: str = DEFAULT_HEADLINE,
    *,
    head: str = "",
    body: str = "",
    banner_script: str = BANNER_SCRIPT,
) -> bytes:
    """The article page with another headline (in <title> and <h1>), extra markup in <head> and after
    the article, and another consent script in place of `/assets/banner.js` ("" for none)."""
    text = (SITE_DIR / ARTICLE_TEMPLATE).read_text(encoding="utf-8")
    text = text.replace(DEFAULT_HEADLINE, html.escape(headline, quote=False))
    text = text.replace(HEAD_MARK, head).replace(BODY_MARK, body).replace(BANNER_SCRIPT, banner_script)
    return text.encode("utf-8")


def _page(body: bytes, status: int = 200) -> DemoResponse:
    return DemoResponse(status=status, body=body, content_type=HTML)


def _script(name: str) -> str:
    return f'<script src="/assets/{name}"></script>'


def _seconds(req: DemoRequest, default: float) -> float | None:
    """Query parameter `s` in seconds, clamped to [0, MAX_RESPONSE_WAIT_S]; None when not a number."""
    try:
        value = float(req.arg("s", str(default)))
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return max(0.0, min(value, MAX_RESPONSE_WAIT_S))


def _bad_request(message: str) -> DemoResponse:
    return DemoResponse(status=400, body=f"400 {message}\n".encode())


# --- well-behaved pages --------------------------------------------------------------------------


def article_ok(req: DemoRequest) -> DemoResponse:
    """/article-ok: the good control page. Notice with Accept all / Reject all; nothing before a choice,
    gtag G-FAULTY001 (_ga, _gid on .faulty-news.com) only after accept. Any query is ignored."""
    return _page(article_html())


def numbered_article(req: DemoRequest) -> DemoResponse:
    """/article/<n> (n = 0-999999999): the good article with headline number n (404 for anything else)."""
    number = req.path.rsplit("/", 1)[1]
    if not re.fullmatch(rf"[0-9]{{1,{MAX_ARTICLE_DIGITS}}}", number):
        return not_found()
    n = int(number)
    return _page(article_html(ARTICLE_HEADLINES[n % len(ARTICLE_HEADLINES)].format(n=n)))


def good_article_paths(count: int = GOOD_ARTICLE_COUNT) -> list[str]:
    """`count` distinct well-behaved article paths: /article/1 ... /article/<count>."""
    return [f"/article/{n}" for n in range(1, count + 1)]


def shared_banner(req: DemoRequest) -> DemoResponse:
    """/assets/banner.js on faulty-news and elsewhere-news: fixture-news's consent banner, the same file
    (the page's script tag names the GA property and the _ga lifetime)."""
    return static_file(BANNER_HOST, "/assets/banner.js") or not_found()


def elsewhere_article(req: DemoRequest) -> DemoResponse:
    """www.elsewhere-news.net/article: a normal article on another site (its own notice, gtag
    G-ELSEWHERE1 after accept): where /redirect-away lands."""
    return static_file(ELSEWHERE_HOST, "/article.html") or not_found()


# --- server-side faults --------------------------------------------------------------------------

NEVER_LOADS_HEADLINE = "Live: Storm Bert brings travel chaos, follow the latest updates"
SLOW_FIRST_BYTE_DEFAULT_S = 65.0
SLOW_BODY_DEFAULT_S = 20.0
SLOW_BODY_INTERVAL_S = 1.0
RESET_HEADLINE = "Energy bills to rise by 10% in January, regulator confirms"


def never_loads(req: DemoRequest) -> DemoResponse:
    """/never-loads: headers (Content-Length of the whole page) and the article up to its `<!-- more -->`
    mark, then nothing: the body never finishes, no load event ever fires. The server holds the
    connection for MAX_RESPONSE_WAIT_S (180 s) or until it stops or the client leaves, then closes it."""
    body = article_html(NEVER_LOADS_HEADLINE)
    return DemoResponse(body=body, content_type=HTML, stall_after_bytes=body.index(MORE_MARK.encode()))


def slow_first_byte(req: DemoRequest) -> DemoResponse:
    """/slow-first-byte?s=N: the good article, its first byte (status line) after N seconds (default 65,
    capped at 180; 400 when N is not a number)."""
    seconds = _seconds(req, SLOW_FIRST_BYTE_DEFAULT_S)
    if seconds is None:
        return _bad_request("s must be a number of seconds")
    resp = _page(article_html("Markets: shares slide as investors wait for the interest rate decision"))
    resp.first_byte_delay_s = seconds
    return resp


def slow_body(req: DemoRequest) -> DemoResponse:
    """/slow-body?s=N: the good article dripping: headers at once, then the body in N + 1 pieces 1 s
    apart (default N = 20, capped at 180; 400 when N is not a number). The load event fires after ~N s."""
    seconds = _seconds(req, SLOW_BODY_DEFAULT_S)
    if seconds is None:
        return _bad_request("s must be a number of seconds")
    body = article_html("Election count: results trickle in from rural constituencies")
    pieces = min(int(seconds // SLOW_BODY_INTERVAL_S) + 1, len(body))
    bounds = [len(body) * i // pieces for i in range(pieces + 1)]
    chunks = tuple(body[bounds[i] : bounds[i + 1]] for i in range(pieces))
    return DemoResponse(content_type=HTML, chunks=chunks, chunk_interval_s=SLOW_BODY_INTERVAL_S)


def reset(req: DemoRequest) -> DemoResponse:
    """/reset: headers (Content-Length of the whole page) and the article up to its `<!-- more -->` mark,
    then a TCP reset (RST, SO_LINGER 0) in the middle of the body."""
    body = article_html(RESET_HEADLINE)
    return DemoResponse(body=body, content_type=HTML, reset_after_bytes=body.index(MORE_MARK.encode()))


# --- error statuses ------------------------------------------------------------------------------

# code -> (reason phrase, short title, explanation, extra headers, whether the site's template and
# consent notice are used: 404/410 come from the site itself, the others from a WAF, a rate limiter or a
# proxy in front of it).
STATUS_PAGES: dict[int, tuple[str, str, str, tuple[tuple[str, str], ...], bool]] = {
    403: (
        "Forbidden",
        "access denied",
        "Your request was blocked by our security service. If you think this is a mistake, contact "
        "support and quote reference 7f3a-9c21.",
        (),
        False,
    ),
    404: (
        "Not Found",
        "page not found",
        "Sorry, we couldn't find that page. It may have been moved, or the address may be mistyped.",
        (),
        True,
    ),
    410: (
        "Gone",
        "article removed",
        "This article has been removed for legal reasons and is no longer available.",
        (),
        True,
    ),
    429: (
        "Too Many Requests",
        "slow down",
        "You have sent too many requests in a short time. Please wait a couple of minutes and try again.",
        (("Retry-After", "120"),),
        False,
    ),
    500: (
        "Internal Server Error",
        "something went wrong",
        "Something went wrong on our side. Our engineers have been notified.",
        (),
        False,
    ),
    502: (
        "Bad Gateway",
        "upstream error",
        "The server received an invalid response from an upstream server.",
        (),
        False,
    ),
    503: (
        "Service Unavailable",
        "maintenance",
        "Faulty News is down for scheduled maintenance. We expect to be back within the hour.",
        (("Retry-After", "3600"),),
        False,
    ),
}
STATUS_CODES: tuple[int, ...] = tuple(STATUS_PAGES)


def status_html(code: int) -> bytes:
    """The HTML error page of `code`: titled "<code> <reason> — <short title>"."""
    reason, short, text, _, site_template = STATUS_PAGES[code]
    title = f"{code} {reason} — {short}"
    if site_template:
        page = (
            f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title} | Faulty News</title>\n"
            f'<link rel="stylesheet" href="/assets/faulty.css">\n</head>\n'
            f'<body class="error-page">\n<header><a href="/">Faulty News</a></header>\n<main>\n'
            f'<p class="code">{code}</p>\n<h1>{reason} — {short}</h1>\n<p>{text}</p>\n'
            f'<p><a href="/">Go to the Faulty News front page</a></p>\n</main>\n'
            f'<div id="cookie-notice" role="dialog" aria-label="Cookie consent" hidden>\n'
            f"  <p>We use cookies to run this site and, with your consent, to measure our audience.</p>\n"
            f'  <button type="button" data-consent="accept">Accept all</button>\n'
            f'  <button type="button" data-consent="reject">Reject all</button>\n</div>\n'
            f"{BANNER_SCRIPT}\n</body>\n</html>\n"
        )
    else:
        page = (
            f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f"<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:600px;margin:80px auto;color:#333}}"
            f"h1{{font-size:28px}}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{text}</p>\n"
            f"<hr>\n<p><small>faulty-news edge · {code}</small></p>\n</body>\n</html>\n"
        )
    return page.encode("utf-8")


def status(req: DemoRequest) -> DemoResponse:
    """/status/<code> (403, 404, 410, 429, 500, 502, 503): that status with a realistic HTML error page
    (404 and 410 in the site's template, with its consent notice; 429 with Retry-After: 120, 503 with
    Retry-After: 3600); `?body=0`: the same status and headers with an empty body."""
    code = int(req.path.rsplit("/", 1)[1])
    extra = list(STATUS_PAGES[code][3])
    body = b"" if req.arg("body") == "0" else status_html(code)
    return DemoResponse(status=code, body=body, content_type=HTML, headers=extra)


# --- redirects -----------------------------------------------------------------------------------


def redirect(code: int, location: str) -> DemoResponse:
    """A redirect with a small HTML body, as web servers send them."""
    reason = {301: "Moved Permanently", 302: "Found"}[code]
    target = html.escape(location)
    body = (
        f"<!DOCTYPE html>\n<html><head><title>{code} {reason}</title></head>\n"
        f'<body><h1>{reason}</h1><p>The document has moved <a href="{target}">here</a>.</p></body></html>\n'
    ).encode()
    return DemoResponse(status=code, body=body, content_type=HTML, headers=[("Location", location)])


def redirect_loop(req: DemoRequest) -> DemoResponse:
    """/redirect-loop: 302 to /redirect-loop/2, which 302s back to /redirect-loop (ERR_TOO_MANY_REDIRECTS)."""
    return redirect(302, "/redirect-loop/2")


def redirect_loop_2(req: DemoRequest) -> DemoResponse:
    """/redirect-loop/2: 302 back to /redirect-loop."""
    return redirect(302, "/redirect-loop")


def redirect_chain(req: DemoRequest) -> DemoResponse:
    """/redirect-chain: 301 to /redirect-chain/2 (which 302s to /article-ok, the good article)."""
    return redirect(301, "/redirect-chain/2")


def redirect_chain_2(req: DemoRequest) -> DemoResponse:
    """/redirect-chain/2: 302 to /article-ok."""
    return redirect(302, "/article-ok")


def redirect_away(req: DemoRequest) -> DemoResponse:
    """/redirect-away: 302 to https://www.elsewhere-news.net/article (another site, with its own notice)."""
    return redirect(302, ELSEWHERE_ARTICLE_URL)


# --- browser-side faults -------------------------------------------------------------------------


def dialogs(req: DemoRequest) -> DemoResponse:
    """/dialogs: alert() while <head> is parsed (blocks the page), confirm() and prompt() at load, and a
    beforeunload handler; then the usual notice (assets/dialogs.js)."""
    return _page(
        article_html("Storm warning: what the alerts on your phone mean", head=_script("dialogs.js"))
    )


def popup(req: DemoRequest) -> DemoResponse:
    """/popup: at load, window.open('/article/2') and a scripted click on a target=_blank link to
    /article/3 (assets/popup.js); the usual notice."""
    link = (
        '<p><a id="popup-link" href="/article/3" target="_blank">'
        "Read more: bus timetable changes explained</a></p>"
    )
    return _page(article_html("Transport: new timetables start on Sunday", body=link + _script("popup.js")))


REPORT_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n"
    b"%%EOF\n"
)
DOWNLOAD_BYTES = bytes(range(256)) * 8


def download_link(req: DemoRequest) -> DemoResponse:
    """/download-link: 200 ms after load a script clicks a link to /files/report.pdf, an attachment
    (assets/download-link.js); the usual notice."""
    link = (
        '<p><a id="report-link" href="/files/report.pdf">Download the full flood report (PDF, 1 page)</a></p>'
    )
    return _page(
        article_html(
            "Flood report: one in six homes at risk by 2050", body=link + _script("download-link.js")
        )
    )


def report_pdf(req: DemoRequest) -> DemoResponse:
    """/files/report.pdf: a one-page PDF sent as a download (Content-Disposition: attachment)."""
    resp = DemoResponse(body=REPORT_PDF, content_type="application/pdf")
    resp.headers.append(("Content-Disposition", 'attachment; filename="report.pdf"'))
    return resp


def download(req: DemoRequest) -> DemoResponse:
    """/download: the document itself is a download (application/octet-stream, Content-Disposition:
    attachment; filename="faulty-news-export.bin", 2048 bytes): no page ever loads."""
    resp = DemoResponse(body=DOWNLOAD_BYTES, content_type="application/octet-stream")
    resp.headers.append(("Content-Disposition", 'attachment; filename="faulty-news-export.bin"'))
    return resp


def busy_loop(req: DemoRequest) -> DemoResponse:
    """/busy-loop: after load the main thread spins in 5 s busy loops with 50 ms gaps, for ever;
    `?mode=forever`: one while(true) after load (assets/busy-loop.js). The notice shows before load."""
    return _page(
        article_html("Analysis: why the spending review is stuck in a loop", body=_script("busy-loop.js"))
    )


MANY_COOKIES_HTTP = 50


def many_cookies(req: DemoRequest) -> DemoResponse:
    """/many-cookies?n=N: 50 Set-Cookie headers (srv_many_00..49), then the page writes N cookies
    (default 3000, at most 20000) through document.cookie and N localStorage keys (assets/many-cookies.js),
    all before any consent; the usual notice."""
    resp = _page(article_html("Data: the 3,000 cookies a news page can set", body=_script("many-cookies.js")))
    for i in range(MANY_COOKIES_HTTP):
        resp.set_cookie(f"srv_many_{i:02d}=h{i:02d}; Path=/; Max-Age=86400; Secure; SameSite=Lax")
    return resp


# Chromium keeps a cookie whose name + value is at most 4096 bytes.
COOKIE_NAME_VALUE_LIMIT = 4096


def filler(length: int) -> str:
    """`length` characters of 0123456789abcdef repeated (the same filler as assets/big-cookies.js)."""
    return ("0123456789abcdef" * (length // 16 + 1))[:length]


def big_cookie_headers() -> list[str]:
    """The Set-Cookie values of /big-cookies: two at the size limit, one over it."""
    attrs = "; Path=/; Max-Age=86400; Secure; SameSite=Lax"
    at_limit = [
        f"{name}={filler(COOKIE_NAME_VALUE_LIMIT - len(name))}{attrs}"
        for name in ("big_http_1", "big_http_2")
    ]
    return [*at_limit, f"big_http_over={filler(4200)}{attrs}"]


def big_cookies(req: DemoRequest) -> DemoResponse:
    """/big-cookies: Set-Cookie big_http_1 and big_http_2 with name + value = 4096 bytes (kept),
    big_http_over with a 4200-byte value (dropped); the page writes big_js_1 (4096, kept) and
    big_js_over (5006, dropped) and a 1 MiB localStorage value (assets/big-cookies.js); the usual notice."""
    resp = _page(article_html("Why your browser is full of 4 KB cookies", body=_script("big-cookies.js")))
    for header in big_cookie_headers():
        resp.set_cookie(header)
    return resp


MALFORMED_SET_COOKIES: tuple[str, ...] = (
    "no_equals_sign",
    "=empty_name_value; Path=/",
    "",
    "; Path=/; Secure",
    "bad_attrs=1; Path=/; Max-Age=soon; SameSite=Sideways; Secure=yes; HttpOnly=0; Domain=; Expires=",
    "bad_expires=1; Path=/; Expires=Thu, 99 Foo 20xx 25:61:61 GMT",
    "name with spaces=1; Path=/",
    'quoted="a b c"; Path=/; Secure',
    "dup_attrs=1; Path=/; Path=/other; Max-Age=60; Max-Age=-1",
    f"huge_cookie={'h' * 5120}; Path=/",
    "valid_cookie=ok; Path=/; Max-Age=3600; Secure; SameSite=Lax",
)


def malformed_set_cookie(req: DemoRequest) -> DemoResponse:
    """/malformed-set-cookie: Set-Cookie headers with no `=`, an empty name, an empty header, bad
    attributes, an invalid Expires, spaces and quotes, repeated attributes, a 5 KB value, and one valid
    cookie (`valid_cookie=ok`); the usual notice."""
    resp = _page(article_html("Council website glitch leaves residents unable to pay tax online"))
    for header in MALFORMED_SET_COOKIES:
        resp.set_cookie(header)
    return resp


def _raw_header(text: str) -> str:
    """`text` as UTF-8 bytes on the wire (http.server writes header strings as Latin-1)."""
    return text.encode("utf-8").decode("latin-1")


ODD_SET_COOKIES: tuple[str, ...] = (
    "café_http=crème brûlée; Path=/; Secure; SameSite=Lax",
    "emoji_http=🍪🍪; Path=/; Secure; SameSite=Lax",
    "tab_http=a\tb; Path=/; Secure; SameSite=Lax",
    "ctl_http=a\x01b; Path=/; Secure; SameSite=Lax",
    "del_http=a\x7fb; Path=/; Secure; SameSite=Lax",
)
# Not valid UTF-8 (a lone Latin-1 byte 0xE9): sent as this exact byte string.
ODD_LATIN1_SET_COOKIE = "latin1_http=\xe9t\xe9; Path=/; Secure; SameSite=Lax"


def odd_set_cookie_headers() -> list[str]:
    """The Set-Cookie values of /odd-chars as http.client reads them (Latin-1 decoded wire bytes)."""
    return [*(_raw_header(h) for h in ODD_SET_COOKIES), ODD_LATIN1_SET_COOKIE]


def odd_chars(req: DemoRequest) -> DemoResponse:
    """/odd-chars: Set-Cookie with UTF-8 names/values (é, emoji), a tab, \\x01, DEL and a non-UTF-8
    byte; document.cookie with emoji, accents, a tab, \\x01, quotes; storage keys and values with
    non-ASCII, control characters, NUL, an empty key, RTL override and a lone surrogate
    (assets/odd-chars.js); the usual notice."""
    resp = _page(
        article_html(
            "Zürich café wins award for crème brûlée 🍮 — ‘it’s all in the burn’",
            body=_script("odd-chars.js"),
        )
    )
    for header in odd_set_cookie_headers():
        resp.set_cookie(header)
    return resp


def reappearing_banner(req: DemoRequest) -> DemoResponse:
    """/reappearing-banner: a notice that shows on every load and comes back 1 s after each click on
    Accept all / Reject all, the stored choice deleted (accept loads gtag) (assets/reappearing-banner.js)."""
    return _page(
        article_html(
            "Readers report cookie pop-up that will not go away",
            banner_script=_script("reappearing-banner.js"),
        )
    )


def click_navigates(req: DemoRequest) -> DemoResponse:
    """/click-navigates: Accept all / Reject all store news_consent and navigate to
    /article-ok?chose=<choice> (assets/click-navigates.js)."""
    return _page(
        article_html(
            "Ferry operator apologises for weekend cancellations",
            banner_script=_script("click-navigates.js"),
        )
    )


def unknown_cookies(req: DemoRequest) -> DemoResponse:
    """/unknown-cookies: cookies no catalog knows: before any choice a two-year UUID visitor id (nw_vid)
    and a one-year preference (nw_theme); only after accept a three-year advertising id (nw_ad)
    (assets/unknown-cookies.js)."""
    return _page(
        article_html("Harbour pilots vote to strike over rota changes", body=_script("unknown-cookies.js"))
    )


def reject_walls(req: DemoRequest) -> DemoResponse:
    """/reject-walls: the good article, except that Reject all leads to the site's Cloudflare challenge
    page (assets/reject-walls.js): before and accept see the page, reject sees a wall."""
    return _page(
        article_html("Council approves new harbour wall after winter floods", head=_script("reject-walls.js"))
    )


EMPTY_DOCUMENT = b"<html><head></head><body></body></html>"


def empty(req: DemoRequest) -> DemoResponse:
    """/empty: 200 with an empty HTML document (no title, no text, no notice)."""
    return _page(EMPTY_DOCUMENT)


def file_link(req: DemoRequest) -> DemoResponse:
    """/file-link: after load, top-level navigations to file:///etc/passwd, a data:text/html URL and
    chrome://settings, 500 ms apart, then window.open(file:///etc/passwd) (assets/file-link.js); a
    footer link to file:///etc/passwd; the usual notice. The browser must stay on the https page."""
    link = '<p><a id="local-archive" href="file:///etc/passwd">Archive (local copy)</a></p>'
    return _page(
        article_html("Archive: how we covered the great storm of 1987", body=link + _script("file-link.js"))
    )


# --- tables --------------------------------------------------------------------------------------

FAULT_ENDPOINTS: dict[tuple[str, str], Handler] = {
    (FAULTY_HOST, "/article-ok"): article_ok,
    (FAULTY_HOST, "/unknown-cookies"): unknown_cookies,
    (FAULTY_HOST, "/reject-walls"): reject_walls,
    (FAULTY_HOST, "/article/*"): numbered_article,
    (FAULTY_HOST, "/never-loads"): never_loads,
    (FAULTY_HOST, "/slow-first-byte"): slow_first_byte,
    (FAULTY_HOST, "/slow-body"): slow_body,
    **{(FAULTY_HOST, f"/status/{code}"): status for code in STATUS_CODES},
    (FAULTY_HOST, "/reset"): reset,
    (FAULTY_HOST, "/redirect-loop"): redirect_loop,
    (FAULTY_HOST, "/redirect-loop/2"): redirect_loop_2,
    (FAULTY_HOST, "/redirect-chain"): redirect_chain,
    (FAULTY_HOST, "/redirect-chain/2"): redirect_chain_2,
    (FAULTY_HOST, "/redirect-away"): redirect_away,
    (FAULTY_HOST, "/dialogs"): dialogs,
    (FAULTY_HOST, "/popup"): popup,
    (FAULTY_HOST, "/download-link"): download_link,
    (FAULTY_HOST, "/files/report.pdf"): report_pdf,
    (FAULTY_HOST, "/download"): download,
    (FAULTY_HOST, "/busy-loop"): busy_loop,
    (FAULTY_HOST, "/many-cookies"): many_cookies,
    (FAULTY_HOST, "/big-cookies"): big_cookies,
    (FAULTY_HOST, "/malformed-set-cookie"): malformed_set_cookie,
    (FAULTY_HOST, "/odd-chars"): odd_chars,
    (FAULTY_HOST, "/reappearing-banner"): reappearing_banner,
    (FAULTY_HOST, "/click-navigates"): click_navigates,
    (FAULTY_HOST, "/empty"): empty,
    (FAULTY_HOST, "/file-link"): file_link,
    (ELSEWHERE_HOST, "/article"): elsewhere_article,
    (FAULTY_HOST, "/assets/banner.js"): shared_banner,
    (ELSEWHERE_HOST, "/assets/banner.js"): shared_banner,
}

# The pages to load: name -> path on FAULTY_HOST (with the query that selects the fault).
FAULT_PAGES: dict[str, str] = {
    "article-ok": "/article-ok",
    "unknown-cookies": "/unknown-cookies",
    "reject-walls": "/reject-walls",
    "never-loads": "/never-loads",
    "slow-first-byte": "/slow-first-byte?s=65",
    "slow-body": "/slow-body?s=20",
    **{f"status-{code}": f"/status/{code}" for code in STATUS_CODES},
    **{f"status-{code}-empty": f"/status/{code}?body=0" for code in STATUS_CODES},
    "reset": "/reset",
    "redirect-loop": "/redirect-loop",
    "redirect-chain": "/redirect-chain",
    "redirect-away": "/redirect-away",
    "dialogs": "/dialogs",
    "popup": "/popup",
    "download-link": "/download-link",
    "download": "/download",
    "busy-loop": "/busy-loop",
    "busy-forever": "/busy-loop?mode=forever",
    "many-cookies": "/many-cookies?n=3000",
    "big-cookies": "/big-cookies",
    "malformed-set-cookie": "/malformed-set-cookie",
    "odd-chars": "/odd-chars",
    "reappearing-banner": "/reappearing-banner",
    "click-navigates": "/click-navigates",
    "empty": "/empty",
    "file-link": "/file-link",
}


def fault_url(name: str) -> str:
    """URL of a fault page: `fault_url("reset")` -> https://www.faulty-news.com/reset.

    A name starting with "/" is taken as a path on the faulty host (e.g. "/slow-first-byte?s=2").
    """
    if name.startswith("/"):
        return f"https://{FAULTY_HOST}{name}"
    if name not in FAULT_PAGES:
        raise KeyError(f"unknown fault page {name!r}; known: {', '.join(FAULT_PAGES)}")
    return f"https://{FAULTY_HOST}{FAULT_PAGES[name]}"


def good_article_urls(count: int = GOOD_ARTICLE_COUNT) -> list[str]:
    """URLs of `count` distinct well-behaved articles (https://www.faulty-news.com/article/<n>)."""
    return [f"https://{FAULTY_HOST}{path}" for path in good_article_paths(count)]
