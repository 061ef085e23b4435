"""Benchmark: scan each demo site N times; print the median wall time of a full five-phase scan
and the run's peak memory (PSS of the browser processes, read from /proc/<pid>/smaps_rollup)."""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from playwright.async_api import async_playwright

from checker.browser import ScanInputs, scan_site
from checker.challenges import load_signatures
from checker.consent import ConsentKit, load_lexicons
from checker.demo.server import DemoServer
from checker.launch import find_browser, host_resolver_rules, launch
from checker.recipes import load_recipes
from checker.scan_options import ScanOptions


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found  # the process ended while we looked: it has no children to count
    for task in tasks:
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in map(int, kids):
            found |= {kid, *_children(kid)}
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakPss:
    """Samples the summed PSS of every descendant process (the browser and its helpers)."""

    def __init__(self, interval: float = 0.05, exclude: frozenset[int] = frozenset()) -> None:
        self.exclude = exclude  # descendants not to count (a server process of the benchmark's own)
        self.peak_kib = 0
        self.self_peak_kib = 0  # this process alone
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            total = sum(_pss_kib(pid) for pid in _children(os.getpid()) - self.exclude)
            self.peak_kib = max(self.peak_kib, total)
            self.self_peak_kib = max(self.self_peak_kib, _pss_kib(os.getpid()))
            time.sleep(interval)

    def __enter__(self) -> PeakPss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def bench(runs: int, browser_path: str | None, late: bool) -> None:
    with DemoServer() as server, TemporaryDirectory() as tmp, PeakPss() as pss:
        inputs = ScanInputs(ConsentKit(tuple(load_recipes()), load_lexicons()), load_signatures(), Path(tmp))
        options = ScanOptions(host_map=tuple(server.host_rules()), ignore_https_errors=True)
        targets = dict(server.sites)
        if late:
            targets["late-tracker (fixture)"] = server.fixture_url("late-tracker")
        choice = find_browser(browser_path)
        rules = host_resolver_rules(options.host_map) or ""
        async with async_playwright() as pw:
            launched = await launch(pw, choice, [f"--host-resolver-rules={rules}"])
            print(f"browser: {launched.info.name} {launched.info.version} ({launched.info.cookie_policy})")
            print(f"{'site':<28} {'median s':>9} {'min s':>7} {'max s':>7}  late tracker / cookies")
            try:
                for name, url in targets.items():
                    times = []
                    site = None
                    for _ in range(runs):
                        start = time.perf_counter()
                        site = await scan_site(
                            launched.browser, url, options, inputs, launched.info.user_agent
                        )
                        times.append(time.perf_counter() - start)
                    assert site is not None
                    before = site.phases["before"]
                    names = sorted({c.name for c in before.cookies})
                    print(
                        f"{name:<28} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}"
                        f"  before: {', '.join(names) or '-'}"
                    )
            finally:
                await launched.close()
    print(f"peak PSS of the browser processes: {pss.peak_kib / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=5, help="scans per site (default 5)")
    parser.add_argument("--browser", help="Chromium executable (default as the CLI)")
    parser.add_argument("--no-late", action="store_true", help="skip the late-tracker fixture")
    args = parser.parse_args()
    asyncio.run(bench(args.runs, args.browser, not args.no_late))


if __name__ == "__main__":
    main()
