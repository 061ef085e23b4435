"""The signal tests' reference encoders: node scripts over the IAB npm packages of scripts/npm-fixtures.sh."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
NPM_FIXTURES_DIR = HERE.parents[1] / ".cache" / "npm-fixtures"
REQUIRED_PACKAGES = ("@iabtcf/core", "@iabgpp/cmpapi")
# The decoders are checked against strings made by the IAB's own encoders, so node and the npm fixtures are
# required: when either is missing the tests that need them FAIL with the fix in the message (never a silent
# skip, the idea of CONSENT_CHECKER_REQUIRE_BROWSER in tests/conftest.py). Setting this variable to 1 turns
# that failure into a skip, which -ra reports with its reason.
SKIP_NPM_FIXTURES = "CONSENT_CHECKER_SKIP_NPM_FIXTURES"
NODE_TIMEOUT_S = 120

Spec = dict[str, Any]
Encoder = Callable[[str, list[Spec]], list[Spec]]


def _missing() -> str | None:
    """Why the reference encoders cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed (install Node.js 20+)"
    for package in REQUIRED_PACKAGES:
        if not (NPM_FIXTURES_DIR / "node_modules" / package / "package.json").is_file():
            return (
                f"npm fixture {package} is missing from {NPM_FIXTURES_DIR}: run bash scripts/npm-fixtures.sh"
            )
    return None


def run_node(script: str, specs: list[Spec]) -> list[Spec]:
    """Run one of this folder's node scripts on `specs` (JSON on stdin) and return its JSON output."""
    problem = _missing()
    if problem is not None:
        message = f"{problem}; the signal decoder tests compare with the IAB reference encoders"
        if os.environ.get(SKIP_NPM_FIXTURES) == "1":
            pytest.skip(message)
        pytest.fail(f"{message} (or set {SKIP_NPM_FIXTURES}=1 to skip them)")
    result = subprocess.run(
        ["node", str(HERE / script)],
        input=json.dumps(specs),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_S,
        cwd=HERE,
        env={**os.environ, "NPM_FIXTURES_DIR": str(NPM_FIXTURES_DIR)},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"node {script} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    output: list[Spec] = json.loads(result.stdout)
    return output


@pytest.fixture(scope="session")
def reference_encoder() -> Encoder:
    """Encodes specs with a node script, running node once per script and session."""
    results: dict[str, list[Spec]] = {}

    def encode(script: str, specs: list[Spec]) -> list[Spec]:
        if script not in results:
            results[script] = run_node(script, specs)
        return results[script]

    return encode
