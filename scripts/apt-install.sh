#!/usr/bin/env bash
# Install Debian packages as root (or with password-less sudo); exit 1 when that is not possible.
set -euo pipefail
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}
command -v apt-get >/dev/null 2>&1 || exit 1
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
