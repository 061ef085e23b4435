"""The tcf, consent_mode and us_privacy subjects: one flat item per signal, with the fields rules read."""

from __future__ import annotations

import json
from pathlib import Path

import checker.signals.model as signal_model
from checker.evidence_schema import dataclass_schema
from checker.signal_subjects import consent_mode_items, tcf_items, us_privacy_items
from checker.signals.extract import signals_from_strings

# Made by @iabtcf/core 1.5.6 (CMP 300, vendor list 150, a 742-vendor GVL).
FULL = "CQtDjkAQtDjkAEsACAENCWEsAP_gAAAAAAYgFzQAYAAgXMAAAAAA.YAAAAAAAAAAA"
NONE = "CQtDjkAQtDjkAEsACAENCWEgAAAAAEPAAAYgAAAAAAAA.YAAAAAAAAAAA"
LI_2_TO_10 = "CQtDjkAQtDjkAEsACAENCWEgAAAAAH_AAAYgAAAAAAAA.YAAAAAAAAAAA"
GLOBAL_SCOPE = "CQtDjkAQtDjkAEsACAENCWEAAAAAAAAAAAYgAAAAAAAA.IFzQAYAAgXMA"
GPP_TCF_USP = "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN"


def test_one_item_per_distinct_string_with_every_place_it_was_read() -> None:
    signals = signals_from_strings(
        {
            "tcf": [
                {
                    "source": "api",
                    "where": "__tcfapi in https://a.com/",
                    "string": FULL,
                    "event_status": "tcloaded",
                },
                {"source": "cookie", "where": "cookie euconsent-v2 (a.com)", "string": FULL},
                {
                    "source": "request",
                    "where": "ads.b.net/bid",
                    "string": FULL,
                    "count": 3,
                    "after_choice": True,
                },
            ]
        }
    )

    (item,) = tcf_items(signals, clicked=True)

    assert item.subject == {"signal": "tcf", "where": "__tcfapi in https://a.com/"}
    fields = item.fields
    assert fields["sources"] == [
        "__tcfapi in https://a.com/ (tcloaded)",
        "cookie euconsent-v2 (a.com)",
        "ads.b.net/bid (3 requests)",
    ]
    assert (fields["source"], fields["stored"], fields["mismatch_with_stored"]) == (
        ["api", "cookie", "request"],
        True,
        False,
    )
    assert fields["consent"] == "consent to purposes 1-11, special features 1-2 and 742 vendors"
    assert fields["consent_fields"] == [
        "PurposesConsent = 1-11",
        "SpecialFeatureOptIns = 1-2",
        "VendorConsents = 742 vendors",
    ]
    assert (fields["any_consent"], fields["forbidden_li"], fields["well_formed"], fields["problems"]) == (
        True,
        False,
        True,
        [],
    )


def test_a_request_string_differing_from_the_stored_one_is_a_mismatch_after_the_click_only() -> None:
    signals = signals_from_strings(
        {
            "tcf": [
                {"source": "cookie", "where": "cookie euconsent-v2 (a.com)", "string": NONE},
                {"source": "request", "where": "ads.b.net/bid", "string": FULL, "after_choice": True},
                {
                    "source": "request",
                    "where": "ads.b.net/early",
                    "string": LI_2_TO_10,
                    "after_choice": False,
                },
            ]
        }
    )

    after_click = tcf_items(signals, clicked=True)
    no_click = tcf_items(signals, clicked=False)

    assert [(i.subject["where"], i.fields["mismatch_with_stored"]) for i in after_click] == [
        ("cookie euconsent-v2 (a.com)", False),
        ("ads.b.net/bid", True),
    ]
    assert [i.subject["where"] for i in no_click] == [
        "cookie euconsent-v2 (a.com)",
        "ads.b.net/bid",
        "ads.b.net/early",
    ]


def test_forbidden_legitimate_interest_and_malformed_strings_name_their_fields() -> None:
    signals = signals_from_strings(
        {
            "tcf": [
                {"source": "cookie", "where": "c1", "string": LI_2_TO_10},
                {"source": "cookie", "where": "c2", "string": GLOBAL_SCOPE},
                {"source": "request", "where": "r", "string": "nope!"},
            ]
        }
    )

    li, scope, bad = tcf_items(signals, clicked=False)

    assert (
        li.fields["forbidden_li"],
        li.fields["forbidden_li_purposes"],
        li.fields["legitimate_interest"],
    ) == (True, "3-6", "legitimate interest for purposes 2-10")
    assert (scope.fields["well_formed"], scope.fields["problems"]) == (
        False,
        ["IsServiceSpecific 0 (must be 1: global-scope strings are invalid since 2021)"],
    )
    assert (bad.fields["decodable"], bad.fields["any_consent"], bad.fields["problems"]) == (
        False,
        None,
        ["not decodable (TC string segment 1: not base64url (character '!'))"],
    )


def test_gpp_tcfeuv2_sections_join_the_tcf_items_and_uspv1_the_us_privacy_ones() -> None:
    signals = signals_from_strings(
        {"gpp": [{"source": "api", "where": "__gpp in https://a.com/", "string": GPP_TCF_USP}]}
    )

    (tcf,) = tcf_items(signals, clicked=False)
    (usp,) = us_privacy_items(signals, clicked=False)

    assert (tcf.fields["source"], tcf.subject["where"]) == (
        ["gpp"],
        "GPP section tcfeuv2 of __gpp in https://a.com/",
    )
    assert (
        usp.fields["kind"],
        usp.fields["opted_out"],
        usp.fields["state"],
        usp.fields["broken_fields"],
    ) == ("US privacy string", False, "US privacy v1: not opted out of sale", ["OptOutSale N"])


def test_consent_mode_items_say_which_signals_are_granted() -> None:
    signals = signals_from_strings(
        {
            "consent_mode": [
                {
                    "where": "region1.google-analytics.com/g/collect",
                    "gcs": "G101",
                    "gcd": "13p3r3p3p5",
                    "count": 2,
                },
                {"where": "www.google-analytics.com/g/collect"},
            ]
        }
    )

    granted, missing = consent_mode_items(signals, clicked=False)

    assert {k: granted.fields[k] for k in ("host", "count", "grants_storage", "granted", "params")} == {
        "host": "region1.google-analytics.com",
        "count": 2,
        "grants_storage": True,
        "granted": ["analytics_storage"],
        "params": "gcs=G101, gcd=13p3r3p3p5",
    }
    assert {k: missing.fields[k] for k in ("has_consent_params", "grants_storage", "state", "params")} == {
        "has_consent_params": False,
        "grants_storage": False,
        "state": "no consent parameters",
        "params": "no gcs or gcd",
    }


def test_the_report_schema_holds_the_signals_as_the_dataclasses_define_them() -> None:
    schema = json.loads((Path(__file__).parents[1] / "checker/schemas/report.schema.json").read_text())
    generated = dataclass_schema(signal_model.Signals, vars(signal_model), "signals")["$defs"]

    assert {name: schema["$defs"][name] for name in generated} == generated


def test_a_gpp_string_seen_only_in_requests_is_no_record_of_the_cmp() -> None:
    signals = signals_from_strings(
        {
            "tcf": [{"source": "request", "where": "ads.b.net/bid", "string": NONE, "after_choice": True}],
            "gpp": [
                {"source": "request", "where": "ads.b.net/bid", "string": GPP_TCF_USP, "after_choice": True}
            ],
        }
    )

    items = tcf_items(signals, clicked=True)

    assert [(i.fields["source"], i.fields["stored"], i.fields["mismatch_with_stored"]) for i in items] == [
        (["request"], False, False),
        (["request"], False, False),
    ]


def test_region_scoped_defaults_and_unknown_states_are_not_taken_for_the_page_state() -> None:
    signals = signals_from_strings(
        {
            "consent_commands": [
                {"command": "default", "states": {"ad_storage": "denied", "analytics_storage": "denied"}},
                {"command": "default", "states": {"ad_storage": "granted"}, "region": ["US"]},
            ],
            "consent_mode": [{"where": "www.google-analytics.com/g/collect", "gcs": "G1--"}],
        }
    )

    unknown, datalayer = consent_mode_items(signals, clicked=False)

    assert (unknown.fields["grants_storage"], unknown.fields["denies_storage"]) == (False, False)
    assert (datalayer.fields["ad_storage"], datalayer.fields["denies_storage"]) == ("denied", True)
