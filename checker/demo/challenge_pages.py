"""How the bot-wall, challenge and block fixture pages of www.faulty-news.com/challenge/ are served.

Each page is a static file under sites/www.faulty-news.com/challenge/<name>.html, answered with the
status and headers its vendor really sends (values fixed, so tests can assert them). CHALLENGE_FIXTURES
says which signature under rules/challenges/ must recognise each page (None: it must not match).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.demo.endpoints import DemoRequest, DemoResponse, Handler, not_found, static_file

CHALLENGE_HOST = "www.faulty-news.com"

# Fixed identifiers and cookie values (tests assert exact headers).
CF_RAY_CHALLENGE = "8f2c1a7b9d3e4f50-LHR"
CF_RAY_BLOCK = "8f2c1a7b9d3e4f51-LHR"
CF_RAY_ARTICLE = "8f2c1a7b9d3e4f52-LHR"
CF_BM_VALUE = "dEmO0cfbm.Xq7Lr2pNw4kTz9vB1sH6yJ3aQ-1727076700-1.0.1.1-FaultyNewsFixture"
DATADOME_VALUE = "4Jq~demo~F1xtureDataDomeCookieValue0a7f3c21e9b5d8"
INCAP_VISID_VALUE = "c2VxZGVtb0ZhdWx0eU5ld3NGaXh0dXJlVmlzaXRvcklk"
INCAP_SES_VALUE = "ZGVtb0ZhdWx0eU5ld3NGaXh0dXJlU2Vzc2lvbg=="
PXHD_VALUE = "demo7f3a9c21:1b7e9c00-7a5f-11ef-9d2c-5b8f3a1c0e44"

_NO_STORE = ("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate")


@dataclass(frozen=True)
class ChallengePage:
    """One fixture page: its file name, how it answers, and the (vendor, signature id) expected of it."""

    name: str
    status: int
    headers: tuple[tuple[str, str], ...]
    expected: tuple[str, str] | None

    @property
    def path(self) -> str:
        """The URL path the page is served at."""
        return f"/challenge/{self.name}"

    def __call__(self, req: DemoRequest) -> DemoResponse:
        """Serve the page's file with its status and headers."""
        resp = static_file(CHALLENGE_HOST, f"{self.path}.html")
        if resp is None:
            return not_found()
        resp.status = self.status
        resp.headers += list(self.headers)
        return resp


PAGES: tuple[ChallengePage, ...] = (
    ChallengePage(
        "cloudflare-challenge",
        403,
        (
            ("cf-mitigated", "challenge"),
            ("Server", "cloudflare"),
            ("CF-RAY", CF_RAY_CHALLENGE),
            _NO_STORE,
            ("Expires", "Thu, 01 Jan 1970 00:00:01 GMT"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "SAMEORIGIN"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Origin-Agent-Cluster", "?1"),
            ("Server-Timing", f'chlray;desc="{CF_RAY_CHALLENGE.split("-")[0]}"'),
        ),
        ("Cloudflare", "cloudflare-challenge"),
    ),
    ChallengePage(
        "cloudflare-block",
        403,
        (
            ("Server", "cloudflare"),
            ("CF-RAY", CF_RAY_BLOCK),
            ("X-Frame-Options", "SAMEORIGIN"),
            ("Referrer-Policy", "same-origin"),
            ("Expires", "Thu, 01 Jan 1970 00:00:01 GMT"),
        ),
        ("Cloudflare", "cloudflare-block"),
    ),
    ChallengePage(
        "akamai",
        403,
        (
            ("Server", "AkamaiGHost"),
            ("Mime-Version", "1.0"),
            ("Expires", "Sun, 22 Sep 2024 10:39:46 GMT"),
        ),
        ("Akamai", "akamai-block"),
    ),
    ChallengePage(
        "imperva",
        403,
        (
            ("X-CDN", "Imperva"),
            ("X-Iinfo", "14-98765432-0 0NNN RT(1727000000000 12) q(0 -1 -1 -1) r(0 -1) B12(4,314,0) U18"),
            (
                "Set-Cookie",
                f"visid_incap_2749123={INCAP_VISID_VALUE}; Max-Age=31536000; HttpOnly; Path=/; "
                "Domain=.faulty-news.com; Secure; SameSite=None",
            ),
            (
                "Set-Cookie",
                f"incap_ses_1234_2749123={INCAP_SES_VALUE}; Path=/; Domain=.faulty-news.com; "
                "Secure; SameSite=None",
            ),
        ),
        ("Imperva", "imperva-block"),
    ),
    ChallengePage(
        "datadome",
        403,
        (
            ("X-DataDome", "protected"),
            ("X-DD-B", "1"),
            ("X-DataDome-CID", "AHrlqAAAAAMAdemo7Q2fN1x0AAAA=="),
            _NO_STORE,
            (
                "Accept-CH",
                "Sec-CH-UA,Sec-CH-UA-Mobile,Sec-CH-UA-Platform,Sec-CH-UA-Arch,Sec-CH-UA-Full-Version-List,"
                "Sec-CH-UA-Model,Sec-CH-Device-Memory",
            ),
            (
                "Set-Cookie",
                f"datadome={DATADOME_VALUE}; Max-Age=31536000; Domain=.faulty-news.com; Path=/; "
                "Secure; SameSite=Lax",
            ),
        ),
        ("DataDome", "datadome-captcha"),
    ),
    ChallengePage(
        "perimeterx",
        403,
        (
            _NO_STORE,
            ("Set-Cookie", f"_pxhd={PXHD_VALUE}; Max-Age=31536000; Path=/; Secure; SameSite=Lax"),
        ),
        ("PerimeterX", "perimeterx-captcha"),
    ),
    ChallengePage(
        "aws-waf",
        405,
        (
            ("x-amzn-waf-action", "captcha"),
            ("Server", "CloudFront"),
            ("X-Cache", "Error from cloudfront"),
            ("Via", "1.1 5f0c2a918d3e4b7aa1f29c3d7e6b0a14.cloudfront.net (CloudFront)"),
            ("X-Amz-Cf-Pop", "LHR61-P1"),
            ("X-Amz-Cf-Id", "dEmOFaultyNewsFixtureCfId0123456789abcdefghijKLMNOP=="),
            ("Cache-Control", "no-store, max-age=0"),
        ),
        ("AWS WAF", "aws-waf-captcha"),
    ),
    ChallengePage(
        "aws-waf-challenge",
        202,
        (
            ("x-amzn-waf-action", "challenge"),
            ("Server", "CloudFront"),
            ("X-Cache", "Error from cloudfront"),
            ("Via", "1.1 5f0c2a918d3e4b7aa1f29c3d7e6b0a14.cloudfront.net (CloudFront)"),
            ("X-Amz-Cf-Pop", "LHR61-P1"),
            ("Cache-Control", "no-store, max-age=0"),
        ),
        ("AWS WAF", "aws-waf-challenge"),
    ),
    ChallengePage(
        "sucuri",
        403,
        (
            ("Server", "Sucuri/Cloudproxy"),
            ("X-Sucuri-ID", "14013"),
            ("X-Sucuri-Block", "BNP005"),
            ("X-XSS-Protection", "1; mode=block"),
            ("X-Frame-Options", "SAMEORIGIN"),
            ("X-Content-Type-Options", "nosniff"),
        ),
        ("Sucuri", "sucuri-block"),
    ),
    ChallengePage("captcha-only", 200, (("Server", "nginx"),), ("generic", "generic-captcha")),
    ChallengePage("access-denied", 403, (("Server", "nginx"),), ("generic", "generic-block")),
    # Negative pages: long articles that mention the markers, one served through Cloudflare.
    ChallengePage("article-mentions-captcha", 200, (("Server", "nginx"),), None),
    ChallengePage(
        "cloudflare-cdn-article",
        200,
        (
            ("Server", "cloudflare"),
            ("CF-RAY", CF_RAY_ARTICLE),
            ("CF-Cache-Status", "DYNAMIC"),
            ("Vary", "Accept-Encoding"),
            (
                "Set-Cookie",
                f"__cf_bm={CF_BM_VALUE}; Path=/; Max-Age=1800; Domain=.faulty-news.com; HttpOnly; "
                "Secure; SameSite=None",
            ),
        ),
        None,
    ),
)

CHALLENGE_ENDPOINTS: dict[tuple[str, str], Handler] = {(CHALLENGE_HOST, page.path): page for page in PAGES}

CHALLENGE_FIXTURES: dict[str, tuple[str, str] | None] = {page.name: page.expected for page in PAGES}
