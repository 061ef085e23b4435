"""`consent-checker demo`: serve the bundled news sites on loopback, scan them, print the verdicts."""

from __future__ import annotations

import sys
from pathlib import Path

from checker.cli_ci import write_reports
from checker.demo.npm_cdn import DEFAULT_NPM_DIR, NOT_INSTALLED
from checker.demo.server import DemoServer
from checker.pipeline import OutputContext, load_judgement, scan_urls
from checker.render import FORMATS
from checker.render.console import summary_table
from checker.report import Invocation
from checker.scan_options import ScanOptions

# What each demo site is there to show; the scan must find exactly this.
EXPECTED = {
    "good": "pass: nothing before consent, nothing after reject",
    "pre-consent-tracker": "fail: Google Analytics and the Meta pixel load before any choice",
    "tracks-after-reject": "fail: DoubleClick and the Meta pixel keep tracking after reject",
    "second-layer-reject": "fail: reject only on the second layer; a cookie declared for 3 years",
    "tcf-consent-after-reject": "fail: after reject-all the TCF string tells ad vendors the user consented",
    "granted-before-choice": "fail: Consent Mode grants Google storage while the banner is open",
}


def run_demo(out_dir: Path, browser: str | None = None, command_line: tuple[str, ...] = ()) -> int:
    """Scan the demo sites and write every format; exit 0 when the scan ran (the verdicts are the demo's
    output, not failures)."""
    judgement = load_judgement([], [])
    if DEFAULT_NPM_DIR is None or not DEFAULT_NPM_DIR.is_dir():
        print(
            f"note: {NOT_INSTALLED} (from a source checkout): without them the TCF site's CMP cannot load, "
            "so it shows no banner and passes instead of failing",
            file=sys.stderr,
        )
    with DemoServer() as server:
        urls = [server.sites[name] for name in EXPECTED]
        print(f"Demo news sites served on https://127.0.0.1:{server.port} under their own hostnames:")
        for name, url in zip(EXPECTED, urls, strict=True):
            print(f"  {url}  ({EXPECTED[name]})")
        options = ScanOptions(
            host_map=tuple(server.host_rules()), ignore_https_errors=True, browser_path=browser
        )
        evidence = scan_urls(urls, options, out_dir)
    context = OutputContext(invocation=Invocation(command_line=command_line))
    report, complete = write_reports(out_dir, evidence, judgement, [f.name for f in FORMATS], context)
    print(summary_table(report))
    names = [f.file_name for f in FORMATS if (out_dir / f.file_name).is_file()]
    print(f"Written to {out_dir.resolve()}: {', '.join(['evidence.json', *names, 'manifest.json'])}")
    print(f"HTML report: {(out_dir / 'report.html').resolve()}")
    errors = [s for s in report.sites if s.status == "error"]
    for site in errors:
        print(f"error: {site.url}: {site.error}", file=sys.stderr)
    return 3 if errors or not complete else 0
