"""Tests for the pure evaluator: every builtin example, each operator, and the phases it must not judge."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from checker.evaluate import (
    consent_click_ms,
    consent_needed,
    evaluate,
    evaluate_rule,
    example_site,
    format_value,
    left_page,
    render_message,
)
from checker.models import (
    Banner,
    Category,
    Click,
    ConsentAction,
    Cookie,
    Finding,
    PhaseSnapshot,
    Request,
    Rule,
    RulePack,
    SiteEvidence,
    StorageItem,
)
from checker.rules import builtin_pack_names, load_packs

REF = ("ePrivacy Directive 2002/58/EC, Art. 5(3)",)


def _builtin_examples() -> list[Any]:
    cases = []
    for pack in load_packs(builtin_pack_names()):
        for rule in pack.rules:
            for index, example in enumerate(rule.examples):
                cases.append(pytest.param(pack, rule, example, id=f"{rule.id}[{index}]"))
    return cases


@pytest.mark.parametrize(("pack", "rule", "example"), _builtin_examples())
def test_builtin_example(pack: RulePack, rule: Rule, example: dict[str, Any]) -> None:
    alone = RulePack(name=pack.name, version=pack.version, rules=(rule,))
    findings = evaluate([alone], example_site(example))
    if example["outcome"] == "pass":
        assert findings == ()
    else:
        assert findings
        assert {(f.rule, f.severity, f.title, f.references) for f in findings} == {
            (rule.id, rule.severity, rule.title, rule.references)
        }
    if "findings" in example:
        assert len(findings) == example["findings"]
    if "messages" in example:
        assert [f.message for f in findings] == example["messages"]


def test_every_builtin_rule_has_a_counted_fail_example_with_messages() -> None:
    for pack in load_packs(builtin_pack_names()):
        for rule in pack.rules:
            fails = [e for e in rule.examples if e["outcome"] == "fail"]
            assert all("findings" in e and "messages" in e for e in fails), rule.id


# --- Helpers --------------------------------------------------------------------------------------------


def _rule(**fields: Any) -> Rule:
    base: dict[str, Any] = {
        "id": "t/rule",
        "pack": "t",
        "title": "Test rule",
        "severity": "high",
        "phases": ("before",),
        "subject": "cookies",
        "where": {},
        "expect": {"none": True},
        "message": "{name} in {phase}",
        "references": REF,
    }
    return Rule(**(base | fields))


def _phase(phase: str, **fields: Any) -> PhaseSnapshot:
    if phase != "before" and "action" not in fields:
        fields["action"] = ConsentAction(intent=phase, done=True, layers=1)  # type: ignore[arg-type]
    return PhaseSnapshot(
        phase=phase,  # type: ignore[arg-type]
        url="https://news.example/",
        final_url="https://news.example/",
        started_at="2026-01-01T00:00:00Z",
        duration_ms=1000,
        **fields,
    )


def _site(**phases: PhaseSnapshot) -> SiteEvidence:
    return SiteEvidence(url="https://news.example/", status="ok", phases=dict(phases))


GA = Cookie(
    name="_ga",
    domain=".news.example",
    lifetime_days=400.0,
    declared_lifetime_days=730.0,
    session=False,
    set_by="https://www.googletagmanager.com/gtag/js",
    party="first",
    vendor="Google Analytics",
    category="analytics",
)
SESSION = Cookie(name="sid", domain="news.example", party="first", category="necessary")
FBP = Cookie(
    name="_fbp", domain=".news.example", deleted=True, party="first", vendor="Meta", category="marketing"
)


def _run(rule: Rule, site: SiteEvidence) -> tuple[Finding, ...]:
    return evaluate([RulePack(name="t", version="1", rules=(rule,))], site)


# --- Operators ------------------------------------------------------------------------------------------


def test_none_gives_one_exact_finding_per_cookie() -> None:
    rule = _rule(
        where={"category": ["analytics", "marketing"]},
        message=(
            "Cookie {name} on {domain} ({category}, {vendor}) set by {set_by}, {lifetime_days} days, {phase}."
        ),
    )
    findings = _run(rule, _site(before=_phase("before", cookies=(SESSION, GA, FBP))))
    assert findings == (
        Finding(
            rule="t/rule",
            severity="high",
            phase="before",
            message=(
                "Cookie _ga on .news.example (analytics, Google Analytics) set by "
                "https://www.googletagmanager.com/gtag/js, 730 days, before."
            ),
            subject={
                "cookie": "_ga",
                "domain": ".news.example",
                "path": "/",
                "party": "first",
                "vendor": "Google Analytics",
                "category": "analytics",
                "set_by": "https://www.googletagmanager.com/gtag/js",
                "lifetime_days": 730.0,
                "deleted": False,
            },
            references=REF,
            title="Test rule",
        ),
        Finding(
            rule="t/rule",
            severity="high",
            phase="before",
            message="Cookie _fbp on .news.example (marketing, Meta) set by unknown, unknown days, before.",
            subject={
                "cookie": "_fbp",
                "domain": ".news.example",
                "path": "/",
                "party": "first",
                "vendor": "Meta",
                "category": "marketing",
                "set_by": None,
                "lifetime_days": None,
                "deleted": True,
            },
            references=REF,
            title="Test rule",
        ),
    )


def test_include_deleted_false_skips_deleted_cookies() -> None:
    rule = _rule(where={"category": ["marketing", "analytics"], "include_deleted": False})
    findings = _run(rule, _site(before=_phase("before", cookies=(GA, FBP))))
    assert [f.message for f in findings] == ["_ga in before"]


def test_regex_party_and_vendor_selectors() -> None:
    cookies = (
        GA,
        FBP,
        SESSION,
        Cookie(name="_gid", domain=".other.example", party="third", vendor="Google Analytics"),
    )
    site = _site(before=_phase("before", cookies=cookies))
    assert [f.message for f in _run(_rule(where={"name": "^_g"}), site)] == [
        "_ga in before",
        "_gid in before",
    ]
    assert [f.message for f in _run(_rule(where={"domain": r"^\.news\."}), site)] == [
        "_ga in before",
        "_fbp in before",
    ]
    assert [f.message for f in _run(_rule(where={"party": "third"}), site)] == ["_gid in before"]
    assert [f.message for f in _run(_rule(where={"vendor": ["Meta"]}), site)] == ["_fbp in before"]
    assert [f.message for f in _run(_rule(where={"set_by": "googletagmanager"}), site)] == ["_ga in before"]


def test_max_lifetime_uses_declared_then_stored_and_passes_session_cookies() -> None:
    stored_only = Cookie(
        name="_pk_id", domain="news.example", lifetime_days=396.0, session=False, category="analytics"
    )
    short = Cookie(name="_gcl_au", domain="news.example", declared_lifetime_days=90.0, lifetime_days=90.0)
    rule = _rule(
        phases=("accept",),
        expect={"max_lifetime_days": 395},
        message="{name}: {lifetime_days} > {limit}",
    )
    site = _site(accept=_phase("accept", cookies=(GA, stored_only, short, SESSION)))
    findings = _run(rule, site)
    assert [f.message for f in findings] == ["_ga: 730 > 395", "_pk_id: 396 > 395"]
    assert [f.subject["lifetime_days"] for f in findings] == [730.0, 396.0]
    assert findings[0].phase == "accept"


def test_fractional_lifetime_reads_with_one_decimal() -> None:
    odd = Cookie(name="x", domain="news.example", declared_lifetime_days=395.25)
    rule = _rule(expect={"max_lifetime_days": 395}, message="{lifetime_days}")
    assert [f.message for f in _run(rule, _site(before=_phase("before", cookies=(odd,))))] == ["395.2"]


def test_equals_on_banner() -> None:
    rule = _rule(
        subject="banner",
        expect={"equals": {"reject_on_first_layer": True}},
        message="Banner ({cmp}) lacks reject: {reject_on_first_layer}.",
    )
    banner = Banner(
        detected=True, cmp="didomi", accept_on_first_layer=True, frame_url="https://news.example/"
    )
    (finding,) = _run(rule, _site(before=_phase("before", banner=banner)))
    assert finding.message == "Banner (didomi) lacks reject: false."
    assert finding.subject == {
        "banner": "didomi",
        "frame_url": "https://news.example/",
        "reject_on_first_layer": False,
    }
    ok = Banner(detected=True, cmp="didomi", accept_on_first_layer=True, reject_on_first_layer=True)
    assert _run(rule, _site(before=_phase("before", banner=ok))) == ()
    assert _run(rule, _site(before=_phase("before"))) == ()  # no banner detection recorded


def test_equals_on_action_layers_and_clicks() -> None:
    clicks = (
        Click("Settings", "#s", "https://news.example/", 10),
        Click("Reject all", "#r", "https://news.example/", 20),
    )
    action = ConsentAction(
        intent="reject", done=True, cmp="onetrust", clicks=clicks, layers=2, banner_gone=True
    )
    rule = _rule(
        subject="action",
        phases=("accept", "reject"),
        expect={"equals": {"layers": 1, "clicks": 1}},
        message="{intent} took {clicks} clicks over {layers} layers ({cmp}) in {phase}",
    )
    accept = ConsentAction(intent="accept", done=True, layers=1, clicks=clicks[1:])
    site = _site(accept=_phase("accept", action=accept), reject=_phase("reject", action=action))
    (finding,) = _run(rule, site)
    assert finding.message == "reject took 2 clicks over 2 layers (onetrust) in reject"
    assert finding.subject == {"action": "reject", "cmp": "onetrust", "layers": 2, "clicks": 2}


def test_requests_collapse_per_host_in_first_seen_order() -> None:
    def req(url: str, category: Category = "analytics", vendor: str | None = "Google Analytics") -> Request:
        return Request(
            url, "GET", "ping", 204, None, None, 5, party="third", vendor=vendor, category=category
        )

    requests = (
        req("https://news.example/app.js", "necessary", None),
        req("https://www.google-analytics.com/g/collect?en=page_view"),
        req("https://px.ads.example/p?id=1", "marketing", "AdCo"),
        req("https://www.google-analytics.com/g/collect?en=scroll"),
    )
    rule = _rule(
        subject="requests",
        where={"category": ["analytics", "marketing"]},
        message="{count} to {host} ({vendor}), first {url}",
    )
    findings = _run(rule, _site(before=_phase("before", requests=requests)))
    assert [f.message for f in findings] == [
        "2 to www.google-analytics.com (Google Analytics), first https://www.google-analytics.com/g/collect?en=page_view",
        "1 to px.ads.example (AdCo), first https://px.ads.example/p?id=1",
    ]
    assert findings[0].subject == {
        "host": "www.google-analytics.com",
        "url": "https://www.google-analytics.com/g/collect?en=page_view",
        "count": 2,
        "party": "third",
        "vendor": "Google Analytics",
        "category": "analytics",
    }
    by_url = _rule(subject="requests", where={"url": "en=scroll"}, message="{count} {url}")
    assert [f.message for f in _run(by_url, _site(before=_phase("before", requests=requests)))] == [
        "1 https://www.google-analytics.com/g/collect?en=scroll"
    ]


def test_storage_subject() -> None:
    items = (
        StorageItem(
            "https://news.example",
            "local",
            "_cc_id",
            32,
            "h",
            party="first",
            vendor="Lotame",
            category="marketing",
        ),
        StorageItem("https://news.example", "session", "tab", 3, "h", party="first", category="necessary"),
    )
    rule = _rule(
        subject="storage",
        where={"category": ["marketing"]},
        message="{kind}Storage {key} of {origin} ({vendor})",
    )
    (finding,) = _run(rule, _site(before=_phase("before", storage=items)))
    assert finding.message == "localStorage _cc_id of https://news.example (Lotame)"
    assert finding.subject == {
        "storage": "_cc_id",
        "origin": "https://news.example",
        "kind": "local",
        "party": "first",
        "vendor": "Lotame",
        "category": "marketing",
    }
    assert (
        _run(
            _rule(subject="storage", where={"kind": "session"}, message="{key}"),
            _site(before=_phase("before", storage=items)),
        )[0].message
        == "tab"
    )


# --- What is not judged ---------------------------------------------------------------------------------


def test_when_banner_precondition() -> None:
    rule = _rule(when={"banner": {"detected": False}})
    without = _phase("before", cookies=(GA,), banner=Banner(detected=False))
    shown = _phase("before", cookies=(GA,), banner=Banner(detected=True, cmp="onetrust"))
    unknown = _phase("before", cookies=(GA,))
    assert [f.message for f in _run(rule, _site(before=without))] == ["_ga in before"]
    assert _run(rule, _site(before=shown)) == ()
    assert _run(rule, _site(before=unknown)) == ()
    by_cmp = _rule(when={"banner": {"cmp": ["onetrust"]}})
    assert [f.message for f in _run(by_cmp, _site(before=shown))] == ["_ga in before"]
    assert _run(by_cmp, _site(before=without)) == ()


def test_phases_that_cannot_be_judged_yield_nothing() -> None:
    rule = _rule(phases=("before", "accept", "reject"))
    undone = ConsentAction(intent="reject", done=False, note="no reject control found")
    site = _site(
        before=_phase("before", cookies=(GA,), error="net::ERR_CONNECTION_RESET"),
        accept=_phase("accept", cookies=(GA,), action=None),
        reject=_phase("reject", cookies=(GA,), action=undone),
    )
    assert _run(rule, site) == ()
    assert _run(rule, _site()) == ()
    wrong_intent = _phase("reject", cookies=(GA,), action=ConsentAction(intent="accept", done=True))
    assert _run(rule, _site(reject=wrong_intent)) == ()


DONE_RULE = _rule(
    subject="action",
    phases=("accept", "reject"),
    expect={"equals": {"done": True}},
    message="{intent} not done ({note}), done={done}, in {phase}",
)


def test_action_rules_judge_an_action_that_was_not_done() -> None:
    undone = ConsentAction(intent="reject", done=False, cmp="didomi", note="no reject control found")
    site = _site(
        accept=_phase("accept", cookies=(GA,)),
        reject=_phase("reject", cookies=(GA,), action=undone),
    )
    (finding,) = _run(DONE_RULE, site)
    assert finding == Finding(
        rule="t/rule",
        severity="high",
        phase="reject",
        message="reject not done (no reject control found), done=false, in reject",
        subject={"action": "reject", "cmp": "didomi", "done": False},
        references=REF,
        title="Test rule",
    )
    # other subjects still skip the phase whose action was not done
    assert [f.phase for f in _run(_rule(phases=("accept", "reject")), site)] == ["accept"]


def test_action_rules_skip_failed_phases_missing_actions_and_wrong_intents() -> None:
    undone = ConsentAction(intent="reject", done=False, note="no reject control found")
    failed = _phase("reject", action=undone, error="net::ERR_CONNECTION_RESET")
    assert _run(DONE_RULE, _site(reject=failed)) == ()
    assert _run(DONE_RULE, _site(reject=_phase("reject", action=None))) == ()
    wrong_intent = _phase("reject", action=ConsentAction(intent="accept", done=False))
    assert _run(DONE_RULE, _site(reject=wrong_intent)) == ()


def _eu_core_rule(name: str) -> Rule:
    (pack,) = load_packs(["eu-core"])
    return next(r for r in pack.rules if r.id == f"eu-core/{name}")


SHOWN = Banner(detected=True, cmp="didomi", accept_on_first_layer=True)


def test_reject_possible_and_accept_possible_report_an_action_that_could_not_be_done() -> None:
    reject_possible, accept_possible = _eu_core_rule("reject-possible"), _eu_core_rule("accept-possible")
    assert (reject_possible.severity, accept_possible.severity) == ("high", "info")
    site = _site(
        before=_phase("before", banner=SHOWN),
        accept=_phase(
            "accept", action=ConsentAction(intent="accept", done=False, note="no accept control found")
        ),
        reject=_phase(
            "reject",
            cookies=(GA,),
            action=ConsentAction(intent="reject", done=False, note="recipe didomi: no reject control found"),
        ),
    )
    packs = [RulePack("eu-core", "1", (reject_possible, accept_possible))]
    assert [(f.rule, f.severity, f.phase, f.message) for f in evaluate(packs, site)] == [
        (
            "eu-core/reject-possible",
            "high",
            "reject",
            "Reject-all could not be done on the consent banner: recipe didomi: no reject control found. "
            "The reject phase was not judged; check its screenshot.",
        ),
        (
            "eu-core/accept-possible",
            "info",
            "accept",
            "Accept-all could not be done on the consent banner: no accept control found. "
            "The accept phase was not judged; check its screenshot.",
        ),
    ]
    # done actions, or no banner at all: nothing
    done = _site(before=_phase("before", banner=SHOWN), accept=_phase("accept"), reject=_phase("reject"))
    assert evaluate(packs, done) == ()
    no_banner = replace(
        site, phases=site.phases | {"before": _phase("before", banner=Banner(detected=False))}
    )
    assert evaluate(packs, no_banner) == ()


def test_a_site_in_error_is_judged_on_the_phases_that_completed() -> None:
    site = SiteEvidence(
        url="https://news.example/",
        status="error",
        error="reject phase broke: Target closed",
        phases={
            "before": _phase("before", cookies=(GA,)),
            "accept": _phase("accept", cookies=(GA,)),
            "reject": _phase("reject", cookies=(GA,), error="reject phase broke: Target closed"),
        },
    )
    rule = _rule(phases=("before", "accept", "reject"))
    assert [f.message for f in evaluate([RulePack("t", "1", (rule,))], site)] == [
        "_ga in before",
        "_ga in accept",
    ]
    assert [f.message for f in evaluate_rule(rule, site)] == ["_ga in before", "_ga in accept"]
    every_phase_failed = replace(site, phases={p: replace(s, error="boom") for p, s in site.phases.items()})
    assert evaluate([RulePack("t", "1", (rule,))], every_phase_failed) == ()


def _request(url: str, t_ms: int, category: Category = "analytics") -> Request:
    return Request(url, "GET", "ping", 204, None, None, t_ms, party="third", vendor="V", category=category)


def test_requests_after_a_choice_count_from_the_first_click_on() -> None:
    clicks = (
        Click("Settings", "#s", "https://news.example/", 1500),
        Click("Reject all", "#r", "https://news.example/", 2600),
    )
    action = ConsentAction(intent="reject", done=True, clicks=clicks, layers=2)
    requests = (
        _request("https://a.tracker.example/load", 200),
        _request("https://b.tracker.example/load", 1499),
        _request("https://b.tracker.example/at-click", 1500),
        _request("https://c.tracker.example/between", 2000),
        _request("https://a.tracker.example/after", 3100),
    )
    rule = _rule(
        subject="requests", phases=("before", "accept", "reject"), message="{host} {count} {url} {phase}"
    )
    site = _site(
        before=_phase("before", requests=requests),
        accept=_phase(
            "accept",
            requests=requests,
            action=ConsentAction(intent="accept", done=True, clicks=(Click("OK", "#a", "", 2000),)),
        ),
        reject=_phase("reject", requests=requests, action=action),
    )
    assert [f.message for f in _run(rule, site)] == [
        # before: every request
        "a.tracker.example 2 https://a.tracker.example/load before",
        "b.tracker.example 2 https://b.tracker.example/load before",
        "c.tracker.example 1 https://c.tracker.example/between before",
        # accept: clicked at 2000 ms
        "c.tracker.example 1 https://c.tracker.example/between accept",
        "a.tracker.example 1 https://a.tracker.example/after accept",
        # reject: the first of its two clicks was at 1500 ms
        "b.tracker.example 1 https://b.tracker.example/at-click reject",
        "c.tracker.example 1 https://c.tracker.example/between reject",
        "a.tracker.example 1 https://a.tracker.example/after reject",
    ]


def test_cookies_and_storage_after_a_choice_are_judged_whenever_written() -> None:
    early = replace(GA, first_seen_ms=100)
    action = ConsentAction(intent="reject", done=True, clicks=(Click("Reject", "#r", "", 2000),), layers=1)
    stored = StorageItem("https://news.example", "local", "_cc_id", 3, "h", category="marketing")
    site = _site(reject=_phase("reject", cookies=(early,), storage=(stored,), action=action))
    assert [f.message for f in _run(_rule(phases=("reject",)), site)] == ["_ga in reject"]
    storage_rule = _rule(subject="storage", phases=("reject",), message="{key}")
    assert [f.message for f in _run(storage_rule, site)] == ["_cc_id"]


def test_after_reject_rules_of_eu_core_on_a_cmp_that_cleans_up() -> None:
    """Cookies the CMP deleted on reject and requests before the click are not blamed on the refusal."""
    action = ConsentAction(
        intent="reject", done=True, clicks=(Click("Reject all", "#r", "", 1800),), layers=1
    )
    deleted_ga = replace(GA, deleted=True)
    kept_fbp = replace(FBP, deleted=False)
    site = _site(
        before=_phase("before", banner=SHOWN),
        reject=_phase(
            "reject",
            action=action,
            cookies=(deleted_ga, kept_fbp, SESSION),
            requests=(_request("https://www.google-analytics.com/g/collect", 900),),
        ),
    )
    packs = [
        RulePack(
            "eu-core",
            "1",
            (
                _eu_core_rule("no-tracking-cookies-after-reject"),
                _eu_core_rule("no-tracker-requests-after-reject"),
            ),
        )
    ]
    assert [(f.rule, f.subject.get("cookie") or f.subject.get("host")) for f in evaluate(packs, site)] == [
        ("eu-core/no-tracking-cookies-after-reject", "_fbp"),
    ]
    late = replace(
        site.phases["reject"], requests=(_request("https://www.google-analytics.com/g/collect", 1800),)
    )
    assert [f.rule for f in evaluate(packs, replace(site, phases=site.phases | {"reject": late}))] == [
        "eu-core/no-tracking-cookies-after-reject",
        "eu-core/no-tracker-requests-after-reject",
    ]


def test_tracking_cookies_before_consent_are_reported_once_with_or_without_a_banner() -> None:
    packs = [
        RulePack(
            "eu-core",
            "1",
            (
                _eu_core_rule("no-banner-but-tracking-cookies"),
                _eu_core_rule("no-tracking-cookies-before-consent"),
            ),
        )
    ]

    def rules_for(banner: Banner | None) -> list[tuple[str, str]]:
        site = _site(before=_phase("before", cookies=(GA, SESSION), banner=banner))
        return [(f.rule, f.subject["cookie"]) for f in evaluate(packs, site)]

    assert rules_for(Banner(detected=False)) == [("eu-core/no-banner-but-tracking-cookies", "_ga")]
    assert rules_for(SHOWN) == [("eu-core/no-tracking-cookies-before-consent", "_ga")]
    # the banner the site showed before any choice decides, even if a later phase saw another
    late_banner = _site(
        before=_phase("before", cookies=(GA,), banner=Banner(detected=False)),
        accept=_phase("accept", banner=SHOWN),
    )
    assert [f.rule for f in evaluate(packs, late_banner)] == ["eu-core/no-banner-but-tracking-cookies"]
    # a before phase that failed is judged by neither; the banner then comes from the next phase
    failed_before = _site(
        before=_phase("before", cookies=(GA,), error="boom"),
        accept=_phase("accept", banner=SHOWN),
    )
    assert evaluate(packs, failed_before) == ()


def test_order_is_pack_rule_phase_then_evidence() -> None:
    first = _rule(id="a/one", phases=("reject", "before"), message="one {name} {phase}")
    second = _rule(id="a/two", message="two {name} {phase}")
    third = _rule(id="b/three", message="three {name} {phase}")
    packs = [RulePack("a", "1", (first, second)), RulePack("b", "1", (third,))]
    site = _site(reject=_phase("reject", cookies=(FBP,)), before=_phase("before", cookies=(GA, FBP)))
    assert [f.message for f in evaluate(packs, site)] == [
        "one _ga before",
        "one _fbp before",
        "one _fbp reject",
        "two _ga before",
        "two _fbp before",
        "three _ga before",
        "three _fbp before",
    ]


def test_evaluation_does_not_mutate_its_input() -> None:
    packs = load_packs(builtin_pack_names())
    site = _site(
        before=_phase("before", cookies=(GA, FBP), banner=Banner(detected=True, accept_on_first_layer=True)),
        reject=_phase("reject", cookies=(GA,)),
    )
    packs_copy, site_copy = copy.deepcopy(packs), copy.deepcopy(site)
    first = evaluate(packs, site)
    assert first
    assert evaluate(packs, site) == first
    assert packs == packs_copy
    assert site == site_copy


# --- Messages and examples ------------------------------------------------------------------------------


def test_render_message_and_format_value() -> None:
    assert (
        render_message("{name} on {domain}, {missing}", {"name": "_ga", "domain": ".x"})
        == "_ga on .x, {missing}"
    )
    assert [format_value(v) for v in (None, True, 730.0, 12.345, ["a", "b"], [], 3)] == [
        "unknown",
        "true",
        "730",
        "12.3",
        "a, b",
        "none given",
        "3",
    ]


def test_example_site_defaults() -> None:
    site = example_site(
        {
            "evidence": {
                "banner": {"detected": True, "cmp": "onetrust"},
                "phases": {
                    "before": {"cookies": [{"name": "_ga", "domain": ".x.com", "category": "analytics"}]},
                    "reject": {"action": {"layers": 2, "clicks": 2}, "storage": [{"key": "k"}]},
                },
            }
        }
    )
    assert site.url == "https://www.example.com/"
    assert site.status == "ok"
    assert sorted(site.phases) == ["before", "reject"]
    before, reject = site.phases["before"], site.phases["reject"]
    assert before.banner == Banner(detected=True, cmp="onetrust")
    assert before.action is None
    assert before.cookies == (Cookie(name="_ga", domain=".x.com", category="analytics", session=True),)
    assert reject.action is not None
    assert (reject.action.intent, reject.action.done, reject.action.layers, len(reject.action.clicks)) == (
        "reject",
        True,
        2,
        2,
    )
    assert reject.storage == (
        StorageItem(origin="https://www.example.com", kind="local", key="k", size=0, value_sha256=""),
    )
    assert evaluate_rule(_rule(), site) == evaluate([RulePack("t", "1", (_rule(),))], site)
    assert [c.t_ms for c in reject.action.clicks] == [0, 0]


def test_example_site_times_clicks_and_requests() -> None:
    site = example_site(
        {
            "phases": {
                "reject": {
                    "action": {"t_ms": 1500},
                    "requests": [{"url": "https://a.example/x", "t_ms": 300}, {"url": "https://a.example/y"}],
                }
            }
        }
    )
    reject = site.phases["reject"]
    assert reject.action is not None
    assert [(c.text, c.t_ms) for c in reject.action.clicks] == [("reject", 1500)]
    assert [(r.url, r.t_ms) for r in reject.requests] == [
        ("https://a.example/x", 300),
        ("https://a.example/y", 0),
    ]


def test_consent_needed_looks_at_every_phase_that_ran() -> None:
    quiet = example_site({"phases": {"before": {"cookies": [{"name": "lang", "domain": "x.com"}]}}})
    tracked_after_accept = example_site(
        {
            "phases": {
                "before": {"cookies": [{"name": "lang", "domain": "x.com", "category": "necessary"}]},
                "accept": {
                    "requests": [
                        {"url": "https://www.google-analytics.com/g/collect", "category": "analytics"}
                    ]
                },
            }
        }
    )
    broken_phase = example_site(
        {
            "phases": {
                "accept": {
                    "error": "broke",
                    "cookies": [{"name": "_ga", "domain": "x.com", "category": "analytics"}],
                }
            }
        }
    )
    assert (consent_needed(quiet), consent_needed(tracked_after_accept), consent_needed(broken_phase)) == (
        False,
        True,
        False,
    )


@pytest.mark.parametrize(
    ("navigated", "final_url", "left"),
    [
        (False, "https://www.x.com/subscribe", False),  # no navigation recorded: the URL alone proves nothing
        (True, "https://www.x.com/news/a/?consent=no", False),  # a reload with a query string
        (True, "https://www.x.com/subscribe", True),
        (True, "https://paywall.x.com/news/a", True),
    ],
)
def test_left_page_needs_a_navigation_to_another_host_or_path(
    navigated: bool, final_url: str, left: bool
) -> None:
    site = example_site(
        {
            "url": "https://www.x.com/news/a",
            "phases": {"reject": {"final_url": final_url, "action": {"navigated": navigated}}},
        }
    )
    snapshot = site.phases["reject"]
    assert snapshot.action is not None
    assert left_page(snapshot.action, snapshot) is left


URL_W = "https://www.example.com/"


def _withdraw_snapshot(*clicks: Click) -> PhaseSnapshot:
    action = ConsentAction(intent="withdraw", done=True, clicks=clicks)
    return PhaseSnapshot("withdraw", URL_W, URL_W, "2026-01-01T00:00:00Z", 0, action=action)


def test_a_withdrawal_counts_from_its_refusal_click_not_from_the_reopen_click() -> None:
    reopen = Click("Cookie settings", "#reopen", URL_W, 2000, layer="reopen")
    refuse = Click("Reject all", "#reject", URL_W, 3100, layer="settings")
    assert consent_click_ms(_withdraw_snapshot(reopen, refuse)) == 3100
    assert consent_click_ms(_withdraw_snapshot(reopen)) == 2000  # no refusal click: from the first
    assert consent_click_ms(_withdraw_snapshot()) is None
