"""Tests for checker.domains: hosts, registrable domains and party."""

from __future__ import annotations

import pytest

from checker import domains
from checker.domains import host_of, is_subdomain_of, party, registrable_domain, request_host


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.harbour-times.co.uk/news/today?x=1", "www.harbour-times.co.uk"),
        (".doubleclick.net", "doubleclick.net"),
        ("WWW.DailyLedger.DE", "www.dailyledger.de"),
        ("example.com:8443", "example.com"),
        ("http://127.0.0.1:8443/", "127.0.0.1"),
        ("http://[::1]:8080/x", "::1"),
        ("::1", "::1"),
        ("blob:https://static.example.com/3f2a", "static.example.com"),
        ("data:text/plain,hello", ""),
        ("about:blank", ""),
        ("null", ""),
        ("", ""),
        ("example.com.", "example.com"),
        ("https://bücher.de/", "xn--bcher-kva.de"),
    ],
)
def test_host_of(value: str, expected: str) -> None:
    assert host_of(value) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.harbour-times.co.uk", "harbour-times.co.uk"),
        ("harbour-times.co.uk", "harbour-times.co.uk"),
        ("www.dailyledger.de", "dailyledger.de"),
        (".doubleclick.net", "doubleclick.net"),
        ("stats.g.doubleclick.net", "doubleclick.net"),
        ("https://connect.facebook.net/en_US/fbevents.js", "facebook.net"),
        ("pixel.adtech-demo.net", "adtech-demo.net"),
        ("collect.metrics-demo.io", "metrics-demo.io"),
        ("user.github.io", "user.github.io"),  # private section of the PSL, as browsers use it
        ("co.uk", "co.uk"),  # a public suffix is its own site
        ("a.b.unknowntld", "b.unknowntld"),  # unknown TLD: default rule "*"
        ("intranet", "intranet"),
        ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("http://[::1]:8080/", "::1"),
        ("", ""),
    ],
)
def test_registrable_domain(host: str, expected: str) -> None:
    assert registrable_domain(host) == expected


def test_party() -> None:
    page = "https://www.dailyledger.de/"
    assert party(".doubleclick.net", page) == "third"
    assert party(".dailyledger.de", page) == "first"
    assert party("static.dailyledger.de", page) == "first"
    assert party("https://cdn.dailyledger.de/app.js", page) == "first"
    assert party("https://www.googletagmanager.com/gtag/js?id=G-1", page) == "third"
    assert party("https://harbour-times.co.uk/", "https://www.harbour-times.co.uk/") == "first"
    assert party("other.co.uk", "https://www.harbour-times.co.uk/") == "third"
    assert party("data:image/png;base64,AAAA", page) == "first"
    assert party("127.0.0.1", "https://127.0.0.1:8443/") == "first"
    assert party("localhost", "https://127.0.0.1:8443/") == "third"


def test_request_host() -> None:
    assert request_host("https://www.googletagmanager.com/gtm.js?id=1") == "www.googletagmanager.com"
    assert request_host("data:image/png;base64,xx") == "data:image/png;base64,xx"


def test_registrable_domain_caches_by_host_not_by_url() -> None:
    domains._registrable_host.cache_clear()
    for i in range(5):
        assert registrable_domain(f"https://cdn.example.com/app.js?v={i}") == "example.com"
    info = domains._registrable_host.cache_info()
    assert (info.misses, info.hits, info.currsize) == (1, 4, 1)


def test_same_site_and_subdomain() -> None:
    assert registrable_domain("a.example.com") == registrable_domain("https://b.example.com/x")
    assert registrable_domain("example.com") != registrable_domain("example.org")
    assert is_subdomain_of("ads.adform.net", "adform.net")
    assert is_subdomain_of(".adform.net", "adform.net")
    assert not is_subdomain_of("notadform.net", "adform.net")
