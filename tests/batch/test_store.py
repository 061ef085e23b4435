"""The run folder: plan round trip, one atomic file per site, reading back in URL order, bad folders."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from checker.batch.store import RunStore, StoreError, atomic_write_text
from checker.models import BrowserInfo, PhaseSnapshot, SiteEvidence
from checker.pipeline import new_plan, plan_options
from checker.scan_options import ScanOptions

URLS = ("https://a.example/", "https://b.example/", "https://c.example/")


def site(url: str) -> SiteEvidence:
    return SiteEvidence(url=url, status="ok", phases={"before": PhaseSnapshot("before", url, url, "t", 1)})


def test_plan_round_trip_keeps_urls_and_options(tmp_path: Path) -> None:
    options = ScanOptions(host_map=("*=127.0.0.1:8443",), concurrency=3, site_timeout_s=45.0)
    plan = new_plan(URLS, options, ["eu-core"], [], ["json", "md"], "medium")
    store = RunStore(tmp_path)
    store.start(plan)
    again = RunStore(tmp_path).plan()
    assert again == plan
    assert plan_options(again) == options


def test_sites_are_read_back_in_url_order_whatever_order_they_finished(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.start(new_plan(URLS, ScanOptions()))
    store.write_site(2, site(URLS[2]))
    store.write_site(0, site(URLS[0]))
    assert store.finished() == {0, 2}
    assert [(i, s.url) for i, s in store.sites(URLS)] == [(0, URLS[0]), (2, URLS[2])]
    assert sorted(p.name for p in (tmp_path / "sites").iterdir()) == ["00000.json", "00002.json"]


def test_a_new_run_clears_the_previous_sites(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.start(new_plan(URLS, ScanOptions()))
    store.write_site(1, site(URLS[1]))
    store.start(new_plan(URLS[:1], ScanOptions()))
    assert store.finished() == set()


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "x" / "f.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["f.json"]


def test_a_folder_that_is_not_a_run_is_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as missing:
        RunStore(tmp_path).plan()
    assert str(missing.value) == f"{tmp_path / 'run.json'}: no such file (not a consent-checker run folder?)"
    (tmp_path / "run.json").write_text(json.dumps({"store_version": "1", "urls": ["file:///etc/passwd"]}))
    with pytest.raises(StoreError) as bad:
        RunStore(tmp_path).plan()
    assert "\n" not in str(bad.value)
    (tmp_path / "run.json").write_text("{")
    with pytest.raises(StoreError, match=r"run.json: unreadable \(JSONDecodeError"):
        RunStore(tmp_path).plan()


def test_a_site_file_of_another_url_list_is_refused(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.start(new_plan(URLS, ScanOptions()))
    store.write_site(0, site("https://other.example/"))
    with pytest.raises(StoreError, match="does not belong to this run's URL list"):
        list(store.sites(URLS))


def test_a_malformed_site_file_is_a_one_line_error(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.start(new_plan(URLS, ScanOptions()))
    (tmp_path / "sites" / "00000.json").write_text(
        json.dumps({"url": URLS[0], "status": "ok", "phases": [1, 2]})
    )
    with pytest.raises(StoreError) as bad:
        list(store.sites(URLS))
    assert str(bad.value) == (
        f"{tmp_path / 'sites' / '00000.json'}: not a site's evidence: at $.phases: "
        "[1, 2] is not of type 'object'"
    )


def test_the_browser_record_keeps_a_sandbox_that_was_off_and_names_both_browsers(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.start(new_plan(URLS, ScanOptions()))
    root = BrowserInfo(
        "chromium", "156", "/usr/lib/chromium/chromium", True, "allowed", "p", sandbox_note="root"
    )
    store.write_browser(root)
    store.write_browser(replace(root, sandbox=True, sandbox_note=""))  # a crash relaunch, as a normal user
    assert store.browser() == root
    store.write_browser(replace(root, version="157", executable="/opt/chrome", sandbox=True, sandbox_note=""))
    assert store.browser() == replace(
        root, version="156, then 157", executable="/usr/lib/chromium/chromium, then /opt/chrome"
    )
