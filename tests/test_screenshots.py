"""Screenshot paths, and clearing an earlier run's screenshots."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from checker.screenshots import remove_old_screenshots, screenshot_path


def test_screenshot_path_is_readable_and_unique_per_url_and_phase() -> None:
    path = screenshot_path("https://www.meridian-news.com/world/shoigu-iran-talks", "accept")
    assert path.parent == PurePosixPath("screenshots")
    assert path.name.startswith("www-meridian-news-com-world-shoigu-iran-talks-")
    assert path.name.endswith("-accept.png")
    assert screenshot_path("https://www.meridian-news.com/world/shoigu-iran-talks?x=1", "accept") != path


def test_a_new_scan_removes_only_earlier_screenshots(tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    old = shots / "www-x-com-world-1a2b3c4d-accept.png"
    mine = shots / "holiday.png"
    for f in (old, mine):
        f.write_bytes(b"png")
    remove_old_screenshots(tmp_path)
    assert sorted(p.name for p in shots.iterdir()) == ["holiday.png"]
    remove_old_screenshots(tmp_path / "nothing-here")  # no folder: nothing to do
