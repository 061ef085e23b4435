#!/usr/bin/env bash
# Set everything up, then scan the bundled demo news sites and write reports/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/consent-checker demo "$@"
