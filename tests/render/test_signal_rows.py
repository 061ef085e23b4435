"""The HTML report's consent-signal rows: every signal of a phase in words."""

from __future__ import annotations

from checker.render.signal_rows import SignalRow, signal_rows
from checker.signals.extract import signals_from_strings

# Made by @iabtcf/core 1.5.6 (CMP 300, vendor list 150, a 742-vendor GVL).
FULL = "CQtDjkAQtDjkAEsACAENCWEsAP_gAAAAAAYgFzQAYAAgXMAAAAAA.YAAAAAAAAAAA"


def test_each_signal_is_a_row_in_words() -> None:
    signals = signals_from_strings(
        {
            "tcf": [
                {"source": "cookie", "where": "cookie euconsent-v2 (a.com)", "string": FULL},
                {
                    "source": "request",
                    "where": "ads.b.net/bid",
                    "string": "x!",
                    "count": 2,
                    "after_choice": True,
                },
            ],
            "us_privacy": [{"source": "api", "where": "__uspapi in https://a.com/", "string": "1YYN"}],
            "consent_mode": [
                {"where": "region1.google-analytics.com/g/collect", "gcs": "G100", "dma_cps": "-"}
            ],
            "consent_commands": [
                {"command": "default", "states": {"ad_storage": "granted"}, "region": ["US", "CA"]}
            ],
            "gpc": True,
        }
    )

    assert signal_rows(signals) == [
        SignalRow(
            "TCF TC string",
            "cookie euconsent-v2 (a.com)",
            "consent to purposes 1-11, special features 1-2 and 742 vendors; no legitimate interest "
            "(CMP 300, TCF policy 4, vendor list 150)",
            FULL,
        ),
        SignalRow(
            "TCF TC string",
            "ads.b.net/bid (2 requests, after the choice)",
            "not decodable: TC string segment 1: not base64url (character '!')",
            "x!",
        ),
        SignalRow("US privacy", "__uspapi in https://a.com/", "US privacy v1: opted out of sale", "1YYN"),
        SignalRow(
            "Consent Mode hit",
            "region1.google-analytics.com/g/collect (1 request)",
            "ad_storage denied, analytics_storage denied, ad_user_data unknown, ad_personalization unknown",
            "gcs=G100 dma_cps=-",
        ),
        SignalRow(
            "dataLayer consent",
            "gtag('consent', 'default')",
            "ad_storage granted for regions US, CA only",
            "",
        ),
        SignalRow("Global Privacy Control", "navigator.globalPrivacyControl", "on", ""),
    ]
    assert signal_rows(None) == []
