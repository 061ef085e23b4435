"""Baselines and waivers: mark the findings a CI job has already seen or accepted (never hide them)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from checker.datafiles import YamlError, json_path, one_line, read_yaml, schema_error
from checker.fingerprint import fingerprint
from checker.models import Finding, Triage, Waiver
from checker.report import Report, SiteReport, TriageInfo


class TriageError(Exception):
    """A baseline or waiver file that cannot be used: one line naming the file and the problem."""


@dataclass(frozen=True)
class Baseline:
    """The fingerprints of an earlier report's findings."""

    source: str  # the file, as given
    fingerprints: frozenset[str]


@dataclass(frozen=True)
class Waivers:
    """The waivers of a waiver file."""

    source: str
    waivers: tuple[Waiver, ...]


# --- baseline -------------------------------------------------------------------------------------------

_BASELINE_SHAPE: dict[str, Any] = {
    "type": "object",
    "required": ["sites"],
    "properties": {
        "sites": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url", "findings"],
                "properties": {
                    "url": {"type": "string"},
                    "findings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["rule", "phase", "subject"],
                            "properties": {
                                "rule": {"type": "string"},
                                "phase": {"type": ["string", "null"]},
                                "subject": {"type": "object"},
                                "fingerprint": {"type": "string"},
                            },
                        },
                    },
                },
            },
        }
    },
}


def read_report_json(path: Path, what: str) -> Any:
    """A report.json's data, checked to hold the sites and findings that baselines and `diff` read; a
    file that is not one is a one-line TriageError starting with `what` (the option or command)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TriageError(f"{what} {path}: no such file") from exc
    except IsADirectoryError as exc:
        raise TriageError(f"{what} {path}: is a folder, not a report.json") from exc
    except (OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise TriageError(f"{what} {path}: not a JSON report ({one_line(str(exc), 120)})") from exc
    problem = schema_error(jsonschema.Draft202012Validator(_BASELINE_SHAPE), data)
    if problem is not None:
        where, message = problem
        raise TriageError(f"{what} {path}: not a consent-checker report.json: at {where}: {message}")
    return data


def report_fingerprints(data: Any) -> frozenset[str]:
    """Every finding fingerprint of a report's data (as read_report_json checked it); a report written
    before fingerprints existed gets them computed from rule, site, phase and subject."""
    return frozenset(
        f.get("fingerprint") or fingerprint(f["rule"], site["url"], f["phase"], f["subject"])
        for site in data["sites"]
        for f in site["findings"]
    )


def load_baseline(path: Path) -> Baseline:
    """The fingerprints of the report at `path` (a report.json of an earlier run)."""
    return Baseline(str(path), report_fingerprints(read_report_json(path, "--baseline")))


# --- waivers --------------------------------------------------------------------------------------------


@functools.cache
def _waiver_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(files("checker.schemas").joinpath("waivers.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _dates_as_text(data: Any) -> Any:
    """YAML reads an unquoted 2027-03-31 as a date; the schema (and the report) want the text."""
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def _expiry(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise TriageError(f"{where}.expires: {text!r} is not a date (YYYY-MM-DD)") from exc


def _describe_waiver_error(error: ValidationError) -> tuple[str, str] | None:
    if error.validator == "oneOf":
        return json_path(
            error.absolute_path
        ), "a waiver names either a fingerprint, or a rule (and an optional site)"
    return None


def load_waivers(path: Path) -> Waivers:
    """The waivers of a YAML waiver file, checked against waivers.schema.json."""
    try:
        data = _dates_as_text(read_yaml(path))
    except FileNotFoundError as exc:
        raise TriageError(f"--waivers {path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TriageError(f"--waivers {path}: cannot be read ({one_line(str(exc), 120)})") from exc
    except YamlError as exc:
        at = f" at line {exc.line}" if exc.line else ""
        raise TriageError(f"--waivers {path}: not valid YAML{at}: {exc.problem}") from exc
    problem = schema_error(_waiver_validator(), data, _describe_waiver_error)
    if problem is not None:
        raise TriageError(f"--waivers {path}: at {problem[0]}: {problem[1]}")
    waivers = []
    for i, entry in enumerate(data["waivers"]):
        _expiry(entry["expires"], f"--waivers {path}: $.waivers[{i}]")
        waivers.append(Waiver(**entry))
    return Waivers(str(path), tuple(waivers))


def expired(waiver: Waiver, today: dt.date) -> bool:
    """A waiver applies up to and including its expiry day."""
    return dt.date.fromisoformat(waiver.expires) < today


def matches(waiver: Waiver, site_url: str, finding: Finding) -> bool:
    """Whether the waiver names this finding (by fingerprint, or by rule and site pattern)."""
    if waiver.fingerprint is not None:
        return waiver.fingerprint == finding.fingerprint
    return waiver.rule == finding.rule and (waiver.site is None or fnmatchcase(site_url, waiver.site))


# --- applying them --------------------------------------------------------------------------------------


def _triaged(
    finding: Finding, site_url: str, baseline: Baseline | None, in_force: Iterable[Waiver]
) -> Finding:
    waiver = next((w for w in in_force if matches(w, site_url, finding)), None)
    if waiver is not None:
        triage = Triage("waived", waiver.reason, waiver.owner, waiver.expires)
    elif baseline is not None and finding.fingerprint in baseline.fingerprints:
        triage = Triage("baselined", f"in the baseline {baseline.source}")
    else:
        return replace(finding, triage=None)
    return replace(finding, triage=triage)


def apply_triage(
    report: Report, baseline: Baseline | None, waivers: Waivers | None, today: dt.date
) -> Report:
    """The report with each finding marked baselined or waived where it is; expired waivers stop
    applying and are listed, as are waivers in force that matched nothing. Verdicts do not change:
    they say what the page does; the exit code reads the marks."""
    every = waivers.waivers if waivers is not None else ()
    in_force = tuple(w for w in every if not expired(w, today))
    sites = tuple(
        replace(site, findings=tuple(_triaged(f, site.url, baseline, in_force) for f in site.findings))
        for site in report.sites
    )
    used = _used(sites, in_force)
    return replace(
        report,
        sites=sites,
        triage=TriageInfo(
            baseline=baseline.source if baseline is not None else None,
            waivers=waivers.source if waivers is not None else None,
            expired_waivers=tuple(w for w in every if expired(w, today)),
            unused_waivers=tuple(w for w in in_force if w not in used),
        ),
    )


def _used(sites: Iterable[SiteReport], in_force: Iterable[Waiver]) -> set[Waiver]:
    waivers = list(in_force)
    return {w for s in sites for f in s.findings for w in waivers if matches(w, s.url, f)}


def triage_counts(report: Report) -> Mapping[str, int]:
    """How many findings count, are baselined and are waived."""
    findings = [f for s in report.sites for f in s.findings]
    return {
        "counted": sum(f.triage is None for f in findings),
        "baselined": sum(f.triage is not None and f.triage.status == "baselined" for f in findings),
        "waived": sum(f.triage is not None and f.triage.status == "waived" for f in findings),
    }
