"""Bundled demo news sites and end-to-end fixture pages, served over local HTTPS under real hostnames."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.demo.server import DEMO_SITES, FIXTURE_HOST, FIXTURES, HOSTNAMES, DemoServer

__all__ = ["DEMO_SITES", "FIXTURES", "FIXTURE_HOST", "HOSTNAMES", "DemoServer"]


def __getattr__(name: str) -> Any:
    """Lazy re-exports from checker.demo.server (keeps `python -m checker.demo.server` warning-free)."""
    if name in __all__:
        return getattr(importlib.import_module("checker.demo.server"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
