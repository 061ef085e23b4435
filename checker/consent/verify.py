"""Check that a choice took: the CMP's own consent cookie or storage, as its recipe describes it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import unquote

from checker.recipes import Check


def _holds(check: Check, values: Sequence[str]) -> bool:
    if check.absent:
        return not values
    if check.value is None:
        return bool(values)
    pattern = re.compile(check.value)
    return any(pattern.search(v) or pattern.search(unquote(v)) for v in values)


def _values(check: Check, cookies: Mapping[str, Sequence[str]], storage: Mapping[str, str]) -> list[str]:
    name = re.compile(check.name)
    if check.kind == "cookie":
        return [v for n, vs in cookies.items() if name.fullmatch(n) for v in vs]
    return [v for k, v in storage.items() if name.fullmatch(k)]


def verify_choice(
    checks: Sequence[Check], cookies: Mapping[str, Sequence[str]], storage: Mapping[str, str]
) -> tuple[bool, str]:
    """Whether every check holds on the cookies (name -> values) and top-frame localStorage, and a note
    naming the first that does not (or all that do)."""
    for check in checks:
        if not _holds(check, _values(check, cookies, storage)):
            return False, f"not recorded by the CMP: {check.describe()} does not hold"
    return True, "recorded by the CMP: " + "; ".join(c.describe() for c in checks)
