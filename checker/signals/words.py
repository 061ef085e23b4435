"""Decoded consent signals said in words: "consent to purposes 1-10 and 742 vendors", not bits."""

from __future__ import annotations

from collections.abc import Iterable

from checker.signals.model import ConsentMode, TCString, UsNat, UsPrivacy

# TCF 2.2 policy: legitimate interest may not be the legal basis for purposes 3 to 6 (personalised ads and
# content profiles and their selection).
FORBIDDEN_LI_PURPOSES = frozenset({3, 4, 5, 6})
CONSENT_MODE_SIGNALS = ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization")


def id_ranges(ids: Iterable[int]) -> str:
    """1,2,3,5,7,8 -> "1-3, 5, 7-8"; nothing -> "none"."""
    spans: list[list[int]] = []
    for n in sorted(set(ids)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans) or "none"


def _ids(noun: str, ids: Iterable[int]) -> str:
    """ "purpose 1", "purposes 1-10"."""
    ids = tuple(ids)
    return f"{noun}{'' if len(ids) == 1 else 's'} {id_ranges(ids)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def tcf_consent(tc: TCString) -> str:
    """What a TC string consents to, e.g. "consent to purposes 1-10, special features 1-2 and 742 vendors"."""
    parts = []
    if tc.purposes_consent:
        parts.append(_ids("purpose", tc.purposes_consent))
    if tc.special_feature_opt_ins:
        parts.append(_ids("special feature", tc.special_feature_opt_ins))
    if tc.vendor_consents:
        parts.append(_count(len(tc.vendor_consents), "vendor"))
    if not parts:
        return "no consent to any purpose, special feature or vendor"
    head = ", ".join(parts[:-1])
    return "consent to " + (f"{head} and {parts[-1]}" if head else parts[-1])


def tcf_legitimate_interest(tc: TCString) -> str:
    """The legitimate interests a TC string claims, in words."""
    parts = []
    if tc.purposes_li_transparency:
        parts.append(_ids("purpose", tc.purposes_li_transparency))
    if tc.vendor_legitimate_interests:
        parts.append(_count(len(tc.vendor_legitimate_interests), "vendor"))
    return "legitimate interest for " + " and ".join(parts) if parts else "no legitimate interest"


def tcf_summary(tc: TCString) -> str:
    """One sentence on a TC string: consents, legitimate interests, CMP and policy version."""
    return (
        f"{tcf_consent(tc)}; {tcf_legitimate_interest(tc)} (CMP {tc.cmp_id}, "
        f"TCF policy {tc.tcf_policy_version}, vendor list {tc.vendor_list_version})"
    )


def consent_mode_summary(mode: ConsentMode) -> str:
    """The four Consent Mode signals, e.g. "ad_storage granted, analytics_storage denied, ..."."""
    return ", ".join(f"{name} {getattr(mode, name).effective}" for name in CONSENT_MODE_SIGNALS)


def us_privacy_summary(usp: UsPrivacy) -> str:
    """A US privacy string in words."""
    sale = {"Y": "opted out of sale", "N": "not opted out of sale", "-": "sale opt-out not applicable"}
    return f"US privacy v{usp.version}: {sale[usp.opt_out_sale]}"


_OPT_OUT = {0: "not applicable", 1: "opted out", 2: "not opted out"}


def usnat_summary(usnat: UsNat) -> str:
    """The GPP US national section's opt-outs in words."""
    return (
        f"sale {_OPT_OUT.get(usnat.sale_opt_out, '?')}, sharing {_OPT_OUT.get(usnat.sharing_opt_out, '?')}, "
        f"targeted advertising {_OPT_OUT.get(usnat.targeted_advertising_opt_out, '?')}"
    )
