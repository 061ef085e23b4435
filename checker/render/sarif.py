"""report.sarif: SARIF 2.1.0 for code-scanning dashboards; the artifact of a result is the site URL."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from checker.models import Finding
from checker.report import INCOMPLETE, Report, RuleInfo

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def _help(references: tuple[str, ...], description: str) -> dict[str, str]:
    text = description.strip()
    md = text
    if references:
        text = (text + "\n\n" if text else "") + "References: " + "; ".join(references)
        md = (md + "\n\n" if md else "") + "**References**\n\n" + "\n".join(f"- {r}" for r in references)
    return {"text": text or "No description.", "markdown": md or "No description."}


def _rule(info: RuleInfo) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": info.id,
        "name": info.id.rsplit("/", 1)[-1],
        "shortDescription": {"text": info.title or info.id},
        "help": _help(info.references, info.description),
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {
            "severity": info.severity,
            "pack": info.id.split("/", 1)[0],
            "phases": list(info.phases),
            "references": list(info.references),
        },
    }
    if info.description:
        rule["fullDescription"] = {"text": info.description}
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


def _fingerprint(url: str, f: Finding) -> str:
    key = json.dumps([url, f.rule, f.phase, f.subject], sort_keys=True, default=str)
    return hashlib.sha256(key.encode()).hexdigest()


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
                "message": {"text": text},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": site.url}}}],
                "properties": {"verdict": site.verdict},
            }
        )
    return notes


def render_sarif(report: Report) -> str:
    """SARIF 2.1.0: one run, the evaluated rules as driver rules, one result per finding."""
    infos: dict[str, RuleInfo] = {r.id: r for p in report.rules for r in p.rules}
    for site in report.sites:
        for f in site.findings:
            infos.setdefault(f.rule, _rule_from_finding(f))
    index = {rule_id: i for i, rule_id in enumerate(infos)}
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {"artifactLocation": {"uri": site.url}},
                    "logicalLocations": [
                        {"name": f.phase or "site", "fullyQualifiedName": f"{site.url}#{f.phase or 'site'}"}
                    ],
                }
            ],
            "partialFingerprints": {"consentFinding/v1": _fingerprint(site.url, f)},
            "properties": {
                "severity": f.severity,
                "phase": f.phase,
                "subject": f.subject,
                "references": list(f.references),
                "verdict": site.verdict,
            },
        }
        for site in report.sites
        for f in site.findings
    ]
    notifications = _notifications(report)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": report.tool.name,
                        "version": report.tool.version,
                        "semanticVersion": report.tool.version,
                        "rules": [_rule(info) for info in infos.values()],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications and report.complete,
                        "toolExecutionNotifications": notifications,
                        "properties": {
                            "browser": f"{report.browser.name} {report.browser.version}",
                            "cookiePolicy": report.browser.cookie_policy,
                        },
                    }
                ],
                "results": results,
                "properties": {
                    "generatedAt": report.generated_at,
                    "complete": report.complete,
                    "pending": list(report.pending),
                    "reportSchemaVersion": report.schema_version,
                },
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
