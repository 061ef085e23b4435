"""The evidence bundle's manifest: the SHA-256 of every file of an output folder, and its re-check."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from checker.batch.store import atomic_write_text
from checker.datafiles import one_line, schema_error

MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = "1"
HASH_CHUNK_BYTES = 1 << 20

_SHAPE: dict[str, Any] = {
    "type": "object",
    "required": ["manifest_version", "files"],
    "properties": {
        "manifest_version": {"const": MANIFEST_VERSION},
        "files": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
    },
}


class ManifestError(Exception):
    """A folder without a usable manifest: one line."""


@dataclass(frozen=True)
class Verification:
    """What `verify` found: files whose bytes changed, files the manifest lists that are gone, and files
    the manifest does not list."""

    checked: int
    altered: tuple[str, ...]
    missing: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def intact(self) -> bool:
        """Every listed file is there with its recorded bytes, and nothing was added."""
        return not (self.altered or self.missing or self.added)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (a HAR can be large). A symbolic link is never followed:
    its digest is that of the text it points to, so re-pointing it shows as a change."""
    if path.is_symlink():
        return hashlib.sha256(b"symlink:" + os.fsencode(os.readlink(path))).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path) -> Iterator[str]:
    """Every file and symbolic link under `folder` (POSIX relative paths, sorted), but the manifest itself;
    links to folders are listed as links, not walked into."""
    found = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        here = Path(root)
        links = [d for d in dirs if (here / d).is_symlink()]
        found += [(here / name).relative_to(folder).as_posix() for name in [*names, *links]]
    yield from sorted(r for r in found if r != MANIFEST_FILE)


def write_manifest(
    folder: Path, tool: dict[str, str], browser: dict[str, str], command_line: Sequence[str], created_at: str
) -> Path:
    """Hash every file of the folder into manifest.json, with the tool, browser and command line."""
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "created_at": created_at,
        "tool": tool,
        "browser": browser,
        "command_line": list(command_line),
        "files": {relative: sha256_file(folder / relative) for relative in _files(folder)},
    }
    target = folder / MANIFEST_FILE
    atomic_write_text(target, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return target


def _recorded(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST_FILE
    if not folder.is_dir():
        raise ManifestError(f"{folder}: no such folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ManifestError(f"{folder}: no {MANIFEST_FILE}: not an output folder of consent-checker") from exc
    except (OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ManifestError(f"{path}: not a manifest ({one_line(str(exc), 120)})") from exc
    problem = schema_error(jsonschema.Draft202012Validator(_SHAPE), data)
    if problem is not None:
        raise ManifestError(f"{path}: not a manifest of this version: at {problem[0]}: {problem[1]}")
    files: dict[str, str] = data["files"]
    return files


def _altered(folder: Path, relative: str, sha256: str) -> bool:
    try:
        return sha256_file(folder / relative) != sha256
    except OSError:  # unreadable now (a folder where the file was, no permission): not what was recorded
        return True


def verify_folder(folder: Path) -> Verification:
    """Re-hash the folder against its manifest."""
    recorded = _recorded(folder)
    present = set(_files(folder))
    return Verification(
        checked=len(recorded),
        altered=tuple(r for r in sorted(recorded) if r in present and _altered(folder, r, recorded[r])),
        missing=tuple(r for r in sorted(recorded) if r not in present),
        added=tuple(sorted(present - set(recorded))),
    )
