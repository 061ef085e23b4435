"""report.sarif: SARIF 2.1.0 that GitHub code scanning accepts, one result per finding.

Where a result is located. GitHub needs every result in a repository file, by relative URI, with a region:

1. `--sarif-location FILE` (report.invocation.sarif_location): that file, line 1, for every result;
2. else the `--urls` file and line that listed the site (report.invocation.url_sources);
3. else, for a URL given on the command line, a per-site path that is relative but names no real file:
   `consent-checker/<host>/<path segments>` line 1 (no such file exists, so there is no code to show).

Paths are made repository-relative POSIX URIs, read as relative to the working directory (in CI, the
checkout): a relative path is kept as given (`./` dropped, percent-encoded); an absolute path, or one
reaching outside with `..`, becomes relative to the working directory when it lies inside it, else only
its file name is kept. Real files carry `uriBaseId` "%SRCROOT%"; the per-site fallback does not.

Each rule carries GitHub's `security-severity` (critical 9.5, high 8.0, medium 5.5, low 3.0, info 1.0:
inside GitHub's critical, high, medium and low bands, info at the bottom of low) and the tags
"security" (GitHub documents security-severity for rules tagged so), "privacy", "consent" and the pack.
Baselined and waived findings are kept, with an accepted external suppression; with a baseline each
result also says whether it was in it (`baselineState` "unchanged") or not ("new").
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath
from typing import Any
from urllib.parse import quote, unquote

from checker.domains import split_url
from checker.models import Finding, Triage
from checker.report import INCOMPLETE, Report, RuleInfo, SiteReport
from checker.text_safety import safe_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
FINGERPRINT_KEY = "consentFinding/v1"
SRCROOT = "%SRCROOT%"
FALLBACK_DIR = "consent-checker"  # first segment of the per-site path of URLs no file listed
AUTOMATION_PREFIX = "consent-checker"
DEFAULT_CATEGORY = "sites"  # the category when the URLs came from no single file
# What may be left after safe_text, or come from rule packs: controls but tab and newline, and lone
# surrogates, which UTF-8 cannot carry.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CATEGORY_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _page(value: Any) -> Any:
    """Page-controlled text (a message, a subject's values) on one line without escapes or controls."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {k: _page(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_page(v) for v in value]
    return value


def _clean(value: Any) -> Any:
    """The last guard over every string of the log: what safe_text left or packs hold, replaced."""
    if isinstance(value, str):
        return _CONTROL.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def repository_uri(path: str, cwd: Path | None = None) -> str | None:
    """`path` as a relative POSIX URI (see the module docstring); None when nothing of it is left."""
    if "\\" in path and os.sep == "/":
        # A path written on Windows (a report made there): its separators, and no way to place a drive.
        win = PureWindowsPath(path)
        posix = win.name if win.anchor else win.as_posix()
    else:
        p = Path(path)
        if p.is_absolute() or ".." in p.parts:
            base = Path(os.path.abspath(cwd or Path.cwd()))
            full = Path(os.path.normpath(base / p))
            p = full.relative_to(base) if full.is_relative_to(base) else Path(full.name)
        posix = p.as_posix()
    if posix in ("", "."):
        return None
    # Percent-encoded: a space or a "c:" first segment must not read as something else than a path.
    return quote(posix, safe="/")


def _site_path(url: str) -> str:
    parts = split_url(url)
    host = (parts.hostname if parts is not None else None) or "site"
    path = parts.path if parts is not None else ""
    segments = [host, *(s for s in unquote(path).split("/") if s not in ("", ".", ".."))]
    return "/".join([FALLBACK_DIR, *(quote(s, safe="") for s in segments)])


def _location(report: Report, url: str) -> dict[str, Any]:
    """The physical location of a site's results: --sarif-location, its --urls line, or the fallback."""
    invocation = report.invocation
    sources: list[tuple[str, int]] = []
    if invocation.sarif_location:
        sources.append((invocation.sarif_location, 1))
    if (listed := invocation.url_sources.get(url)) is not None:
        sources.append((listed.path, listed.line))
    for path, line in sources:
        uri = repository_uri(path)
        if uri is not None:
            return {
                "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
                "region": {"startLine": max(1, line)},
            }
    return {"artifactLocation": {"uri": _site_path(url)}, "region": {"startLine": 1}}


def _category(report: Report) -> str:
    """A stable category for automationDetails: the one file the results are located in, else "sites"."""
    invocation = report.invocation
    if invocation.sarif_location:
        files = {invocation.sarif_location}
    else:
        files = {source.path for source in invocation.url_sources.values()}
    uris = {repository_uri(f) for f in files}
    if len(uris) == 1 and (uri := uris.pop()) is not None:
        return _CATEGORY_UNSAFE.sub("-", unquote(uri)).strip("-") or DEFAULT_CATEGORY
    return DEFAULT_CATEGORY


def _help(info: RuleInfo) -> dict[str, str]:
    text = md = info.description.strip() or info.title or info.id
    if info.fix:
        text += "\n\nWhat to change: " + info.fix
        md += "\n\n**What to change**\n\n" + info.fix
    if info.references:
        text += "\n\nReferences: " + "; ".join(info.references)
        md += "\n\n**References**\n\n" + "\n".join(f"- {r}" for r in info.references)
    return {"text": text, "markdown": md}


def _help_uri(info: RuleInfo) -> str | None:
    """The first reference that is a web address: rules cite laws by name, so often none."""
    return next((r for r in info.references if r.startswith(("https://", "http://")) and " " not in r), None)


def _rule(info: RuleInfo) -> dict[str, Any]:
    pack = info.id.split("/", 1)[0]
    rule: dict[str, Any] = {
        "id": info.id,
        "name": info.id.rsplit("/", 1)[-1],
        "shortDescription": {"text": info.title or info.id},
        "help": _help(info),
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[info.severity],
            "tags": ["security", "privacy", "consent", pack],
            "severity": info.severity,
            "pack": pack,
            "phases": list(info.phases),
            "references": list(info.references),
        },
    }
    if info.description:
        rule["fullDescription"] = {"text": info.description}
    if (uri := _help_uri(info)) is not None:
        rule["helpUri"] = uri
    return rule


def _rule_from_finding(f: Finding) -> RuleInfo:
    # A finding whose rule is not in the listed packs still needs a driver rule to point at.
    return RuleInfo(
        id=f.rule,
        title=f.title,
        severity=f.severity,
        phases=(f.phase,) if f.phase else (),
        subject="",
        references=f.references,
    )


def _suppression(triage: Triage) -> dict[str, Any]:
    properties: dict[str, str] = {"status": triage.status}
    if triage.owner:
        properties["owner"] = triage.owner
    if triage.expires:
        properties["expires"] = triage.expires
    return {
        "kind": "external",
        "status": "accepted",
        "justification": triage.reason,
        "properties": properties,
    }


def _result(
    site: SiteReport, f: Finding, rule_index: int, location: Mapping[str, Any], baselined: bool
) -> dict[str, Any]:
    phase = f.phase or "site"
    url = safe_text(site.url)
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": f"{url}: {safe_text(f.message)}"},
        "locations": [
            {
                "physicalLocation": dict(location),
                "logicalLocations": [{"name": phase, "fullyQualifiedName": f"{url}#{phase}"}],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "url": url,
            "severity": f.severity,
            "phase": f.phase,
            "subject": _page(f.subject),
            "references": list(f.references),
            "verdict": site.verdict,
        },
    }
    if f.triage is not None:
        result["suppressions"] = [_suppression(f.triage)]
    if baselined:
        result["baselineState"] = "unchanged" if f.triage and f.triage.status == "baselined" else "new"
    return result


def _notifications(report: Report) -> list[dict[str, Any]]:
    """One error notification per site the scan did not see (inconclusive, error) or could not fully scan."""
    notes = []
    for site in report.sites:
        if site.verdict in INCOMPLETE:
            text = f"{site.url}: {site.verdict}: {site.verdict_reason}"
        elif site.status == "error":  # a phase failed, yet what the others saw fails the site
            text = f"{site.url}: {site.error or 'scan failed'}"
        else:
            continue
        notes.append(
            {
                "level": "error",
                "message": {"text": safe_text(text)},
                "locations": [{"physicalLocation": _location(report, site.url)}],
                "properties": {"url": safe_text(site.url), "verdict": site.verdict},
            }
        )
    return notes


def _invocation(report: Report, notifications: list[dict[str, Any]]) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not notifications and report.complete}
    if report.invocation.command_line:
        invocation["commandLine"] = shlex.join(report.invocation.command_line)
    if report.started_at:
        invocation["startTimeUtc"] = report.started_at
    if report.generated_at:
        invocation["endTimeUtc"] = report.generated_at
    invocation["toolExecutionNotifications"] = notifications
    invocation["properties"] = {
        "browser": f"{report.browser.name} {report.browser.version}",
        "cookiePolicy": report.browser.cookie_policy,
    }
    return invocation


def render_sarif(report: Report) -> str:
    """SARIF 2.1.0: one run, the evaluated rules as driver rules, one result per finding."""
    infos: dict[str, RuleInfo] = {r.id: r for p in report.rules for r in p.rules}
    for site in report.sites:
        for f in site.findings:
            infos.setdefault(f.rule, _rule_from_finding(f))
    index = {rule_id: i for i, rule_id in enumerate(infos)}
    # baselineState only means something when the run was compared with a baseline.
    baselined = report.triage.baseline is not None or any(
        f.triage is not None and f.triage.status == "baselined" for s in report.sites for f in s.findings
    )
    results = [
        _result(site, f, index[f.rule], _location(report, site.url), baselined)
        for site in report.sites
        for f in site.findings
    ]
    notifications = _notifications(report)
    run = {
        "tool": {
            "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": [_rule(info) for info in infos.values()],
            }
        },
        "automationDetails": {"id": f"{AUTOMATION_PREFIX}/{_category(report)}/"},
        "invocations": [_invocation(report, notifications)],
        "results": results,
        "properties": {
            "generatedAt": report.generated_at,
            "complete": report.complete,
            "pending": list(report.pending),
            "reportSchemaVersion": report.schema_version,
        },
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(_clean(sarif), indent=2, ensure_ascii=False) + "\n"
