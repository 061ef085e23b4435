"""Check the URLs a scan is given before any browser starts: each a usage error with its reason."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Any whitespace or control character: a browser would percent-encode or refuse it, never scan it as typed.
_BAD_CHARACTER = re.compile(r"[\s\x00-\x1f\x7f]")
# A hostname's labels: letters, digits and hyphens (internationalised names as typed by people, too).
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)*[^\W_](?:[\w-]{0,61}[^\W_])?$")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be scanned, in a few words, or None when it can."""
    bad = _BAD_CHARACTER.search(url)
    if bad is not None:
        return f"contains {'a space' if bad.group() == ' ' else repr(bad.group())}"
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # "https://[" : an unclosed IPv6 bracket
        return f"not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http(s) URL" if parts.scheme else "no scheme (write https://...)"
    host = parts.hostname
    if not host:
        return "no host"
    try:
        parts.port  # noqa: B018 - raises on a port that is no number or out of range
    except ValueError:
        return "not a valid port"
    if not (host.startswith("[") or _HOST.match(host.rstrip(".")) or _is_ipv6(parts.netloc)):
        return f"not a valid host name: {host!r}"
    return None


def _is_ipv6(netloc: str) -> bool:
    return "[" in netloc and "]" in netloc
