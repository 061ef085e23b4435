"""Benchmark: a batch over the fault server, one page in ten broken or hostile, through the real CLI
path (per-site store, report from disk). Prints wall time, verdicts, false passes, and memory: PSS of
this (parent) process at each 100 sites finished and its peak (while scanning, and with the reports built
from disk at the end), and the peak PSS of the browser processes."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import multiprocessing
import os
import random
import time
from collections import Counter
from collections.abc import Iterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from tempfile import TemporaryDirectory

from scan_demo import PeakPss, _pss_kib

from checker.batch.store import RunStore
from checker.demo.challenge_pages import CHALLENGE_FIXTURES
from checker.demo.faults import FAULT_PAGES, fault_url, good_article_urls
from checker.demo.server import DemoServer
from checker.models import SiteEvidence
from checker.pipeline import assemble, load_judgement, new_plan, scan, write_outputs
from checker.scan_options import ScanOptions

# The verdict each faulty page must get (the end-to-end tests pin the reasons); pages a broken browser
# would trip over but that are fine pages (dialogs, pop-ups, odd cookies) must still pass.
EXPECTED: dict[str, str] = {
    "never-loads": "error",
    "slow-first-byte": "error",
    "slow-body": "error",
    "reset": "error",
    "redirect-loop": "error",
    "download": "inconclusive",
    "empty": "inconclusive",
    "busy-forever": "inconclusive",
    "unknown-cookies": "fail",
    "reject-walls": "inconclusive",
    **{name: "inconclusive" for name in FAULT_PAGES if name.startswith("status-")},
    **{name: "pass" for name in ("redirect-chain", "redirect-away", "dialogs", "popup", "download-link")},
    **{name: "pass" for name in ("many-cookies", "big-cookies", "malformed-set-cookie", "odd-chars")},
    **{name: "pass" for name in ("reappearing-banner", "click-navigates", "file-link")},
    **{f"challenge/{name}": "inconclusive" if wall else "pass" for name, wall in CHALLENGE_FIXTURES.items()},
}
SHUFFLE_SEED = 5
# busy-loop (5 s busy spells with short gaps) is left out: whether a phase reads the page in a gap is luck.


def _faulty_url(name: str) -> str:
    return f"https://www.faulty-news.com/{name}" if name.startswith("challenge/") else fault_url(name)


def batch(count: int) -> tuple[list[str], dict[str, str]]:
    """`count` URLs: every tenth a faulty page or a wall (cycling through all), the rest good articles;
    and the verdict each faulty URL must get."""
    mix = list(EXPECTED)
    random.Random(SHUFFLE_SEED).shuffle(mix)  # every kind of fault early in the batch, the same every run
    faults = itertools.cycle(mix)
    good = itertools.cycle(good_article_urls())
    urls: list[str] = []
    expected: dict[str, str] = {}
    for i in range(count):
        if i % 10 == 9:
            name = next(faults)
            url = _distinct(_faulty_url(name), urls, i)
            expected[url] = EXPECTED[name]
        else:
            url = _distinct(next(good), urls, i)
            expected[url] = "pass"
        urls.append(url)
    return urls, expected


def _distinct(url: str, seen: list[str], i: int) -> str:
    """A URL used before gets a query of its own, so a batch never lists one URL twice."""
    return url + ("&" if "?" in url else "?") + f"round={i}" if url in seen else url


def _serve(rules: Queue[tuple[str, ...]], stop: Event) -> None:
    with DemoServer() as server:
        rules.put(tuple(server.host_rules()))
        stop.wait()


@contextlib.contextmanager
def _server_process() -> Iterator[tuple[tuple[str, ...], int]]:
    """The demo server in a process of its own, so the parent's memory is the scanner's alone."""
    ctx = multiprocessing.get_context("spawn")
    rules: Queue[tuple[str, ...]] = ctx.Queue()
    stop = ctx.Event()
    proc = ctx.Process(target=_serve, args=(rules, stop), daemon=True)
    proc.start()
    try:
        assert proc.pid is not None
        yield rules.get(timeout=60), proc.pid
    finally:
        stop.set()
        proc.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--urls", type=int, default=200, help="URLs in the batch (default 200)")
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=10.0, help="page load timeout per phase (s)")
    args = parser.parse_args()
    urls, expected = batch(args.urls)
    parent: list[tuple[int, int]] = []
    done = 0

    def on_site(_site: SiteEvidence) -> None:
        nonlocal done
        done += 1
        if done % 100 == 0:
            parent.append((done, _pss_kib(os.getpid())))

    with (
        _server_process() as (host_rules, server_pid),
        TemporaryDirectory() as tmp,
        PeakPss(exclude=frozenset({server_pid})) as browser,
    ):
        options = ScanOptions(
            host_map=host_rules,
            ignore_https_errors=True,
            concurrency=args.concurrency,
            timeout_s=args.timeout,
        )
        store = RunStore(Path(tmp))
        plan = new_plan(urls, options)
        start = time.perf_counter()
        scan(store, plan, on_site)
        scanned = time.perf_counter() - start
        scan_peak_kib = browser.self_peak_kib
        judgement = load_judgement([], [])
        report, _ = write_outputs(Path(tmp), assemble(store, plan), judgement, ("json", "html"))
        total = time.perf_counter() - start
    verdicts = Counter(s.verdict for s in report.sites)
    faulty = {u for u in urls if "faulty-news.com/article/" not in u}
    wrong = [
        (s.url, s.verdict, expected[s.url], s.verdict_reason)
        for s in report.sites
        if s.verdict != expected[s.url]
    ]
    false_pass = [w for w in wrong if w[1] == "pass"]
    print(
        f"{len(urls)} URLs ({len(faulty)} faulty), concurrency {args.concurrency}: every site finished: "
        f"{len(report.sites) == len(urls)}"
    )
    print(
        f"wall time: scan {scanned:.0f} s, with reports {total:.0f} s "
        f"({len(urls) / scanned * 60:.1f} sites/min)"
    )
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    print(f"verdicts as expected: {len(urls) - len(wrong)} of {len(urls)}; false passes: {len(false_pass)}")
    for url, got, want, why in wrong:
        print(f"  unexpected: {url}: {got} (expected {want}): {why}")
    without_reason = [
        s.url for s in report.sites if s.verdict in ("error", "inconclusive") and not s.verdict_reason
    ]
    print(f"error or inconclusive without a reason: {len(without_reason)}")
    print("parent PSS at sites finished: " + ", ".join(f"{n}: {kib / 1024:.0f} MiB" for n, kib in parent))
    print(
        f"parent peak PSS: while scanning {scan_peak_kib / 1024:.0f} MiB, "
        f"with building the reports from disk {browser.self_peak_kib / 1024:.0f} MiB"
    )
    print(f"peak PSS of the browser processes: {browser.peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
