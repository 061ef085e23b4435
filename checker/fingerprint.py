"""Stable identities of findings: the same violation gets the same fingerprint in every run."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from checker.domains import split_url
from checker.models import Finding

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
    "params",  # Consent Mode hits of one endpoint told apart by their consent parameters
)
_EMBEDDED_URL = re.compile(r"https?://[^\s]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_key(url: str) -> str:
    """The site part of a fingerprint: host (without a leading www.), a port other than the scheme's,
    and path; no scheme, query or fragment. `https://www.example.com/a/?x=1` and `https://example.com/a`
    are the same site; `shop.example.com/a` is another."""
    parts = split_url(url)
    if parts is None or not parts.hostname:
        return url
    host = parts.hostname.removeprefix("www.")
    try:
        port = parts.port
    except ValueError:  # a port urlsplit cannot read: keep the page address as it is
        return url
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme):
        host += f":{port}"
    return host + (parts.path.rstrip("/") or "/")


def _host_and_path(match: re.Match[str]) -> str:
    parts = split_url(match.group(0))
    return parts.hostname + parts.path if parts is not None and parts.hostname else match.group(0)


def _identity_value(value: Any) -> Any:
    """A subject value without what varies between runs: every URL in it keeps its host and path only."""
    if isinstance(value, str):
        return _EMBEDDED_URL.sub(_host_and_path, value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_identity_value(v) for v in value]
    return value


def identity(subject: Mapping[str, Any]) -> dict[str, Any]:
    """The normalised subject a fingerprint is made of."""
    return {k: _identity_value(subject[k]) for k in IDENTITY_KEYS if subject.get(k) is not None}


def fingerprint(
    rule: str, site_url: str, phase: str | None, subject: Mapping[str, Any], occurrence: int = 1
) -> str:
    """The fingerprint of a finding: rule id, site, phase and normalised subject, hashed; `occurrence`
    tells apart findings whose identities coincide (the second, third ...)."""
    parts: list[Any] = [FINGERPRINT_VERSION, rule, site_key(site_url), phase, identity(subject)]
    if occurrence > 1:
        parts.append(occurrence)
    key = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest()[:FINGERPRINT_HEX]


def unique_fingerprints(site_url: str, findings: Sequence[Finding]) -> list[str]:
    """The fingerprint of each of a site's findings, in order. Findings whose identities coincide (two
    refused Set-Cookie headers of one cookie, say) are told apart by their rank among those twins, so
    each fingerprint names one finding and a run with the same findings gets the same ones."""
    seen: dict[str, int] = {}
    result = []
    for f in findings:
        base = fingerprint(f.rule, site_url, f.phase, f.subject)
        seen[base] = seen.get(base, 0) + 1
        result.append(fingerprint(f.rule, site_url, f.phase, f.subject, seen[base]))
    return result
