"""Parsing Set-Cookie and document.cookie lines into what they asked for."""

from __future__ import annotations

import pytest

from checker.cookie_line import days, default_path, iso, parse_cookie_line


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://x.com", "/"),
        ("https://x.com/", "/"),
        ("https://x.com/article", "/"),
        ("https://x.com/world/article", "/world"),
        ("https://x.com/world/news/", "/world/news"),
    ],
)
def test_default_path_is_the_directory_of_the_url(url: str, path: str) -> None:
    assert default_path(url) == path


def test_set_cookie_with_every_attribute() -> None:
    line = parse_cookie_line(
        "IDE=abc; Domain=.doubleclick.net; Path=/; Max-Age=34128000; Secure; HttpOnly; SameSite=None",
        "https://securepubads.g.doubleclick.net/pagead/ads",
        1000.0,
    )
    assert line is not None
    assert (line.name, line.value, line.domain, line.path) == ("IDE", "abc", ".doubleclick.net", "/")
    assert (line.declared_expires, line.deletes) == (34129000.0, False)
    assert (line.secure, line.http_only, line.same_site) == (True, True, "None")


def test_host_only_cookie_without_path_takes_the_default_path() -> None:
    line = parse_cookie_line("a=1", "https://www.x.com/world/article", 1000.0)
    assert line is not None
    assert (line.domain, line.path, line.declared_expires) == ("www.x.com", "/world", None)


@pytest.mark.parametrize(
    "text", ["t=; max-age=0", "t=; Max-Age=-1", "t=x; expires=Thu, 01 Jan 1970 00:00:00 GMT"]
)
def test_deletions(text: str) -> None:
    line = parse_cookie_line(text, "https://x.com/", 1000.0)
    assert line is not None and line.deletes


def test_max_age_wins_over_expires_and_bad_values_are_ignored() -> None:
    line = parse_cookie_line("a=1; expires=Thu, 01 Jan 2099 00:00:00 GMT; max-age=60", "https://x.com/", 0.0)
    assert line is not None and line.declared_expires == 60.0
    bad = parse_cookie_line("a=1; max-age=soon", "https://x.com/", 0.0)
    assert bad is not None and (bad.declared_expires, bad.deletes) == (None, False)
    assert parse_cookie_line("", "https://x.com/", 0.0) is None


def test_iso_and_days() -> None:
    assert iso(0) == "1970-01-01T00:00:00Z"
    assert (iso(None), days(None), days(86400 * 1.5)) == (None, None, 1.5)
