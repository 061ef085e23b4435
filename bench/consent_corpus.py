"""Consent corpus bench: scan every CMP replica, consent library and banner-free page of the corpus and
report banners detected, accept / reject / withdraw that took effect (judged by the cookies they left and
the CMP's own record), false detections, and the median time to a decision.

    .venv/bin/python bench/consent_corpus.py [--rounds N] [--concurrency N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory

from faulty_batch import _server_process

from checker.demo.corpus import corpus_pages
from checker.demo.corpus.outcome import PageOutcome, page_outcome
from checker.pipeline import scan_urls
from checker.scan_options import ScanOptions


def _line(label: str, hits: int, total: int) -> str:
    share = f"{100 * hits / total:.0f}%" if total else "n/a"
    return f"| {label} | {hits}/{total} | {share} |"


def table(outcomes: Sequence[PageOutcome], banner_pages: set[str], withdraw_pages: set[str]) -> list[str]:
    """The bench table, in Markdown."""
    with_banner = [o for o in outcomes if o.page in banner_pages]
    free = [o for o in outcomes if o.page not in banner_pages]
    withdraw = [o for o in with_banner if o.page in withdraw_pages]
    times = [o.decision_ms for o in with_banner if o.decision_ms is not None]
    median = f"{statistics.median(times) / 1000:.2f} s" if times else "n/a"
    return [
        "| measure | count | share |",
        "|---|---|---|",
        _line("banners detected", sum(o.detected for o in with_banner), len(with_banner)),
        _line("accept took effect", sum(o.accept_ok for o in with_banner), len(with_banner)),
        _line("reject took effect", sum(o.reject_ok for o in with_banner), len(with_banner)),
        _line("withdraw took effect", sum(o.withdraw_ok for o in withdraw), len(withdraw)),
        _line("false detections on banner-free pages", sum(o.false_detection for o in free), len(free)),
        f"| median time to the accept decision (navigation start to last click) | {median} | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1, help="scan the corpus this many times (default 1)")
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    pages = corpus_pages()
    outcomes: list[PageOutcome] = []
    started = time.monotonic()
    with _server_process() as (rules, _pid), TemporaryDirectory() as tmp:
        options = ScanOptions(host_map=rules, ignore_https_errors=True, concurrency=args.concurrency)
        for i in range(args.rounds):
            evidence = scan_urls([p.url for p in pages], options, Path(tmp) / f"round{i}")
            by_url = {s.url: s for s in evidence.sites}
            outcomes += [page_outcome(p, by_url[p.url]) for p in pages]
    elapsed = time.monotonic() - started
    banner_pages = {p.id for p in pages if p.expect.banner}
    withdraw_pages = {p.id for p in pages if p.expect.withdraw}
    print(f"{len(pages)} pages x {args.rounds} round(s), concurrency {args.concurrency}: {elapsed:.0f} s")
    print("\n".join(table(outcomes, banner_pages, withdraw_pages)))
    for o in outcomes:
        if o.problems:
            print(f"  {o.page}: {'; '.join(o.problems)}")


if __name__ == "__main__":
    main()
