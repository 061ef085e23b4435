"""Command line: scan, evaluate, demo and rules; maps every outcome to an exit code."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from checker import __version__
from checker.cli_ci import (
    add_ci_commands,
    add_triage_options,
    finish,
    output_context,
    run_diff,
    run_verify,
    write_reports,
)
from checker.models import SEVERITIES, SiteEvidence, UrlSource
from checker.render import FORMAT_BY_NAME, FORMATS

if TYPE_CHECKING:
    from checker.batch.store import RunPlan, RunStore
    from checker.report import Report
    from checker.scan_options import ScanOptions

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_SITE_ERROR = 0, 1, 2, 3
DEFAULT_FORMATS = "json,html"


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and one line on bad usage (it already does; keep it short)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"consent-checker: error: {message}\n")


def _formats(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    bad = [n for n in names if n not in FORMAT_BY_NAME]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(bad) or value!r} (choose from {', '.join(FORMAT_BY_NAME)})"
        )
    return names


def _positive(kind: type[int] | type[float], what: str, minimum: float = 0) -> Callable[[str], float]:
    """An argparse type for a finite number above zero (and at least `minimum`)."""

    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            number = 0
        if not math.isfinite(number) or number < minimum or number <= 0:
            least = f" of at least {minimum:g}" if minimum else ""
            raise argparse.ArgumentTypeError(f"expected a positive {what}{least}, got {value!r}")
        return number

    return parse


_positive_int = _positive(int, "whole number")
_positive_float = _positive(float, "number of seconds")
# A site's budget holds its page loads, settling, clicks and snapshots; below this every site would run out.
MIN_SITE_TIMEOUT_S = 30.0
_site_seconds = _positive(float, "number of seconds", MIN_SITE_TIMEOUT_S)


def _judging_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PACK_OR_PATH",
        help="rule pack: a builtin name (see `rules list`), a pack folder or a pack file; "
        "repeatable (default: eu-core and edpb-banner)",
    )
    p.add_argument(
        "--catalog",
        action="append",
        default=[],
        metavar="FILE",
        help="extra cookie/tracker catalog (YAML) overriding the builtin ones, or an Open Cookie "
        "Database CSV used as a base layer; repeatable",
    )
    p.add_argument(
        "--format",
        type=_formats,
        default=_formats(DEFAULT_FORMATS),
        metavar="LIST",
        help=f"report formats, comma separated (default {DEFAULT_FORMATS}); evidence.json and manifest.json "
        "are always written. " + "; ".join(f"{f.name}: {f.file_name}, {f.description}" for f in FORMATS),
    )
    p.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="high",
        help="exit 1 when a finding has this severity or higher (default high)",
    )
    add_triage_options(p)


def _scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--host-map",
        action="append",
        default=[],
        metavar="PATTERN=ADDR[:PORT]",
        help="resolve hostnames matching PATTERN to ADDR[:PORT] (Chromium host-resolver rules), "
        "e.g. '*.example.com=127.0.0.1:8443'; repeatable",
    )
    p.add_argument(
        "--ignore-https-errors",
        action="store_true",
        help="accept self-signed or otherwise invalid certificates (staging, local sites)",
    )
    p.add_argument(
        "--concurrency",
        type=_positive_int,
        default=1,
        metavar="N",
        help="sites scanned at once; the five phases of a site always run together (default 1)",
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=30.0,
        metavar="SECONDS",
        help="page load timeout per phase (default 30)",
    )
    p.add_argument(
        "--settle-max",
        type=_positive_float,
        default=10.0,
        metavar="SECONDS",
        help="longest wait for a page to go quiet after load (default 10); the wait ends earlier "
        "once no request, cookie write or pending short timer is left",
    )
    p.add_argument(
        "--site-timeout",
        type=_site_seconds,
        default=120.0,
        metavar="SECONDS",
        help="time budget of one site, its phases together (default 120, at least 30); a site that "
        "runs over is reported as an error with what its phases had collected",
    )
    p.add_argument("--locale", default="en-GB", metavar="LANG", help="browser locale (default en-GB)")
    p.add_argument(
        "--browser",
        metavar="PATH",
        help="Chromium executable (default: $CONSENT_CHECKER_BROWSER, else Playwright's if installed, "
        "else Debian's, else a Chromium or Chrome on PATH)",
    )
    p.add_argument(
        "--keep-values",
        action="store_true",
        help="store cookie and storage values in clear (default: SHA-256 only)",
    )
    p.add_argument(
        "--har",
        action="store_true",
        help="record a HAR of each phase under DIR/har/ (headers, cookies and timings; no bodies). "
        "Unlike evidence.json, a HAR holds cookie values and full URLs in clear",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="consent-checker",
        description="Checks whether web pages respect cookie consent: before any choice, after "
        "accept all and after reject all.",
        epilog="exit codes: 0 no finding at or above --fail-on, every site scanned; 1 a finding at or "
        "above --fail-on; 2 usage error, invalid rules, catalog or evidence, or a --browser that does not "
        "start; 3 the run is incomplete: a site could not be scanned or was inconclusive (an error page, "
        "a bot wall), the run was interrupted, or no browser could start (1 wins when a finding reaches "
        "--fail-on)",
    )
    parser.add_argument("--version", action="version", version=f"consent-checker {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    scan = sub.add_parser("scan", help="scan URLs in a real browser and judge them")
    scan.add_argument("urls", nargs="*", metavar="URL", help="pages to scan (http or https)")
    scan.add_argument(
        "--urls", dest="urls_file", metavar="FILE", help="file with one URL per line (# comments)"
    )
    scan.add_argument(
        "--out",
        type=Path,
        default=Path("reports") / "latest",
        metavar="DIR",
        help="output folder (default reports/latest); each site's evidence is written there as it finishes",
    )
    scan.add_argument(
        "--resume",
        type=Path,
        metavar="DIR",
        help="continue the run recorded in DIR (interrupted or killed) with its own URLs and options; "
        "only the sites not finished are scanned; --rules, --catalog, --baseline and --waivers (files "
        "are not read from a run folder: give them again), --browser, --soft-fail and --sarif-location "
        "may be given, nothing else",
    )
    _scan_options(scan)
    _judging_options(scan)

    ev = sub.add_parser("evaluate", help="re-judge saved evidence without a browser")
    ev.add_argument("evidence", type=Path, metavar="EVIDENCE.json")
    ev.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="output folder (default: an `evaluated` folder next to the evidence; the evidence file "
        "itself is never overwritten)",
    )
    _judging_options(ev)

    demo = sub.add_parser("demo", help="serve the bundled demo news sites locally and scan them")
    demo.add_argument(
        "--out",
        type=Path,
        default=Path("reports") / "demo",
        metavar="DIR",
        help="output folder (default reports/demo)",
    )
    demo.add_argument("--browser", metavar="PATH", help="Chromium executable")

    rules = sub.add_parser("rules", help="list or validate rule packs")
    rsub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    rsub.add_parser("list", help="list the builtin rule packs and their rules")
    validate = rsub.add_parser(
        "validate", help="validate rule files, pack folders or builtin packs by name (examples included)"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE_OR_PACK")
    add_ci_commands(sub)
    return parser


def _read_urls(args: argparse.Namespace) -> tuple[list[str], dict[str, UrlSource]]:
    """The URLs to scan, each checked, and the --urls line of each URL listed there."""
    from checker.pipeline import InputError
    from checker.urls import url_problem

    # (where it was given, the URL): checked before any browser starts, each bad one a usage error.
    given = [("scan", url) for url in args.urls]
    sources: dict[str, UrlSource] = {}
    if args.urls_file:
        try:
            lines = Path(args.urls_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"--urls {args.urls_file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"--urls {args.urls_file}: not a UTF-8 text file") from exc
        listed = [
            (number, line.strip())
            for number, line in enumerate(lines, start=1)
            if line.strip() and not line.strip().startswith("#")
        ]
        given += [(f"--urls {args.urls_file}:{number}", url) for number, url in listed]
        sources = {url: UrlSource(args.urls_file, number) for number, url in reversed(listed)}
    if not given:
        raise InputError("scan: give at least one URL (or --urls FILE)")
    for where, url in given:
        problem = url_problem(url)
        if problem is not None:
            raise InputError(f"{where}: {url!r} cannot be scanned: {problem}")
    return list(dict.fromkeys(url for _where, url in given)), sources


def _print_summary(report: Report, out_dir: Path) -> None:
    from checker.render.console import summary_table

    print(summary_table(report, color=sys.stdout.isatty()))
    html = out_dir / "report.html"
    print(f"Report: {html.resolve() if html.exists() else out_dir}")


def _site_line(site: SiteEvidence) -> str:
    from checker.observation import site_observation

    seen = site_observation(site)
    if site.status == "error":
        state = f"error: {site.error}"
    elif seen.observed != "page":
        state = f"{seen.observed}: {seen.reason}"
    else:
        state = "ok"
    return f"  scanned {site.url} ({state})"


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[SiteEvidence], None]]:
    """A progress bar on a terminal; one line per site in a CI log."""
    if not sys.stderr.isatty():
        yield lambda site: print(_site_line(site), file=sys.stderr)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("scan", total=total)

        def done(site: SiteEvidence) -> None:
            progress.console.print(_site_line(site), highlight=False, markup=False)
            progress.advance(task)

        yield done


def _check_browser(path: str | None) -> None:
    """A --browser that is not an executable is a usage error, found before anything starts."""
    from checker.launch import BrowserNotFound, find_browser
    from checker.pipeline import InputError

    if path:
        try:
            find_browser(path)
        except BrowserNotFound as exc:
            raise InputError(str(exc)) from exc


def _scan_options_from(args: argparse.Namespace) -> ScanOptions:
    from checker.launch import host_resolver_rules
    from checker.pipeline import InputError
    from checker.scan_options import ScanOptions

    try:
        host_resolver_rules(args.host_map)  # validate before starting anything
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    return ScanOptions(
        host_map=tuple(args.host_map),
        ignore_https_errors=args.ignore_https_errors,
        locale=args.locale,
        timeout_s=args.timeout,
        settle_max_ms=int(args.settle_max * 1000),
        keep_values=args.keep_values,
        concurrency=args.concurrency,
        browser_path=args.browser,
        site_timeout_s=args.site_timeout,
        har=args.har,
    )


# Options a resumed run takes from its run.json; only these may be given again with --resume.
RESUME_OPTIONS = frozenset(
    {"rules", "catalog", "browser", "baseline", "waivers", "soft_fail", "sarif_location"}
)


def _resume_plan(args: argparse.Namespace) -> tuple[RunStore, RunPlan]:
    """The run recorded in --resume DIR. The folder may come from elsewhere: the rule and catalog files
    its plan names are not read (give them again with --rules/--catalog), its browser is never started
    (--browser, $CONSENT_CHECKER_BROWSER or the default is), and its other options are checked."""
    from dataclasses import replace

    from checker.batch.store import RunStore
    from checker.pipeline import InputError
    from checker.rules import builtin_pack_names

    if args.urls or args.urls_file:
        raise InputError("scan --resume DIR takes no URLs: it continues the run recorded in DIR")
    defaults = vars(build_parser().parse_args(["scan"]))
    extra = sorted(
        key
        for key, value in vars(args).items()
        if key not in RESUME_OPTIONS | {"resume", "urls", "urls_file", "command", "command_line"}
        and value != defaults.get(key)
    )
    if extra:
        given = ", ".join("--" + key.replace("_", "-") for key in extra)
        raise InputError(f"scan --resume takes the run's own options from its run.json; drop {given}")
    store = RunStore(args.resume)
    plan = store.plan()
    rule_files = [spec for spec in plan.rules if spec not in builtin_pack_names()]
    for option, files, given in (
        ("--rules", rule_files, args.rules),
        ("--catalog", plan.catalogs, args.catalog),
        ("--baseline", [plan.baseline] if plan.baseline else [], args.baseline),
        ("--waivers", [plan.waivers] if plan.waivers else [], args.waivers),
    ):
        if files and not given:
            raise InputError(
                f"the run used {', '.join(files)}; a run folder is not trusted to name files to read: "
                f"give them again with {option}"
            )
    options = dict(plan.scan_options) | {"browser_path": args.browser}
    # What the run was asked for stays asked for: a retry that leaves these out does not change them.
    args.soft_fail = args.soft_fail or plan.soft_fail
    args.sarif_location = args.sarif_location or plan.sarif_location
    return store, replace(
        plan,
        rules=tuple(args.rules) or plan.rules,
        catalogs=tuple(args.catalog) or plan.catalogs,
        scan_options=options,
    )


def _plan_scan(args: argparse.Namespace) -> tuple[RunStore, RunPlan, bool]:
    """The store, the plan and whether the run is fresh: a new run, or the one --resume names."""
    from dataclasses import replace

    from checker.batch.store import RunStore
    from checker.pipeline import new_plan

    if args.resume is not None:
        return (*_resume_plan(args), False)
    urls, sources = _read_urls(args)
    options = _scan_options_from(args)
    plan = new_plan(urls, options, args.rules, args.catalog, args.format, args.fail_on)
    return (
        RunStore(args.out),
        replace(
            plan,
            command_line=args.command_line,
            url_sources=sources,
            baseline=str(args.baseline.resolve()) if args.baseline else None,
            waivers=str(args.waivers.resolve()) if args.waivers else None,
            sarif_location=args.sarif_location,
            soft_fail=args.soft_fail,
        ),
        True,
    )


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (a CI job's timeout) stops a scan as Ctrl-C does, outside the site loop too."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_scan(args: argparse.Namespace) -> int:
    with _sigterm_as_ctrl_c():
        return _scan_command(args)


def _scan_command(args: argparse.Namespace) -> int:
    from checker.pipeline import assemble, load_judgement, plan_options, scan

    store, plan, fresh = _plan_scan(args)
    judgement = load_judgement(plan.rules, plan.catalogs)
    # Read before the scan: a bad file must not cost a scan, nor may the fresh run's clean-up remove a
    # baseline that is the folder's own earlier report.json.
    context = output_context(args, plan.command_line or args.command_line, plan.url_sources, plan.fail_on)
    _check_browser(plan_options(plan).browser_path)
    todo = len(plan.urls) - (0 if fresh else len(store.finished()))
    verb = "Scanning" if fresh else f"Resuming {store.out_dir}: scanning the remaining"
    print(f"{verb} {todo} site(s): before, accept, reject, withdraw and gpc phases", file=sys.stderr)
    with _progress(todo) as on_site:
        ended = scan(store, plan, on_site, fresh=fresh)
    if not ended.complete:
        print(
            f"consent-checker: {ended.reason}: the report covers the sites finished so far "
            f"(continue with: consent-checker scan --resume {store.out_dir})",
            file=sys.stderr,
        )
    report, complete = write_reports(store.out_dir, assemble(store, plan), judgement, plan.formats, context)
    _print_summary(report, store.out_dir)
    return finish(report, args, plan.fail_on, complete)


def _run_evaluate(args: argparse.Namespace) -> int:
    from checker.pipeline import (
        EVIDENCE_FILE,
        InputError,
        copy_screenshots,
        load_evidence,
        load_judgement,
    )

    judgement = load_judgement(args.rules, args.catalog)
    evidence = load_evidence(args.evidence)
    out_dir = args.out or args.evidence.parent / "evaluated"
    if (out_dir / EVIDENCE_FILE).resolve() == args.evidence.resolve():
        raise InputError(f"--out {out_dir}: would overwrite the evidence it judges; choose another folder")
    copy_screenshots(evidence, args.evidence.parent, out_dir)
    context = output_context(args, args.command_line, {}, args.fail_on)
    report, complete = write_reports(out_dir, evidence, judgement, args.format, context)
    _print_summary(report, out_dir)
    return finish(report, args, args.fail_on, complete)


def _run_demo(args: argparse.Namespace) -> int:
    from checker.demo_run import run_demo

    _check_browser(args.browser)
    return run_demo(args.out, args.browser, args.command_line)


def _run_rules(args: argparse.Namespace) -> int:
    from checker.rules import builtin_pack_names, load_packs, validate_file

    if args.rules_command == "list":
        for pack in load_packs(list(builtin_pack_names())):
            print(f"{pack.name} {pack.version}  ({len(pack.rules)} rules)")
            for rule in pack.rules:
                print(f"  {rule.id:<52} {rule.severity:<8} {rule.title}")
        return EXIT_OK
    problems = [line for path in args.files for line in validate_file(path)]
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(f"{len(args.files)} file(s) valid")
    return EXIT_USAGE if problems else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    from checker.batch.store import StoreError
    from checker.catalog import CatalogError
    from checker.challenges import ChallengeError
    from checker.launch import BrowserNotFound
    from checker.manifest import ManifestError
    from checker.pipeline import InputError
    from checker.recipes import RecipeError
    from checker.rules import RuleError
    from checker.triage import TriageError

    args = build_parser().parse_args(argv)
    args.command_line = ("consent-checker", *(sys.argv[1:] if argv is None else argv))
    commands = {
        "scan": _run_scan,
        "evaluate": _run_evaluate,
        "demo": _run_demo,
        "rules": _run_rules,
        "verify": run_verify,
        "diff": run_diff,
    }
    try:
        return commands[args.command](args)
    except (
        RuleError,
        CatalogError,
        RecipeError,
        ChallengeError,
        StoreError,
        InputError,
        TriageError,
        ManifestError,
    ) as exc:
        print(f"consent-checker: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrowserNotFound as exc:
        print(f"consent-checker: error: {exc}", file=sys.stderr)
        return EXIT_SITE_ERROR
    except KeyboardInterrupt:
        # A scan stopped outside its site loop (starting up, writing reports): the run is incomplete, and
        # every site it finished is on disk for --resume.
        print("consent-checker: interrupted", file=sys.stderr)
        return EXIT_SITE_ERROR if args.command == "scan" else 130
    except Exception as exc:  # a bug or an environment problem: one line, not a traceback
        if os.environ.get("CONSENT_CHECKER_DEBUG"):
            raise
        from checker.launch import first_line

        print(
            f"consent-checker: unexpected error: {type(exc).__name__}: {first_line(exc)} "
            "(set CONSENT_CHECKER_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_SITE_ERROR
