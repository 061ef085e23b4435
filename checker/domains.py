"""Hosts, registrable domains (eTLD+1, from the Public Suffix List) and first/third party."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
from urllib.parse import SplitResult, urlsplit

from publicsuffixlist import PublicSuffixList

from checker.models import Party


@functools.cache
def _psl() -> PublicSuffixList:
    # The list bundled with the package: no network access, loaded once.
    return PublicSuffixList()


def _ip_or_none(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def _normalise(host: str) -> str:
    host = host.strip().strip("[]").lower().lstrip(".").rstrip(".")
    if host and not host.isascii():
        with contextlib.suppress(UnicodeError):  # leave hosts the IDNA codec rejects as they are
            host = host.encode("idna").decode("ascii")
    return host


def split_url(url: str) -> SplitResult | None:
    """`urlsplit`, or None for a URL it refuses (unbalanced brackets, a bad IPv6 literal): pages and
    evidence files can hold such text, and it must not stop a judgement."""
    try:
        parts = urlsplit(url)
        _ = parts.hostname  # validated lazily: an address in brackets that is none raises only here
    except ValueError:
        return None
    return parts


def host_of(url_or_domain: str) -> str:
    """Return the lower-case host of a URL, an origin, a cookie domain (".example.com") or a host.

    Returns "" for URLs without a network host (data:, about:blank, opaque origins such as "null").
    """
    text = url_or_domain.strip()
    if not text or text == "null":
        return ""
    if text.startswith("blob:"):
        text = text[len("blob:") :]
    if "://" in text:
        parts = split_url(text)
        return _normalise(parts.hostname or "") if parts is not None else ""
    if text.startswith(("data:", "about:", "javascript:")):
        return ""
    bare = text.strip("[]")
    ip = _ip_or_none(bare)
    if ip is not None:
        return ip
    # "example.com:8443" or "example.com/path": parse as a network location.
    parts = split_url("//" + text.lstrip("."))
    return _normalise(parts.hostname or "") if parts is not None else ""


def request_host(url: str) -> str:
    """The host name of a request URL, or the URL itself when it has none (data:, blob:).

    Unlike `host_of` this is a label for grouping and showing requests: no IDNA or trailing-dot
    normalisation, and a URL without a host stays distinguishable instead of becoming "".
    """
    parts = split_url(url)
    return (parts.hostname if parts is not None else None) or url


def registrable_domain(host: str) -> str:
    """Return the registrable domain (eTLD+1) of a host, URL or cookie domain.

    IP addresses, `localhost` and hosts that are themselves a public suffix are their own site;
    labels under an unknown top-level domain follow the browsers' default rule ("*").
    """
    return _registrable_host(host_of(host))


# Keyed by host, not by the caller's string: classification passes whole request URLs, which would
# each take their own entry; a scan contacts far fewer hosts than it sends requests.
@functools.lru_cache(maxsize=8192)
def _registrable_host(name: str) -> str:
    if not name:
        return ""
    if _ip_or_none(name) is not None or name == "localhost":
        return name
    private = _psl().privatesuffix(name)
    return private if isinstance(private, str) else name


def party(subject_host: str, page_url: str) -> Party:
    """Return "first" when the subject (host, URL or cookie domain) is same-site with the page.

    A subject without a network host (data: URL, opaque origin) involves no other site: "first".
    """
    subject = registrable_domain(subject_host)
    if not subject:
        return "first"
    return "first" if subject == registrable_domain(page_url) else "third"


def is_subdomain_of(host: str, domain: str) -> bool:
    """True when `host` equals `domain` or ends with "." + `domain` (label boundary)."""
    h, d = host_of(host), host_of(domain)
    return bool(d) and (h == d or h.endswith("." + d))


def is_public_suffix(host: str) -> bool:
    """True for a public suffix such as `co.uk` or `.com` (no site can set cookies there)."""
    name = host_of(host)
    return bool(name) and _ip_or_none(name) is None and bool(_psl().is_public(name))
