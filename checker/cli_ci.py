"""The command line's CI side: baseline, waivers, --soft-fail, SARIF location, step summary, and the
`verify` and `diff` commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.models import SEVERITIES, UrlSource
from checker.text_safety import safe_text

if TYPE_CHECKING:
    from checker.models import Evidence
    from checker.pipeline import Judgement, OutputContext
    from checker.report import Report

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def add_triage_options(p: argparse.ArgumentParser) -> None:
    """--baseline, --waivers, --soft-fail and --sarif-location (scan and evaluate)."""
    p.add_argument(
        "--baseline",
        type=Path,
        metavar="REPORT.json",
        help="an earlier report.json: findings whose fingerprint it holds are marked baselined and do not "
        "set the exit code (they stay in every format)",
    )
    p.add_argument(
        "--waivers",
        type=Path,
        metavar="FILE.yaml",
        help="accepted findings (by fingerprint, or rule and site pattern, with reason, owner and expiry; "
        "see examples/waivers.yaml): marked waived, not counted for the exit code; a waiver applies up to "
        "its expiry day in UTC, then stops applying and the report says so",
    )
    p.add_argument(
        "--soft-fail",
        action="store_true",
        help="always exit 0 (usage errors still exit 2), writing every report as usual",
    )
    p.add_argument(
        "--sarif-location",
        metavar="FILE",
        help="repository file every SARIF result points at (default: the --urls file line that listed "
        "the URL; a URL given on the command line points at consent-checker/<host>/<path>, which is no "
        "file of the repository, so give this option or --urls for code scanning)",
    )


def output_context(
    args: argparse.Namespace,
    command_line: Sequence[str],
    url_sources: Mapping[str, UrlSource],
    fail_on: str,
) -> OutputContext:
    """The invocation, baseline and waivers the reports are written with."""
    from checker.pipeline import OutputContext
    from checker.report import Invocation
    from checker.triage import load_baseline, load_waivers

    return OutputContext(
        invocation=Invocation(
            command_line=tuple(command_line),
            url_sources=dict(url_sources),
            sarif_location=args.sarif_location,
            fail_on=fail_on,
        ),
        baseline=load_baseline(args.baseline) if args.baseline is not None else None,
        waivers=load_waivers(args.waivers) if args.waivers is not None else None,
    )


def write_step_summary(report: Report) -> str | None:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set; a note when it cannot."""
    from checker.render.markdown import render_markdown

    target = os.environ.get(STEP_SUMMARY_ENV)
    if not target:
        return None
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(render_markdown(report))
    except OSError as exc:
        return f"could not write the step summary to ${STEP_SUMMARY_ENV} ({target}): {exc.strerror or exc}"
    return None


def write_reports(
    out_dir: Path, evidence: Evidence, judgement: Judgement, formats: Sequence[str], context: OutputContext
) -> tuple[Report, bool]:
    """Write every format; a format that cannot be produced (a PDF without a browser) is said in one line
    and the others are still written. The report, and whether every format was written."""
    from checker.pipeline import OutputError, write_outputs

    try:
        report, _ = write_outputs(out_dir, evidence, judgement, formats, context)
    except OutputError as exc:
        for problem in exc.problems:
            print(f"consent-checker: error: {problem}", file=sys.stderr)
        return exc.report, False
    return report, True


def finish(report: Report, args: argparse.Namespace, fail_on: str, complete_outputs: bool = True) -> int:
    """The exit code of a finished run (0 with --soft-fail; at least 3 when a format could not be
    written), after the step summary is written."""
    from checker.report import exit_code
    from checker.triage import triage_counts

    problem = write_step_summary(report)
    if problem is not None:
        print(f"consent-checker: {problem}", file=sys.stderr)
    counts = triage_counts(report)
    if counts["baselined"] or counts["waived"]:
        print(
            f"triage: {counts['counted']} finding(s) count, {counts['baselined']} baselined, "
            f"{counts['waived']} waived",
            file=sys.stderr,
        )
    for waiver in report.triage.expired_waivers:
        print(
            f"consent-checker: waiver for {waiver.describe()} expired on {waiver.expires} "
            f"(owner {waiver.owner}): it no longer applies",
            file=sys.stderr,
        )
    code = exit_code(report, fail_on)
    if not complete_outputs and code == EXIT_OK:
        code = EXIT_INCOMPLETE
    if args.soft_fail and code != EXIT_OK:
        print(f"consent-checker: --soft-fail: exit 0 instead of {code}", file=sys.stderr)
        return EXIT_OK
    return code


def add_ci_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """The `verify` and `diff` commands."""
    verify = sub.add_parser(
        "verify",
        help="re-check an output folder against its manifest.json: names every altered, missing or added "
        "file (exit 1 if any)",
    )
    verify.add_argument("folder", type=Path, metavar="DIR")
    diff = sub.add_parser(
        "diff",
        help="per site, new and gone cookies, trackers and findings between two report.json files "
        "(exit 1 when a new finding at or above --fail-on appeared)",
    )
    diff.add_argument("old", type=Path, metavar="OLD.json")
    diff.add_argument("new", type=Path, metavar="NEW.json")
    diff.add_argument("--markdown", action="store_true", help="write Markdown instead of text")
    diff.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="high",
        help="exit 1 when a new finding has this severity or higher (default high)",
    )


def run_verify(args: argparse.Namespace) -> int:
    """`verify DIR`."""
    from checker.manifest import verify_folder

    result = verify_folder(args.folder)
    for kind, names in (("altered", result.altered), ("missing", result.missing), ("added", result.added)):
        for name in names:
            print(f"{kind}: {safe_text(name)}")  # an added file's name is anyone's: one inert line
    if result.intact:
        print(f"{args.folder}: all {result.checked} file(s) match manifest.json")
        return EXIT_OK
    problems = len(result.altered) + len(result.missing) + len(result.added)
    print(f"{args.folder}: {problems} file(s) do not match manifest.json", file=sys.stderr)
    return EXIT_FINDINGS


def run_diff(args: argparse.Namespace) -> int:
    """`diff OLD.json NEW.json`."""
    from checker.diff import diff_markdown, diff_reports, diff_text, fails, read_report

    diffs = diff_reports(read_report(args.old), read_report(args.new))
    sys.stdout.write(diff_markdown(diffs) if args.markdown else diff_text(diffs))
    return EXIT_FINDINGS if fails(diffs, args.fail_on) else EXIT_OK
