"""report.junit.xml: one testsuite per site, one testcase per finding (CI test-report view)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from checker.models import Finding
from checker.report import INCOMPLETE, Report, SiteReport, fails_verdict

# Characters XML 1.0 cannot carry at all; text from scanned pages may hold them.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _subject(subject: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in subject.items())


def _details(site: SiteReport, f: Finding) -> str:
    lines = [f.message, "", f"Site: {site.url}", f"Rule: {f.rule}"]
    if f.title:
        lines.append(f"Title: {f.title}")
    lines += [f"Severity: {f.severity}", f"Phase: {f.phase or '-'}"]
    if f.subject:
        lines.append(f"Subject: {_subject(f.subject)}")
    if f.references:
        lines += ["References:", *(f"  - {r}" for r in f.references)]
    return _x("\n".join(lines))


def _testcase(parent: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(parent, "testcase", {"classname": _x(classname), "name": _x(name), "time": "0"})


def _suite(site: SiteReport, timestamp: str) -> tuple[ET.Element, int, int, int]:
    suite = ET.Element("testsuite", {"name": _x(site.url), "timestamp": timestamp})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "verdict", "value": site.verdict})
    ET.SubElement(props, "property", {"name": "cmp", "value": _x(site.banner.cmp or "")})
    tests = failures = errors = 0
    if site.verdict in INCOMPLETE or site.status == "error":
        # A site the scan did not see cannot pass: an error testcase (type Inconclusive or ScanError).
        kind = "Inconclusive" if site.verdict == "inconclusive" else "ScanError"
        case = _testcase(suite, "consent-checker.scan", f"scan {site.url}")
        reason = site.verdict_reason if site.verdict != "fail" else (site.error or "scan failed")
        ET.SubElement(case, "error", {"message": _x(reason), "type": kind})
        tests, errors = tests + 1, errors + 1
    for f in site.findings:
        phase = f"[{f.phase}] " if f.phase else ""
        case = _testcase(suite, f.rule, f"{phase}{_subject(f.subject) or f.rule}")
        tests += 1
        if not fails_verdict(f.severity):
            # Low and info findings are notes for review and do not fail the verdict: a passing
            # testcase that still shows the message.
            ET.SubElement(case, "system-out").text = _details(site, f)
        else:
            failure = ET.SubElement(case, "failure", {"message": _x(f.message), "type": f.severity})
            failure.text = _details(site, f)
            failures += 1
    if site.verdict == "pass":
        _testcase(suite, "consent-checker", "consent compliance")
        tests += 1
    suite.attrib.update(tests=str(tests), failures=str(failures), errors=str(errors), skipped="0")
    return suite, tests, failures, errors


def render_junit(report: Report) -> str:
    """JUnit XML: findings that fail the verdict (medium and above) are failures, low and info findings
    passing testcases with their message, unscannable sites errors, sites without failing findings pass."""
    root = ET.Element("testsuites", {"name": report.tool.name})
    totals = [0, 0, 0]
    for site in report.sites:
        suite, *counts = _suite(site, report.started_at or report.generated_at)
        root.append(suite)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    root.attrib.update(tests=str(totals[0]), failures=str(totals[1]), errors=str(totals[2]))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
