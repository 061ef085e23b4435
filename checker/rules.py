"""Load and validate rule packs: YAML files checked against the rule schema, errors fatal and one line."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from checker.datafiles import YamlError, json_path, one_line, read_yaml, schema_error
from checker.evaluate import REGEX_KEYS, SUBJECTS, evaluate_rule, example_site
from checker.models import Rule, RulePack
from checker.paths import rules_dir

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "rule.schema.json"
PACK_FILE = "pack.yaml"
_YAML_SUFFIXES = (".yaml", ".yml")


class RuleError(Exception):
    """An invalid rule pack; str() is one line naming the file and, when there is one, the JSON path."""

    def __init__(self, file: str, message: str, path: str | None = None) -> None:
        where = f"{file}: at {path}: " if path is not None else f"{file}: "
        super().__init__(where + one_line(message))


def _display(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- YAML -----------------------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    file = _display(path)
    try:
        return read_yaml(path)
    except FileNotFoundError:
        raise RuleError(file, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(file, f"cannot read: {exc}") from None
    except YamlError as exc:
        place = f" at line {exc.line}, column {exc.column}" if exc.line is not None else ""
        raise RuleError(file, f"invalid YAML{place}: {exc.problem}", "$") from None


# --- Schema ---------------------------------------------------------------------------------------------


@cache
def rule_schema() -> dict[str, Any]:
    """The rule-pack JSON Schema shipped with the package."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(definition: str | None) -> Draft202012Validator:
    """A validator for the whole pack file (None) or for one of the schema's `$defs`."""
    schema = rule_schema()
    if definition is not None:
        schema = {
            "$schema": schema["$schema"],
            "$id": schema["$id"],
            "$defs": schema["$defs"],
            "$ref": f"#/$defs/{definition}",
        }
    return Draft202012Validator(schema)


def _describe(error: ValidationError) -> tuple[str, str] | None:
    """A friendlier (JSON path, message) for some schema errors; None keeps jsonschema's own message."""
    path = json_path(error.absolute_path)
    if error.validator == "contains" and isinstance(error.validator_value, dict):
        outcome = error.validator_value.get("properties", {}).get("outcome", {}).get("const")
        return path, f"needs at least one example with outcome: {outcome}"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        unknown = sorted((k for k in error.instance if k not in known), key=str)  # YAML keys need not be str
        if unknown:
            allowed = ", ".join(known) or "none"
            key_path = json_path([*error.absolute_path, unknown[0]])
            return key_path, f"unknown key {unknown[0]!r} (allowed: {allowed})"
    return None


def _check_schema(document: Any, definition: str | None, file: str) -> None:
    error = schema_error(_validator(definition), document, _describe)
    if error is not None:
        path, message = error
        raise RuleError(file, message, path)


# --- Rules ----------------------------------------------------------------------------------------------


def _placeholders(template: str) -> list[tuple[str, str, str | None]]:
    """(name, format spec, conversion) of each placeholder; raises ValueError on a malformed template."""
    return [
        (name, spec or "", conversion)
        for _literal, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    ]


def _check_where(where: Mapping[str, Any], subject: str, file: str, path: str) -> None:
    """Every selector key fits the subject and every regex compiles, inside `any_of` alternatives too."""
    spec = SUBJECTS[subject]
    for key, value in where.items():
        if key not in spec.where:
            allowed = ", ".join(sorted(spec.where))
            raise RuleError(file, f"{key!r} does not apply to {subject} (use: {allowed})", f"{path}.{key}")
        if key == "any_of":
            for index, option in enumerate(value):
                if "include_deleted" in option:  # it says which cookies exist, no alternative of a match
                    at = f"{path}.any_of[{index}].include_deleted"
                    raise RuleError(file, "include_deleted goes beside any_of, not inside it", at)
                _check_where(option, subject, file, f"{path}.any_of[{index}]")
        if key in REGEX_KEYS:
            try:
                re.compile(value)
            except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}; 500 nested groups
                shown = value if len(value) <= 60 else value[:60] + "…"  # the reason must survive one_line
                raise RuleError(
                    file, f"invalid regular expression {shown!r}: {exc}", f"{path}.{key}"
                ) from None


def _check_rule_semantics(raw: Mapping[str, Any], file: str, path: str) -> None:
    """Checks the schema cannot express: which selectors, operators and placeholders fit the subject."""
    subject = raw["subject"]
    spec = SUBJECTS[subject]
    for index, phase in enumerate(raw["phases"]):
        if phase not in spec.phases:
            raise RuleError(file, f"subject {subject} has no {phase} phase", f"{path}.phases[{index}]")
    _check_where(raw.get("where", {}), subject, file, f"{path}.where")
    expect = raw["expect"]
    (operator,) = expect
    if operator not in spec.operators:
        allowed = ", ".join(sorted(spec.operators))
        raise RuleError(
            file,
            f"operator {operator!r} does not apply to {subject} (use: {allowed})",
            f"{path}.expect.{operator}",
        )
    for attr in expect.get("equals", {}):
        if attr not in spec.equals:
            allowed = ", ".join(sorted(spec.equals)) or "none"
            raise RuleError(
                file,
                f"{attr!r} is not an attribute of {subject} (use: {allowed})",
                f"{path}.expect.equals.{attr}",
            )
    allowed_fields = spec.fields | {"phase"} | ({"limit"} if operator == "max_lifetime_days" else set())
    try:
        placeholders = _placeholders(raw["message"])
    except ValueError as exc:
        raise RuleError(file, f"invalid message template: {exc}", f"{path}.message") from None
    for name, format_spec, conversion in placeholders:
        if name not in allowed_fields:
            allowed = ", ".join("{" + f + "}" for f in sorted(allowed_fields))
            raise RuleError(
                file, f"unknown placeholder {{{name}}} for {subject} (use: {allowed})", f"{path}.message"
            )
        if format_spec or conversion:
            raise RuleError(
                file, f"placeholder {{{name}}} takes no format spec or conversion", f"{path}.message"
            )
    for index, example in enumerate(raw["examples"]):
        count = example.get("findings")
        messages = example.get("messages")
        where = f"{path}.examples[{index}]"
        if count is not None and (count == 0) != (example["outcome"] == "pass"):
            raise RuleError(
                file, f"outcome {example['outcome']} contradicts findings: {count}", f"{where}.findings"
            )
        if messages is not None and count is not None and len(messages) != count:
            raise RuleError(file, f"{len(messages)} messages for findings: {count}", f"{where}.messages")
        if messages and example["outcome"] == "pass":
            raise RuleError(file, "a passing example has no messages", f"{where}.messages")


def _build_rule(raw: Mapping[str, Any], pack: str, file: str, path: str) -> Rule:
    _check_rule_semantics(raw, file, path)
    return Rule(
        id=f"{pack}/{raw['id']}",
        pack=pack,
        title=raw["title"],
        severity=raw["severity"],
        phases=tuple(raw["phases"]),
        subject=raw["subject"],
        where=dict(raw.get("where", {})),
        expect=dict(raw["expect"]),
        message=raw["message"],
        references=tuple(raw["references"]),
        description=raw["description"].strip(),
        fix=raw.get("fix", "").strip(),
        when=dict(raw.get("when", {})),
        source=file,
        examples=tuple(raw["examples"]),
    )


class _PackBuilder:
    """Collects rules for one pack, rejecting duplicate ids with a pointer to both files."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rules: list[Rule] = []
        self.id_sources: dict[str, str] = {}

    def add(self, raw: Mapping[str, Any], file: str, path: str) -> None:
        rule = _build_rule(raw, self.name, file, path)
        if rule.id in self.id_sources:
            other = self.id_sources[rule.id]
            also = "earlier in this file" if other == file else f"also in {other}"
            raise RuleError(file, f"duplicate rule id {raw['id']!r} ({also})", f"{path}.id")
        self.id_sources[rule.id] = file
        self.rules.append(rule)


def _rule_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix in _YAML_SUFFIXES and p.stem != "pack"
    )


def _header_path(folder: Path) -> Path | None:
    """The folder's pack header (pack.yaml, else pack.yml), or None when it has none."""
    for suffix in _YAML_SUFFIXES:
        candidate = folder / f"pack{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _load_pack_document(path: Path) -> tuple[dict[str, Any], str]:
    file = _display(path)
    document = _read_yaml(path)
    if (
        isinstance(document, dict)
        and "pack" not in document
        and "id" in document
        and _header_path(path.parent) is not None
    ):
        raise RuleError(file, f"this is one rule of a folder pack: pass the folder {_display(path.parent)}")
    _check_schema(document, None, file)
    return document, file


def _pack_from(header: Mapping[str, Any], builder: _PackBuilder, source: str, file: str) -> RulePack:
    if not builder.rules:
        raise RuleError(file, "a pack needs at least one rule", "$")
    return RulePack(
        name=header["name"],
        version=header["version"],
        rules=tuple(builder.rules),
        source=source,
        title=header["title"],
        description=header.get("description", "").strip(),
    )


def load_pack(path: Path) -> RulePack:
    """Load a folder pack (pack.yaml plus one file per rule) or a single-file pack; raises RuleError."""
    if path.is_dir():
        header_path = _header_path(path)
        if header_path is None:
            raise RuleError(_display(path / PACK_FILE), "no such file (a folder pack needs one)")
        document, header_file = _load_pack_document(header_path)
        builder = _PackBuilder(document["pack"]["name"])
        for index, raw in enumerate(document.get("rules", [])):
            builder.add(raw, header_file, f"$.rules[{index}]")
        for rule_path in _rule_files(path):
            file = _display(rule_path)
            raw = _read_yaml(rule_path)
            _check_schema(raw, "rule", file)
            builder.add(raw, file, "$")
        return _pack_from(document["pack"], builder, _display(path), header_file)
    if not path.exists():
        raise RuleError(_display(path), "no such file or directory")
    document, file = _load_pack_document(path)
    builder = _PackBuilder(document["pack"]["name"])
    for index, raw in enumerate(document.get("rules", [])):
        builder.add(raw, file, f"$.rules[{index}]")
    return _pack_from(document["pack"], builder, file, file)


def builtin_pack_names() -> tuple[str, ...]:
    """Names of the packs shipped under the rules folder (sub-folders that hold a pack.yaml or pack.yml)."""
    root = rules_dir()
    if not root.is_dir():
        return ()
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and _header_path(p) is not None))


def resolve_spec(spec: str) -> Path:
    """Turn a `--rules` value into a path: an existing file or folder, else a builtin pack name."""
    path = Path(spec)
    if path.exists():
        return path
    if spec in builtin_pack_names():
        return rules_dir() / spec
    if "/" in spec or "\\" in spec or spec.endswith(_YAML_SUFFIXES):
        raise RuleError(spec, "no such file or directory")
    builtin = ", ".join(builtin_pack_names()) or "none"
    raise RuleError(spec, f"no such file, folder or builtin pack (builtin packs: {builtin})")


def load_packs(specs: Sequence[str]) -> tuple[RulePack, ...]:
    """Load each `--rules` value (folder, file or builtin name) in order; RuleError on the first problem."""
    packs: list[RulePack] = []
    for spec in specs:
        pack = load_pack(resolve_spec(spec))
        for other in packs:
            if other.name == pack.name:
                raise RuleError(pack.source, f"pack name {pack.name!r} is already loaded from {other.source}")
        packs.append(pack)
    return tuple(packs)


# --- Validation with examples ---------------------------------------------------------------------------


def example_errors(rule: Rule, path: str = "$") -> list[str]:
    """Run the rule's examples; one line per example whose outcome differs from what it states."""
    errors: list[str] = []
    for index, example in enumerate(rule.examples):
        findings = evaluate_rule(rule, example_site(example))
        got = [f.message for f in findings]
        where = f"{rule.source}: at {path}.examples[{index}]: "
        expected_count = example.get("findings")
        if example["outcome"] == "pass" and findings:
            errors.append(where + one_line(f"expected pass, got {len(findings)} finding(s): {got[0]}"))
        elif example["outcome"] == "fail" and not findings:
            errors.append(where + "expected fail, the rule made no finding")
        elif expected_count is not None and expected_count != len(findings):
            errors.append(where + f"expected {expected_count} finding(s), got {len(findings)}")
        elif "messages" in example and example["messages"] != got:
            errors.append(where + one_line(f"messages differ: got {got!r}"))
    return errors


def _rule_paths(pack: RulePack) -> list[tuple[Rule, str]]:
    """Each rule with its JSON path inside its file: `$` for a rule file, `$.rules[i]` inside a pack file."""
    counters: dict[str, int] = {}
    out: list[tuple[Rule, str]] = []
    for rule in pack.rules:
        file_is_pack = rule.source == pack.source or Path(rule.source).stem == "pack"
        if file_is_pack:
            index = counters.get(rule.source, 0)
            counters[rule.source] = index + 1
            out.append((rule, f"$.rules[{index}]"))
        else:
            out.append((rule, "$"))
    return out


def validate_file(path: str | Path) -> list[str]:
    """Validate a pack folder, pack file, pack.yaml, single rule file or builtin pack name, examples
    included; [] when valid."""
    try:
        target = resolve_spec(str(path))
        if target.is_file() and target.stem != "pack":
            header_path = _header_path(target.parent)
            if header_path is not None:
                return _validate_rule_file(target, _pack_name(header_path, target.parent.name))
            raw = _read_yaml(target)
            if isinstance(raw, dict) and "pack" not in raw and "id" in raw:
                return _validate_rule_file(target, target.parent.name or "rules")  # a rule on its own
        if target.is_file() and target.stem == "pack":
            target = target.parent
        pack = load_pack(target)
    except RuleError as exc:
        return [str(exc)]
    return [error for rule, rule_path in _rule_paths(pack) for error in example_errors(rule, rule_path)]


def _pack_name(header_path: Path, fallback: str) -> str:
    """The name a folder pack's header gives, or `fallback` when the header cannot be read."""
    try:
        return str(_read_yaml(header_path)["pack"]["name"])
    except (RuleError, KeyError, TypeError):
        return fallback


def _validate_rule_file(path: Path, pack_name: str) -> list[str]:
    """One rule file: its schema, the checks the schema cannot express, and its examples."""
    file = _display(path)
    raw = _read_yaml(path)
    _check_schema(raw, "rule", file)
    return example_errors(_build_rule(raw, pack_name, file, "$"))
