"""Challenge signatures: walls recognised exactly, ordinary pages never; bad files fail in one line."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from checker.challenges import (
    HTML_LIMIT,
    SCHEMA_PATH,
    TEXT_LIMIT,
    ChallengeError,
    Condition,
    PageFacts,
    Signature,
    load_signatures,
    match_challenge,
)
from checker.datafiles import read_yaml
from checker.demo.challenge_pages import CHALLENGE_ENDPOINTS, CHALLENGE_FIXTURES, CHALLENGE_HOST
from checker.demo.endpoints import SITES_DIR, DemoRequest
from checker.models import Challenge
from checker.paths import rules_dir

CHALLENGE_DIR = SITES_DIR / CHALLENGE_HOST / "challenge"
SIGNATURES = load_signatures()

# The exact Challenge each positive fixture page yields (served with its status and headers).
EXPECTED: dict[str, Challenge] = {
    "cloudflare-challenge": Challenge(
        vendor="Cloudflare",
        signature="cloudflare-challenge",
        kind="challenge",
        matched="header cf-mitigated: challenge; html 'window._cf_chl_opt ='; "
        "html '/cdn-cgi/challenge-platform/h/b/orchestrate/'; title 'Just a moment...'; "
        "html '/cdn-cgi/challenge-platform/'; visible text 221 chars (at most 3000)",
    ),
    "cloudflare-block": Challenge(
        vendor="Cloudflare",
        signature="cloudflare-block",
        kind="block",
        matched="title 'Attention Required! | Cloudflare'; html 'id=\"cf-error-details\"'; "
        "text 'Sorry, you have been blocked'; text 'Cloudflare Ray ID: 8f2c1a7b9d3e4f51'; "
        "visible text 684 chars (at most 3000)",
    ),
    "akamai": Challenge(
        vendor="Akamai",
        signature="akamai-block",
        kind="block",
        matched="status 403; header server: AkamaiGHost; title 'Access Denied'; "
        "text 'You don't have permission to access'; text 'Reference #18.6f3c1002.1727000000.2b7e91a4'; "
        "visible text 216 chars (at most 3000)",
    ),
    "imperva": Challenge(
        vendor="Imperva",
        signature="imperva-block",
        kind="block",
        matched="header x-iinfo: 14-98765432-0 0NNN RT(1727000000000 12) q(0 -1 -1 -1) r(0 -…; "
        "html '/_Incapsula_Resource?CWUDNSAI='; html 'Incapsula incident ID'; "
        "visible text 0 chars (at most 3000)",
    ),
    "datadome": Challenge(
        vendor="DataDome",
        signature="datadome-captcha",
        kind="captcha",
        matched="status 403; header x-datadome: protected; cookie datadome; html 'var dd={'; "
        "html 'geo.captcha-delivery.com'; visible text 43 chars (at most 3000)",
    ),
    "perimeterx": Challenge(
        vendor="PerimeterX",
        signature="perimeterx-captcha",
        kind="captcha",
        matched="html 'id=\"px-captcha\"'; html 'captcha.px-cdn.net/'; text 'Press & Hold'; cookie _pxhd; "
        "visible text 142 chars (at most 3000)",
    ),
    "aws-waf": Challenge(
        vendor="AWS WAF",
        signature="aws-waf-captcha",
        kind="captcha",
        matched="header x-amzn-waf-action: captcha; html 'window.gokuProps ='; html '.captcha.awswaf.com/'; "
        "visible text 177 chars (at most 3000)",
    ),
    "aws-waf-challenge": Challenge(
        vendor="AWS WAF",
        signature="aws-waf-challenge",
        kind="challenge",
        matched="header x-amzn-waf-action: challenge; html 'window.gokuProps ='; html '.token.awswaf.com/'; "
        "visible text 26 chars (at most 3000)",
    ),
    "sucuri": Challenge(
        vendor="Sucuri",
        signature="sucuri-block",
        kind="block",
        matched="header x-sucuri-block: BNP005; status 403; header x-sucuri-id: 14013; text 'Access Denied'; "
        "title 'Sucuri WebSite Firewall - Access Denied'; text 'Access Denied - Sucuri Website Firewall'; "
        "visible text 628 chars (at most 3000)",
    ),
    "captcha-only": Challenge(
        vendor="generic",
        signature="generic-captcha",
        kind="captcha",
        matched="html 'class=\"g-recaptcha'; visible text 94 chars (at most 1000)",
    ),
    "access-denied": Challenge(
        vendor="generic",
        signature="generic-block",
        kind="block",
        matched="title '403 - Access denied'; text 'Access denied'; status 403; "
        "visible text 205 chars (at most 1000)",
    ),
}


class _Visible(HTMLParser):
    """Title and visible text of an HTML document, roughly as a browser's innerText gives them."""

    SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack == ["title"]:
            self.title.append(data)
        elif not self.stack:
            self.text.append(data)


def _file_facts(path: Path, status: int | None = 200, headers: dict[str, str] | None = None) -> PageFacts:
    html = path.read_text(encoding="utf-8")
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return PageFacts.build(
        status=status,
        headers=headers or {},
        title="".join(parser.title),
        text="".join(parser.text),
        html=html,
    )


def _served_facts(name: str) -> PageFacts:
    """PageFacts of a challenge fixture page as the demo server answers it."""
    handler = CHALLENGE_ENDPOINTS[(CHALLENGE_HOST, f"/challenge/{name}")]
    req = DemoRequest(
        method="GET",
        host=CHALLENGE_HOST,
        path=f"/challenge/{name}",
        query={},
        headers={"accept": "text/html"},
        cookies={},
    )
    resp = handler(req)
    assert resp.body == (CHALLENGE_DIR / f"{name}.html").read_bytes()
    headers: dict[str, str] = {"content-type": resp.content_type}
    cookies: list[str] = []
    for header, value in resp.headers:
        key = header.lower()
        if key == "set-cookie":
            cookies.append(value.split("=", 1)[0])
        headers[key] = f"{headers[key]}\n{value}" if key in headers else value
    facts = _file_facts(CHALLENGE_DIR / f"{name}.html", resp.status, headers)
    return PageFacts(facts.status, facts.headers, facts.title, facts.text, facts.html, tuple(cookies))


# --- the shipped signatures -----------------------------------------------------------------------


def test_schema_is_valid_and_titled() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False

    def check(node: object, where: str) -> list[str]:
        missing: list[str] = []
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "title" not in sub:
                    missing.append(f"{where}.{name}")
            for key, sub in node.items():
                missing += check(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                missing += check(sub, f"{where}[{i}]")
        return missing

    assert check(schema, "$") == []


def test_every_shipped_file_validates() -> None:
    folder = rules_dir() / "challenges"
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    files = sorted(p.name for p in folder.glob("*.yaml"))
    assert files == [
        "akamai.yaml",
        "aws-waf.yaml",
        "cloudflare.yaml",
        "datadome.yaml",
        "generic.yaml",
        "imperva.yaml",
        "perimeterx.yaml",
        "sucuri.yaml",
    ]
    for name in files:
        assert [e.message for e in validator.iter_errors(read_yaml(folder / name))] == [], name


def test_shipped_signatures_in_matching_order() -> None:
    assert [(s.vendor, s.id, s.kind, s.max_text_chars) for s in SIGNATURES] == [
        ("Akamai", "akamai-block", "block", 3000),
        ("AWS WAF", "aws-waf-captcha", "captcha", 3000),
        ("AWS WAF", "aws-waf-challenge", "challenge", 3000),
        ("Cloudflare", "cloudflare-challenge", "challenge", 3000),
        ("Cloudflare", "cloudflare-block", "block", 3000),
        ("DataDome", "datadome-captcha", "captcha", 3000),
        ("Imperva", "imperva-block", "block", 3000),
        ("PerimeterX", "perimeterx-captcha", "captcha", 3000),
        ("Sucuri", "sucuri-block", "block", 3000),
        ("generic", "generic-captcha", "captcha", 1000),
        ("generic", "generic-block", "block", 1000),
    ]
    cloudflare = SIGNATURES[3]
    assert cloudflare.source == str(rules_dir() / "challenges" / "cloudflare.yaml")
    assert cloudflare.match.test == "any"
    assert cloudflare.match.children[0] == Condition(
        test="header", header="cf-mitigated", pattern=cloudflare.match.children[0].pattern
    )
    assert cloudflare.match.children[0].pattern is not None
    assert cloudflare.match.children[0].pattern.pattern == "^challenge$"


def test_every_signature_has_a_fixture_page() -> None:
    expected = {v for v in CHALLENGE_FIXTURES.values() if v is not None}
    assert expected == {(s.vendor, s.id) for s in SIGNATURES}
    assert sorted(EXPECTED) == sorted(k for k, v in CHALLENGE_FIXTURES.items() if v is not None)
    assert sorted(p.name for p in CHALLENGE_DIR.glob("*.html")) == sorted(
        f"{n}.html" for n in CHALLENGE_FIXTURES
    )


# --- the fixture pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_page_is_recognised(name: str) -> None:
    challenge = match_challenge(_served_facts(name), SIGNATURES)
    assert challenge == EXPECTED[name]
    assert (challenge.vendor, challenge.signature) == CHALLENGE_FIXTURES[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_body_alone_is_enough(name: str) -> None:
    """Without status, headers or cookies (a proxy rewrote them), the page's own markers still say who."""
    facts = _file_facts(CHALLENGE_DIR / f"{name}.html", status=None)
    challenge = match_challenge(facts, SIGNATURES)
    assert challenge is not None
    assert (challenge.vendor, challenge.signature, challenge.kind) == (
        EXPECTED[name].vendor,
        EXPECTED[name].signature,
        EXPECTED[name].kind,
    )


@pytest.mark.parametrize("name", ["article-mentions-captcha", "cloudflare-cdn-article"])
def test_negative_pages_do_not_match(name: str) -> None:
    assert CHALLENGE_FIXTURES[name] is None
    assert match_challenge(_served_facts(name), SIGNATURES) is None


def test_served_headers() -> None:
    facts = _served_facts("cloudflare-cdn-article")
    assert (facts.status, facts.cookies) == (200, ("__cf_bm",))
    assert facts.headers["server"] == "cloudflare"
    assert facts.headers["cf-ray"] == "8f2c1a7b9d3e4f52-LHR"
    facts = _served_facts("datadome")
    assert (facts.status, facts.cookies, facts.headers["x-datadome"]) == (403, ("datadome",), "protected")
    facts = _served_facts("aws-waf")
    assert (facts.status, facts.headers["x-amzn-waf-action"]) == (405, "captcha")


def test_page_through_cloudflare_is_no_challenge_even_unguarded() -> None:
    """server: cloudflare, cf-ray, __cf_bm and the jsd bot-detection script are on every Cloudflare page:
    they are no markers, whatever the page's length."""
    facts = _served_facts("cloudflare-cdn-article")
    assert "/cdn-cgi/challenge-platform/scripts/jsd/main.js" in facts.html
    assert match_challenge(facts, UNGUARDED) is None
    short = PageFacts(facts.status, facts.headers, facts.title, facts.text[:200], facts.html, facts.cookies)
    assert match_challenge(short, SIGNATURES) is None


UNGUARDED = [Signature(id=s.id, vendor=s.vendor, kind=s.kind, match=s.match) for s in SIGNATURES]


def test_article_prose_matches_only_without_the_length_guard() -> None:
    """The negative article quotes the markers: without max_text_chars it would be misread."""
    facts = _served_facts("article-mentions-captcha")
    assert len(facts.text) == 5813  # many times longer than any wall
    hit = match_challenge(facts, UNGUARDED)
    assert hit is not None
    assert (hit.vendor, hit.signature) == ("Akamai", "akamai-block")


def _demo_pages() -> list[Path]:
    return sorted(p for p in SITES_DIR.rglob("*.html") if CHALLENGE_DIR not in p.parents)


@pytest.mark.parametrize("path", _demo_pages(), ids=lambda p: p.relative_to(SITES_DIR).as_posix())
def test_ordinary_demo_pages_do_not_match(path: Path) -> None:
    assert match_challenge(_file_facts(path), SIGNATURES) is None


def test_ordinary_demo_pages_exist() -> None:
    names = {p.relative_to(SITES_DIR).as_posix() for p in _demo_pages()}
    assert "www.meridian-news.com/world/shoigu-iran-talks.html" in names
    assert "www.faulty-news.com/article.html" in names


# --- matching rules -------------------------------------------------------------------------------


def _facts(
    status: int | None = 200, headers: dict[str, str] | None = None, title: str = "", text: str = ""
) -> PageFacts:
    return PageFacts(status=status, headers=headers or {}, title=title, text=text, html="", cookies=())


def test_vendor_signatures_come_before_generic_ones_whatever_the_order_given() -> None:
    facts = _facts(status=403, headers={"cf-mitigated": "challenge"}, text="Just a moment")
    hit = match_challenge(facts, list(reversed(SIGNATURES)))
    assert hit == Challenge(
        vendor="Cloudflare",
        signature="cloudflare-challenge",
        kind="challenge",
        matched="header cf-mitigated: challenge; visible text 13 chars (at most 3000)",
    )


def test_generic_block_on_a_short_403_and_not_on_a_long_one() -> None:
    assert match_challenge(_facts(status=403, text="Nope."), SIGNATURES) == Challenge(
        vendor="generic",
        signature="generic-block",
        kind="block",
        matched="status 403; visible text 5 chars (at most 1000)",
    )
    assert match_challenge(_facts(status=403, text="x" * 1001), SIGNATURES) is None


def test_header_names_are_matched_in_any_case() -> None:
    hit = match_challenge(_facts(status=405, headers={"X-Amzn-Waf-Action": "captcha"}), SIGNATURES)
    assert hit is not None
    assert (hit.signature, hit.matched) == (
        "aws-waf-captcha",
        "header x-amzn-waf-action: captcha; visible text 0 chars (at most 3000)",
    )


def test_build_normalises() -> None:
    facts = PageFacts.build(
        status=None,
        headers={"Server": "cloudflare"},
        title="  Just a\n moment...  ",
        text="a\n\n b " * TEXT_LIMIT,
        html="<" * (HTML_LIMIT + 5),
        cookies=["__cf_bm"],
    )
    assert facts.headers == {"server": "cloudflare"}
    assert facts.title == "Just a moment..."
    assert len(facts.text) == TEXT_LIMIT
    assert facts.text.startswith("a b a b")
    assert len(facts.html) == HTML_LIMIT
    assert facts.cookies == ("__cf_bm",)


# --- invalid files --------------------------------------------------------------------------------

GOOD = """\
vendor: Example
signatures:
  - id: example-wall
    kind: block
    match:
      any:
        - title: '^Blocked$'
        - html: 'example-wall'
"""


def test_user_file_loads(tmp_path: Path) -> None:
    (tmp_path / "example.yaml").write_text(GOOD, encoding="utf-8")
    (signature,) = load_signatures(tmp_path)
    assert (signature.id, signature.vendor, signature.kind, signature.max_text_chars) == (
        "example-wall",
        "Example",
        "block",
        None,
    )
    assert match_challenge(_facts(title="Blocked"), [signature]) == Challenge(
        vendor="Example", signature="example-wall", kind="block", matched="title 'Blocked'"
    )
    assert match_challenge(_facts(title="Not blocked"), [signature]) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD + "colour: blue\n",
            "$: Additional properties are not allowed ('colour' was unexpected)",
        ),
        (
            GOOD.replace("'^Blocked$'", "'(unclosed'"),
            "$.signatures[0].match.any[0].title: invalid regular expression: "
            "missing ), unterminated subpattern at position 0",
        ),
        (
            GOOD.replace("- html: 'example-wall'", "- header: {name: X-Wall, value: '[z-a]'}"),
            "$.signatures[0].match.any[1].header.name: "
            "'X-Wall' does not match \"^[a-z0-9!#$%&'*+.^_`|~-]+$\"",
        ),
        (
            GOOD.replace("- html: 'example-wall'", "- header: {name: x-wall, value: '[z-a]'}"),
            "$.signatures[0].match.any[1].header.value: invalid regular expression: "
            "bad character range z-a at position 1",
        ),
        (
            GOOD.replace("kind: block", "kind: wall"),
            "$.signatures[0].kind: 'wall' is not one of ['challenge', 'captcha', 'block']",
        ),
        (
            GOOD.replace("vendor: Example", "vendor: generic"),
            "$.signatures[0]: 'max_text_chars' is a required property",
        ),
        (
            GOOD.replace("vendor: Example", "vendor: Example\nvendor: Other"),
            "line 2: invalid YAML: duplicate key 'vendor'",
        ),
        (
            GOOD.replace("        - html: 'example-wall'", "        - html: 'x'\n          text: 'y'"),
            "$.signatures[0].match.any[1]: {'html': 'x', 'text': 'y'} has too many properties",
        ),
        ("vendor: [unclosed\n", "line 2: invalid YAML: expected ',' or ']', but got '<stream end>'"),
    ],
)
def test_invalid_file_is_one_line_naming_file_and_path(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChallengeError) as info:
        load_signatures(tmp_path)
    assert str(info.value) == f"{path}: {message}"


def test_duplicate_id_and_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ChallengeError) as info:
        load_signatures(tmp_path)
    assert str(info.value) == (
        f"{tmp_path / 'b.yaml'}: $.signatures[0].id: duplicate signature id 'example-wall'"
        f" (also in {tmp_path / 'a.yaml'})"
    )
    missing = tmp_path / "nowhere"
    with pytest.raises(ChallengeError) as info:
        load_signatures(missing)
    assert str(info.value) == f"{missing}: $: no such signature file or folder"
