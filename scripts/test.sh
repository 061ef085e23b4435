#!/usr/bin/env bash
# Set up if needed, then run the linters, the type checker and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The consent corpus's npm libraries (served by the demo server under cdn.jsdelivr.net).
bash scripts/npm-fixtures.sh
.venv/bin/ruff check checker tests bench
.venv/bin/ruff format --check checker tests bench
.venv/bin/mypy
# A browser test that skips (no usable Chromium) fails the run instead: CI never goes green by skipping.
export CONSENT_CHECKER_REQUIRE_BROWSER=1
exec .venv/bin/pytest -q "$@"
