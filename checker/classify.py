"""Fill party, vendor and category of every cookie, storage key and request from the catalogs."""

from __future__ import annotations

from dataclasses import replace

from checker.catalog import Catalog
from checker.domains import host_of, party
from checker.models import (
    Category,
    Cookie,
    Evidence,
    PhaseSnapshot,
    RefusedCookie,
    Request,
    SiteEvidence,
    StorageItem,
)


def lookup(name: str | None, host: str, catalog: Catalog) -> tuple[str | None, Category]:
    """Vendor and category of a named item on a host: cookie catalog by name first, then the host.

    Unknown items are "unclassified" with no vendor: never silently necessary.
    """
    if name is not None:
        entry = catalog.match_cookie(name, host)
        if entry is not None:
            return entry.vendor, entry.category
    tracker = catalog.match_domain(host)
    if tracker is not None:
        return tracker.vendor, tracker.category
    return None, "unclassified"


def classify_cookie(cookie: Cookie, site_url: str, catalog: Catalog) -> Cookie:
    """Return the cookie with party (relative to `site_url`), vendor and category filled."""
    vendor, category = lookup(cookie.name, cookie.domain, catalog)
    return replace(cookie, party=party(cookie.domain, site_url), vendor=vendor, category=category)


def classify_refused_cookie(cookie: RefusedCookie, site_url: str, catalog: Catalog) -> RefusedCookie:
    """Return the refused cookie classified; without a Domain attribute, the response host counts."""
    host = cookie.domain or host_of(cookie.url)
    vendor, category = lookup(cookie.name, host, catalog)
    return replace(cookie, party=party(host, site_url), vendor=vendor, category=category)


def classify_storage_item(item: StorageItem, site_url: str, catalog: Catalog) -> StorageItem:
    """Return the storage item classified by key name (CMPs and trackers reuse cookie names), else origin."""
    vendor, category = lookup(item.key, item.origin, catalog)
    return replace(item, party=party(item.origin, site_url), vendor=vendor, category=category)


def classify_request(request: Request, site_url: str, catalog: Catalog) -> Request:
    """Return the request classified by tracker domain; unknown hosts stay unclassified."""
    vendor, category = lookup(None, request.url, catalog)
    return replace(request, party=party(request.url, site_url), vendor=vendor, category=category)


def classify_phase(phase: PhaseSnapshot, site_url: str, catalog: Catalog) -> PhaseSnapshot:
    """Classify every cookie, refused cookie, storage item and request of one phase."""
    return replace(
        phase,
        cookies=tuple(classify_cookie(c, site_url, catalog) for c in phase.cookies),
        refused_cookies=tuple(classify_refused_cookie(c, site_url, catalog) for c in phase.refused_cookies),
        storage=tuple(classify_storage_item(s, site_url, catalog) for s in phase.storage),
        requests=tuple(classify_request(r, site_url, catalog) for r in phase.requests),
    )


def first_party_url(site: SiteEvidence) -> str:
    """The page that defines the first party: where the `before` phase landed after redirects."""
    before = site.phases.get("before")
    if before is not None and before.error is None and before.final_url.startswith(("http://", "https://")):
        return before.final_url
    return site.url


def classify_site(site: SiteEvidence, catalog: Catalog) -> SiteEvidence:
    """Classify every phase of a site; party is relative to the page the site landed on."""
    page_url = first_party_url(site)
    phases = {name: classify_phase(snap, page_url, catalog) for name, snap in site.phases.items()}
    return replace(site, phases=phases)


def classify_evidence(evidence: Evidence, catalog: Catalog) -> Evidence:
    """Return a copy of the evidence with party, vendor and category filled everywhere (idempotent)."""
    return replace(evidence, sites=tuple(classify_site(s, catalog) for s in evidence.sites))
