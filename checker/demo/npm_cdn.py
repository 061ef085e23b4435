"""cdn.jsdelivr.net/npm/<package>@<version>/<file>: the pinned npm packages of scripts/npm-fixtures.sh.

The consent corpus loads real consent libraries (klaro, vanilla-cookieconsent) from the CDN hostname
news sites use; the demo server answers from a local node_modules folder instead. Only the installed
version is served (an exact version, or none: `/npm/klaro/dist/klaro.js`); anything else is a 404.
`/npm/<name>@<version>/+esm` is the package as one ES module (jsDelivr's +esm), from the bundles
scripts/npm-esm.mjs builds (the IAB's TCF and GPP packages).
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from checker.demo.endpoints import CONTENT_TYPES, DemoRequest, DemoResponse, not_found

NPM_CDN_HOST = "cdn.jsdelivr.net"

NOT_INSTALLED = "npm fixtures not installed: run scripts/npm-fixtures.sh"

# A source checkout's install folder (scripts/npm-fixtures.sh); a wheel has no repository, so none.
_REPO_DIR = Path(__file__).resolve().parents[2]
DEFAULT_NPM_DIR: Path | None = (
    _REPO_DIR / ".cache" / "npm-fixtures" / "node_modules"
    if (_REPO_DIR / "pyproject.toml").is_file()
    else None
)

# /npm/<name>[@<version>]/<file>, name optionally scoped (@scope/name).
_NPM_PATH = re.compile(
    r"^/npm/(?P<name>(?:@[a-z0-9._~-]+/)?[a-z0-9._~-]+)(?:@(?P<version>[^/]+))?/(?P<file>.+)$"
)

_EXTRA_TYPES = {".mjs": "text/javascript; charset=utf-8", ".map": "application/json"}


def _cors(resp: DemoResponse) -> DemoResponse:
    resp.headers.append(("Access-Control-Allow-Origin", "*"))  # like jsDelivr
    return resp


# jsDelivr's one-file ES-module build of a package: /npm/<name>@<version>/+esm.
ESM_FILE = "+esm"


def _esm_bundle(npm_dir: Path, name: str, version: str) -> DemoResponse:
    """The +esm bundle scripts/npm-esm.mjs built beside node_modules, or a 404 saying it was not built."""
    bundle = npm_dir.parent / "esm" / f"{name}@{version}.mjs"
    if not bundle.is_file():
        return not_found(
            f"no +esm bundle of {name}@{version} (scripts/npm-esm.mjs builds them for ES-module packages)"
        )
    return _cors(DemoResponse(body=bundle.read_bytes(), content_type=_EXTRA_TYPES[".mjs"]))


def npm_file(req: DemoRequest, npm_dir: Path | None) -> DemoResponse:
    """The file of an installed package, or a 404 saying why (not installed, other version, no such file)."""
    if npm_dir is None or not npm_dir.is_dir():
        return not_found(NOT_INSTALLED)
    match = _NPM_PATH.match(req.path)
    if match is None:
        return not_found(f"not an npm file URL: {req.path} (want /npm/<package>@<version>/<file>)")
    name, version = match["name"], match["version"]
    parts = PurePosixPath(match["file"]).parts
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return not_found()
    root = (npm_dir / name).resolve()
    manifest = root / "package.json"
    if not manifest.is_file():
        return not_found(f"npm package {name} is not installed (not in tests/npm/package.json)")
    installed = str(json.loads(manifest.read_text(encoding="utf-8")).get("version", ""))
    if version is not None and version != installed:
        return not_found(f"npm package {name}@{version} is not installed (installed: {name}@{installed})")
    if match["file"] == ESM_FILE:
        return _esm_bundle(npm_dir, name, installed)
    target = root.joinpath(*parts).resolve()
    if root not in target.parents or not target.is_file():
        return not_found(f"no file {match['file']} in {name}@{installed}")
    ctype = CONTENT_TYPES.get(target.suffix) or _EXTRA_TYPES.get(target.suffix, "application/octet-stream")
    return _cors(DemoResponse(body=target.read_bytes(), content_type=ctype))
