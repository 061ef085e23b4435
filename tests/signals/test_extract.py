"""build_signals: what a phase read (APIs, cookies, storage, request URLs) becomes decoded signals."""

from __future__ import annotations

import re

from checker.models import Request
from checker.signals.extract import STORED_KEYS, JarValue, build_signals, consent_mode_hits, is_google_hit
from checker.signals.model import ConsentCommand
from checker.signals.reads import ApiGpp, ApiTcData, FrameRead, FrameSignals, StoredValue

# Made by @iabtcf/core 1.5.6 (CMP 300, vendor list 150, a 742-vendor GVL): all purposes, special features
# 1-2 and every vendor; and none, with legitimate interest for purposes 2 and 7-10.
FULL = "CQtDjkAQtDjkAEsACAENCWEsAP_gAAAAAAYgFzQAYAAgXMAAAAAA.YAAAAAAAAAAA"
NONE = "CQtDjkAQtDjkAEsACAENCWEgAAAAAEPAAAYgAAAAAAAA.YAAAAAAAAAAA"
# The GPP spec's example: header, tcfeuv2 and uspv1 sections.
GPP_TCF_USP = "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN"


def frame(url: str, top: bool, **given: object) -> FrameRead:
    fields: dict[str, object] = {
        "tcf": None,
        "gpp": None,
        "usp": None,
        "commands": (),
        "gpc": None,
        "stored": (),
        "errors": (),
    }
    return FrameRead(url, top, FrameSignals(**(fields | given)))  # type: ignore[arg-type]


def request(url: str, t_ms: int, resource_type: str = "image") -> Request:
    return Request(
        url=url,
        method="GET",
        resource_type=resource_type,
        status=200,
        frame_url=None,
        initiator=None,
        t_ms=t_ms,
    )


def test_api_cookie_storage_and_requests_are_read_and_decoded() -> None:
    reads = [
        frame(
            "https://www.tcf-lab.com/",
            True,
            tcf=ApiTcData(FULL, "useractioncomplete", True, "api"),
            gpp=ApiGpp(GPP_TCF_USP, "ready", (2, 6)),
            usp="1YNN",
            commands=(ConsentCommand("default", {"ad_storage": "denied"}),),
            gpc=True,
            stored=(StoredValue("euconsent-v2", NONE), StoredValue("other", "x")),
        ),
        frame(
            "https://ads.adtech-demo.net/frame.html",
            False,
            tcf=ApiTcData(FULL, "useractioncomplete", True, "locator"),
            errors=("boom",),
        ),
    ]
    jar = [JarValue("euconsent-v2", "www.tcf-lab.com", FULL), JarValue("usprivacy", ".tcf-lab.com", "1YYN")]
    requests = [
        request(f"https://ads.adtech-demo.net/bid?gdpr=1&gdpr_consent={NONE}", 100),
        request(f"https://ads.adtech-demo.net/bid?gdpr=1&gdpr_consent={FULL}", 900),
        request(f"https://ads.adtech-demo.net/bid?gdpr=1&gdpr_consent={FULL}", 950),
        request("https://sync.adtech-demo.net/s?gdpr_consent=${GDPR_CONSENT_755}", 960),
    ]

    signals = build_signals(reads, jar, requests, since_ms=500, failures=("frame x: not read",))

    assert [(t.source, t.where, t.event_status, t.count, t.after_choice, t.t_ms) for t in signals.tcf] == [
        ("api", "__tcfapi in https://www.tcf-lab.com/", "useractioncomplete", 1, None, None),
        (
            "api",
            "__tcfapi through __tcfapiLocator in https://ads.adtech-demo.net/frame.html",
            "useractioncomplete",
            1,
            None,
            None,
        ),
        ("cookie", "cookie euconsent-v2 (www.tcf-lab.com)", None, 1, None, None),
        ("storage", "localStorage euconsent-v2 (https://www.tcf-lab.com)", None, 1, None, None),
        ("request", "ads.adtech-demo.net/bid", None, 1, False, 100),
        ("request", "ads.adtech-demo.net/bid", None, 2, True, 900),
    ]
    decoded = [t.decoded for t in signals.tcf]
    assert [len(d.vendor_consents) if d else None for d in decoded] == [742, 742, 742, 0, 0, 742]
    assert [(g.source, g.signal_status, g.applicable_sections) for g in signals.gpp] == [
        ("api", "ready", (2, 6))
    ]
    assert signals.gpp[0].decoded is not None and signals.gpp[0].decoded.sections == ("tcfeuv2", "uspv1")
    assert [
        (u.source, u.string, u.decoded.opt_out_sale if u.decoded else None) for u in signals.us_privacy
    ] == [
        ("api", "1YNN", "N"),
        ("cookie", "1YYN", "Y"),
    ]
    assert signals.consent_commands == (ConsentCommand("default", {"ad_storage": "denied"}),)
    assert signals.gpc is True
    assert signals.failures == ("frame x: not read", "https://ads.adtech-demo.net/frame.html: boom")


def test_a_string_that_does_not_decode_keeps_the_reason() -> None:
    signals = build_signals([], [JarValue("euconsent-v2", "x.com", "%%%")], [], None)

    (tcf,) = signals.tcf
    assert (tcf.source, tcf.decoded, tcf.string, tcf.error) == (
        "cookie",
        None,
        "%%%",
        "TC string segment 1: not base64url (character '%')",
    )


def test_consent_mode_hits_are_grouped_by_endpoint_parameters_and_side_of_the_click() -> None:
    requests = [
        request("https://www.googletagmanager.com/gtag/js?id=G-1", 10, "script"),
        request("https://region1.google-analytics.com/g/collect?v=2&gcs=G100&gcd=13p3p3p3p5&_p=1", 20),
        request("https://region1.google-analytics.com/g/collect?v=2&gcs=G100&gcd=13p3p3p3p5&_p=2", 30),
        request(
            "https://region1.google-analytics.com/g/collect?v=2&gcs=G111&gcd=13r3r3r3r5&npa=0", 700, "ping"
        ),
        request("https://www.google-analytics.com/g/collect?v=2&cid=1", 40, "image"),
        request("https://www.example.com/x?gcs=G101", 50, "fetch"),
        request("https://www.google.com/search?q=x", 60, "xhr"),
    ]

    hits = consent_mode_hits(requests, since_ms=500)

    assert [(h.where, h.t_ms, h.count, h.gcs, h.gcd, h.npa, h.after_choice) for h in hits] == [
        ("region1.google-analytics.com/g/collect", 20, 2, "G100", "13p3p3p3p5", None, False),
        ("region1.google-analytics.com/g/collect", 700, 1, "G111", "13r3r3r3r5", "0", True),
        ("www.google-analytics.com/g/collect", 40, 1, None, None, None, False),
        ("www.example.com/x", 50, 1, "G101", None, None, False),
    ]
    assert [h.decoded.ad_storage.effective if h.decoded else None for h in hits] == [
        "denied",
        "granted",
        None,
        "denied",
    ]


def test_google_hits_are_reports_not_script_loads() -> None:
    assert is_google_hit(request("https://stats.g.doubleclick.net/g/collect?v=2", 0, "image"))
    assert is_google_hit(request("https://www.google.com/ccm/collect?en=page_view", 0, "fetch"))
    assert not is_google_hit(request("https://www.google.com/search?q=cookies", 0, "fetch"))
    assert not is_google_hit(request("https://securepubads.g.doubleclick.net/tag/js/gpt.js", 0, "script"))


def test_the_stored_key_pattern_names_every_consent_store() -> None:
    wanted = re.compile(STORED_KEYS, re.IGNORECASE)
    assert [
        k
        for k in (
            "euconsent-v2",
            "eupubconsent-v2",
            "dm-euconsent-v2",
            "__gpp",
            "usprivacy",
            "us_privacy",
            "euconsent",
            "gpp",
            "_ga",
        )
        if wanted.search(k)
    ] == ["euconsent-v2", "eupubconsent-v2", "dm-euconsent-v2", "__gpp", "usprivacy", "us_privacy"]


def test_unfilled_macros_are_no_strings_and_the_gdpr_flag_is_kept() -> None:
    requests = [
        request(f"https://ads.b.net/bid?gdpr=1&gdpr_consent={NONE}", 10),
        *(
            request(f"https://sync.b.net/s?gdpr=1&gdpr_consent={macro}", 20)
            for macro in (
                "${GDPR_CONSENT_755}",
                "[GDPR_CONSENT]",
                "{gdpr_consent}",
                "%25%25GDPR_CONSENT%25%25",
            )
        ),
        request(f"https://ads.c.net/bid?gdpr=0&gdpr_consent={NONE}", 30),
        request(f"https://ads.d.net/bid?gdpr_consent={NONE}", 40),
    ]

    signals = build_signals([], [], requests, None)

    assert [(t.where, t.gdpr_applies) for t in signals.tcf] == [
        ("ads.b.net/bid", True),
        ("ads.c.net/bid", False),
        ("ads.d.net/bid", None),
    ]


def test_ad_serving_and_cookie_matching_are_no_consent_mode_hits() -> None:
    assert not is_google_hit(
        request("https://securepubads.g.doubleclick.net/gampad/ads?iu=/1/home", 0, "xhr")
    )
    assert not is_google_hit(request("https://cm.g.doubleclick.net/pixel?google_nid=x", 0, "image"))
    assert is_google_hit(request("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/", 0))
    assert is_google_hit(request("https://www.googleadservices.com/pagead/conversion/1/?label=x", 0))
