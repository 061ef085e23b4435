"""Type what in-page JavaScript answers: check it against a schema made from a dataclass, then build it."""

from __future__ import annotations

import functools
import sys
from typing import Any, TypeVar

import jsonschema

from checker.datafiles import one_line
from checker.evidence_schema import dataclass_schema
from checker.serialize import from_dict

T = TypeVar("T")


class ShapeError(Exception):
    """In-page JavaScript answered something not of the agreed shape (a page that rewrote JSON, a bug)."""


@functools.cache
def _validator(cls: type[Any]) -> jsonschema.Draft202012Validator:
    namespace = vars(sys.modules[cls.__module__])
    return jsonschema.Draft202012Validator(
        dataclass_schema(cls, namespace, f"in-page answer: {cls.__name__}")
    )


def parse_shape(cls: type[T], data: object) -> T:
    """`data` as a `cls` (types resolved in the class's module); ShapeError naming the first bad path."""
    validator: jsonschema.Draft202012Validator = _validator(cls)  # type: ignore[arg-type]
    error = next(iter(validator.iter_errors(data)), None)
    if error is not None:
        where = "$" + "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise ShapeError(f"{where}: {one_line(error.message, 160)}")
    assert isinstance(data, dict)
    return from_dict(cls, data, vars(sys.modules[cls.__module__]))
