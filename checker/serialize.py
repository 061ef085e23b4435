"""Turn the frozen dataclasses into JSON-ready dicts and back."""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from checker import models

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """Convert dataclasses (recursively) to plain dicts, lists and scalars."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def _convert(tp: Any, value: Any, ns: dict[str, Any]) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return _convert(args[0], value, ns) if len(args) == 1 else value
    if origin is typing.Literal:
        return value
    if origin is tuple:
        (inner, *_rest) = get_args(tp)
        return tuple(_convert(inner, v, ns) for v in value)
    if origin is dict:
        _k, inner = get_args(tp)
        return {k: _convert(inner, v, ns) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value, ns)
    return value


def from_dict(cls: type[T], data: dict[str, Any], ns: dict[str, Any] | None = None) -> T:
    """Build dataclass `cls` from a dict made by `to_dict`; unknown keys are ignored. Type names are
    resolved in `ns` (default: checker.models)."""
    ns = vars(models) if ns is None else ns
    hints = get_type_hints(cls, {**vars(sys.modules[cls.__module__]), **ns})
    kwargs = {
        f.name: _convert(hints[f.name], data[f.name], ns)
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**kwargs)


def evidence_from_dict(data: dict[str, Any]) -> models.Evidence:
    """Load an Evidence object from the dict form written to evidence.json."""
    return from_dict(models.Evidence, data)
