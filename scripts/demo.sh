#!/usr/bin/env bash
# Set everything up, then scan the bundled demo news sites and write reports/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The IAB's TCF and GPP code the TCF demo site runs (served by the demo server under cdn.jsdelivr.net).
bash scripts/npm-fixtures.sh
exec .venv/bin/consent-checker demo "$@"
