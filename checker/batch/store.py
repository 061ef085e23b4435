"""The run folder on disk: the plan of a run, one evidence file per finished site, written atomically."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.models import BrowserInfo, SiteEvidence
from checker.serialize import from_dict, to_dict

RUN_FILE = "run.json"
BROWSER_FILE = "browser.json"
SITES_DIR = "sites"
STORE_VERSION = "1"


class StoreError(Exception):
    """A run folder that cannot be read or resumed; the message is one line."""


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


def utf8(text: str) -> bytes:
    """UTF-8 of text that may hold lone surrogates (a page's storage keys can): they are written as
    `\\udXXX`, which inside a JSON string is the very escape JSON reads back as the same code unit."""
    return text.encode("utf-8", "backslashreplace")


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` so that a reader (or a crash) sees either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(utf8(text))
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
        """The plan of the run recorded here."""
        data = _read_json(self.out_dir / RUN_FILE)
        if not isinstance(data, dict) or data.get("store_version") != STORE_VERSION:
            raise StoreError(f"{self.out_dir / RUN_FILE}: not a run plan of this version of consent-checker")
        try:
            plan = from_dict(RunPlan, data)
            urls = [str(u) for u in plan.urls]
        except (TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"{self.out_dir / RUN_FILE}: malformed run plan ({exc})") from exc
        if not urls or not all(u.startswith(("http://", "https://")) for u in urls):
            raise StoreError(f"{self.out_dir / RUN_FILE}: the plan's URLs must be http(s) URLs")
        return plan

    def write_site(self, index: int, site: SiteEvidence) -> None:
        """Keep one finished site (its index in the plan's URL list names the file)."""
        atomic_write_text(self.sites_dir / f"{index:05d}.json", _dump({"index": index} | to_dict(site)))

    def write_browser(self, info: BrowserInfo) -> None:
        """Record the browser that scanned the sites (written at each launch)."""
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
            yield index, from_dict(SiteEvidence, data)
