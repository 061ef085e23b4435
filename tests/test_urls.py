"""url_problem: which URLs a scan refuses before any browser starts, and why."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.urls import url_problem


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://www.example.com/", None),
        ("http://www.example.com:8080/a?b=1#c", None),
        ("https://münchen.example/", None),
        ("https://127.0.0.1/", None),
        ("https://[::1]:8443/", None),
        ("http://", "no host"),
        ("https:///path", "no host"),
        ("https://exa mple.com/", "contains a space"),
        ("https://example.com/\n", "contains '\\n'"),
        ("ftp://example.com/", "not an http(s) URL"),
        ("file:///etc/passwd", "not an http(s) URL"),
        ("www.example.com", "no scheme (write https://...)"),
        ("https://example.com:99999/", "not a valid port"),
        ("https://example.com:port/", "not a valid port"),
        ("https://-bad.example/", "not a valid host name: '-bad.example'"),
        ("https://bad..example/", "not a valid host name: 'bad..example'"),
        ("https://[/", "not a valid URL (Invalid IPv6 URL)"),
    ],
)
def test_url_problem(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem


@given(st.one_of(st.text(max_size=80), st.text(max_size=60).map(lambda rest: "https://" + rest)))
def test_whatever_it_accepts_is_a_web_url_with_a_host_and_no_whitespace(text: str) -> None:
    if url_problem(text) is None:  # and it never raises
        parts = urlsplit(text)
        assert parts.scheme.lower() in ("http", "https")
        assert parts.hostname
        assert not any(c.isspace() for c in text)
