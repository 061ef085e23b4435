"""Judge classified site evidence against rule packs: pure functions, no I/O."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from checker.banner_fairness import fairness
from checker.domains import registrable_domain, request_host, split_url
from checker.models import (
    PHASES,
    Banner,
    ConsentAction,
    Cookie,
    Finding,
    PhaseSnapshot,
    RefusedCookie,
    Request,
    Rule,
    RulePack,
    SiteEvidence,
    StorageItem,
)
from checker.observation import saw_page
from checker.serialize import from_dict, to_dict
from checker.signal_subjects import SignalItem, consent_mode_items, tcf_items, us_privacy_items
from checker.signals.extract import signals_from_strings
from checker.signals.model import Signals


@dataclass(frozen=True)
class SubjectSpec:
    """What a rule may say about one subject: selectors, operators, attributes and placeholders."""

    where: frozenset[str]
    operators: frozenset[str]
    equals: frozenset[str]
    fields: frozenset[str]  # message placeholders, besides {phase} (and {limit} with max_lifetime_days)
    phases: frozenset[str]


_CLASSIFIED = frozenset({"category", "party", "vendor"})
# Banner facts a rule can select on (see checker.banner_fairness).
_FAIRNESS = frozenset({"reject_styled_as_link", "reject_much_smaller", "reject_low_contrast"})
_ALL_PHASES = frozenset(PHASES)
# Phases that make no consent click: what the page does on its own (gpc: with the Global Privacy Control on).
NO_CLICK_PHASES = frozenset({"before", "gpc"})

# The operator table. `none`: every selected subject is a finding. `max_lifetime_days`: a selected cookie
# whose lifetime (declared when known, else stored) exceeds the limit is a finding. `equals`: a selected
# subject whose attribute differs from the given value is a finding.
SUBJECTS: Mapping[str, SubjectSpec] = {
    "cookies": SubjectSpec(
        where=_CLASSIFIED
        | {"name", "domain", "set_by", "include_deleted", "consent_gated", "identifier_like"}
        | {"lifetime_days", "any_of", "session", "new_since_before"},
        operators=frozenset({"none", "max_lifetime_days", "equals"}),
        equals=frozenset({"secure", "http_only", "same_site", "session"}),
        fields=frozenset(
            {"name", "domain", "path", "party", "vendor", "category", "set_by", "lifetime_days", "deleted"}
            | {"secure", "http_only", "same_site", "session", "consent_gated", "consent_gated_reason"}
            | {"identifier_like", "value_shape", "value_length", "entropy_bits", "new_since_before"}
        ),
        phases=_ALL_PHASES,
    ),
    "refused_cookies": SubjectSpec(
        where=_CLASSIFIED | {"name", "domain", "url"},
        operators=frozenset({"none"}),
        equals=frozenset(),
        fields=frozenset({"name", "domain", "url", "reasons", "party", "vendor", "category"}),
        phases=_ALL_PHASES,
    ),
    "requests": SubjectSpec(
        where=_CLASSIFIED | {"url", "host", "resource_type", "new_since_before"},
        operators=frozenset({"none"}),
        equals=frozenset(),
        fields=frozenset({"host", "url", "count", "party", "vendor", "category", "resource_type"})
        | {"new_since_before"},
        phases=_ALL_PHASES,
    ),
    "storage": SubjectSpec(
        where=_CLASSIFIED | {"key", "origin", "kind"},
        operators=frozenset({"none"}),
        equals=frozenset(),
        fields=frozenset({"key", "origin", "kind", "party", "vendor", "category"}),
        phases=_ALL_PHASES,
    ),
    "banner": SubjectSpec(
        where=frozenset({"cmp"}) | _FAIRNESS,
        operators=frozenset({"equals", "none"}),
        equals=frozenset(
            {
                "detected",
                "operable",
                "accept_on_first_layer",
                "reject_on_first_layer",
                "settings_on_first_layer",
            }
        ),
        fields=frozenset(
            {"cmp", "frame_url", "detected", "operable", "accept_on_first_layer", "reject_on_first_layer"}
            | {"settings_on_first_layer", "accept_text", "reject_text", "accept_size", "reject_size"}
            | _FAIRNESS
            | {"reject_area_percent", "reject_contrast", "accept_contrast"}
        ),
        phases=_ALL_PHASES,
    ),
    "action": SubjectSpec(
        where=frozenset({"cmp", "more_clicks_than_accept", "preticked", "reprompted", "verified"}),
        operators=frozenset({"equals", "none"}),
        equals=frozenset({"done", "layers", "clicks", "banner_gone", "left_page", "verified", "reprompted"}),
        fields=frozenset(
            {"intent", "cmp", "done", "layers", "clicks", "banner_gone", "note", "left_page", "final_url"}
            | {"verified", "verify_note", "reprompted", "accept_clicks", "more_clicks_than_accept"}
            | {"preticked", "preticked_labels"}
        ),
        phases=frozenset({"accept", "reject", "withdraw"}),
    ),
    "tcf": SubjectSpec(
        where=frozenset({"source", "stored", "decodable", "any_consent", "forbidden_li", "well_formed"})
        | {"mismatch_with_stored"},
        operators=frozenset({"none"}),
        equals=frozenset(),
        fields=frozenset(
            {"source", "sources", "event_status", "decodable", "error", "string_sha256", "stored"}
        )
        | {"mismatch_with_stored", "consent", "legitimate_interest", "any_consent", "consent_fields"}
        | {"purposes_consent", "special_features", "vendor_consents_count", "li_purposes", "forbidden_li"}
        | {"forbidden_li_purposes", "well_formed", "problems", "cmp_id", "tcf_policy_version"},
        phases=_ALL_PHASES,
    ),
    "consent_mode": SubjectSpec(
        where=frozenset({"source", "host", "has_consent_params", "grants_storage", "denies_storage"}),
        operators=frozenset({"none"}),
        equals=frozenset(),
        fields=frozenset(
            {"source", "where", "host", "count", "gcs", "gcd", "npa", "has_consent_params", "grants_storage"}
        )
        | {"granted", "state", "params", "ad_storage", "analytics_storage", "ad_user_data"}
        | {"ad_personalization", "denies_storage"},
        phases=_ALL_PHASES,
    ),
    "us_privacy": SubjectSpec(
        where=frozenset({"opted_out"}),
        operators=frozenset({"none"}),
        equals=frozenset(),
        fields=frozenset({"kind", "where", "sources", "opted_out", "state", "broken_fields"}),
        phases=_ALL_PHASES,
    ),
}

# Selector keys that hold a regular expression, matched with re.search against the field of the same name.
REGEX_KEYS = frozenset({"name", "domain", "set_by", "url", "host", "key", "origin"})
_LIST_KEYS = frozenset({"category", "vendor", "resource_type", "cmp", "source"})


@dataclass(frozen=True)
class _Item:
    """One subject of one phase, flattened into the fields selectors, operators and messages read."""

    fields: Mapping[str, Any]
    subject: Mapping[str, Any]


def evaluate(packs: Sequence[RulePack], site: SiteEvidence) -> tuple[Finding, ...]:
    """Judge one site: findings in pack order, rule order, phase order, then evidence order.

    A site whose scan failed in one phase is still judged on the phases that completed: a failed
    phase is skipped (see `evaluate_rule`), it does not throw away what the others observed.
    """
    return tuple(finding for pack in packs for rule in pack.rules for finding in evaluate_rule(rule, site))


def evaluate_rule(rule: Rule, site: SiteEvidence) -> tuple[Finding, ...]:
    """Judge one rule against one site; phases that cannot be judged yield nothing."""
    if not _preconditions_hold(rule.when, site):
        return ()
    findings: list[Finding] = []
    for phase in PHASES:
        if phase not in rule.phases:
            continue
        snapshot = site.phases.get(phase)
        if snapshot is None or not saw_page(site, phase) or not _judgeable(phase, snapshot, rule.subject):
            continue
        for item in _items(rule, snapshot, site):
            if _violates(rule.expect, item.fields):
                findings.append(_finding(rule, phase, item))
    return tuple(findings)


def site_banner(site: SiteEvidence) -> Banner | None:
    """The banner the site showed before any choice: the first phase that saw the page and recorded one
    (a bot wall's "no banner" says nothing of the site's banner)."""
    for phase in PHASES:
        snapshot = site.phases.get(phase)
        if snapshot is not None and snapshot.banner is not None and saw_page(site, phase):
            return snapshot.banner
    return None


# Categories whose storage or access needs consent (ePrivacy Art. 5(3)); the rest is exempt or unknown.
NEEDS_CONSENT = frozenset({"analytics", "marketing"})


def consent_needed(site: SiteEvidence) -> bool:
    """True when any phase that ran stored or sent something that needs consent (before any click too)."""
    for name, snapshot in site.phases.items():
        if not saw_page(site, name):
            continue
        subjects: list[Cookie | StorageItem | Request] = [
            *snapshot.cookies,
            *snapshot.storage,
            *snapshot.requests,
        ]
        if any(item.category in NEEDS_CONSENT for item in subjects):
            return True
    return False


def _preconditions_hold(when: Mapping[str, Any], site: SiteEvidence) -> bool:
    if "consent_needed" in when and consent_needed(site) != when["consent_needed"]:
        return False
    wanted = when.get("banner")
    if not wanted:
        return True
    banner = site_banner(site)
    if banner is None:
        return False  # no banner detection ran: the precondition cannot be known
    for attr, value in wanted.items():
        actual = getattr(banner, attr)
        if (actual not in value) if attr == "cmp" else (actual != value):
            return False
    return True


def _judgeable(phase: str, snapshot: PhaseSnapshot, subject: str) -> bool:
    """Whether a rule on `subject` can judge this phase.

    (A phase that did not see the page, see `checker.observation.saw_page`, is never judged: what a
    challenge page stores says nothing of the site.) In `accept` and `reject`, what was stored and sent
    only means something once the consent action was done; the action itself, though, is judged
    whenever it was attempted, so a rule can say that accepting or rejecting was not possible.
    """
    if phase in NO_CLICK_PHASES:
        return True
    action = snapshot.action
    if action is None or action.intent != phase:
        return False
    return subject == "action" or action.done


def consent_click_ms(snapshot: PhaseSnapshot) -> int | None:
    """When the consent choice was made: the first click of an accept or reject, the first click after the
    reopen clicks of a withdrawal (its t_ms), if it clicked.

    Requests and clicks share one clock: milliseconds since the phase's navigation started.
    """
    if snapshot.action is None or not snapshot.action.clicks:
        return None
    clicks = snapshot.action.clicks
    # Withdrawing: consent still stands while the way back is being opened; the refusal click ends it.
    refusal = next((c for c in clicks if c.layer != "reopen"), clicks[0])
    return refusal.t_ms


def _items(rule: Rule, snapshot: PhaseSnapshot, site: SiteEvidence) -> Iterator[_Item]:
    # `include_deleted` says which cookies exist to be selected, it is no field of theirs to match.
    where = {key: wanted for key, wanted in rule.where.items() if key != "include_deleted"}
    selected = (item for item in _subject_items(rule, snapshot, site) if _selected(where, item.fields))
    yield from _by_host(selected) if rule.subject == "requests" else selected


def _subject_items(rule: Rule, snapshot: PhaseSnapshot, site: SiteEvidence) -> Iterable[_Item]:
    """Every item of the rule's subject in this phase, before the rule's selectors."""
    if rule.subject == "cookies":
        include_deleted = rule.where.get("include_deleted", True)
        before = _before_keys(site, snapshot, lambda s: ((c.name, c.domain) for c in s.cookies))
        return (
            _cookie_item(c, _new((c.name, c.domain), before))
            for c in snapshot.cookies
            if include_deleted or not c.deleted
        )
    if rule.subject == "refused_cookies":
        return map(_refused_item, snapshot.refused_cookies)
    if rule.subject == "requests":
        # By registrable domain: ad auctions call a different set of a vendor's hosts on every load.
        sites = _before_keys(site, snapshot, lambda s: (registrable_domain(r.url) for r in s.requests))
        return (
            _request_item(r, _new(registrable_domain(r.url), sites)) for r in _requests_after_choice(snapshot)
        )
    if rule.subject == "storage":
        return map(_storage_item, snapshot.storage)
    if rule.subject == "banner":
        return () if snapshot.banner is None else (_banner_item(snapshot.banner),)
    if rule.subject == "action":
        return () if snapshot.action is None else (_action_item(snapshot.action, snapshot, site),)
    if rule.subject in _SIGNAL_SUBJECTS:
        signals = snapshot.signals or Signals()
        clicked = consent_click_ms(snapshot) is not None
        return (_Item(i.fields, i.subject) for i in _SIGNAL_SUBJECTS[rule.subject](signals, clicked))
    raise ValueError(f"unknown subject {rule.subject!r} in rule {rule.id}")


_SIGNAL_SUBJECTS: Mapping[str, Callable[[Signals, bool], list[SignalItem]]] = {
    "tcf": tcf_items,
    "consent_mode": consent_mode_items,
    "us_privacy": us_privacy_items,
}


def _before_keys(
    site: SiteEvidence, snapshot: PhaseSnapshot, keys: Callable[[PhaseSnapshot], Iterable[object]]
) -> frozenset[object] | None:
    """What the before phase had, to tell what is new in another phase (in before itself: nothing is new).
    None when the before phase did not see the page: then nothing can be called new."""
    if snapshot.phase == "before":
        return frozenset(keys(snapshot))
    before = site.phases.get("before")
    if before is None or not saw_page(site, "before"):
        return None
    return frozenset(keys(before))


def _new(key: object, before: frozenset[object] | None) -> bool | None:
    return None if before is None else key not in before


def _requests_after_choice(snapshot: PhaseSnapshot) -> Sequence[Request]:
    # After accept or reject, only what the page sent from the first click on answers to the choice;
    # earlier requests of the same page load happened before any choice (the `before` phase judges them).
    since = consent_click_ms(snapshot)
    if since is None:
        return snapshot.requests
    return tuple(r for r in snapshot.requests if r.t_ms >= since)


# Selector keys that hold a range {min, max} (both optional, inclusive), matched against a number.
RANGE_KEYS = frozenset({"lifetime_days"})


def _in_range(bounds: Mapping[str, float], actual: Any) -> bool:
    if actual is None:
        return False  # a session cookie has no lifetime to range over
    return bool(bounds.get("min", actual) <= actual <= bounds.get("max", actual))


def _selected(where: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
    for key, wanted in where.items():
        actual = fields.get(key)
        if key == "any_of":
            if not any(_selected(option, fields) for option in wanted):
                return False
        elif key in RANGE_KEYS:
            if not _in_range(wanted, actual):
                return False
        elif key in REGEX_KEYS:
            if actual is None or re.search(wanted, str(actual)) is None:
                return False
        elif key in _LIST_KEYS:
            found = actual if isinstance(actual, list) else [actual]
            if not any(a in wanted for a in found):
                return False
        elif actual != wanted:
            return False
    return True


def _violates(expect: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
    if expect.get("none"):
        return True
    if "max_lifetime_days" in expect:
        lifetime = fields.get("lifetime_days")
        return lifetime is not None and lifetime > expect["max_lifetime_days"]
    if "equals" in expect:
        return any(fields.get(attr) != value for attr, value in expect["equals"].items())
    raise ValueError(f"no known operator in expect {dict(expect)!r}")


def effective_lifetime_days(cookie: Cookie) -> float | None:
    """The lifetime the site asked for when known (before Chromium's 400-day cap), else the stored one."""
    if cookie.declared_lifetime_days is not None:
        return cookie.declared_lifetime_days
    return cookie.lifetime_days


def _cookie_item(cookie: Cookie, new_since_before: bool | None) -> _Item:
    facts = cookie.value_facts
    fields = {
        "name": cookie.name,
        "domain": cookie.domain,
        "path": cookie.path,
        "party": cookie.party,
        "vendor": cookie.vendor,
        "category": cookie.category,
        "set_by": cookie.set_by,
        "lifetime_days": effective_lifetime_days(cookie),
        "deleted": cookie.deleted,
        "secure": cookie.secure,
        "http_only": cookie.http_only,
        "same_site": cookie.same_site,
        "session": cookie.session,
        "consent_gated": cookie.consent_gated,
        "consent_gated_reason": cookie.consent_gated_reason,
        "identifier_like": facts.identifier_like if facts is not None else False,
        "value_shape": facts.shape if facts is not None else None,
        "value_length": facts.length if facts is not None else None,
        "entropy_bits": facts.entropy_bits if facts is not None else None,
        "new_since_before": new_since_before,
    }
    subject = {"cookie": cookie.name} | {
        k: fields[k]
        for k in ("domain", "path", "party", "vendor", "category", "set_by", "lifetime_days", "deleted")
    }
    return _Item(fields, subject)


def _refused_item(refused: RefusedCookie) -> _Item:
    fields = {
        "name": refused.name,
        "domain": refused.domain,
        "url": refused.url,
        "reasons": list(refused.reasons),
        "party": refused.party,
        "vendor": refused.vendor,
        "category": refused.category,
    }
    return _Item(fields, {"refused_cookie": refused.name} | {k: v for k, v in fields.items() if k != "name"})


def _request_item(request: Request, new_since_before: bool | None) -> _Item:
    """One request; rules judge requests grouped by host (see `_by_host`)."""
    fields = {
        "new_since_before": new_since_before,
        "host": request_host(request.url),
        "url": request.url,
        "resource_type": request.resource_type,
        "party": request.party,
        "vendor": request.vendor,
        "category": request.category,
    }
    return _Item(fields, fields)


def _by_host(requests: Iterable[_Item]) -> Iterator[_Item]:
    # One item per host, in the order hosts were first contacted, so a page that calls a tracker
    # fifty times yields one finding that says so instead of fifty.
    groups: dict[str, list[_Item]] = {}
    for request in requests:
        groups.setdefault(request.fields["host"], []).append(request)
    for host, group in groups.items():
        first = group[0].fields
        fields = {
            "host": host,
            "url": first["url"],
            "count": len(group),
            "resource_type": first["resource_type"],
            "party": first["party"],
            "vendor": first["vendor"],
            "category": first["category"],
            "new_since_before": first["new_since_before"],
        }
        subject = {k: fields[k] for k in ("host", "url", "count", "party", "vendor", "category")}
        yield _Item(fields, subject)


def _storage_item(stored: StorageItem) -> _Item:
    fields = {
        "key": stored.key,
        "origin": stored.origin,
        "kind": stored.kind,
        "party": stored.party,
        "vendor": stored.vendor,
        "category": stored.category,
    }
    return _Item(fields, {"storage": stored.key} | {k: v for k, v in fields.items() if k != "key"})


def _banner_item(banner: Banner) -> _Item:
    fair = fairness(banner)
    accept = next((c for c in banner.controls if c.kind == "accept" and c.best), None)
    reject = next((c for c in banner.controls if c.kind == "reject" and c.best), None)
    fields = {
        "cmp": banner.cmp,
        "frame_url": banner.frame_url,
        "detected": banner.detected,
        "operable": banner.operable,
        "accept_on_first_layer": banner.accept_on_first_layer,
        "reject_on_first_layer": banner.reject_on_first_layer,
        "settings_on_first_layer": banner.settings_on_first_layer,
        "accept_text": accept.text if accept else None,
        "reject_text": reject.text if reject else None,
        "accept_size": f"{accept.w}x{accept.h} px" if accept else None,
        "reject_size": f"{reject.w}x{reject.h} px" if reject else None,
        **asdict(fair),
    }
    return _Item(fields, {"banner": banner.cmp, "frame_url": banner.frame_url})


def left_page(action: ConsentAction, snapshot: PhaseSnapshot) -> bool:
    """The click navigated to another page (host or path), not a reload of the same one."""
    if not action.navigated:
        return False
    return _page_of(snapshot.url) != _page_of(snapshot.final_url)


def _page_of(url: str) -> tuple[str | None, str]:
    """(host, path without trailing slash) of a URL; a URL urlsplit refuses ("http://[") is its own page."""
    parts = split_url(url)
    return (parts.hostname, parts.path.rstrip("/")) if parts is not None else (None, url)


def _accept_clicks(site: SiteEvidence) -> int | None:
    accept = site.phases.get("accept")
    action = accept.action if accept is not None else None
    return len(action.clicks) if action is not None and action.done else None


def _action_item(action: ConsentAction, snapshot: PhaseSnapshot, site: SiteEvidence) -> _Item:
    accept_clicks = _accept_clicks(site)
    preticked = [t.label for t in action.toggles if t.checked and not t.disabled]
    fields = {
        "intent": action.intent,
        "cmp": action.cmp,
        "done": action.done,
        "layers": action.layers,
        "clicks": len(action.clicks),
        "banner_gone": action.banner_gone,
        "note": action.note,
        "left_page": left_page(action, snapshot),
        "final_url": snapshot.final_url,
        "verified": action.verified,
        "verify_note": action.verify_note,
        "reprompted": action.reprompted,
        "accept_clicks": accept_clicks,
        "more_clicks_than_accept": (
            None if accept_clicks is None or not action.done else len(action.clicks) > accept_clicks
        ),
        "preticked": bool(preticked),
        "preticked_labels": preticked,
    }
    return _Item(fields, {"action": action.intent, "cmp": action.cmp})


def _finding(rule: Rule, phase: str, item: _Item) -> Finding:
    subject = dict(item.subject)
    for attr in rule.expect.get("equals", {}):
        subject[attr] = item.fields.get(attr)
    values = {k: format_value(v) for k, v in item.fields.items()}
    values["phase"] = phase
    if "max_lifetime_days" in rule.expect:
        values["limit"] = format_value(rule.expect["max_lifetime_days"])
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        phase=phase,
        message=render_message(rule.message, values),
        subject=subject,
        references=rule.references,
        title=rule.title,
    )


def format_value(value: Any) -> str:
    """How a field reads in a message: days without needless decimals, lists joined, None as "unknown"."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value) or "none given"
    return str(value)


def render_message(template: str, values: Mapping[str, str]) -> str:
    """Fill a message template; a placeholder without a value is left as written."""
    out: list[str] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(values.get(name, "{" + name + "}"))
    return "".join(out)


def example_site(example: Mapping[str, Any]) -> SiteEvidence:
    """Build SiteEvidence from a rule example (or its `evidence` part), filling the fields it leaves out."""
    evidence: Mapping[str, Any] = example.get("evidence", example)
    url = str(evidence.get("url", "https://www.example.com/"))
    parts = split_url(url)
    # An example URL urlsplit refuses ("http://[") is its storage's origin too.
    origin = f"{parts.scheme}://{parts.netloc}" if parts is not None else url
    phases_in: dict[str, Any] = dict(evidence.get("phases") or {})
    if "banner" in evidence:
        phases_in["before"] = {"banner": evidence["banner"]} | dict(phases_in.get("before") or {})
    phases: dict[str, Any] = {}
    for phase in PHASES:
        if phase in phases_in:
            phases[phase] = _example_phase(phase, dict(phases_in[phase] or {}), url, origin)
    data = {
        "url": url,
        "status": evidence.get("status", "ok"),
        "error": evidence.get("error"),
        "phases": phases,
    }
    return from_dict(SiteEvidence, data)


def _example_phase(phase: str, data: dict[str, Any], url: str, origin: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "phase": phase,
        "url": url,
        "final_url": data.get("final_url", url),
        "started_at": "2026-01-01T00:00:00Z",
        "duration_ms": 0,
        "error": data.get("error"),
        "banner": _example_banner(data.get("banner")),
        "cookies": [_example_cookie(c) for c in data.get("cookies", [])],
        "refused_cookies": [{"reasons": []} | dict(c) for c in data.get("refused_cookies", [])],
        "requests": [_example_request(r) for r in data.get("requests", [])],
        "storage": [
            {"origin": origin, "kind": "local", "size": 0, "value_sha256": ""} | dict(s)
            for s in data.get("storage", [])
        ],
        "signals": to_dict(signals_from_strings(data.get("signals") or {})),
    }
    if phase != "before":
        action: dict[str, Any] = {"done": True, "layers": 1, "clicks": 1, "banner_gone": True, "t_ms": 0}
        action |= dict(data.get("action") or {})
        click_ms = int(action.pop("t_ms"))
        toggles = [{"disabled": False} | dict(t) for t in action.get("toggles", [])]
        out["action"] = action | {
            "toggles": toggles,
            "intent": phase,
            "clicks": [
                {"text": phase, "selector": f"#{phase}", "frame_url": url, "t_ms": click_ms}
                for _ in range(int(action["clicks"]))
            ],
        }
    return out


_FACT_COUNTS = {"lower": 0, "upper": 0, "digits": 0, "other": 0}
_CONTROL_DEFAULTS = {
    "tag": "button",
    "link": False,
    "w": 120,
    "h": 40,
    "font_px": 16,
    "font_weight": 400,
    "color": "rgb(255, 255, 255)",
    "background": "rgb(0, 0, 0)",
    "boxed": True,
    "underline": False,
    "best": True,
}


def _example_banner(banner: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if banner is None:
        return None
    controls = [_CONTROL_DEFAULTS | dict(c) for c in banner.get("controls", [])]
    return dict(banner) | {"controls": controls}


def _example_cookie(cookie: Mapping[str, Any]) -> dict[str, Any]:
    session = cookie.get("lifetime_days") is None and cookie.get("declared_lifetime_days") is None
    out = {"session": session} | dict(cookie)
    if "value_facts" in out:
        out["value_facts"] = _FACT_COUNTS | dict(out["value_facts"])
    return out


def _example_request(request: Mapping[str, Any]) -> dict[str, Any]:
    defaults = {
        "method": "GET",
        "resource_type": "script",
        "status": 200,
        "frame_url": None,
        "initiator": None,
        "t_ms": 0,
    }
    return defaults | dict(request)
