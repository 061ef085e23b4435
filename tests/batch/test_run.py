"""Runs that do not go to plan, end to end: SIGTERM then --resume, a killed browser, a site over budget."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from checker.batch.run import run_sites
from checker.browser import ScanInputs
from checker.challenges import load_signatures
from checker.consent import ConsentKit, load_lexicons
from checker.demo.server import DemoServer
from checker.launch import BrowserNotFound, find_browser
from checker.models import BrowserInfo, SiteEvidence
from checker.recipes import load_recipes
from checker.scan_options import ScanOptions

pytestmark = pytest.mark.browser

HOST = "https://www.faulty-news.com"
ARTICLES = [f"{HOST}/article/{n}" for n in range(1, 6)]


@pytest.fixture(scope="module")
def server() -> Any:
    try:
        find_browser(None)
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    with DemoServer() as srv:
        yield srv


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker", *args]


def scan_args(srv: DemoServer, out: Path) -> list[str]:
    return ["scan", *ARTICLES, "--out", str(out), "--host-map", srv.host_rules()[0], "--ignore-https-errors"]


def comparable(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What a report says of each site, without times, hashes and random cookie values."""
    return [
        (
            s["url"],
            s["verdict"],
            s["verdict_reason"],
            [(f["rule"], f["phase"], f["message"]) for f in s["findings"]],
            {p: sorted(c["name"] for c in ph["cookies"]) for p, ph in s["phases"].items()},
        )
        for s in report["sites"]
    ]


def test_sigterm_keeps_finished_sites_and_resume_gives_the_uninterrupted_report(
    server: DemoServer, tmp_path: Path
) -> None:
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    done = subprocess.run(cli(*scan_args(server, whole)), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

    proc = subprocess.Popen(
        cli(*scan_args(server, cut)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.time() + 120
    while not list((cut / "sites").glob("*.json")) and time.time() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, err
    assert (
        "consent-checker: interrupted by a signal: the report covers the sites finished so far "
        f"(continue with: consent-checker scan --resume {cut})"
    ) in err.splitlines()
    assert "Traceback" not in err
    interrupted = json.loads((cut / "report.json").read_text())
    finished = len(list((cut / "sites").glob("*.json")))
    assert 1 <= finished < len(ARTICLES)
    assert interrupted["complete"] is False
    assert len(interrupted["sites"]) == finished
    assert interrupted["pending"] == ARTICLES[finished:]

    resumed = subprocess.run(cli("scan", "--resume", str(cut)), capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.splitlines()[0] == (
        f"Resuming {cut}: scanning the remaining {len(ARTICLES) - finished} site(s): "
        "before, accept, reject, withdraw and gpc phases"
    )
    final = json.loads((cut / "report.json").read_text())
    assert (final["complete"], final["pending"]) == (True, [])
    assert comparable(final) == comparable(json.loads((whole / "report.json").read_text()))
    assert final["summary"] == json.loads((whole / "report.json").read_text())["summary"]

    again = subprocess.run(cli("scan", "--resume", str(cut)), capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[0] == (
        f"Resuming {cut}: scanning the remaining 0 site(s): before, accept, reject, withdraw and gpc phases"
    )
    assert comparable(json.loads((cut / "report.json").read_text())) == comparable(final)


def test_resume_of_a_folder_that_is_no_run_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(cli("scan", "--resume", str(tmp_path)), capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stderr) == (
        2,
        f"consent-checker: error: {tmp_path / 'run.json'}: no such file "
        "(not a consent-checker run folder?)\n",
    )
    both = subprocess.run(
        cli("scan", "https://a.example/", "--resume", str(tmp_path)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (both.returncode, both.stderr) == (
        2,
        "consent-checker: error: scan --resume DIR takes no URLs: it continues the run recorded in DIR\n",
    )


def _run(
    urls: list[str], options: ScanOptions, out: Path, during: Any = None
) -> tuple[list[SiteEvidence], list[BrowserInfo]]:
    sites: list[SiteEvidence] = []
    launches: list[BrowserInfo] = []
    inputs = ScanInputs(ConsentKit(tuple(load_recipes()), load_lexicons()), load_signatures(), out)

    async def main() -> None:
        side = asyncio.ensure_future(during()) if during else None
        await run_sites(
            list(enumerate(urls)), options, inputs, lambda _i, s: sites.append(s), launches.append
        )
        if side:
            await side

    asyncio.run(main())
    return sites, launches


def test_a_killed_browser_is_relaunched_and_the_site_retried(server: DemoServer, tmp_path: Path) -> None:
    options = ScanOptions(host_map=tuple(server.host_rules()), ignore_https_errors=True, timeout_s=20)
    marker = f"127.0.0.1:{server.port}"  # only this test's browser maps hosts to this server's port

    async def kill_browser() -> None:
        await asyncio.sleep(3.0)  # the first attempt waits for the slow first byte
        subprocess.run(["pkill", "-9", "-f", f"host-resolver-rules=MAP \\* {marker}"], check=False)

    sites, launches = _run([f"{HOST}/slow-first-byte?s=5"], options, tmp_path, kill_browser)
    assert len(launches) == 2
    [site] = sites
    assert (site.status, site.error) == ("ok", None)
    assert set(site.phases) == {"before", "accept", "reject", "withdraw", "gpc"}
    assert all(p.document is not None and p.document.status == 200 for p in site.phases.values())


def test_a_site_over_its_time_budget_is_an_error_that_keeps_its_phases(
    server: DemoServer, tmp_path: Path
) -> None:
    options = ScanOptions(
        host_map=tuple(server.host_rules()), ignore_https_errors=True, timeout_s=90, site_timeout_s=25
    )
    started = time.time()
    sites, _ = _run([f"{HOST}/never-loads"], options, tmp_path)
    elapsed = time.time() - started
    [site] = sites
    assert site.status == "error"
    assert site.error == "; ".join(
        f"{p} phase exceeded the site time budget (25 s)"
        for p in ("before", "accept", "reject", "withdraw", "gpc")
    )
    assert {p.document.status for p in site.phases.values() if p.document} == {200}
    # Without the budget the page would hold every phase for 90 s; a generous bound, not a benchmark.
    assert elapsed < 75, f"the budget did not bound the site: {elapsed:.0f} s"


def test_sandbox_follows_the_user(server: DemoServer, tmp_path: Path) -> None:
    _, launches = _run(
        [f"{HOST}/article-ok"],
        ScanOptions(host_map=tuple(server.host_rules()), ignore_https_errors=True),
        tmp_path,
    )
    root = os.geteuid() == 0
    assert (launches[0].sandbox, bool(launches[0].sandbox_note)) == (not root, root)


def _run_folder(tmp_path: Path, **changes: Any) -> Path:
    """A run folder as a scan leaves it, its plan changed as given (a folder received from elsewhere)."""
    from checker.batch.store import RunStore
    from checker.pipeline import new_plan

    folder = tmp_path / "run"
    RunStore(folder).start(new_plan(["https://www.example.com/"], ScanOptions()))
    plan = json.loads((folder / "run.json").read_text())
    for key, value in changes.items():
        if key in ScanOptions.__dataclass_fields__:
            plan["scan_options"][key] = value
        else:
            plan[key] = value
    (folder / "run.json").write_text(json.dumps(plan))
    return folder


def test_resume_never_starts_the_browser_a_run_folder_names(server: DemoServer, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.sh"
    evil.write_text(f"#!/bin/sh\ntouch {marker}\n")
    evil.chmod(0o755)
    # Every host to a closed loopback port: the resumed scan runs, in the default browser, and fails fast.
    folder = _run_folder(tmp_path, browser_path=str(evil), host_map=["*=127.0.0.1:9"])
    proc = subprocess.run(cli("scan", "--resume", str(folder)), capture_output=True, text=True, check=False)
    assert proc.returncode == 3, proc.stderr
    assert not marker.exists()
    report = json.loads((folder / "report.json").read_text())
    assert report["browser"]["executable"] != str(evil)


@pytest.mark.parametrize(
    ("changes", "extra", "message"),
    [
        (
            {"rules": ["/etc/passwd"]},
            [],
            "the run used /etc/passwd; a run folder is not trusted to name files to read: "
            "give them again with --rules",
        ),
        (
            {"catalogs": ["/etc/hosts"]},
            [],
            "the run used /etc/hosts; a run folder is not trusted to name files to read: "
            "give them again with --catalog",
        ),
        (
            {"concurrency": "3"},
            [],
            "run.json: not a run plan of this version of consent-checker: at $.scan_options.concurrency: "
            "'3' is not of type 'integer'",
        ),
        (
            {"urls": ["file:///etc/passwd"]},
            [],
            "run.json: not a run plan of this version of consent-checker: at $.urls[0]: "
            "'file:///etc/passwd' does not match '^https?://'",
        ),
        (
            {},
            ["--fail-on", "low", "--concurrency", "2"],
            "scan --resume takes the run's own options from its run.json; drop --concurrency, --fail-on",
        ),
    ],
)
def test_resume_refuses_what_a_run_folder_must_not_decide(
    tmp_path: Path, changes: dict[str, Any], extra: list[str], message: str
) -> None:
    folder = _run_folder(tmp_path, **changes)
    proc = subprocess.run(
        cli("scan", "--resume", str(folder), *extra), capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("consent-checker: error: ") and proc.stderr.count("\n") == 1
    assert proc.stderr.rstrip("\n").endswith(message)
    assert "root:" not in proc.stderr  # nothing of the named file is read, let alone shown
