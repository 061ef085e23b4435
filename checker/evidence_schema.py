"""The JSON Schema of evidence.json, derived from the dataclasses so the two cannot drift apart."""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from checker import models

SCHEMA_FILE = Path(__file__).with_name("schemas") / "evidence.schema.json"
SCHEMA_ID = "https://consent-checker.invalid/schemas/evidence/1.json"

_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    Any: {},
}


def _type_schema(tp: Any, defs: dict[str, Any], ns: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return {"anyOf": [_type_schema(a, defs, ns) for a in get_args(tp)]}
    if tp is type(None):
        return {"type": "null"}
    if origin is typing.Literal:
        return {"enum": list(get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(get_args(tp)[0], defs, ns)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(get_args(tp)[1], defs, ns)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        _define(tp, defs, ns)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    return dict(_SCALARS[tp])


def _define(cls: type, defs: dict[str, Any], ns: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder: breaks recursion
    hints = get_type_hints(cls, {**vars(sys.modules[cls.__module__]), **ns})
    fields = dataclasses.fields(cls)
    defs[cls.__name__] = {
        "title": (cls.__doc__ or cls.__name__).strip().splitlines()[0],
        "type": "object",
        "required": [
            f.name
            for f in fields
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ],
        "properties": {f.name: {"title": f.name, **_type_schema(hints[f.name], defs, ns)} for f in fields},
    }


@functools.cache
def evidence_schema() -> dict[str, Any]:
    """The schema of evidence.json (unknown keys are allowed, so newer evidence still loads)."""
    defs: dict[str, Any] = {}
    _define(models.Evidence, defs, vars(models))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "consent-checker evidence",
        "$ref": "#/$defs/Evidence",
        "$defs": dict(sorted(defs.items())),
    }


def dataclass_schema(cls: type, namespace: dict[str, Any], title: str) -> dict[str, Any]:
    """The JSON Schema of dataclass `cls` (types resolved in `namespace`), e.g. for data from in-page JS."""
    defs: dict[str, Any] = {}
    _define(cls, defs, namespace)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "$ref": f"#/$defs/{cls.__name__}",
        "$defs": dict(sorted(defs.items())),
    }


def write_schema() -> None:
    """Regenerate the shipped schema file (run after changing models.py)."""
    SCHEMA_FILE.write_text(json.dumps(evidence_schema(), indent=1) + "\n")


if __name__ == "__main__":
    write_schema()
