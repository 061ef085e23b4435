"""Tests for checker.catalog: shipped catalogs, schema errors, OCD CSV loading, layering, lookup."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from checker.catalog import (
    Catalog,
    CatalogError,
    CookieEntry,
    TrackerEntry,
    builtin_catalog_paths,
    load_builtin_catalog,
    load_catalog_file,
    load_catalogs,
    load_ocd_csv,
    merge,
)
from checker.models import CATEGORIES
from checker.paths import rules_dir

REPO = Path(__file__).resolve().parent.parent
# The `name` and `vendor` columns of the shared reference news-cookies.csv (116 cookies well known on
# news sites), copied so the test runs everywhere.
REFERENCE_CSV = Path(__file__).resolve().parent / "data" / "reference_cookie_names.csv"


@pytest.fixture(scope="module")
def builtin() -> Catalog:
    return load_builtin_catalog()


def test_builtin_paths_are_the_shipped_catalogs() -> None:
    assert rules_dir() == REPO / "rules"
    assert [p.name for p in builtin_catalog_paths()] == ["cookies.yaml", "trackers.yaml"]


def test_builtin_counts_and_categories(builtin: Catalog) -> None:
    assert len(builtin.cookies) >= 150
    assert len(builtin.trackers) >= 150
    assert {e.category for e in builtin.cookies} <= set(CATEGORIES)
    assert {e.category for e in builtin.trackers} <= set(CATEGORIES)
    assert all(e.vendor and e.source for e in builtin.cookies)


def test_every_reference_cookie_is_catalogued(builtin: Catalog) -> None:
    with REFERENCE_CSV.open(encoding="utf-8") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    assert len(names) == 116
    known = {e.name for e in builtin.cookies}
    assert [n for n in names if n not in known] == []


@pytest.mark.parametrize(
    ("name", "domain", "vendor", "category"),
    [
        ("_ga", ".harbour-times.co.uk", "Google Analytics", "analytics"),
        ("_ga_ABC123", ".harbour-times.co.uk", "Google Analytics", "analytics"),
        ("_gid", ".dailyledger.de", "Google Analytics", "analytics"),
        ("_gat_gtag_UA_1_1", ".example.com", "Google Analytics", "analytics"),
        ("_fbp", ".dailyledger.de", "Meta", "marketing"),
        ("fr", ".facebook.com", "Meta", "marketing"),
        ("IDE", ".doubleclick.net", "DoubleClick (Google)", "marketing"),
        ("test_cookie", ".doubleclick.net", "DoubleClick (Google)", "marketing"),
        ("__gads", ".harbour-times.co.uk", "Google Ad Manager", "marketing"),
        ("cto_bundle", ".harbour-times.co.uk", "Criteo", "marketing"),
        ("uid", ".adform.net", "Adform", "marketing"),
        ("i", ".openx.net", "OpenX", "marketing"),
        ("A3", ".yahoo.com", "Yahoo", "marketing"),
        ("_hjSessionUser_123456", ".example.com", "Hotjar", "analytics"),
        ("_hjSession_123456", ".example.com", "Hotjar", "analytics"),
        ("_parsely_visitor", ".example.com", "Parse.ly", "analytics"),
        ("permutive-id", ".example.com", "Permutive", "marketing"),
        ("t_pt_gid", ".taboola.com", "Taboola", "marketing"),
        ("FCCDCF", ".example.com", "Google Funding Choices", "necessary"),
        ("FCNEC", ".example.com", "Google Funding Choices", "necessary"),
        ("OptanonConsent", ".example.com", "OneTrust", "necessary"),
        ("euconsent-v2", ".example.com", "IAB TCF (CMP)", "necessary"),
        ("cmplz_banner-status", "www.example.com", "Complianz", "necessary"),
        ("_iub_cs-12345", "www.example.com", "iubenda", "necessary"),
        ("news_consent", "www.harbour-times.co.uk", "Demo news CMP", "necessary"),
        ("__cf_bm", ".example.com", "Cloudflare", "necessary"),
        ("PHPSESSID", "www.example.com", "PHP", "necessary"),
    ],
)
def test_match_cookie(builtin: Catalog, name: str, domain: str, vendor: str, category: str) -> None:
    entry = builtin.match_cookie(name, domain)
    assert entry is not None
    assert (entry.vendor, entry.category) == (vendor, category)


def test_generic_names_need_their_domain(builtin: Catalog) -> None:
    assert builtin.match_cookie("uid", ".example.com") is None
    assert builtin.match_cookie("uid", ".notadform.net") is None
    assert builtin.match_cookie("i", ".example.com") is None
    assert builtin.match_cookie("IDE", ".example.com") is None
    assert builtin.match_cookie("fr", "www.example.fr") is None
    assert builtin.match_cookie("uid") is None
    entry = builtin.match_cookie("uid", "track.adform.net")
    assert entry is not None and entry.domains == ("adform.net",)
    # Snowplow's network user id "sp" only on Snowplow's domains: "sp" is a common name
    assert builtin.match_cookie("sp", ".example.com") is None
    assert builtin.match_cookie("sp", "www.harbour-times.co.uk") is None
    assert builtin.match_cookie("sp") is None
    snowplow = builtin.match_cookie("sp", "c.snplow.net")
    assert snowplow is not None and (snowplow.vendor, snowplow.category) == ("Snowplow", "analytics")


def test_names_are_case_sensitive(builtin: Catalog) -> None:
    comscore = builtin.match_cookie("UID", ".scorecardresearch.com")
    assert comscore is not None and comscore.vendor == "Comscore"
    assert builtin.match_cookie("UID", ".adform.net") is None
    assert builtin.match_cookie("_GA", ".example.com") is None


def test_longest_pattern_and_exact_names_win() -> None:
    cat = Catalog(
        cookies=(
            CookieEntry("_gat*", "Short", "analytics"),
            CookieEntry("_gat_gtag_*", "Long", "analytics"),
            CookieEntry("_gat_gtag_X", "Exact", "functional"),
            CookieEntry("sid", "Anywhere", "functional"),
            CookieEntry("sid", "Restricted", "marketing", domains=("ads.example",)),
        )
    )
    assert [
        (e.vendor if e else None)
        for e in (
            cat.match_cookie("_gat"),
            cat.match_cookie("_gat_gtag_UA_1"),
            cat.match_cookie("_gat_gtag_X"),
            cat.match_cookie("sid", ".ads.example"),
            cat.match_cookie("sid", ".other.example"),
            cat.match_cookie("_ga"),
        )
    ] == ["Short", "Long", "Exact", "Restricted", "Anywhere", None]


def test_question_mark_matches_one_character() -> None:
    cat = Catalog(cookies=(CookieEntry("ab?", "V", "analytics"),))
    assert cat.match_cookie("abc") is not None
    assert cat.match_cookie("ab") is None
    assert cat.match_cookie("abcd") is None
    assert Catalog(cookies=(CookieEntry("a.b*", "V", "analytics"),)).match_cookie("axb") is None


def test_match_domain(builtin: Catalog) -> None:
    def vendor(host: str) -> tuple[str, str] | None:
        entry = builtin.match_domain(host)
        return (entry.vendor, entry.category) if entry else None

    assert vendor("https://www.googletagmanager.com/gtag/js?id=G-X") == ("Google Tag Manager", "functional")
    assert vendor("https://connect.facebook.net/en_US/fbevents.js") == ("Meta", "marketing")
    assert vendor("stats.g.doubleclick.net") == ("DoubleClick (Google)", "marketing")
    assert vendor(".doubleclick.net") == ("DoubleClick (Google)", "marketing")
    assert vendor("cdn.cookielaw.org") == ("OneTrust", "functional")
    assert vendor("quantcast.mgr.consensu.org") == ("Quantcast Choice", "functional")
    assert vendor("other.mgr.consensu.org") == ("IAB TCF (consensu.org)", "functional")
    assert vendor("pixel.adtech-demo.net") == ("AdTech Demo", "marketing")
    assert vendor("widgets.social-demo.org") == ("Social Demo", "marketing")
    assert vendor("collect.metrics-demo.io") == ("Metrics Demo", "analytics")
    assert vendor("notdoubleclick.net") is None
    assert vendor("www.harbour-times.co.uk") is None
    assert vendor("") is None


@pytest.mark.parametrize(
    ("url", "vendor"),
    [
        ("https://www.googletagmanager.com/gtm.js?id=GTM-ABC", "Google Tag Manager"),
        ("https://www.googletagmanager.com/gtag/js?id=G-ABC", "Google Tag Manager"),
        ("https://tags.tiqcdn.com/utag/acme/main/prod/utag.js", "Tealium"),
        ("https://assets.adobedtm.com/launch-EN123.min.js", "Adobe Experience Platform Tags"),
        ("https://nexus.ensighten.com/acme/prod/Bootstrap.js", "Ensighten"),
        ("https://cdn.tagcommander.com/1234/tc_Acme_1.js", "Commanders Act (TagCommander)"),
    ],
)
def test_tag_managers_are_infrastructure(builtin: Catalog, url: str, vendor: str) -> None:
    entry = builtin.match_domain(url)
    assert entry is not None
    assert (entry.vendor, entry.category) == (vendor, "functional")
    assert "judged on their own requests and cookies" in " ".join(entry.description.split())


def test_what_tag_managers_load_is_still_tracking(builtin: Catalog) -> None:
    def vendor(host: str) -> tuple[str, str] | None:
        entry = builtin.match_domain(host)
        return (entry.vendor, entry.category) if entry else None

    assert vendor("https://www.google-analytics.com/g/collect?v=2") == ("Google Analytics", "analytics")
    assert vendor("https://region1.analytics.google.com/g/collect") == ("Google Analytics", "analytics")
    assert vendor("https://collect.tealiumiq.com/event") == ("Tealium", "analytics")
    assert vendor("https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js") == ("Mixpanel", "analytics")


def test_google_com_claims_no_purpose_and_cookie_names_decide(builtin: Catalog) -> None:
    google = builtin.match_domain("https://www.google.com/pagead/1p-user-list/123/")
    assert google is not None and (google.vendor, google.category) == ("Google", "unclassified")
    assert builtin.match_domain("adservice.google.com") == builtin.match_domain(
        "https://adservice.google.com/ddm"
    )
    ads = builtin.match_domain("adservice.google.com")
    assert ads is not None and (ads.vendor, ads.category) == ("Google Ads", "marketing")
    cmp = builtin.match_domain("fundingchoicesmessages.google.com")
    assert cmp is not None and (cmp.vendor, cmp.category) == ("Google Funding Choices", "functional")
    nid = builtin.match_cookie("NID", ".google.com")
    assert nid is not None and (nid.vendor, nid.category) == ("Google", "marketing")
    captcha = builtin.match_cookie("_GRECAPTCHA", "www.google.com")
    assert captcha is not None and (captcha.vendor, captcha.category) == ("Google reCAPTCHA", "functional")
    assert builtin.match_cookie("NID", ".example.com") is None


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_user_catalog_overrides_builtin(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "mine.yaml",
        """
catalog: {name: mine, version: "1"}
cookies:
  - {name: _ga, vendor: Self-hosted stats, category: functional}
  - {name: sessionid, vendor: Our CMS, category: necessary, domains: [harbour-times.co.uk]}
trackers:
  - {domain: googletagmanager.com, vendor: Our tag server, category: functional}
  - {domain: stats.harbour-times.co.uk, vendor: Our stats, category: analytics}
""",
    )
    cat = load_catalogs([user])
    ga = cat.match_cookie("_ga", ".harbour-times.co.uk")
    assert ga is not None and (ga.vendor, ga.category, ga.catalog) == (
        "Self-hosted stats",
        "functional",
        "mine",
    )
    gid = cat.match_cookie("_gid", ".harbour-times.co.uk")
    assert gid is not None and gid.vendor == "Google Analytics"
    own = cat.match_cookie("sessionid", "www.harbour-times.co.uk")
    assert own is not None and own.category == "necessary"
    gtm = cat.match_domain("www.googletagmanager.com")
    assert gtm is not None and gtm.vendor == "Our tag server"
    assert cat.sources[-1] == str(user)
    assert len(cat.cookies) == len(load_builtin_catalog().cookies) + 1


def test_merge_later_wins_and_keeps_others() -> None:
    low = Catalog(
        name="low",
        cookies=(CookieEntry("a", "A1", "analytics"), CookieEntry("b", "B", "marketing")),
        trackers=(TrackerEntry("x.example", "X1", "marketing"),),
    )
    high = Catalog(
        name="high",
        cookies=(
            CookieEntry("a", "A2", "functional"),
            CookieEntry("a", "A3", "marketing", domains=("z.example",)),
        ),
        trackers=(TrackerEntry("x.example", "X2", "analytics"),),
    )
    merged = merge(low, high)
    assert [(e.name, e.vendor, e.domains) for e in merged.cookies] == [
        ("b", "B", ()),
        ("a", "A2", ()),
        ("a", "A3", ("z.example",)),
    ]
    assert [(t.domain, t.vendor) for t in merged.trackers] == [("x.example", "X2")]
    assert merge(high, low).match_cookie("a") == CookieEntry("a", "A1", "analytics")


OCD_HEADER = (
    "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,"
    "Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n"
)


def test_load_ocd_csv(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "open-cookie-database.csv",
        OCD_HEADER
        + "id-1,Google Analytics,Analytics,_ga,google-analytics.com (3rd party),ID used to identify users,"
        "2 years,Google,https://privacy.google.com,0\n"
        + 'id-2,Google Analytics,Analytics,_ga_,advertiser\'s website domain (1st party),"Multi\nline",'
        "2 years,Google,https://privacy.google.com,1\n"
        + "id-3,Cloudflare,Security,__cf_bm,advertiser's website domain,Bot management,30 minutes,"
        "Cloudflare,,0\n"
        + "id-4,Cookiebot,Functional,CookieConsent [x4],cookiebot.com,Consent,1 year,Cybot,,0\n"
        + "id-5,Shop,Personalization,theme,,Theme,1 year,,,0\n"
        + "id-6,Adform,Marketing,SR<RotatorID>,adform.net,Frequency,1 day,Adform,,0\n"
        + ",,,,,,,,,\n",
    )
    cat = load_ocd_csv(path)
    assert [(e.name, e.vendor, e.category, e.lifetime) for e in cat.cookies] == [
        ("_ga", "Google Analytics", "analytics", "2 years"),
        ("_ga_*", "Google Analytics", "analytics", "2 years"),
        ("__cf_bm", "Cloudflare", "necessary", "30 minutes"),
        ("CookieConsent", "Cookiebot", "functional", "1 year"),
        ("theme", "Shop", "functional", "1 year"),
        ("SR*", "Adform", "marketing", "1 day"),
    ]
    assert cat.cookies[1].description == "Multi line"
    assert cat.cookies[0].source == "Open Cookie Database (open-cookie-database.csv, ID id-1)"
    entry = cat.match_cookie("_ga_XYZ", ".example.com")
    assert entry is not None and entry.vendor == "Google Analytics"
    assert cat.trackers == ()


def test_ocd_header_variants_and_layering(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "ocd.csv",
        "\ufeffid,platform,category,cookie_data_key_name,domain,description,retention_period,"
        "data_controller,privacy_link,wildcard_match\n"
        "1,Hotjar,Functional,_hjSession_,,Session,30 minutes,Hotjar,,1\n"
        "2,Example,Marketing,only_in_ocd,,x,1 day,Example,,0\n",
    )
    ocd = load_ocd_csv(path)
    assert [e.name for e in ocd.cookies] == ["_hjSession_*", "only_in_ocd"]
    layered = load_catalogs([path])
    hj = layered.match_cookie("_hjSession_42", ".example.com")
    # The shipped catalog sits above OCD and corrects Hotjar's category.
    assert hj is not None and hj.category == "analytics"
    extra = layered.match_cookie("only_in_ocd", ".example.com")
    assert extra is not None and extra.catalog == "open-cookie-database"


def test_ocd_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(CatalogError) as exc:
        load_ocd_csv(missing)
    assert str(exc.value) == f"{missing}: file not found"

    empty = _write(tmp_path / "empty.csv", "")
    with pytest.raises(CatalogError) as exc:
        load_ocd_csv(empty)
    assert str(exc.value) == f"{empty}: empty file, expected an Open Cookie Database CSV header"

    wrong = _write(tmp_path / "wrong.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(CatalogError) as exc:
        load_ocd_csv(wrong)
    assert str(exc.value) == (
        f"{wrong}: not an Open Cookie Database CSV: missing column(s) "
        "'Cookie / Data Key name', 'Category', 'Platform'"
    )

    bad = _write(tmp_path / "bad.csv", OCD_HEADER + "1,X,Analytics,a,,,,,,0\n2,X,Tracking,b,,,,,,0\n")
    with pytest.raises(CatalogError) as exc:
        load_ocd_csv(bad)
    assert str(exc.value) == (
        f"{bad}: line 3: unknown category 'Tracking' (expected one of Analytics, Functional, "
        "Marketing, Necessary, Personalisation, Personalization, Security)"
    )
    assert "\n" not in str(exc.value)


def test_invalid_catalog_names_file_and_json_path(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "broken.yaml",
        """
catalog: {name: broken}
cookies:
  - {name: a, vendor: V, category: analytics}
  - {name: b, vendor: V, category: analytics}
  - {name: c, vendor: V, category: analytics}
  - {name: d, vendor: V, category: foo}
""",
    )
    with pytest.raises(CatalogError) as exc:
        load_catalog_file(path)
    assert str(exc.value) == (
        f"{path}: at $.cookies[3].category: 'foo' is not one of "
        "['necessary', 'functional', 'analytics', 'marketing', 'unclassified']"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cookies: []\n", "at $: 'catalog' is a required property"),
        (
            "catalog: {name: x}\ntrackers:\n"
            "  - {domain: a.example, vendor: V, category: marketing, kind: x}\n",
            "at $.trackers[0]: Additional properties are not allowed ('kind' was unexpected)",
        ),
        (
            "catalog: {name: x}\ntrackers:\n  - {domain: .A.example, vendor: V, category: marketing}\n",
            "at $.trackers[0].domain: '.A.example' does not match",
        ),
        (
            "catalog: {name: x}\ncookies:\n  - {name: a, vendor: V, category: analytics}\n"
            "  - {name: a, vendor: W, category: analytics}\n",
            "at $.cookies[1]: duplicate of $.cookies[0] (name 'a')",
        ),
        ("catalog: {name: x\n", "line 2: invalid YAML:"),
        ("", "at $: None is not of type 'object'"),
    ],
)
def test_catalog_errors(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "c.yaml", text)
    with pytest.raises(CatalogError) as exc:
        load_catalog_file(path)
    assert str(exc.value).startswith(f"{path}: {message}")
    assert "\n" not in str(exc.value)


def test_duplicate_key_in_catalog_is_rejected(tmp_path: Path) -> None:
    # Plain yaml.safe_load kept the last `category` silently; a catalog must not change meaning that way.
    path = _write(
        tmp_path / "dup.yaml",
        "catalog: {name: x}\ncookies:\n  - name: a\n    vendor: V\n    category: analytics\n"
        "    category: marketing\n",
    )
    with pytest.raises(CatalogError) as exc:
        load_catalog_file(path)
    assert str(exc.value) == f"{path}: line 6: invalid YAML: duplicate key 'category'"


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as exc:
        load_catalog_file(tmp_path / "absent.yaml")
    assert str(exc.value) == f"{tmp_path / 'absent.yaml'}: file not found"
