"""Parse a Set-Cookie header or a document.cookie assignment into what it asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit


@dataclass(frozen=True)
class CookieLine:
    """The declared parts of one cookie write."""

    name: str
    value: str
    domain: str  # ".example.com" when a Domain attribute was given, else the host (host-only)
    path: str
    declared_expires: float | None  # epoch seconds; None for a session cookie
    deletes: bool  # Max-Age <= 0 or an expiry in the past
    same_site: str | None
    secure: bool
    http_only: bool


def _expiry(attrs: dict[str, str], now: float) -> float | None:
    if "max-age" in attrs:
        try:
            return now + int(attrs["max-age"])
        except ValueError:
            pass
    if "expires" in attrs:
        try:
            return parsedate_to_datetime(attrs["expires"]).timestamp()
        except (TypeError, ValueError, IndexError):
            return None
    return None


def cookie_domain(domain_attr: str | None, url: str) -> str:
    """ ".example.com" for a Domain attribute, else the host of the writing URL (a host-only cookie)."""
    domain = (domain_attr or "").lstrip(".").lower()
    return f".{domain}" if domain else (urlsplit(url).hostname or "").lower()


def default_path(url: str) -> str:
    """RFC 6265 5.1.4: the cookie path when the line gives none (the URL path's directory)."""
    path = urlsplit(url).path
    if not path.startswith("/") or path.count("/") == 1:
        return "/"
    return path[: path.rindex("/")]


def parse_cookie_line(line: str, url: str, now: float) -> CookieLine | None:
    """Parse one cookie line written at time `now` (epoch seconds) by a response or document at `url`."""
    parts = [p.strip() for p in line.split(";")]
    if not parts[0]:
        return None
    name, _sep, value = parts[0].partition("=")
    if not _sep:
        name, value = "", parts[0]
    attrs: dict[str, str] = {}
    for part in parts[1:]:
        key, _, val = part.partition("=")
        attrs[key.strip().lower()] = val.strip()
    expires = _expiry(attrs, now)
    path = attrs.get("path", "")
    return CookieLine(
        name=name.strip(),
        value=value.strip(),
        domain=cookie_domain(attrs.get("domain"), url),
        path=path if path.startswith("/") else default_path(url),
        declared_expires=expires,
        deletes=expires is not None and expires <= now,
        same_site=attrs.get("samesite"),
        secure="secure" in attrs,
        http_only="httponly" in attrs,
    )


def iso(epoch_seconds: float | None) -> str | None:
    """Epoch seconds to ISO 8601 UTC, None stays None."""
    if epoch_seconds is None:
        return None
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def days(seconds: float | None) -> float | None:
    """Seconds to days, rounded to 2 decimals."""
    return None if seconds is None else round(seconds / 86400, 2)
