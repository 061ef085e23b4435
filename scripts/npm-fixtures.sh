#!/usr/bin/env bash
# Install the pinned npm consent libraries of the consent corpus (tests/npm/package-lock.json) into
# .cache/npm-fixtures/node_modules, where the demo server serves them as https://cdn.jsdelivr.net/npm/...,
# and build the ES-module packages' one-file bundles into .cache/npm-fixtures/esm/ (served as .../+esm).
# Quick when already installed (the lock file's hash is stamped). Safe to run again.
# To change a version: edit tests/npm/package.json, then in tests/npm run
#   npm install --package-lock-only --ignore-scripts --legacy-peer-deps
set -euo pipefail
cd "$(dirname "$0")/.."

src=tests/npm
dest=.cache/npm-fixtures
stamp=$dest/.installed

want=$(cat "$src/package.json" "$src/package-lock.json" scripts/npm-esm.mjs | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dest/node_modules" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || {
  echo "npm-fixtures: npm is required to install the corpus's consent libraries (install nodejs and npm)" >&2
  exit 1
}
echo "npm-fixtures: installing $(tr -d '\n ' <"$src/package.json" | grep -o '"dependencies":{[^}]*}') into $dest" >&2
mkdir -p "$dest"
rm -f "$stamp"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
# The libraries' build-time dependencies are installed but never run: no scripts, no peer dependencies.
if ! out=$(npm ci --prefix "$dest" --ignore-scripts --legacy-peer-deps --omit=optional --no-audit --no-fund \
  --loglevel=error 2>&1); then
  printf '%s\n' "$out" >&2
  echo "npm-fixtures: 'npm ci' failed in $dest (see above)" >&2
  exit 1
fi
# One-file "+esm" bundles of the ES-module packages (the IAB's TCF and GPP code), as jsDelivr serves them.
if ! out=$(node scripts/npm-esm.mjs "$dest" 2>&1); then
  printf '%s\n' "$out" >&2
  echo "npm-fixtures: building the +esm bundles failed (see above)" >&2
  exit 1
fi
echo "$want" >"$stamp"
