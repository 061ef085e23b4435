"""Fingerprints: the same violation gets the same identity whatever varies between runs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.fingerprint import fingerprint, identity, site_key, unique_fingerprints
from checker.models import Finding

RULE = "eu-core/no-tracking-before-consent"


def test_site_key_is_host_without_www_port_and_path() -> None:
    assert site_key("https://www.example.co.uk/news/a?x=1#top") == "example.co.uk/news/a"
    assert site_key("https://example.co.uk/news/a/") == "example.co.uk/news/a"
    assert site_key("https://shop.example.co.uk/news/a") == "shop.example.co.uk/news/a"
    assert site_key("https://news.example.com") == "news.example.com/"
    assert site_key("https://127.0.0.1:8443/p") == "127.0.0.1:8443/p"
    assert site_key("http://localhost:3000/") == "localhost:3000/"
    assert site_key("https://www.example.com:443/") == "example.com/"
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
        "path": "/",
        "lifetime_days": 730,
        "set_by": "https://x/gtag.js?id=1",
    }
    assert identity(cookie) == {"cookie": "_ga", "domain": ".example.com", "path": "/"}
    signal = {
        "signal": "consent_mode",
        "where": "www.google-analytics.com/g/collect",
        "params": ["G111", None],
    }
    assert identity(signal) == signal
    tcf = {"signal": "tcf", "where": "__tcfapi in https://cmp.example/frame.html?hash=91ab&t=1733140000"}
    assert identity(tcf) == {"signal": "tcf", "where": "__tcfapi in cmp.example/frame.html"}
    assert identity({"banner": "onetrust", "frame_url": "https://cdn.cookielaw.org/f?v=3"}) == {
        "banner": "onetrust"
    }


def test_a_url_in_an_identity_key_keeps_host_and_path_only() -> None:
    assert identity({"where": "https://ads.example.net/bid?gdpr_consent=CP123&cb=991"}) == {
        "where": "ads.example.net/bid"
    }


def test_exact_fingerprints() -> None:
    subject = {"cookie": "_ga", "domain": ".example.com"}
    assert fingerprint(RULE, "https://news.example.com/", "before", subject) == "f292916c3914adce"
    # a query on the page address does not make it another site, nor does www.
    assert fingerprint(RULE, "https://news.example.com/?utm=1", "before", subject) == "f292916c3914adce"
    assert fingerprint(RULE, "https://www.news.example.com/", "before", subject) == "f292916c3914adce"
    assert fingerprint(RULE, "https://shop.example.com/", "before", subject) != "f292916c3914adce"
    assert fingerprint(RULE, "https://news.example.com/", "reject", subject) != "f292916c3914adce"
    assert fingerprint(RULE, "https://news.example.com/other", "before", subject) != "f292916c3914adce"
    assert fingerprint(RULE, "https://news.example.com/", "before", {"cookie": "_gid"}) != "f292916c3914adce"
    assert fingerprint(RULE, "https://news.example.com/", "before", subject, 2) == "c01354e9677268de"


def test_twins_get_their_rank_and_every_fingerprint_of_a_site_is_unique() -> None:
    refused = Finding(
        rule="eu-core/no-refused-cookie",
        severity="low",
        phase="before",
        message="m",
        subject={"refused_cookie": "IDE", "domain": ".doubleclick.net", "url": "https://a/?x=1"},
        references=(),
    )
    twin = Finding(**{**refused.__dict__, "subject": refused.subject | {"url": "https://b/?y=2"}})
    page = "https://news.example.com/"
    first, second = unique_fingerprints(page, [refused, twin])
    assert first == fingerprint(refused.rule, page, "before", refused.subject)
    assert second == fingerprint(refused.rule, page, "before", refused.subject, 2)
    assert first != second
    assert unique_fingerprints(page, [twin, refused]) == [first, second]  # by rank, not by content


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
