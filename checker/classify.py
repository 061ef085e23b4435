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
from checker.observation import saw_page


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


# Categories the host of a setter passes on to a cookie it wrote. Functional hosts (tag managers, public
# script CDNs such as jsDelivr) run other parties' code, so a cookie their scripts write tells nothing of
# its purpose; an analytics or advertising vendor's own script or endpoint writes the vendor's cookies.
SETTER_CATEGORIES: frozenset[str] = frozenset({"analytics", "marketing"})


def lookup_cookie(name: str, host: str, set_by: str | None, catalog: Catalog) -> tuple[str | None, Category]:
    """Vendor and category of a cookie: by name, else by its domain, else by the host that set it.

    The last step catches first-party cookies whose names vary or are not catalogued (Mixpanel's
    `mp_<token>_mixpanel`, Segment's `ajs_*`, ...): a cookie written by a script or response of an
    analytics or marketing host (see SETTER_CATEGORIES) takes that host's vendor and category.
    """
    vendor, category = lookup(name, host, catalog)
    if category != "unclassified" or vendor is not None or not set_by:
        return vendor, category
    setter = catalog.match_domain(set_by)
    if setter is not None and setter.category in SETTER_CATEGORIES:
        return setter.vendor, setter.category
    return None, "unclassified"


def cookie_purpose(name: str, host: str, vendor: str | None, catalog: Catalog) -> str | None:
    """The description of the catalog entry that named the cookie, when that entry gave its vendor."""
    entry = catalog.match_cookie(name, host)
    if entry is None or entry.vendor != vendor or not entry.description:
        return None
    return entry.description


def classify_cookie(cookie: Cookie, site_url: str, catalog: Catalog) -> Cookie:
    """Return the cookie with party (relative to `site_url`), vendor, category and purpose filled."""
    vendor, category = lookup_cookie(cookie.name, cookie.domain, cookie.set_by, catalog)
    return replace(
        cookie,
        party=party(cookie.domain, site_url),
        vendor=vendor,
        category=category,
        purpose=cookie_purpose(cookie.name, cookie.domain, vendor, catalog),
    )


def classify_refused_cookie(cookie: RefusedCookie, site_url: str, catalog: Catalog) -> RefusedCookie:
    """Return the refused cookie classified; without a Domain attribute, the response host counts.

    Like a stored cookie, an unknown one on an unknown domain takes the category of the response
    that tried to set it when that is an analytics or marketing host.
    """
    host = cookie.domain or host_of(cookie.url)
    vendor, category = lookup_cookie(cookie.name, host, cookie.url, catalog)
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
    """The page that defines the first party: where the `before` phase landed after redirects, when it
    saw the page (a bot wall on another domain must not make the site's own cookies third-party)."""
    before = site.phases.get("before")
    if (
        before is not None
        and saw_page(site, "before")
        and before.final_url.startswith(("http://", "https://"))
    ):
        return before.final_url
    return site.url


CONSENT_GATED_REASON = "stored after accept; absent before consent and after reject in the same run"


def _cookie_keys(phase: PhaseSnapshot) -> set[tuple[str, str, str]]:
    return {(c.name, c.domain.lower(), c.path) for c in phase.cookies}


def _saw_choice(site: SiteEvidence, intent: str) -> bool:
    """The phase saw the page and its consent action was carried out."""
    phase = site.phases.get(intent)
    if phase is None or not saw_page(site, intent):
        return False
    return intent == "before" or (phase.action is not None and phase.action.done)


def mark_consent_gated(site: SiteEvidence) -> SiteEvidence:
    """Mark the accept phase's cookies that the site itself stores only after consent.

    A cookie present after accept and absent both before consent and after reject is one the site
    treats as needing consent, whatever its name. It takes all three phases, each having seen the
    page, and both choices carried out; otherwise nothing is marked (unknown is not gated).
    """
    if not all(_saw_choice(site, intent) for intent in ("before", "accept", "reject")):
        return site
    before, accept, reject = site.phases["before"], site.phases["accept"], site.phases["reject"]
    elsewhere = _cookie_keys(before) | _cookie_keys(reject)
    cookies = tuple(
        replace(c, consent_gated=True, consent_gated_reason=CONSENT_GATED_REASON)
        if (c.name, c.domain.lower(), c.path) not in elsewhere
        else c
        for c in accept.cookies
    )
    return replace(site, phases=dict(site.phases) | {"accept": replace(accept, cookies=cookies)})


def classify_site(site: SiteEvidence, catalog: Catalog) -> SiteEvidence:
    """Classify every phase of a site; party is relative to the page the site landed on; cookies the
    site stores only after accept are marked consent-gated."""
    page_url = first_party_url(site)
    phases = {name: classify_phase(snap, page_url, catalog) for name, snap in site.phases.items()}
    return mark_consent_gated(replace(site, phases=phases))


def classify_evidence(evidence: Evidence, catalog: Catalog) -> Evidence:
    """Return a copy of the evidence with party, vendor and category filled everywhere (idempotent)."""
    return replace(evidence, sites=tuple(classify_site(s, catalog) for s in evidence.sites))
