"""report.junit.xml: one testsuite per site, one testcase per site and rule evaluated (CI test-report view).

A case's classname is the site URL and its name the rule id, so both stay the same from run to run. A rule
with a finding at or above --fail-on fails (one <failure> listing those findings); findings below it are
notes, and baselined or waived ones are listed as such, in the case's <system-out> of a passing case. A
site the scan did not fully see is one <error> case ("scan"); it has cases only for the rules that still
found something, since a rule cannot be said to pass on a page not seen. A rule none of whose phases ran
on the site is skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from checker.models import Finding
from checker.report import INCOMPLETE, Report, SiteReport, severity_rank
from checker.text_safety import safe_text

# Page text goes through safe_text (no escapes, controls or bidi overrides: CI logs print test output);
# this is the last guard, for characters XML 1.0 cannot carry at all and controls wherever they come from.
_UNSAFE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SCAN_CASE = "scan"  # the name of the error case of a site the scan did not fully see


def _x(text: str) -> str:
    return _UNSAFE.sub("\ufffd", text)


def _subject(subject: dict[str, Any]) -> str:
    return ", ".join(f"{k}={safe_text(str(v))}" for k, v in subject.items())


def _details(f: Finding) -> list[str]:
    lines = [f"  severity: {f.severity}", f"  phase: {f.phase or '-'}"]
    if f.subject:
        lines.append(f"  subject: {_subject(f.subject)}")
    lines.append(f"  fingerprint: {f.fingerprint}")
    if f.references:
        lines += ["  references:", *(f"    - {r}" for r in f.references)]
    return lines


def _label(f: Finding, fail_on: str) -> str:
    """How a finding that does not fail its case is listed."""
    if f.triage is None:
        return f"note (below --fail-on {fail_on})"
    if f.triage.status == "baselined":
        return f"baselined ({safe_text(f.triage.reason)})"
    terms = ", ".join(t for t in (f.triage.owner, f.triage.expires and f"expires {f.triage.expires}") if t)
    return f"waived: {safe_text(f.triage.reason)}" + (f" ({safe_text(terms)})" if terms else "")


def _fails(f: Finding, fail_on: str) -> bool:
    return f.triage is None and severity_rank(f.severity) >= severity_rank(fail_on)


def _rule_phases(report: Report) -> dict[str, tuple[str, ...]]:
    """Every rule evaluated, in pack order, then rules only findings name; with the phases they judge."""
    phases = {r.id: r.phases for p in report.rules for r in p.rules}
    for site in report.sites:
        for f in site.findings:
            phases.setdefault(f.rule, ())
    return phases


def _testcase(parent: ET.Element, classname: str, name: str) -> ET.Element:
    attributes = {"classname": _x(safe_text(classname)), "name": _x(safe_text(name)), "time": "0"}
    return ET.SubElement(parent, "testcase", attributes)


def _rule_case(
    suite: ET.Element, site: SiteReport, rule: str, findings: Sequence[Finding], fail_on: str
) -> str:
    """Add one rule's testcase; return its outcome: "passed", "failed"."""
    case = _testcase(suite, site.url, rule)
    failing = [f for f in findings if _fails(f, fail_on)]
    others = [f for f in findings if not _fails(f, fail_on)]
    if failing:
        worst = max(failing, key=lambda f: severity_rank(f.severity))
        message = safe_text(failing[0].message)
        if len(failing) > 1:
            message = f"{len(failing)} findings at or above --fail-on {fail_on}; the first: {message}"
        lines = [f"Site: {safe_text(site.url)}", f"Rule: {rule}", ""]
        for f in failing:
            lines += [safe_text(f.message), *_details(f)]
        failure = ET.SubElement(case, "failure", {"message": _x(message), "type": worst.severity})
        failure.text = _x("\n".join(lines))
    if others:
        lines = []
        for f in others:
            lines += [f"{_label(f, fail_on)}: {safe_text(f.message)}", *_details(f)]
        ET.SubElement(case, "system-out").text = _x("\n".join(lines))
    return "failed" if failing else "passed"


def _skipped_case(suite: ET.Element, site: SiteReport, rule: str, phases: Sequence[str]) -> None:
    case = _testcase(suite, site.url, rule)
    message = f"not evaluated: {', '.join(phases)} not run on this site"
    ET.SubElement(case, "skipped", {"message": message})


def _suite(report: Report, site: SiteReport, fail_on: str) -> tuple[ET.Element, dict[str, int]]:
    suite = ET.Element(
        "testsuite", {"name": _x(safe_text(site.url)), "timestamp": report.started_at or report.generated_at}
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "verdict", "value": site.verdict})
    ET.SubElement(props, "property", {"name": "cmp", "value": _x(site.banner.cmp or "")})
    ET.SubElement(props, "property", {"name": "fail-on", "value": fail_on})
    counts = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    incomplete = site.verdict in INCOMPLETE or site.status == "error"
    if incomplete:
        # A site the scan did not see cannot pass: an error testcase (type Inconclusive or ScanError).
        kind = "Inconclusive" if site.verdict == "inconclusive" else "ScanError"
        case = _testcase(suite, site.url, SCAN_CASE)
        reason = site.verdict_reason if site.verdict != "fail" else (site.error or "scan failed")
        ET.SubElement(case, "error", {"message": _x(safe_text(reason)), "type": kind})
        counts["tests"] += 1
        counts["errors"] += 1
    by_rule: dict[str, list[Finding]] = {}
    for f in site.findings:
        by_rule.setdefault(f.rule, []).append(f)
    for rule, phases in _rule_phases(report).items():
        findings = by_rule.get(rule, [])
        if incomplete and not findings:
            continue
        counts["tests"] += 1
        not_run = bool(phases) and not any(p in site.phases for p in phases)
        if not findings and not_run:
            _skipped_case(suite, site, rule, phases)
            counts["skipped"] += 1
        elif _rule_case(suite, site, rule, findings, fail_on) == "failed":
            counts["failures"] += 1
    suite.attrib.update({k: str(v) for k, v in counts.items()})
    return suite, counts


def render_junit(report: Report, fail_on: str = "high") -> str:
    """JUnit XML: per site, one case per rule; rules with a counted finding at or above `fail_on` fail,
    the rest pass (with their notes, baselined and waived findings in system-out), unscannable or
    inconclusive sites are an error case."""
    severity_rank(fail_on)  # an unknown severity is a bug in the caller: ValueError here, not a quiet pass
    root = ET.Element("testsuites", {"name": report.tool.name})
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for site in report.sites:
        suite, counts = _suite(report, site, fail_on)
        root.append(suite)
        totals = {k: totals[k] + counts[k] for k in totals}
    root.attrib.update({k: str(v) for k, v in totals.items()})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
