"""The run, end to end: collect (or load) evidence, classify, evaluate, build and write the report."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema

from checker.catalog import Catalog, load_catalogs
from checker.classify import classify_evidence
from checker.evaluate import evaluate
from checker.evidence_schema import evidence_schema
from checker.models import Evidence, Finding, RulePack, SiteEvidence
from checker.recipes import Recipe, load_recipes
from checker.render import FILE_NAMES, RENDERERS
from checker.report import Report, build_report
from checker.rules import load_packs
from checker.screenshots import remove_old_screenshots
from checker.serialize import evidence_from_dict, to_dict

DEFAULT_PACKS = ("eu-core",)
EVIDENCE_FILE = "evidence.json"


class InputError(Exception):
    """Bad input from the user: a one-line message, exit code 2."""


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


def write_outputs(
    out_dir: Path, evidence: Evidence, judgement: Judgement, formats: Sequence[str]
) -> tuple[Report, list[Path]]:
    """Judge the evidence, write evidence.json and the report formats; return the report and files."""
    classified, findings = judge(evidence, judgement)
    out_dir.mkdir(parents=True, exist_ok=True)
    evidence_path = out_dir / EVIDENCE_FILE
    evidence_path.write_text(
        json.dumps(to_dict(classified), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    hashes = {EVIDENCE_FILE: _sha256_file(evidence_path)}
    for site in classified.sites:
        for phase in site.phases.values():
            if phase.screenshot is not None and (out_dir / phase.screenshot.path).is_file():
                hashes[phase.screenshot.path] = phase.screenshot.sha256
    generated_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    report = build_report(classified, judgement.packs, findings, hashes, generated_at)
    written = [evidence_path]
    for fmt in formats:
        target = out_dir / FILE_NAMES[fmt]
        target.write_text(RENDERERS[fmt](report), encoding="utf-8")
        written.append(target)
    for fmt, name in FILE_NAMES.items():
        if fmt not in formats:
            # An earlier run's report in a format not asked for now would contradict this one.
            (out_dir / name).unlink(missing_ok=True)
    return report, written


def copy_screenshots(evidence: Evidence, source_dir: Path, out_dir: Path) -> None:
    """Bring the screenshots along when re-judged evidence is written to another folder."""
    if source_dir.resolve() == out_dir.resolve():
        return
    for site in evidence.sites:
        for phase in site.phases.values():
            shot = phase.screenshot
            if shot is not None and (source_dir / shot.path).is_file():
                (out_dir / shot.path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source_dir / shot.path, out_dir / shot.path)


def load_evidence(path: Path) -> Evidence:
    """Read an evidence.json written by a scan; a file that is not one is a one-line InputError."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not an evidence file") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a JSON evidence file ({exc})") from exc
    from checker.datafiles import schema_error

    error = schema_error(_evidence_validator(), data)
    if error is not None:
        where, message = error
        raise InputError(f"{path}: not a consent-checker evidence file: at {where}: {message}")
    return evidence_from_dict(data)


@functools.cache
def _evidence_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(evidence_schema())


def scan(
    urls: Sequence[str],
    options: Any,
    out_dir: Path,
    recipes: Sequence[Recipe] | None = None,
    on_site: Callable[[SiteEvidence], None] | None = None,
) -> Evidence:
    """Collect evidence for every URL with the browser."""
    from checker.browser import collect  # the browser stack loads only when a scan needs it

    remove_old_screenshots(out_dir)
    return asyncio.run(
        collect(urls, options, load_recipes() if recipes is None else recipes, out_dir, on_site)
    )
