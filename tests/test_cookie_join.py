"""Joining the final cookie jar with the write timeline (cookie_join.build_cookies), without a browser."""

from __future__ import annotations

from checker.cookie_join import build_cookies
from checker.recorder import Recorder, Write

NOW = 1_800_000_000.0
DAY = 86400


def _write(name: str, path: str, max_age: int | None, t: float, deletes: bool = False) -> Write:
    declared = None if max_age is None else t + max_age
    return Write(
        int((t - NOW) * 1000),
        t,
        name,
        "www.x.com",
        path,
        "js",
        "https://cdn.x.com/a.js",
        deletes,
        declared,
        "v",
    )


def _jar_cookie(name: str, path: str, expires: float) -> dict[str, object]:
    return {"name": name, "domain": "www.x.com", "path": path, "expires": expires, "value": "v", "size": 2}


def test_cookies_with_the_same_name_on_two_paths_keep_their_own_lifetimes() -> None:
    rec = Recorder(t0=NOW)
    rec.writes = [_write("dup", "/", 60, NOW + 1), _write("dup", "/sub", 10_000_000, NOW + 2)]
    jar = [_jar_cookie("dup", "/", NOW + 61), _jar_cookie("dup", "/sub", NOW + 2 + 400 * DAY)]
    cookies, refused = build_cookies(rec, jar, False, NOW + 3)
    by_path = {c.path: c.declared_lifetime_days for c in cookies}
    assert by_path == {"/": 0.0, "/sub": 115.74}
    assert refused == ()


def test_a_cookie_that_expired_before_the_snapshot_is_not_reported_refused() -> None:
    rec = Recorder(t0=NOW)
    rec.writes = [_write("short", "/", 1, NOW)]
    cookies, refused = build_cookies(rec, [], False, NOW + 5)
    assert refused == ()
    assert [(c.name, c.deleted, c.declared_lifetime_days) for c in cookies] == [("short", True, 0.0)]


def test_a_write_that_never_reached_the_jar_is_refused() -> None:
    rec = Recorder(t0=NOW)
    rec.writes = [_write("lost", "/", 3600, NOW)]
    cookies, refused = build_cookies(rec, [], False, NOW + 5)
    assert cookies == ()
    assert [(r.name, r.url, r.reasons) for r in refused] == [
        ("lost", "https://cdn.x.com/a.js", ("NotStored",))
    ]


def test_a_jar_cookie_found_under_another_path_keeps_its_provenance() -> None:
    rec = Recorder(t0=NOW)
    rec.writes = [_write("p", "/world", 3600, NOW)]
    [cookie], refused = build_cookies(rec, [_jar_cookie("p", "/", NOW + 3600)], False, NOW + 5)
    assert (cookie.set_via, cookie.set_by, cookie.declared_lifetime_days) == (
        "js",
        "https://cdn.x.com/a.js",
        0.04,
    )
    assert refused == ()
