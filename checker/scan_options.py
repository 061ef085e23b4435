"""How to collect: browser, network mapping, time budgets and what to keep (no browser import here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScanOptions:
    """How to collect: browser, network mapping and the settle budget."""

    host_map: tuple[str, ...] = ()
    ignore_https_errors: bool = False
    locale: str = "en-GB"
    timeout_s: float = 30.0
    quiet_ms: int = 500
    settle_max_ms: int = 10000
    click_settle_max_ms: int = 6000
    keep_values: bool = False
    concurrency: int = 1
    browser_path: str | None = None
    site_timeout_s: float = 120.0
    har: bool = False  # record a HAR per phase under har/
