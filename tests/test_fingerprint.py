"""Fingerprints: the same violation gets the same identity whatever varies between runs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.fingerprint import fingerprint, identity, site_key

RULE = "eu-core/no-tracking-before-consent"


def test_site_key_is_registrable_domain_and_path() -> None:
    assert site_key("https://www.example.co.uk/news/a?x=1#top") == "example.co.uk/news/a"
    assert site_key("https://example.co.uk/news/a/") == "example.co.uk/news/a"
    assert site_key("https://news.example.com") == "example.com/"
    assert site_key("https://127.0.0.1:8443/p") == "127.0.0.1/p"
    assert site_key("not a url") == "not a url"


def test_identity_keeps_what_the_finding_is_about_and_drops_what_varies() -> None:
    subject = {
        "host": "www.facebook.com",
        "url": "https://www.facebook.com/tr?id=1&ev=PageView&ts=1733140000&fbp=fb.1.2.3",
        "count": 7,
        "party": "third",
        "vendor": "Meta",
        "category": "marketing",
    }
    assert identity(subject) == {"host": "www.facebook.com"}
    cookie = {
        "cookie": "_ga",
        "domain": ".example.com",
        "lifetime_days": 730,
        "set_by": "https://x/gtag.js?id=1",
    }
    assert identity(cookie) == {"cookie": "_ga", "domain": ".example.com"}
    signal = {"signal": "consent_mode", "where": "www.google-analytics.com/g/collect", "params": ["G111"]}
    assert identity(signal) == {"signal": "consent_mode", "where": "www.google-analytics.com/g/collect"}
    assert identity({"banner": "onetrust", "frame_url": "https://cdn.cookielaw.org/f?v=3"}) == {
        "banner": "onetrust"
    }


def test_a_url_in_an_identity_key_keeps_host_and_path_only() -> None:
    assert identity({"where": "https://ads.example.net/bid?gdpr_consent=CP123&cb=991"}) == {
        "where": "ads.example.net/bid"
    }


def test_exact_fingerprints() -> None:
    subject = {"cookie": "_ga", "domain": ".example.com"}
    assert fingerprint(RULE, "https://news.example.com/", "before", subject) == "3e1173203b89aea5"
    # www and a query on the page address do not make it another site
    assert fingerprint(RULE, "https://example.com/?utm=1", "before", subject) == "3e1173203b89aea5"
    assert fingerprint(RULE, "https://news.example.com/", "reject", subject) != "3e1173203b89aea5"
    assert fingerprint(RULE, "https://news.example.com/other", "before", subject) != "3e1173203b89aea5"
    assert fingerprint(RULE, "https://news.example.com/", "before", {"cookie": "_gid"}) != "3e1173203b89aea5"


@given(
    cid=st.text(min_size=0, max_size=30),
    count=st.integers(min_value=1, max_value=10_000),
    ts=st.integers(min_value=0),
)
def test_request_fingerprints_ignore_query_values_and_counts(cid: str, count: int, ts: int) -> None:
    base = {"host": "www.google-analytics.com", "url": "https://www.google-analytics.com/g/collect?cid=1"}
    varied = base | {"url": f"https://www.google-analytics.com/g/collect?cid={cid}&ts={ts}", "count": count}
    page = "https://www.meridian-news.com/world/a"
    assert fingerprint(RULE, page, "before", varied) == fingerprint(RULE, page, "before", base)
