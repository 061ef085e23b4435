"""Load the per-language word lists (rules/lexicon/<lang>.yaml) the generic detector reads in the page."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from checker.datafiles import YamlError, read_yaml, schema_error
from checker.paths import rules_dir

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "lexicon.schema.json"
# Every list the detector reads; optional ones default to empty.
PHRASE_KEYS: tuple[str, ...] = (
    "accept",
    "reject",
    "settings",
    "save",
    "policy",
    "withdraw",
    "dismiss",
    "weak",
    "learn_more",
    "consent_words",
    "cookie_words",
    "all_words",
)


class LexiconError(Exception):
    """An invalid lexicon file: one line naming the file and the JSON path."""


@dataclass(frozen=True)
class Lexicon:
    """One language's phrase lists, by key of PHRASE_KEYS."""

    language: str
    name: str
    phrases: dict[str, tuple[str, ...]]
    source: str = ""


@dataclass(frozen=True)
class Lexicons:
    """The languages a scan reads, and their lists merged for the in-page detector."""

    languages: tuple[Lexicon, ...]

    def merged(self) -> dict[str, list[str]]:
        """Every key's phrases over all languages, first seen first (the detector normalises them)."""
        return {
            key: list(dict.fromkeys(p for lex in self.languages for p in lex.phrases.get(key, ())))
            for key in PHRASE_KEYS
        }

    @property
    def codes(self) -> tuple[str, ...]:
        """The language codes, in load order."""
        return tuple(lex.language for lex in self.languages)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def parse_lexicon(data: Any, source: str) -> Lexicon:
    """Validate one lexicon document and build a Lexicon."""
    error = schema_error(_validator(), data)
    if error is not None:
        raise LexiconError(f"{source}: {error[0]}: {error[1]}")
    return Lexicon(
        language=data["language"],
        name=data["name"],
        phrases={key: tuple(data.get(key, ())) for key in PHRASE_KEYS},
        source=source,
    )


def load_lexicon_file(path: Path) -> Lexicon:
    """Read one lexicon file; its `language` must be its file name."""
    try:
        data = read_yaml(path)
    except YamlError as exc:
        where = f"line {exc.line}" if exc.line is not None else "$"
        raise LexiconError(f"{path}: {where}: invalid YAML: {exc.problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: $: cannot read: {exc}") from None
    lexicon = parse_lexicon(data, str(path))
    if lexicon.language != path.stem:
        raise LexiconError(f"{path}: $.language: {lexicon.language!r} must match the file name")
    return lexicon


def default_lexicon_dir() -> Path:
    """The shipped lexicon folder."""
    return rules_dir() / "lexicon"


def load_lexicons(folders: Iterable[Path] | None = None) -> Lexicons:
    """Every <lang>.yaml in the folders (default: the shipped one), in file-name order."""
    paths: list[Path] = []
    for folder in (default_lexicon_dir(),) if folders is None else folders:
        if not folder.is_dir():
            raise LexiconError(f"{folder}: $: no such lexicon folder")
        paths.extend(sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
    return Lexicons(languages=tuple(load_lexicon_file(p) for p in paths))
