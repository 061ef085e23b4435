"""Tests for checker.datafiles: one-line messages, strict YAML, the schema error worth showing."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from checker.datafiles import YamlError, one_line, parse_yaml, read_yaml, schema_error

SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "items": {"type": "array", "items": {"type": "integer"}}},
    "required": ["name"],
    "additionalProperties": False,
}


def test_one_line_collapses_whitespace_and_cuts_at_240() -> None:
    assert one_line("  a\n  b\t\tc \r\n") == "a b c"
    assert one_line("x" * 240) == "x" * 240
    assert one_line("x" * 241) == "x" * 239 + "…"
    assert len(one_line("word " * 100)) == 240


def test_one_line_limit() -> None:
    assert one_line("abcdef", limit=4) == "abc…"
    assert one_line("y" * 1000 + "\nz", limit=None) == "y" * 1000 + " z"


def test_parse_yaml_accepts_json_and_yaml() -> None:
    assert parse_yaml('{"a": [1, 2]}') == {"a": [1, 2]}
    assert parse_yaml("a:\n  b: 1\nc: [x]\n") == {"a": {"b": 1}, "c": ["x"]}
    assert parse_yaml("") is None


def test_parse_yaml_rejects_a_duplicate_key_with_its_position() -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (info.value.problem, info.value.line, info.value.column) == ("duplicate key 'c'", 4, 3)
    assert str(info.value) == "duplicate key 'c'"


def test_parse_yaml_keeps_merge_keys_and_same_keys_in_different_mappings() -> None:
    text = "base: &b {x: 1}\none: {<<: *b, y: 2}\ntwo: {x: 3}\nthree: {<<: *b, x: 4}\n"
    assert parse_yaml(text) == {"base": {"x": 1}, "one": {"x": 1, "y": 2}, "two": {"x": 3}, "three": {"x": 4}}


def test_parse_yaml_syntax_error_is_one_line_with_position() -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml("id: [a, b\n")
    assert (info.value.problem, info.value.line, info.value.column) == (
        "expected ',' or ']', but got '<stream end>'",
        2,
        1,
    )


def test_parse_yaml_unhashable_key_is_a_yaml_error() -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml("? [a]\n: 1\n")
    assert info.value.problem == "found unhashable key"
    assert info.value.line == 1


def test_parse_yaml_never_builds_python_objects() -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml("!!python/object/apply:os.system ['true']\n")
    assert "could not determine a constructor" in info.value.problem
    assert "\n" not in info.value.problem


def test_read_yaml_ignores_a_bom_and_lets_read_errors_through(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml(path) == {"a": 1}
    with pytest.raises(FileNotFoundError):
        read_yaml(tmp_path / "absent.yaml")
    path.write_bytes(b"a: \xff\n")
    with pytest.raises(UnicodeDecodeError):
        read_yaml(path)


def test_schema_error_none_when_valid() -> None:
    assert schema_error(Draft202012Validator(SCHEMA), {"name": "x", "items": [1]}) is None


def test_schema_error_picks_the_best_match_with_its_json_path() -> None:
    validator = Draft202012Validator(SCHEMA)
    assert schema_error(validator, {"name": "x", "items": [1, "two"]}) == (
        "$.items[1]",
        "'two' is not of type 'integer'",
    )
    assert schema_error(validator, {}) == ("$", "'name' is a required property")


def test_schema_error_message_is_one_line_and_cut() -> None:
    error = schema_error(Draft202012Validator(SCHEMA), {"name": "x", "items": ["b   " * 200]})
    assert error is not None
    path, text = error
    assert path == "$.items[0]"
    assert text == "'" + "b " * 119 + "…"  # runs of spaces collapsed, then cut
    assert len(text) == 240


def test_schema_error_describe_can_reword_or_keep() -> None:
    def describe(error: ValidationError) -> tuple[str, str] | None:
        if error.validator == "additionalProperties":
            return f"{error.json_path}.extra", "unknown key\n  'extra'"
        return None

    validator = Draft202012Validator(SCHEMA)
    assert schema_error(validator, {"name": "x", "extra": 1}, describe) == ("$.extra", "unknown key 'extra'")
    assert schema_error(validator, {"name": 1}, describe) == ("$.name", "1 is not of type 'string'")
