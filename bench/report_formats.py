"""Time each report format of the registry on saved evidence, and measure what it writes.

Usage: .venv/bin/python bench/report_formats.py OUT_DIR_OF_A_SCAN [-n 5]

Judges OUT_DIR/evidence.json once, then renders every format of checker.render.FORMATS N times into a
temporary copy of the folder (screenshots included, so the HTML embeds them), and prints per format the
median and max render time and the size of what it writes. The Markdown row also says how far it is
under the GitHub comment limit.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from checker.pipeline import load_evidence, load_judgement, write_outputs
from checker.render import FORMATS
from checker.render.markdown import MARKDOWN_CAP_BYTES

GITHUB_COMMENT_LIMIT_CHARS = 65_536


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="output folder of a scan (holds evidence.json)")
    parser.add_argument("-n", type=int, default=5, help="renders per format (default 5)")
    args = parser.parse_args()
    evidence = load_evidence(args.folder / "evidence.json")
    judgement = load_judgement([], [])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "out"
        shutil.copytree(args.folder / "screenshots", work / "screenshots")
        report, _ = write_outputs(work, evidence, judgement, ["json"])
        print(f"{len(report.sites)} sites, {sum(len(s.findings) for s in report.sites)} findings")
        print(f"{'format':<7} {'median s':>9} {'max s':>7} {'bytes':>10}")
        for fmt in FORMATS:
            times = []
            for _ in range(args.n):
                start = time.perf_counter()
                content = fmt.render(report, work)
                times.append(time.perf_counter() - start)
            size = len(content if isinstance(content, bytes) else content.encode("utf-8"))
            print(f"{fmt.name:<7} {statistics.median(times):>9.3f} {max(times):>7.3f} {size:>10,}")
            if fmt.name == "md":
                limits = f"cap {MARKDOWN_CAP_BYTES:,} B; GitHub limit {GITHUB_COMMENT_LIMIT_CHARS:,} chars"
                print(f"        {limits}")


if __name__ == "__main__":
    main()
