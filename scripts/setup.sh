#!/usr/bin/env bash
# Set up consent-checker on a fresh Debian/Ubuntu machine: virtual env, the package with its
# test extras, and a Chromium (Playwright's if installed, else Debian's). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }
apt_install() { bash scripts/apt-install.sh "$@"; }

PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 \
     && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    PY=$candidate; break
  fi
done
[ -n "$PY" ] || { say "Python >= 3.11 is required (install python3 and python3-venv)"; exit 1; }

if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv || { say "cannot create a virtual env: install python3-venv"; exit 1; }
    "$PY" -m venv .venv
  fi
fi

stamp=.venv/.consent-checker-installed
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing the package and its test extras into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
  echo "$want" > "$stamp"
fi

if ! .venv/bin/python -c 'from checker.launch import find_browser; find_browser()' 2>/dev/null; then
  say "no Chromium found: installing Debian's chromium and chromium-headless-shell"
  if ! apt_install chromium chromium-headless-shell; then
    say "could not install Chromium: run 'sudo apt-get install chromium chromium-headless-shell', or set CONSENT_CHECKER_BROWSER to a Chromium or Chrome binary"
    exit 1
  fi
fi
.venv/bin/python -c 'from checker.launch import find_browser; print("setup: browser", find_browser().executable)' >&2
