"""The run, end to end: collect (or load) evidence, classify, evaluate, build and write the report."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema

from checker import __version__
from checker.batch.store import RunEnd, RunPlan, RunStore, atomic_write_bytes, atomic_write_text
from checker.catalog import Catalog, load_catalogs
from checker.challenges import load_signatures
from checker.classify import classify_evidence
from checker.datafiles import one_line, schema_error
from checker.evaluate import evaluate
from checker.evidence_schema import evidence_schema
from checker.manifest import MANIFEST_FILE, write_manifest
from checker.models import BrowserInfo, Evidence, Finding, RulePack, SiteEvidence
from checker.recipes import Recipe, load_recipes
from checker.render import FORMAT_BY_NAME, FORMATS
from checker.render.errors import RenderError
from checker.report import Invocation, Report, build_report
from checker.rules import builtin_pack_names, load_packs
from checker.scan_options import ScanOptions
from checker.screenshots import phase_screenshots, remove_old_screenshots
from checker.serialize import evidence_from_dict, to_dict
from checker.triage import Baseline, Waivers, apply_triage

DEFAULT_PACKS = ("eu-core", "edpb-banner", "tcf", "consent-mode", "gpc")
EVIDENCE_FILE = "evidence.json"
EVIDENCE_SCHEMA_VERSION = "1"
# A run interrupted before its browser started has no browser to name.
UNKNOWN_BROWSER = BrowserInfo(
    name="none",
    version="",
    executable="",
    headless=True,
    third_party_cookies="allowed",
    cookie_policy="no browser started before the run stopped",
    sandbox_note="no browser started before the run stopped",
)


class InputError(Exception):
    """Bad input from the user: a one-line message, exit code 2."""


class OutputError(Exception):
    """Formats that could not be written; every other file was written, the manifest included."""

    def __init__(self, report: Report, problems: Sequence[str]) -> None:
        self.report = report
        self.problems = tuple(problems)
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Judgement:
    """Loaded rules and catalogs: everything evaluation needs besides the evidence."""

    packs: tuple[RulePack, ...]
    catalog: Catalog


def load_judgement(rule_specs: Sequence[str], catalog_paths: Sequence[str]) -> Judgement:
    """Load and validate rule packs and catalogs (errors are one-line exceptions)."""
    return Judgement(load_packs(list(rule_specs) or list(DEFAULT_PACKS)), load_catalogs(catalog_paths))


def judge(evidence: Evidence, judgement: Judgement) -> tuple[Evidence, dict[str, tuple[Finding, ...]]]:
    """Classify the evidence and evaluate every site: pure."""
    classified = classify_evidence(evidence, judgement.catalog)
    findings = {site.url: evaluate(judgement.packs, site) for site in classified.sites}
    return classified, findings


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class OutputContext:
    """What the reports say beyond the evidence: how the run was started, and its baseline and waivers."""

    invocation: Invocation = field(default_factory=Invocation)
    baseline: Baseline | None = None
    waivers: Waivers | None = None
    today: dt.date | None = None  # for waiver expiry; default: today in UTC


def write_outputs(
    out_dir: Path,
    evidence: Evidence,
    judgement: Judgement,
    formats: Sequence[str],
    context: OutputContext = OutputContext(),
) -> tuple[Report, list[Path]]:
    """Judge the evidence, write evidence.json, the report formats and manifest.json (written last: it
    hashes every file of the folder); return the report and the files written. A format that cannot be
    produced raises OutputError once everything else is written."""
    classified, findings = judge(evidence, judgement)
    out_dir.mkdir(parents=True, exist_ok=True)
    hashes = _write_evidence(out_dir, classified)
    now = datetime.now(UTC)
    generated_at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    report = build_report(classified, judgement.packs, findings, hashes, generated_at)
    today = context.today or now.date()
    report = apply_triage(
        replace(report, invocation=context.invocation), context.baseline, context.waivers, today
    )
    written, problems = _write_formats(out_dir, report, formats)
    manifest = write_manifest(
        out_dir,
        tool={"name": report.tool.name, "version": report.tool.version},
        browser={"name": report.browser.name, "version": report.browser.version},
        command_line=report.invocation.command_line,
        created_at=generated_at,
    )
    if problems:
        raise OutputError(report, problems)
    return report, [out_dir / EVIDENCE_FILE, *written, manifest]


def _write_evidence(out_dir: Path, classified: Evidence) -> dict[str, str]:
    """Write evidence.json; the SHA-256 of it and of each screenshot it names that is in the folder."""
    evidence_path = out_dir / EVIDENCE_FILE
    atomic_write_text(evidence_path, json.dumps(to_dict(classified), indent=1, ensure_ascii=False) + "\n")
    hashes = {EVIDENCE_FILE: _sha256_file(evidence_path)}
    for site in classified.sites:
        for phase in site.phases.values():
            for shot in phase_screenshots(phase):
                if _inside(out_dir, shot.path).is_file():
                    hashes[shot.path] = shot.sha256
    return hashes


def _write_formats(out_dir: Path, report: Report, formats: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Write each format asked for and remove the others' files; the files written, and one line per
    format that could not be produced."""
    for fmt in FORMATS:
        if fmt.name not in formats:
            # An earlier run's report in a format not asked for now would contradict this one.
            (out_dir / fmt.file_name).unlink(missing_ok=True)
    written: list[Path] = []
    problems: list[str] = []
    for fmt in (FORMAT_BY_NAME[name] for name in formats):
        target = out_dir / fmt.file_name
        try:
            content = fmt.render(report, out_dir)
        except RenderError as exc:  # one format lost, not the run: the others and the manifest follow
            problems.append(str(exc))
            target.unlink(missing_ok=True)
            continue
        if isinstance(content, bytes):
            atomic_write_bytes(target, content)
        else:
            atomic_write_text(target, content)
        written.append(target)
    return written, problems


def _inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, refused (InputError) when it would leave the folder: an absolute path, a `..`
    part, or a symlink anywhere on the way that points out of it."""
    parts = Path(relative).parts
    if not relative or Path(relative).is_absolute() or ".." in parts or relative.startswith(("/", "\\")):
        raise InputError(f"evidence names a file outside its folder: {relative!r}; refused")
    target = folder / relative
    root = folder.resolve()
    try:
        resolved = target.resolve()
    except (OSError, ValueError) as exc:  # a NUL byte, a path too long, a symlink loop
        raise InputError(f"evidence names a file that cannot be a file here: {relative!r}; refused") from exc
    if root != resolved and root not in resolved.parents:
        raise InputError(f"evidence names a file that leads outside its folder: {relative!r}; refused")
    return target


def evidence_files(evidence: Evidence) -> list[str]:
    """Every file the evidence names (screenshots), relative to its folder."""
    return [
        shot.path
        for site in evidence.sites
        for phase in site.phases.values()
        for shot in phase_screenshots(phase)
    ]


def check_evidence_paths(evidence: Evidence, folder: Path) -> None:
    """Refuse evidence from elsewhere that names a file outside its own folder (InputError, exit 2)."""
    for relative in evidence_files(evidence):
        _inside(folder, relative)


def copy_screenshots(evidence: Evidence, source_dir: Path, out_dir: Path) -> None:
    """Bring the screenshots along when re-judged evidence is written to another folder; only files
    inside the evidence's folder are read and only paths inside the output folder are written."""
    check_evidence_paths(evidence, source_dir)
    if source_dir.resolve() == out_dir.resolve():
        return
    recorded = {
        shot.path: shot.sha256
        for site in evidence.sites
        for phase in site.phases.values()
        for shot in phase_screenshots(phase)
    }
    for relative, sha256 in recorded.items():
        source = _inside(source_dir, relative)
        if source.is_file() and not source.is_symlink():
            if _sha256_file(source) != sha256:
                raise InputError(f"{relative}: does not match the SHA-256 its evidence records; refused")
            target = _inside(out_dir, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def load_evidence(path: Path) -> Evidence:
    """Read an evidence.json written by a scan; a file that is not one is a one-line InputError."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not an evidence file") from exc
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, or an integer of 4300+ digits
        raise InputError(f"{path}: not a JSON evidence file ({one_line(str(exc))})") from exc
    except RecursionError as exc:
        raise InputError(f"{path}: not a JSON evidence file (nested too deeply)") from exc

    error = schema_error(_evidence_validator(), data)
    if error is not None:
        where, message = error
        raise InputError(f"{path}: not a consent-checker evidence file: at {where}: {message}")
    return evidence_from_dict(data)


@functools.cache
def _evidence_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(evidence_schema())


# Chromium's reasons for refusing a cookie because of the third-party cookie policy (CDP).
THIRD_PARTY_BLOCK_REASONS = frozenset(
    {"UserPreferences", "ThirdPartyPhaseout", "ThirdPartyBlockedInFirstPartySet"}
)


def observed_policy(info: BrowserInfo, sites: Sequence[SiteEvidence]) -> BrowserInfo:
    """The launch set a policy; the refusals show whether the browser kept to it."""
    seen = sorted(
        {
            reason
            for site in sites
            for phase in site.phases.values()
            for refused in phase.refused_cookies
            for reason in refused.reasons
            if reason in THIRD_PARTY_BLOCK_REASONS
        }
    )
    if not seen:
        return info
    policy = f"{info.cookie_policy}; yet the browser refused third-party cookies ({', '.join(seen)})"
    return replace(info, third_party_cookies="blocked", cookie_policy=policy)


def _absolute(spec: str) -> str:
    """A file or folder given on the command line, made absolute so the plan means the same from any
    folder a resume runs in; a builtin pack name stays a name."""
    path = Path(spec)
    return str(path.resolve()) if spec not in builtin_pack_names() and path.exists() else spec


def new_plan(
    urls: Sequence[str],
    options: ScanOptions,
    rule_specs: Sequence[str] = (),
    catalogs: Sequence[str] = (),
    formats: Sequence[str] = ("json", "html"),
    fail_on: str = "high",
) -> RunPlan:
    """The plan of a new run, as run.json records it for --resume."""
    return RunPlan(
        urls=tuple(urls),
        scan_options=to_dict(options),
        rules=tuple(_absolute(spec) for spec in rule_specs),
        catalogs=tuple(_absolute(path) for path in catalogs),
        formats=tuple(formats),
        fail_on=fail_on,
        started_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tool_version=__version__,
    )


def plan_options(plan: RunPlan) -> ScanOptions:
    """The scan options a plan was made with."""
    data = dict(plan.scan_options)
    data["host_map"] = tuple(data.get("host_map", ()))
    try:
        return ScanOptions(**data)
    except TypeError as exc:
        raise InputError(f"the run's options are not this version's: {exc}") from exc


def scan(
    store: RunStore,
    plan: RunPlan,
    on_site: Callable[[SiteEvidence], None] | None = None,
    *,
    recipes: Sequence[Recipe] | None = None,
    fresh: bool = True,
) -> RunEnd:
    """Scan the plan's URLs not yet in the store, writing each site as it finishes.

    `fresh` starts the run (the earlier run's per-site files, screenshots and reports go); otherwise it
    resumes. Says whether every site finished, and if not why.
    """
    from checker.batch.run import run_sites  # the browser stack loads only when a scan needs it
    from checker.browser import ScanInputs
    from checker.consent import ConsentKit, load_lexicons

    options = plan_options(plan)
    if fresh:
        remove_old_screenshots(store.out_dir)
        for name in (EVIDENCE_FILE, MANIFEST_FILE, *(f.file_name for f in FORMATS)):
            (store.out_dir / name).unlink(missing_ok=True)  # no old report beside a new run's files
        store.start(plan)
    done = store.finished()
    todo = [(i, url) for i, url in enumerate(plan.urls) if i not in done]
    if not todo:
        return RunEnd(True)  # resuming a run that had finished: nothing to scan, no browser to start
    inputs = ScanInputs(
        consent=ConsentKit(
            recipes=tuple(load_recipes() if recipes is None else recipes), lexicons=load_lexicons()
        ),
        signatures=load_signatures(),
        out_dir=store.out_dir,
    )

    def keep(index: int, site: SiteEvidence) -> None:
        store.write_site(index, site)
        if on_site is not None:
            on_site(site)

    return asyncio.run(run_sites(todo, options, inputs, keep, store.write_browser))


def assemble(store: RunStore, plan: RunPlan) -> Evidence:
    """The run's evidence, read from the per-site files on disk (URLs not finished are `pending`)."""
    finished = dict(store.sites(plan.urls))
    sites = [finished[i] for i in sorted(finished)]
    pending = tuple(url for i, url in enumerate(plan.urls) if i not in finished)
    browser = store.browser() or UNKNOWN_BROWSER
    return Evidence(
        schema_version=EVIDENCE_SCHEMA_VERSION,
        tool={"name": "consent-checker", "version": __version__},
        browser=observed_policy(browser, sites),
        started_at=plan.started_at,
        options=dict(plan.scan_options),
        sites=tuple(sites),
        complete=not pending,
        pending=pending,
    )


def scan_urls(
    urls: Sequence[str],
    options: ScanOptions,
    out_dir: Path,
    on_site: Callable[[SiteEvidence], None] | None = None,
    recipes: Sequence[Recipe] | None = None,
) -> Evidence:
    """A fresh run over `urls` into `out_dir`, returned as the evidence assembled from disk."""
    store = RunStore(out_dir)
    plan = new_plan(urls, options)
    scan(store, plan, on_site, recipes=recipes)
    return assemble(store, plan)
