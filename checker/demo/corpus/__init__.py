"""The consent corpus: CMP replicas, real consent libraries and banner-free pages, one YAML file each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import jsonschema

from checker.datafiles import read_yaml, schema_error

CORPUS_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = CORPUS_DIR / "entry.schema.json"
PageKind = Literal["replica", "library", "no-banner"]


class CorpusError(Exception):
    """An invalid corpus entry: one line naming the file and the JSON path."""


@dataclass(frozen=True)
class Expect:
    """What the checker must find and achieve on the page."""

    banner: bool
    cmp: str | None = None
    reject_layers: int | None = None
    gated_cookie: str | None = None
    withdraw: bool = False


@dataclass(frozen=True)
class CorpusPage:
    """One page of the corpus."""

    id: str
    kind: PageKind
    url: str
    hosts: tuple[str, ...]
    expect: Expect
    name: str = ""
    notes: str = ""


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _page(path: Path) -> CorpusPage:
    data = read_yaml(path)
    error = schema_error(_validator(), data)
    if error is not None:
        raise CorpusError(f"{path}: {error[0]}: {error[1]}")
    if data["id"] != path.stem:
        raise CorpusError(f"{path}: $.id: {data['id']!r} must match the file name")
    exp = data["expect"]
    return CorpusPage(
        id=data["id"],
        kind=data["kind"],
        url=data["url"],
        hosts=tuple(data["hosts"]),
        expect=Expect(
            banner=exp["banner"],
            cmp=exp.get("cmp"),
            reject_layers=exp.get("reject_layers"),
            gated_cookie=exp.get("gated_cookie"),
            withdraw=bool(exp.get("withdraw", False)),
        ),
        name=data.get("name", ""),
        notes=" ".join(str(data.get("notes", "")).split()),
    )


@cache
def corpus_pages() -> tuple[CorpusPage, ...]:
    """Every corpus page, in file-name order."""
    return tuple(_page(p) for p in sorted(CORPUS_DIR.glob("*.yaml")))


def corpus_hosts() -> tuple[str, ...]:
    """Every hostname the corpus pages load from, once each."""
    return tuple(dict.fromkeys(h for page in corpus_pages() for h in page.hosts))
