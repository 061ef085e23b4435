"""Tests for loading and validating rule packs: every error is one line naming the file and JSON path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from rule_samples import GOOD_RULE

from checker.paths import rules_dir
from checker.rules import (
    RuleError,
    builtin_pack_names,
    load_pack,
    load_packs,
    rule_schema,
    validate_file,
)

EU_CORE_IDS = (
    "eu-core/accept-possible",
    "eu-core/consent-cookie-lifetime",
    "eu-core/no-banner-but-tracking-cookies",
    "eu-core/no-tracker-requests-after-reject",
    "eu-core/no-tracker-requests-after-withdraw",
    "eu-core/no-tracker-requests-before-consent",
    "eu-core/no-tracking-cookie-attempts-before-consent",
    "eu-core/no-tracking-cookies-after-reject",
    "eu-core/no-tracking-cookies-after-withdraw",
    "eu-core/no-tracking-cookies-before-consent",
    "eu-core/no-tracking-storage-after-reject",
    "eu-core/no-tracking-storage-before-consent",
    "eu-core/reject-on-first-layer",
    "eu-core/reject-possible",
    "eu-core/reject-stays-on-page",
    "eu-core/review-identifier-cookies-before-consent",
    "eu-core/review-unclassified-third-party-cookies",
    "eu-core/withdraw-possible",
)
EDPB_BANNER_IDS = (
    "edpb-banner/no-preticked-purposes",
    "edpb-banner/no-reprompt-after-reject",
    "edpb-banner/reject-not-harder-than-accept",
    "edpb-banner/reject-not-much-smaller",
    "edpb-banner/reject-not-styled-as-link",
    "edpb-banner/reject-readable",
)


def _write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8"
    )
    return path


def _folder_pack(root: Path, *rules: dict[str, Any], name: str = "mine") -> Path:
    folder = root / name
    _write(folder / "pack.yaml", {"pack": {"name": name, "version": "1", "title": "Mine"}})
    for index, rule in enumerate(rules):
        _write(folder / f"r{index}.yaml", rule)
    return folder


def _rule(**changes: Any) -> dict[str, Any]:
    rule: dict[str, Any] = json.loads(json.dumps(GOOD_RULE))
    for key, value in changes.items():
        if value is None:
            del rule[key]
        else:
            rule[key] = value
    return rule


def _error(specs: list[str]) -> str:
    with pytest.raises(RuleError) as info:
        load_packs(specs)
    text = str(info.value)
    assert "\n" not in text
    return text


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


# --- Builtin packs --------------------------------------------------------------------------------------


def test_builtin_pack_names_lists_eu_core() -> None:
    assert "eu-core" in builtin_pack_names()


@pytest.mark.parametrize("name", builtin_pack_names())
def test_every_builtin_pack_validates_with_its_examples(name: str) -> None:
    assert validate_file(rules_dir() / name) == []
    (pack,) = load_packs([name])
    assert pack.name == name
    for rule in pack.rules:
        assert rule.id.startswith(f"{name}/")
        assert rule.references and rule.description and rule.examples


FIX_MAX_CHARS = 400
BUILTIN_RULE_COUNT = 37


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_builtin_rule_says_what_to_change() -> None:
    rules = [rule for pack in load_packs(list(builtin_pack_names())) for rule in pack.rules]
    assert len(rules) == BUILTIN_RULE_COUNT
    assert [rule.id for rule in rules if not rule.fix.strip()] == []
    assert [rule.id for rule in rules if len(rule.fix) > FIX_MAX_CHARS] == []
    repeated = [
        rule.id
        for rule in rules
        if _words(rule.fix) in _words(rule.description) or _words(rule.description) in _words(rule.fix)
    ]
    assert repeated == []
    # The advice moved to `fix`: no description still carries a "Fix:" sentence of its own.
    assert [rule.id for rule in rules if "Fix:" in rule.description] == []
    reject_on_first_layer = next(rule for rule in rules if rule.id == "eu-core/reject-on-first-layer")
    assert reject_on_first_layer.fix == (
        "Put a reject-all button on the first layer, next to accept-all and with the same size and "
        "prominence."
    )


def test_a_rule_without_fix_loads_with_an_empty_fix(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule())
    (pack,) = load_packs(["mine"])
    assert [rule.fix for rule in pack.rules] == [""]


def test_eu_core_rule_ids_and_header() -> None:
    (pack,) = load_packs(["eu-core"])
    assert (pack.name, pack.version, pack.title) == ("eu-core", "1.4.0", "EU core consent rules")
    assert tuple(rule.id for rule in pack.rules) == EU_CORE_IDS
    severities = {rule.id: rule.severity for rule in pack.rules}
    assert severities["eu-core/review-unclassified-third-party-cookies"] == "low"
    assert severities["eu-core/review-identifier-cookies-before-consent"] == "medium"
    assert severities["eu-core/consent-cookie-lifetime"] == "medium"
    assert severities["eu-core/reject-on-first-layer"] == "high"
    assert severities["eu-core/reject-possible"] == "high"
    assert severities["eu-core/accept-possible"] == "info"
    assert severities["eu-core/withdraw-possible"] == "high"


def test_edpb_banner_rule_ids_and_severities() -> None:
    (pack,) = load_packs(["edpb-banner"])
    assert (pack.name, pack.version) == ("edpb-banner", "1.0.0")
    assert tuple(rule.id for rule in pack.rules) == EDPB_BANNER_IDS
    assert [rule.severity for rule in pack.rules] == ["high", "medium", "medium", "low", "medium", "medium"]


def test_eu_core_rules_that_changed_with_the_honest_verdicts() -> None:
    rules = {rule.id: rule for rule in load_packs(["eu-core"])[0].rules}
    reject_possible = rules["eu-core/reject-possible"]
    assert (
        reject_possible.phases,
        reject_possible.subject,
        reject_possible.when,
        reject_possible.expect,
    ) == (
        ("reject",),
        "action",
        {"banner": {"detected": True}, "consent_needed": True},
        {"equals": {"done": True}},
    )
    assert "{note}" in reject_possible.message
    assert reject_possible.references == (
        "CNIL deliberation 2020-092 (recommendation on cookies, 17 Sep 2020), refusing as easy as accepting",
        "GDPR (EU) 2016/679, Art. 4(11), Art. 7(3) and Recital 42 "
        "(freely given; as easy to withdraw as to give)",
        "EDPB Guidelines 05/2020 on consent under Regulation 2016/679",
    )
    assert "screenshot" in reject_possible.description
    accept_possible = rules["eu-core/accept-possible"]
    assert (
        accept_possible.phases,
        accept_possible.subject,
        accept_possible.when,
        accept_possible.expect,
    ) == (
        ("accept",),
        "action",
        {"banner": {"detected": True}},
        {"equals": {"done": True}},
    )
    assert rules["eu-core/no-tracking-cookies-after-reject"].where == {
        "category": ["analytics", "marketing"],
        "include_deleted": False,
    }
    assert rules["eu-core/no-tracking-cookies-before-consent"].when == {"banner": {"detected": True}}


def test_load_by_folder_path_and_by_name_give_the_same_pack() -> None:
    (by_name,) = load_packs(["eu-core"])
    by_path = load_pack(rules_dir() / "eu-core")
    assert by_name == by_path


def test_single_file_pack(tmp_path: Path) -> None:
    _write(
        tmp_path / "mine.yaml",
        {"pack": {"name": "mine", "version": "2", "title": "Mine"}, "rules": [GOOD_RULE]},
    )
    (pack,) = load_packs(["mine.yaml"])
    assert (pack.name, pack.version, pack.source) == ("mine", "2", "mine.yaml")
    (rule,) = pack.rules
    assert (rule.id, rule.pack, rule.source, rule.phases) == ("mine/no-ga", "mine", "mine.yaml", ("before",))
    assert validate_file("mine.yaml") == []


def test_folder_pack_and_several_specs(tmp_path: Path) -> None:
    _folder_pack(tmp_path, GOOD_RULE)
    packs = load_packs(["mine", "eu-core"])
    assert [p.name for p in packs] == ["mine", "eu-core"]
    assert packs[0].rules[0].source == "mine/r0.yaml"


# --- The schema itself ----------------------------------------------------------------------------------


def _walk(node: Any, path: str, inside_contains: bool = False) -> list[str]:
    problems: list[str] = []
    if isinstance(node, dict):
        if "properties" in node and not inside_contains:
            if node.get("additionalProperties") is not False:
                problems.append(f"{path}: additionalProperties is not false")
            defs = rule_schema()["$defs"]
            for name, prop in node["properties"].items():
                target = (
                    defs[prop["$ref"].rsplit("/", 1)[1]] if "$ref" in prop and "title" not in prop else prop
                )
                if "title" not in target:
                    problems.append(f"{path}.{name}: no title")
        for key, value in node.items():
            problems += _walk(value, f"{path}.{key}", inside_contains or key == "contains")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            problems += _walk(value, f"{path}[{index}]", inside_contains)
    return problems


def test_schema_is_valid_versioned_closed_and_titled() -> None:
    schema = rule_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "https://consent-checker.invalid/schemas/rule/1.json"
    assert _walk(schema, "$") == []


# --- Errors: one line, file and JSON path ---------------------------------------------------------------


def test_bad_enum_names_file_and_path(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(severity="hgh"))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.severity: 'hgh' is not one of ['info', 'low', 'medium', 'high', 'critical']"
    )


def test_unknown_key_rejected(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(severty="high"))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.severty: unknown key 'severty' (allowed: id, title, severity, phases, subject, "
        "when, where, expect, message, references, description, fix, examples)"
    )


def test_unknown_key_deep_in_single_file_pack(tmp_path: Path) -> None:
    rule = _rule(where={"category": ["analytics"], "colour": "red"})
    _write(
        tmp_path / "mine.yaml",
        {"pack": {"name": "mine", "version": "1", "title": "M"}, "rules": [GOOD_RULE, rule]},
    )
    assert _error(["mine.yaml"]).startswith(
        "mine.yaml: at $.rules[1].where.colour: unknown key 'colour' (allowed: "
    )


def test_missing_property(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(references=None))
    assert _error(["mine"]) == "mine/r0.yaml: at $: 'references' is a required property"


def test_empty_references_rejected(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(references=[]))
    assert _error(["mine"]) == "mine/r0.yaml: at $.references: [] should be non-empty"


def test_missing_fail_example(tmp_path: Path) -> None:
    examples = [GOOD_RULE["examples"][0], {**GOOD_RULE["examples"][0], "title": "again"}]
    _folder_pack(tmp_path, _rule(examples=examples))
    assert _error(["mine"]) == "mine/r0.yaml: at $.examples: needs at least one example with outcome: fail"


def test_unknown_key_in_example_evidence(tmp_path: Path) -> None:
    example = {"title": "x", "outcome": "fail", "evidence": {"phases": {"before": {"cookie": []}}}}
    _folder_pack(tmp_path, _rule(examples=[GOOD_RULE["examples"][0], example]))
    assert _error(["mine"]).startswith(
        "mine/r0.yaml: at $.examples[1].evidence.phases.before.cookie: unknown key"
    )


def test_yaml_syntax_error(tmp_path: Path) -> None:
    _folder_pack(tmp_path)
    _write(tmp_path / "mine" / "broken.yaml", "id: [a, b\n")
    assert _error(["mine"]) == (
        "mine/broken.yaml: at $: invalid YAML at line 2, column 1: "
        "expected ',' or ']', but got '<stream end>'"
    )


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = yaml.safe_dump(GOOD_RULE, sort_keys=False) + "severity: low\n"
    _folder_pack(tmp_path)
    _write(tmp_path / "mine" / "dup.yaml", text)
    assert _error(["mine"]).startswith("mine/dup.yaml: at $: invalid YAML at line ")
    assert _error(["mine"]).endswith(": duplicate key 'severity'")


def test_missing_file_and_unknown_name() -> None:
    assert _error(["nowhere.yaml"]) == "nowhere.yaml: no such file or directory"
    assert _error(["rules/nowhere"]) == "rules/nowhere: no such file or directory"
    assert _error(["nowhere"]).startswith("nowhere: no such file, folder or builtin pack (builtin packs: ")


def test_folder_without_pack_yaml(tmp_path: Path) -> None:
    _write(tmp_path / "loose" / "r.yaml", GOOD_RULE)
    assert _error(["loose"]) == "loose/pack.yaml: no such file (a folder pack needs one)"


def test_rule_file_passed_as_pack(tmp_path: Path) -> None:
    _folder_pack(tmp_path, GOOD_RULE)
    assert _error(["mine/r0.yaml"]) == "mine/r0.yaml: this is one rule of a folder pack: pass the folder mine"


def test_duplicate_rule_id_across_files(tmp_path: Path) -> None:
    _folder_pack(tmp_path, GOOD_RULE, GOOD_RULE)
    assert _error(["mine"]) == "mine/r1.yaml: at $.id: duplicate rule id 'no-ga' (also in mine/r0.yaml)"


def test_duplicate_rule_id_in_one_file(tmp_path: Path) -> None:
    _write(
        tmp_path / "m.yaml", {"pack": {"name": "m", "version": "1", "title": "M"}, "rules": [GOOD_RULE] * 2}
    )
    assert _error(["m.yaml"]) == "m.yaml: at $.rules[1].id: duplicate rule id 'no-ga' (earlier in this file)"


def test_same_pack_twice(tmp_path: Path) -> None:
    _folder_pack(tmp_path, GOOD_RULE)
    assert _error(["mine", "mine"]) == "mine: pack name 'mine' is already loaded from mine"


def test_invalid_regex(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(where={"name": "(_ga"}))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.where.name: invalid regular expression '(_ga': "
        "missing ), unterminated subpattern at position 0"
    )


def test_selector_that_does_not_fit_the_subject(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(where={"key": "^_ga"}))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.where.key: 'key' does not apply to cookies "
        "(use: any_of, category, consent_gated, domain, identifier_like, include_deleted, lifetime_days, "
        "name, new_since_before, party, session, set_by, vendor)"
    )


def test_selector_inside_any_of_that_does_not_fit_the_subject(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(where={"any_of": [{"party": "first"}, {"host": "x"}]}))
    assert _error(["mine"]).startswith(
        "mine/r0.yaml: at $.where.any_of[1].host: 'host' does not apply to cookies (use: any_of, "
    )


def test_include_deleted_is_no_alternative(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(where={"any_of": [{"party": "first"}, {"include_deleted": False}]}))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.where.any_of[1].include_deleted: "
        "include_deleted goes beside any_of, not inside it"
    )


def test_operator_that_does_not_fit_the_subject(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(subject="requests", where={}, expect={"max_lifetime_days": 395}))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.expect.max_lifetime_days: "
        "operator 'max_lifetime_days' does not apply to requests (use: none)"
    )


def test_attribute_that_does_not_fit_the_subject(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(subject="banner", where={}, expect={"equals": {"layers": 1}}))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.expect.equals.layers: 'layers' is not an attribute of banner "
        "(use: accept_on_first_layer, detected, operable, reject_on_first_layer, settings_on_first_layer)"
    )


def test_done_is_an_attribute_and_a_placeholder_of_action(tmp_path: Path) -> None:
    rule = _rule(
        subject="action",
        phases=["reject"],
        where={},
        expect={"equals": {"done": True}},
        message="{intent} done: {done} ({note})",
        examples=[
            {"title": "done", "outcome": "pass", "evidence": {"phases": {"reject": {}}}},
            {
                "title": "not done",
                "outcome": "fail",
                "findings": 1,
                "messages": ["reject done: false (no reject control found)"],
                "evidence": {
                    "phases": {
                        "reject": {"action": {"done": False, "clicks": 0, "note": "no reject control found"}}
                    }
                },
            },
        ],
    )
    folder = _folder_pack(tmp_path, rule)
    assert validate_file(folder) == []
    wrong = _rule(subject="action", phases=["reject"], where={}, expect={"equals": {"secure": True}})
    _folder_pack(tmp_path, wrong)
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.expect.equals.secure: 'secure' is not an attribute of action "
        "(use: banner_gone, clicks, done, layers, left_page, reprompted, verified)"
    )


def test_done_of_another_subject_is_rejected(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(subject="banner", where={}, expect={"equals": {"done": True}}))
    assert _error(["mine"]) == (
        "mine/r0.yaml: at $.expect.equals.done: 'done' is not an attribute of banner "
        "(use: accept_on_first_layer, detected, operable, reject_on_first_layer, settings_on_first_layer)"
    )


def test_examples_can_time_clicks_and_requests(tmp_path: Path) -> None:
    rule = _rule(
        subject="requests",
        phases=["reject"],
        where={"category": ["analytics"]},
        message="{host} after reject",
        examples=[
            {
                "title": "before the click",
                "outcome": "pass",
                "evidence": {
                    "phases": {
                        "reject": {
                            "action": {"t_ms": 1000},
                            "requests": [
                                {"url": "https://t.example/a", "category": "analytics", "t_ms": 999}
                            ],
                        }
                    }
                },
            },
            {
                "title": "at the click",
                "outcome": "fail",
                "findings": 1,
                "messages": ["t.example after reject"],
                "evidence": {
                    "phases": {
                        "reject": {
                            "action": {"t_ms": 1000},
                            "requests": [
                                {"url": "https://t.example/a", "category": "analytics", "t_ms": 1000}
                            ],
                        }
                    }
                },
            },
        ],
    )
    assert validate_file(_folder_pack(tmp_path, rule)) == []


def test_action_has_no_before_phase(tmp_path: Path) -> None:
    rule = _rule(subject="action", phases=["reject", "before"], where={}, expect={"equals": {"layers": 1}})
    _folder_pack(tmp_path, rule)
    assert _error(["mine"]) == "mine/r0.yaml: at $.phases[1]: subject action has no before phase"


def test_two_operators_rejected(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(expect={"none": True, "max_lifetime_days": 1}))
    assert _error(["mine"]).startswith("mine/r0.yaml: at $.expect: ")


def test_unknown_placeholder(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(message="Cookie {cookie} before consent."))
    text = _error(["mine"])
    assert text.startswith(
        "mine/r0.yaml: at $.message: unknown placeholder {cookie} for cookies (use: {category}, "
    )
    assert "{limit}" not in text


def test_placeholder_with_format_spec(tmp_path: Path) -> None:
    _folder_pack(tmp_path, _rule(message="Cookie {name:>10}."))
    assert (
        _error(["mine"])
        == "mine/r0.yaml: at $.message: placeholder {name} takes no format spec or conversion"
    )


def test_example_count_contradicting_outcome(tmp_path: Path) -> None:
    examples = [{**GOOD_RULE["examples"][0], "findings": 2}, GOOD_RULE["examples"][1]]
    _folder_pack(tmp_path, _rule(examples=examples))
    assert _error(["mine"]) == "mine/r0.yaml: at $.examples[0].findings: outcome pass contradicts findings: 2"


def test_pack_without_rules(tmp_path: Path) -> None:
    _folder_pack(tmp_path)
    assert _error(["mine"]) == "mine/pack.yaml: at $: a pack needs at least one rule"


def test_pack_version_must_be_a_string(tmp_path: Path) -> None:
    _write(tmp_path / "m.yaml", "pack: {name: m, version: 1.0, title: M}\n")
    assert _error(["m.yaml"]) == "m.yaml: at $.pack.version: 1.0 is not of type 'string'"


# --- validate_file --------------------------------------------------------------------------------------


def test_validate_file_runs_examples(tmp_path: Path) -> None:
    wrong = {**GOOD_RULE["examples"][1], "messages": ["Something else."]}
    _folder_pack(tmp_path, _rule(examples=[GOOD_RULE["examples"][0], wrong]))
    load_packs(["mine"])  # the shape is valid: loading does not run examples
    assert validate_file("mine") == [
        "mine/r0.yaml: at $.examples[1]: messages differ: got ['Cookie _ga before consent.']"
    ]
    assert validate_file("mine/r0.yaml") == validate_file("mine")


def test_validate_file_with_a_pack_yml_header_file_by_file(tmp_path: Path) -> None:
    folder = _folder_pack(tmp_path, GOOD_RULE, name="yml")
    (folder / "pack.yaml").rename(folder / "pack.yml")
    wrong = {**GOOD_RULE["examples"][1], "messages": ["Something else."]}
    _write(folder / "r1.yaml", _rule(id="other", examples=[GOOD_RULE["examples"][0], wrong]))
    expected = ["yml/r1.yaml: at $.examples[1]: messages differ: got ['Cookie _ga before consent.']"]
    assert validate_file("yml") == expected
    assert validate_file("yml/pack.yml") == expected
    assert validate_file("yml/r0.yaml") == []
    assert validate_file("yml/r1.yaml") == expected
    assert _error(["yml/r0.yaml"]) == "yml/r0.yaml: this is one rule of a folder pack: pass the folder yml"
    assert [rule.id for rule in load_packs(["yml"])[0].rules] == ["yml/no-ga", "yml/other"]


def test_validate_file_reports_a_fail_example_that_passes(tmp_path: Path) -> None:
    example = {"title": "x", "outcome": "fail", "evidence": {"phases": {"before": {}}}}
    _write(
        tmp_path / "m.yaml",
        {
            "pack": {"name": "m", "version": "1", "title": "M"},
            "rules": [_rule(examples=[GOOD_RULE["examples"][0], example])],
        },
    )
    assert validate_file("m.yaml") == [
        "m.yaml: at $.rules[0].examples[1]: expected fail, the rule made no finding"
    ]


def test_validate_file_pack_yaml_and_errors(tmp_path: Path) -> None:
    _folder_pack(tmp_path, GOOD_RULE)
    assert validate_file("mine/pack.yaml") == []
    assert validate_file("absent.yaml") == ["absent.yaml: no such file or directory"]


def test_validate_builtin_copy_with_a_broken_rule(tmp_path: Path) -> None:
    shutil.copytree(rules_dir() / "eu-core", tmp_path / "copy")
    target = tmp_path / "copy" / "reject-on-first-layer.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("severity: high", "severity: hgh"), encoding="utf-8"
    )
    assert validate_file("copy") == [
        "copy/reject-on-first-layer.yaml: at $.severity: "
        "'hgh' is not one of ['info', 'low', 'medium', 'high', 'critical']"
    ]
