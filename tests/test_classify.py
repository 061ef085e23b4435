"""Tests for checker.classify: party, vendor and category of cookies, storage and requests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checker.catalog import Catalog, CookieEntry, TrackerEntry, load_builtin_catalog
from checker.classify import (
    classify_cookie,
    classify_evidence,
    classify_phase,
    lookup,
    lookup_cookie,
    mark_consent_gated,
)
from checker.models import (
    BrowserInfo,
    ConsentAction,
    Cookie,
    Evidence,
    PhaseSnapshot,
    RefusedCookie,
    Request,
    SiteEvidence,
    StorageItem,
)

SITE = "https://www.harbour-times.co.uk/"


def _request(url: str) -> Request:
    return Request(
        url=url, method="GET", resource_type="script", status=200, frame_url=SITE, initiator=None, t_ms=10
    )


def _storage(origin: str, key: str) -> StorageItem:
    return StorageItem(origin=origin, kind="local", key=key, size=10, value_sha256="0" * 64)


def _phase(name: str) -> PhaseSnapshot:
    return PhaseSnapshot(
        phase=name,  # type: ignore[arg-type]
        url=SITE,
        final_url=SITE,
        started_at="2026-01-01T00:00:00Z",
        duration_ms=1000,
        cookies=(
            Cookie(name="_ga", domain=".harbour-times.co.uk"),
            Cookie(name="_ga_ABC123", domain=".harbour-times.co.uk"),
            Cookie(name="news_consent", domain="www.harbour-times.co.uk"),
            Cookie(name="IDE", domain=".doubleclick.net"),
            Cookie(name="uid", domain=".adform.net"),
            Cookie(name="uid", domain=".harbour-times.co.uk"),
            Cookie(name="xyz_track", domain=".adtech-demo.net"),
            Cookie(name="mystery", domain="www.harbour-times.co.uk"),
            Cookie(name="fr", domain=".facebook.com"),
        ),
        refused_cookies=(
            RefusedCookie(
                name="adt_sync", url="https://pixel.adtech-demo.net/sync", reasons=("ThirdPartyBlocked",)
            ),
            RefusedCookie(
                name="odd",
                url="https://www.harbour-times.co.uk/x",
                reasons=("InvalidDomain",),
                domain=".other.org",
            ),
        ),
        storage=(
            _storage("https://www.harbour-times.co.uk", "_sp_user_consent_1234"),
            _storage("https://www.harbour-times.co.uk", "id5id"),
            _storage("https://widgets.social-demo.org", "sd_state"),
            _storage("https://www.harbour-times.co.uk", "theme"),
        ),
        requests=(
            _request("https://www.googletagmanager.com/gtag/js?id=G-ABC123"),
            _request("https://connect.facebook.net/en_US/fbevents.js"),
            _request("https://collect.metrics-demo.io/hit?v=1"),
            _request("https://www.harbour-times.co.uk/static/app.js"),
            _request("https://fonts.example-cdn.net/a.woff2"),
            _request("data:image/gif;base64,R0lGODlhAQABAAAAACw="),
        ),
    )


def _evidence() -> Evidence:
    browser = BrowserInfo(
        name="chromium",
        version="130",
        executable="/usr/bin/chromium",
        headless=True,
        third_party_cookies="allowed",
        cookie_policy="allowed",
    )
    site = SiteEvidence(
        url=SITE, status="ok", phases={"before": _phase("before"), "accept": _phase("accept")}
    )
    return Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "0.1.0"},
        browser=browser,
        started_at="2026-01-01T00:00:00Z",
        options={},
        sites=(site,),
    )


@pytest.fixture(scope="module")
def classified() -> Evidence:
    return classify_evidence(_evidence(), load_builtin_catalog())


def test_cookies(classified: Evidence) -> None:
    cookies = classified.sites[0].phases["before"].cookies
    assert [(c.name, c.party, c.vendor, c.category) for c in cookies] == [
        ("_ga", "first", "Google Analytics", "analytics"),
        ("_ga_ABC123", "first", "Google Analytics", "analytics"),
        ("news_consent", "first", "Demo news CMP", "necessary"),
        ("IDE", "third", "DoubleClick (Google)", "marketing"),
        ("uid", "third", "Adform", "marketing"),
        ("uid", "first", None, "unclassified"),
        ("xyz_track", "third", "AdTech Demo", "marketing"),  # unknown name on a tracker's domain
        ("mystery", "first", None, "unclassified"),  # never silently necessary
        ("fr", "third", "Meta", "marketing"),
    ]


def test_refused_cookies(classified: Evidence) -> None:
    refused = classified.sites[0].phases["before"].refused_cookies
    assert [(c.name, c.party, c.vendor, c.category) for c in refused] == [
        ("adt_sync", "third", "AdTech Demo", "marketing"),
        ("odd", "third", None, "unclassified"),
    ]


def test_storage(classified: Evidence) -> None:
    storage = classified.sites[0].phases["before"].storage
    assert [(s.key, s.party, s.vendor, s.category) for s in storage] == [
        ("_sp_user_consent_1234", "first", "Sourcepoint", "necessary"),
        ("id5id", "first", "ID5 (via Prebid)", "marketing"),
        ("sd_state", "third", "Social Demo", "marketing"),
        ("theme", "first", None, "unclassified"),
    ]


def test_requests(classified: Evidence) -> None:
    requests = classified.sites[0].phases["before"].requests
    assert [
        (r.url.split("/")[2] if "//" in r.url else r.url[:5], r.party, r.vendor, r.category) for r in requests
    ] == [
        # a tag manager is infrastructure: the tags it loads are judged on their own requests and cookies
        ("www.googletagmanager.com", "third", "Google Tag Manager", "functional"),
        ("connect.facebook.net", "third", "Meta", "marketing"),
        ("collect.metrics-demo.io", "third", "Metrics Demo", "analytics"),
        ("www.harbour-times.co.uk", "first", None, "unclassified"),
        ("fonts.example-cdn.net", "third", None, "unclassified"),
        ("data:", "first", None, "unclassified"),
    ]


def test_every_phase_is_classified_and_input_untouched(classified: Evidence) -> None:
    before = classified.sites[0].phases["before"]
    accept = classified.sites[0].phases["accept"]
    assert before == replace(accept, phase="before")
    original = _evidence()
    assert original.sites[0].phases["before"].cookies[0].category == "unclassified"
    assert original.sites[0].phases["before"].cookies[0].party is None
    assert classified.browser == original.browser
    assert classified.sites[0].url == original.sites[0].url


def test_idempotent(classified: Evidence) -> None:
    assert classify_evidence(classified, load_builtin_catalog()) == classified


def test_reclassifying_with_another_catalog_replaces_labels(classified: Evidence) -> None:
    other = Catalog(cookies=(CookieEntry("mystery", "Our CMS", "necessary"),))
    again = classify_evidence(classified, other)
    cookies = {c.name: c for c in again.sites[0].phases["before"].cookies}
    assert (cookies["mystery"].vendor, cookies["mystery"].category) == ("Our CMS", "necessary")
    assert (cookies["_ga"].vendor, cookies["_ga"].category) == (None, "unclassified")


def test_lookup_prefers_name_over_domain() -> None:
    cat = Catalog(
        cookies=(CookieEntry("consent", "Some CMP", "necessary"),),
        trackers=(TrackerEntry("ads.example", "Ads", "marketing"),),
    )
    assert lookup("consent", ".ads.example", cat) == ("Some CMP", "necessary")
    assert lookup("other", "x.ads.example", cat) == ("Ads", "marketing")
    assert lookup(None, "https://x.ads.example/p", cat) == ("Ads", "marketing")
    assert lookup("other", "site.example", cat) == (None, "unclassified")


MIXPANEL_JS = "https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js"
SEGMENT_JS = "https://cdn.segment.com/analytics.js/v1/abc/analytics.min.js"
AMPLITUDE_JS = "https://cdn.amplitude.com/libs/analytics-browser-2.0.0-min.js.gz"
HUBSPOT_JS = "https://js.hs-analytics.net/analytics/1700000000000/123456.js"
GTM_JS = "https://www.googletagmanager.com/gtm.js?id=GTM-ABC"


def _set_by(name: str, domain: str, set_by: str | None) -> Cookie:
    return Cookie(name=name, domain=domain, set_by=set_by, set_via="js")


def test_unknown_cookies_take_the_category_of_the_tracker_that_set_them() -> None:
    phase = replace(
        _phase("before"),
        cookies=(
            _set_by("mp_0123abcd_mixpanel", ".harbour-times.co.uk", MIXPANEL_JS),
            _set_by("ajs_anonymous_id", "www.harbour-times.co.uk", SEGMENT_JS),
            _set_by("AMP_0123456789", ".harbour-times.co.uk", AMPLITUDE_JS),
            _set_by("__hstc", ".harbour-times.co.uk", HUBSPOT_JS),
            # a known name wins over the setter
            _set_by("_ga", ".harbour-times.co.uk", MIXPANEL_JS),
            # a tracker's domain wins over the setter
            _set_by("odd", ".adtech-demo.net", MIXPANEL_JS),
            # functional setters pass nothing on: a tag manager or a public CDN runs others' code
            _set_by("custom_tag", ".harbour-times.co.uk", GTM_JS),
            _set_by("lib_state", ".harbour-times.co.uk", "https://cdn.jsdelivr.net/npm/x@1/x.js"),
            # the site's own script, or no known setter: still unclassified
            _set_by("prefs", ".harbour-times.co.uk", "https://www.harbour-times.co.uk/app.js"),
            _set_by("mystery", ".harbour-times.co.uk", None),
        ),
        refused_cookies=(
            RefusedCookie(
                name="odd_sync",
                url="https://pixel.adtech-demo.net/sync",
                reasons=("InvalidDomain",),
                domain=".harbour-times.co.uk",
            ),
        ),
    )
    classified = classify_phase(phase, SITE, load_builtin_catalog())
    assert [(c.name, c.party, c.vendor, c.category) for c in classified.cookies] == [
        ("mp_0123abcd_mixpanel", "first", "Mixpanel", "analytics"),
        ("ajs_anonymous_id", "first", "Segment", "analytics"),
        ("AMP_0123456789", "first", "Amplitude", "analytics"),
        ("__hstc", "first", "HubSpot", "analytics"),
        ("_ga", "first", "Google Analytics", "analytics"),
        ("odd", "third", "AdTech Demo", "marketing"),
        ("custom_tag", "first", None, "unclassified"),
        ("lib_state", "first", None, "unclassified"),
        ("prefs", "first", None, "unclassified"),
        ("mystery", "first", None, "unclassified"),
    ]
    assert [(c.name, c.party, c.vendor, c.category) for c in classified.refused_cookies] == [
        ("odd_sync", "first", "AdTech Demo", "marketing"),
    ]
    # storage items record no setter: only the key and the origin decide
    assert classify_phase(phase, SITE, load_builtin_catalog()).storage[3].category == "unclassified"


def test_lookup_cookie_order() -> None:
    cat = Catalog(
        cookies=(CookieEntry("consent", "Some CMP", "necessary"),),
        trackers=(
            TrackerEntry("ads.example", "Ads", "marketing"),
            TrackerEntry("cdn.example", "Some CDN", "functional"),
            TrackerEntry("mixed.example", "Mixed", "unclassified"),
        ),
    )
    assert lookup_cookie("consent", "site.example", "https://x.ads.example/a.js", cat) == (
        "Some CMP",
        "necessary",
    )
    assert lookup_cookie("other", "site.example", "https://x.ads.example/a.js", cat) == ("Ads", "marketing")
    assert lookup_cookie("other", "site.example", "https://cdn.example/a.js", cat) == (None, "unclassified")
    assert lookup_cookie("other", "mixed.example", "https://x.ads.example/a.js", cat) == (
        "Mixed",
        "unclassified",
    )
    assert lookup_cookie("other", "site.example", None, cat) == (None, "unclassified")
    assert lookup_cookie("other", "site.example", "", cat) == (None, "unclassified")


def _gated_site(reject_done: bool = True) -> SiteEvidence:
    url = "https://www.example.com/"

    def phase(name: str, cookies: tuple[Cookie, ...], done: bool = True) -> PhaseSnapshot:
        action = None if name == "before" else ConsentAction(intent=name, done=done)  # type: ignore[arg-type]
        return PhaseSnapshot(name, url, url, "t", 1, action=action, cookies=cookies)  # type: ignore[arg-type]

    sid = Cookie("sid", "www.example.com")
    vid = Cookie("nw_vid", "www.example.com", lifetime_days=400.0)
    consent = Cookie("nw_consent", "www.example.com")
    return SiteEvidence(
        url=url,
        status="ok",
        phases={
            "before": phase("before", (sid,)),
            "accept": phase("accept", (sid, vid, consent)),
            "reject": phase("reject", (sid, consent), reject_done),
        },
    )


def test_cookies_stored_only_after_accept_are_consent_gated() -> None:
    accept = mark_consent_gated(_gated_site()).phases["accept"]
    assert [(c.name, c.consent_gated, c.consent_gated_reason) for c in accept.cookies] == [
        ("sid", False, None),
        ("nw_vid", True, "stored after accept; absent before consent and after reject in the same run"),
        ("nw_consent", False, None),
    ]


def test_nothing_is_consent_gated_when_reject_was_not_done() -> None:
    accept = mark_consent_gated(_gated_site(reject_done=False)).phases["accept"]
    assert [c.consent_gated for c in accept.cookies] == [False, False, False]


def test_a_cookie_gets_the_purpose_of_the_catalog_entry_that_named_it() -> None:
    catalog = load_builtin_catalog()
    ga = classify_cookie(Cookie(name="_ga", domain=".news.example"), "https://www.news.example/", catalog)
    assert (ga.vendor, ga.purpose) == ("Google Analytics", "Client ID that distinguishes visitors.")
    unknown = classify_cookie(
        Cookie(name="xyz_pref", domain="news.example"), "https://news.example/", catalog
    )
    assert (unknown.vendor, unknown.purpose) == (None, None)
