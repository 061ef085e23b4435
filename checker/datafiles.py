"""Helpers shared by the YAML/JSON data-file loaders (rules, catalogs, recipes, evidence).

Each loader keeps its own error class and wording; this module only supplies the pieces they all need:
one-line messages, strict YAML parsing and "the one schema error worth showing".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import yaml
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

MESSAGE_LIMIT = 240


def one_line(text: str, limit: int | None = MESSAGE_LIMIT) -> str:
    """Collapse all whitespace (newlines included) to single spaces; cut to `limit` characters with "…"."""
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


# --- YAML -----------------------------------------------------------------------------------------------


class YamlError(Exception):
    """Text that is not valid YAML: a one-line `problem` and, when known, its 1-based line and column."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(problem)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects a key given twice in one mapping (PyYAML silently keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    seen: set[Hashable] = set()
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`, resolved by flatten_mapping
            continue
        key = loader.construct_object(key_node)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: construct_mapping below reports it
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    loader.flatten_mapping(node)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """Parse YAML (or JSON) safely, rejecting duplicate keys; raises YamlError."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = one_line(str(getattr(exc, "problem", None) or exc))
        if mark is None:
            raise YamlError(problem) from None
        raise YamlError(problem, mark.line + 1, mark.column + 1) from None


def read_yaml(path: Path) -> Any:
    """Read and parse a UTF-8 YAML file (a leading BOM is ignored); duplicate keys are rejected.

    Raises YamlError for bad YAML; OSError and UnicodeDecodeError from reading pass through, so each
    loader words "missing" and "unreadable" its own way.
    """
    return parse_yaml(path.read_text(encoding="utf-8-sig"))


# --- JSON Schema ----------------------------------------------------------------------------------------

Describe = Callable[[ValidationError], tuple[str, str] | None]


def schema_error(validator: Validator, data: Any, describe: Describe | None = None) -> tuple[str, str] | None:
    """The most relevant schema error in `data` as (JSON path, one-line message), or None when valid.

    `describe` may reword an error: it returns its own (JSON path, message), or None to keep the default.
    """
    error = best_match(validator.iter_errors(data))
    if error is None:
        return None
    described = describe(error) if describe is not None else None
    path, message = described if described is not None else (error.json_path, error.message)
    return path, one_line(message)
