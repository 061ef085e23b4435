"""Benchmark: a batch over the fault server, one page in ten broken or hostile, through the real CLI
path (per-site store, report from disk). Prints wall time, verdicts, false passes, and memory: PSS of
this (parent) process at each 100 sites finished and its peak, and the peak PSS of the browser."""

from __future__ import annotations

import argparse
import itertools
import time
from collections import Counter
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

# Pages whose right verdict is not pass (a fault, a wall), and the good ones that must pass.
GOOD_FAULTS = {"article-ok", "redirect-chain", "redirect-away", "dialogs", "popup", "download-link"}
GOOD_FAULTS |= {"many-cookies", "big-cookies", "malformed-set-cookie", "odd-chars", "click-navigates"}
GOOD_FAULTS |= {"file-link", "reappearing-banner", "busy-loop"}


def batch(count: int) -> tuple[list[str], set[str]]:
    """`count` URLs: every tenth a faulty page or a wall (cycling), the rest good articles."""
    faulty = [fault_url(n) for n in FAULT_PAGES if n not in GOOD_FAULTS]
    faulty += [f"https://www.faulty-news.com/challenge/{n}" for n, v in CHALLENGE_FIXTURES.items() if v]
    cycle = itertools.cycle(faulty)
    good = itertools.cycle(good_article_urls())
    urls: list[str] = []
    bad: set[str] = set()
    for i in range(count):
        if i % 10 == 9:
            url = next(cycle)
            if url in urls:  # a second round of the same fault: vary it so URLs stay distinct
                url += ("&" if "?" in url else "?") + f"round={i}"
            bad.add(url)
        else:
            url = next(good)
            if url in urls:
                url += f"?round={i}"
        urls.append(url)
    return urls, bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--urls", type=int, default=200, help="URLs in the batch (default 200)")
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=10.0, help="page load timeout per phase (s)")
    args = parser.parse_args()
    urls, bad = batch(args.urls)
    parent: list[tuple[int, int]] = []
    done = 0

    def on_site(_site: SiteEvidence) -> None:
        nonlocal done
        done += 1
        if done % 100 == 0:
            parent.append((done, _pss_kib_self()))

    with DemoServer() as server, TemporaryDirectory() as tmp, PeakPss() as browser:
        options = ScanOptions(
            host_map=tuple(server.host_rules()),
            ignore_https_errors=True,
            concurrency=args.concurrency,
            timeout_s=args.timeout,
        )
        store = RunStore(Path(tmp))
        plan = new_plan(urls, options)
        start = time.perf_counter()
        scan(store, plan, on_site)
        scanned = time.perf_counter() - start
        report, _ = write_outputs(Path(tmp), assemble(store, plan), load_judgement([], []), ("json", "html"))
        total = time.perf_counter() - start
    verdicts = Counter(s.verdict for s in report.sites)
    false_pass = [s.url for s in report.sites if s.url in bad and s.verdict == "pass"]
    good_wrong = [(s.url, s.verdict) for s in report.sites if s.url not in bad and s.verdict != "pass"]
    print(
        f"{len(urls)} URLs ({len(bad)} faulty), concurrency {args.concurrency}: every site finished: "
        f"{len(report.sites) == len(urls)}"
    )
    print(
        f"wall time: scan {scanned:.0f} s, with reports {total:.0f} s "
        f"({len(urls) / scanned * 60:.1f} sites/min)"
    )
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    print(f"false passes: {len(false_pass)} {false_pass}")
    print(f"good pages without their pass: {len(good_wrong)} {good_wrong[:5]}")
    reasons = Counter(s.verdict_reason.split(": ", 1)[-1][:70] for s in report.sites if s.url in bad)
    for reason, n in reasons.most_common():
        print(f"  {n:>3} x {reason}")
    print("parent PSS at sites finished: " + ", ".join(f"{n}: {kib / 1024:.0f} MiB" for n, kib in parent))
    print(f"peak PSS of the browser processes: {browser.peak_kib / 1024:.0f} MiB")


def _pss_kib_self() -> int:
    import os

    return _pss_kib(os.getpid())


if __name__ == "__main__":
    main()
