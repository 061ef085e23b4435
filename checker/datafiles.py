"""Helpers shared by the YAML/JSON data-file loaders (rules, catalogs, recipes, evidence).

Each loader keeps its own error class and wording; this module only supplies the pieces they all need:
one-line messages, strict YAML parsing and "the one schema error worth showing".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
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


def _construct_mapping(loader: _StrictLoader, node: yaml.Node) -> dict[Hashable, Any]:
    if not isinstance(node, yaml.MappingNode):  # an explicit `!!map` on a scalar or a sequence
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a mapping, found a {type(node).__name__}", node.start_mark
        )
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

ScalarConstructor = Callable[[yaml.SafeLoader, yaml.Node], Any]


def _checked_scalar(construct: ScalarConstructor, kind: str) -> ScalarConstructor:
    """PyYAML's scalar constructor, raising a YAML error (with its position) for a value it cannot build.

    PyYAML trusts the resolver: an explicit tag on a value of another form (`!!timestamp x`, `!!bool 2`),
    a date that does not exist (2023-13-45) or an integer of more than 4300 digits escape as
    AttributeError, KeyError, IndexError or ValueError.
    """

    def checked(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError, KeyError, AttributeError, IndexError, TypeError) as exc:
            value = str(node.value)
            shown = value if len(value) <= 40 else value[:40] + "…"
            why = f": {exc}" if isinstance(exc, (ValueError, OverflowError)) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid {kind} {shown!r}{why}", node.start_mark
            ) from None

    return checked


for _kind in ("bool", "int", "float", "timestamp"):
    _tag = f"tag:yaml.org,2002:{_kind}"
    _StrictLoader.add_constructor(_tag, _checked_scalar(yaml.SafeLoader.yaml_constructors[_tag], _kind))


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
    except RecursionError:  # the composer and constructor recurse once per level of nesting
        raise YamlError("nested too deeply") from None


def read_yaml(path: Path) -> Any:
    """Read and parse a UTF-8 YAML file (a leading BOM is ignored); duplicate keys are rejected.

    Raises YamlError for bad YAML; OSError and UnicodeDecodeError from reading pass through, so each
    loader words "missing" and "unreadable" its own way.
    """
    return parse_yaml(path.read_text(encoding="utf-8-sig"))


# --- JSON Schema ----------------------------------------------------------------------------------------

Describe = Callable[[ValidationError], tuple[str, str] | None]

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")  # as jsonschema writes a key with a dot


def json_path(parts: Iterable[Any]) -> str:
    """A JSON path such as `$.rules[0]['odd key']`, on one line whatever the keys hold.

    Unlike jsonschema's `json_path`, a key with a newline or another unprintable character is escaped,
    and a key that is not a string (YAML allows `1.5:` or `~:`) is shown instead of raising TypeError.
    """
    path = "$"
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            path += f"[{part}]"
        elif isinstance(part, str) and _NAME.fullmatch(part):
            path += f".{part}"
        elif isinstance(part, str):
            path += "['" + "".join(_escaped(char) for char in part) + "']"
        else:
            path += f"[{part!r}]"
    return path


def _escaped(char: str) -> str:
    if char in "\\'":
        return "\\" + char
    return char if char.isprintable() else repr(char)[1:-1]


def schema_error(validator: Validator, data: Any, describe: Describe | None = None) -> tuple[str, str] | None:
    """The most relevant schema error in `data` as (JSON path, one-line message), or None when valid.

    `describe` may reword an error: it returns its own (JSON path, message), or None to keep the default.
    """
    try:
        error = best_match(validator.iter_errors(data))
    except RecursionError:  # jsonschema descends once per level of nesting (any_of in any_of ...)
        return "$", "nested too deeply to check"
    if error is None:
        return None
    described = describe(error) if describe is not None else None
    path, message = described if described is not None else (json_path(error.absolute_path), error.message)
    return path, one_line(message)
