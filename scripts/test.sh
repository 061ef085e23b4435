#!/usr/bin/env bash
# Set up if needed, then run the linters, the type checker and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The consent corpus's npm libraries (served by the demo server under cdn.jsdelivr.net).
bash scripts/npm-fixtures.sh
# The PDF tests read report.pdf back with poppler's pdftotext and pdfinfo.
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  bash scripts/apt-install.sh poppler-utils \
    || { echo "test: install poppler-utils (pdftotext, pdfinfo) for the PDF tests" >&2; exit 1; }
fi
.venv/bin/ruff check checker tests bench
.venv/bin/ruff format --check checker tests bench
.venv/bin/mypy
# A browser test that skips (no usable Chromium) fails the run instead: CI never goes green by skipping.
export CONSENT_CHECKER_REQUIRE_BROWSER=1
exec .venv/bin/pytest -q "$@"
