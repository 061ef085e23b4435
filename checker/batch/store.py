"""The run folder on disk: the plan of a run, one evidence file per finished site, written atomically."""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema

from checker.datafiles import schema_error
from checker.models import BrowserInfo, SiteEvidence, UrlSource
from checker.serialize import from_dict, to_dict

RUN_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "run.schema.json"
RUN_FILE = "run.json"
BROWSER_FILE = "browser.json"
SITES_DIR = "sites"
STORE_VERSION = "1"


@functools.cache
def _plan_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(RUN_SCHEMA.read_text(encoding="utf-8")))


@functools.cache
def _site_validator() -> jsonschema.Draft202012Validator:
    from checker.evidence_schema import evidence_schema

    schema = evidence_schema()
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/SiteEvidence"})


class StoreError(Exception):
    """A run folder that cannot be read or resumed; the message is one line."""


@dataclass(frozen=True)
class RunEnd:
    """How a run ended: every site finished, or why it stopped before (the rest can be resumed)."""

    complete: bool
    reason: str | None = None


@dataclass(frozen=True)
class RunPlan:
    """What a run was asked to do: enough to resume it with the same URLs and options."""

    urls: tuple[str, ...]
    scan_options: dict[str, Any]
    rules: tuple[str, ...]
    catalogs: tuple[str, ...]
    formats: tuple[str, ...]
    fail_on: str
    started_at: str
    tool_version: str
    command_line: tuple[str, ...] = ()  # argv of the command that started the run
    url_sources: dict[str, UrlSource] = field(default_factory=dict)  # URL -> the --urls line listing it
    baseline: str | None = None  # --baseline (absolute); a resume must give it again to read it
    waivers: str | None = None  # --waivers (absolute); likewise
    sarif_location: str | None = None
    soft_fail: bool = False


def utf8(text: str) -> bytes:
    """UTF-8 of text that may hold lone surrogates (a page's storage keys can): they are written as
    `\\udXXX`, which inside a JSON string is the very escape JSON reads back as the same code unit."""
    return text.encode("utf-8", "backslashreplace")


OUTPUT_FILE_MODE = 0o644


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` so that a reader (or a crash) sees either the old file or the whole new one."""
    atomic_write_bytes(path, utf8(text))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` so that a reader (or a crash) sees either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, OUTPUT_FILE_MODE)  # mkstemp makes 0600: reports are meant to be shared and served
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise StoreError(f"{path}: no such file (not a consent-checker run folder?)") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: unreadable ({type(exc).__name__}: {exc})") from exc


class RunStore:
    """One run's folder: run.json, browser.json and sites/<index>.json."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.sites_dir = out_dir / SITES_DIR

    def start(self, plan: RunPlan) -> None:
        """Begin a new run here: earlier per-site files are removed, the plan is written."""
        if self.sites_dir.is_dir():
            shutil.rmtree(self.sites_dir)
        (self.out_dir / BROWSER_FILE).unlink(missing_ok=True)
        self.sites_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.out_dir / RUN_FILE, _dump({"store_version": STORE_VERSION} | to_dict(plan)))

    def plan(self) -> RunPlan:
        """The plan of the run recorded here, checked against the run schema (the folder may come from
        elsewhere: a plan that is not one is refused in one line, and nothing it names is read here)."""
        path = self.out_dir / RUN_FILE
        data = _read_json(path)
        problem = schema_error(_plan_validator(), data)
        if problem is not None:
            where, message = problem
            raise StoreError(
                f"{path}: not a run plan of this version of consent-checker: at {where}: {message}"
            )
        return from_dict(RunPlan, data)

    def write_site(self, index: int, site: SiteEvidence) -> None:
        """Keep one finished site (its index in the plan's URL list names the file)."""
        atomic_write_text(self.sites_dir / f"{index:05d}.json", _dump({"index": index} | to_dict(site)))

    def write_browser(self, info: BrowserInfo) -> None:
        """Record the browser that scanned the sites, at each launch. A run resumed or relaunched with
        another browser says so, and the sandbox counts as on only if it was on in every part."""
        earlier = self.browser()
        if earlier is not None:
            if (earlier.executable, earlier.version) != (info.executable, info.version):
                info = replace(
                    info,
                    executable=f"{earlier.executable}, then {info.executable}",
                    version=f"{earlier.version}, then {info.version}",
                )
            if not earlier.sandbox:
                info = replace(info, sandbox=False, sandbox_note=earlier.sandbox_note)
        atomic_write_text(self.out_dir / BROWSER_FILE, _dump(to_dict(info)))

    def browser(self) -> BrowserInfo | None:
        """The browser of the run, if one started."""
        path = self.out_dir / BROWSER_FILE
        return from_dict(BrowserInfo, _read_json(path)) if path.is_file() else None

    def _files(self) -> Iterator[tuple[int, Path]]:
        if not self.sites_dir.is_dir():
            return
        for path in self.sites_dir.glob("*.json"):
            if path.stem.isdigit():
                yield int(path.stem), path

    def finished(self) -> set[int]:
        """Indexes of the sites already on disk."""
        return {index for index, _ in self._files()}

    def sites(self, urls: Sequence[str]) -> Iterator[tuple[int, SiteEvidence]]:
        """The finished sites in URL order, read one at a time."""
        for index, path in sorted(self._files()):
            data = _read_json(path)
            if not isinstance(data, dict) or not (0 <= index < len(urls)) or data.get("url") != urls[index]:
                raise StoreError(f"{path}: does not belong to this run's URL list")
            problem = schema_error(_site_validator(), {k: v for k, v in data.items() if k != "index"})
            if problem is not None:
                raise StoreError(f"{path}: not a site's evidence: at {problem[0]}: {problem[1]}")
            yield index, from_dict(SiteEvidence, data)
