"""Stable identities of findings: the same violation gets the same fingerprint in every run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from checker.domains import registrable_domain, split_url

FINGERPRINT_VERSION = "v1"
FINGERPRINT_HEX = 16  # 64 bits: short enough to paste into a waiver, no collision among a run's findings

# The subject keys that say *what* a finding is about. Everything else (counts, lifetimes, the URL of the
# first request, decoded values, who set a cookie) may change from one run to the next.
IDENTITY_KEYS = (
    "cookie",
    "refused_cookie",
    "storage",
    "domain",
    "path",
    "origin",
    "kind",
    "host",
    "banner",
    "action",
    "signal",
    "where",
)


def site_key(url: str) -> str:
    """The site part of a fingerprint: registrable domain and path, without scheme, port or query.
    `https://www.example.com/a/?x=1` and `https://example.com/a` are the same site."""
    parts = split_url(url)
    if parts is None or not parts.hostname:
        return url
    return registrable_domain(parts.hostname) + (parts.path.rstrip("/") or "/")


def _identity_value(value: Any) -> Any:
    """A subject value without what varies between runs: a URL keeps its host and path only."""
    if isinstance(value, str) and "://" in value:
        parts = split_url(value)
        if parts is not None and parts.hostname:
            return parts.hostname + parts.path
    return value


def identity(subject: Mapping[str, Any]) -> dict[str, Any]:
    """The normalised subject a fingerprint is made of."""
    return {k: _identity_value(subject[k]) for k in IDENTITY_KEYS if subject.get(k) is not None}


def fingerprint(rule: str, site_url: str, phase: str | None, subject: Mapping[str, Any]) -> str:
    """The fingerprint of a finding: rule id, site, phase and normalised subject, hashed."""
    key = json.dumps(
        [FINGERPRINT_VERSION, rule, site_key(site_url), phase, identity(subject)],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest()[:FINGERPRINT_HEX]
