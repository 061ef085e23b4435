"""CMP recipes: the shipped ones validate; an invalid one fails with one line naming file and JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker.paths import rules_dir
from checker.recipes import SCHEMA_PATH, Check, Detect, RecipeError, Step, Verify, load_recipes

GOOD = """\
id: tiny
name: Tiny CMP
detect:
  selectors: ["#tiny"]
first_layer: "#tiny"
accept:
  - click: "#tiny .yes"
reject:
  - click: ["#tiny .no", "#tiny .never"]
    frame: "^https://cmp\\\\.example/"
"""


def test_schema_is_valid_and_titled() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False

    def check(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert "title" in sub, f"{where}.{name} has no title"
            for key, sub in node.items():
                check(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                check(sub, f"{where}[{i}]")

    check(schema, "$")


def test_shipped_recipes_validate() -> None:
    recipes = load_recipes()
    # The 20 CMPs of the domain reference (section 4), tried in file-name order.
    assert [r.id for r in recipes] == [
        "admiral",
        "axeptio",
        "borlabs",
        "complianz",
        "consentmanager",
        "cookiebot",
        "cookieyes",
        "didomi",
        "fundingchoices",
        "inmobi",
        "iubenda",
        "liveramp",
        "onetrust",
        "osano",
        "quantcast",
        "sirdata",
        "sourcepoint",
        "termly",
        "trustarc",
        "usercentrics",
    ]
    by_id = {r.id: r for r in recipes}
    onetrust = by_id["onetrust"]
    assert onetrust.detect == Detect(
        selectors=("#onetrust-banner-sdk", "#onetrust-pc-sdk"),
        scripts=("cookielaw.org", "onetrust.com", "cookiepro.com"),
        globals=("OneTrust", "OnetrustActiveGroups"),
    )
    assert onetrust.accept == (Step(kind="click", selectors=("#onetrust-accept-btn-handler",)),)
    assert onetrust.reject == (Step(kind="click", selectors=("#onetrust-reject-all-handler",)),)
    assert onetrust.source == str(rules_dir() / "cmp" / "onetrust.yaml")
    assert "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll" in by_id["cookiebot"].accept[0].selectors
    assert by_id["cookiebot"].reject_second_layer[0].selectors == (
        "#CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll",
    )
    assert by_id["didomi"].reject[0].selectors == (
        "#didomi-notice-disagree-button",
        ".didomi-continue-without-agreeing",
    )


def test_user_recipe_loads(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(GOOD, encoding="utf-8")
    (recipe,) = load_recipes([tmp_path])
    assert recipe.first_layer == ("#tiny",)
    assert recipe.reject == (
        Step(kind="click", selectors=("#tiny .no", "#tiny .never"), frame="^https://cmp\\.example/"),
    )


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            GOOD.replace('  - click: "#tiny .yes"', "  - click: 5"),
            "$.accept[0].click",
            "5 is not valid under any of the given schemas",
        ),
        (GOOD + "colour: blue\n", "$", "Additional properties are not allowed ('colour' was unexpected)"),
        (GOOD.replace("id: tiny", "id: Tiny CMP!"), "$.id", "does not match"),
        (
            GOOD.replace('    frame: "^https://cmp\\\\.example/"', '    frame: "(unclosed"'),
            "$.reject[0].frame",
            "invalid",
        ),
        (
            GOOD.replace('  selectors: ["#tiny"]', "  selectors: []"),
            "$.detect.selectors",
            "should be non-empty",
        ),
        (GOOD.split("reject:\n")[0], "$", "'reject' is a required property"),
    ],
)
def test_invalid_recipe_names_file_and_path(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecipeError) as info:
        load_recipes([tmp_path])
    line = str(info.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: {where}: ")
    assert message in line


def test_invalid_yaml_and_duplicates(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RecipeError, match=r"broken\.yaml: line \d+: invalid YAML"):
        load_recipes([bad])
    bad.unlink()
    # Plain yaml.safe_load kept the last `accept` silently; a recipe must not lose steps that way.
    bad.write_text(GOOD + 'accept:\n  - click: "#other"\n', encoding="utf-8")
    with pytest.raises(RecipeError) as info:
        load_recipes([bad])
    assert str(info.value) == f"{bad}: line 11: invalid YAML: duplicate key 'accept'"
    bad.write_bytes(GOOD.encode() + b"description: caf\xe9\n")
    with pytest.raises(RecipeError) as info:
        load_recipes([bad])
    position = len(GOOD.encode()) + len("description: caf")
    assert str(info.value) == (
        f"{bad}: $: cannot read: 'utf-8' codec can't decode byte 0xe9 in position {position}: "
        "invalid continuation byte"
    )
    bad.unlink()
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RecipeError) as info:
        load_recipes([tmp_path])
    assert (
        str(info.value)
        == f"{tmp_path / 'b.yaml'}: $.id: duplicate recipe id 'tiny' (also in {tmp_path / 'a.yaml'})"
    )


def test_verify_and_reopen_load(tmp_path: Path) -> None:
    text = GOOD + (
        "reopen:\n"
        "  - click: '#tiny-reopen'\n"
        "verify:\n"
        "  accept: [{cookie: tiny_consent, value: 'all=1'}]\n"
        "  reject: [{cookie: tiny_consent, value: 'all=0'}, {storage: '^tiny$', absent: true}]\n"
    )
    (tmp_path / "tiny.yaml").write_text(text, encoding="utf-8")
    (recipe,) = load_recipes([tmp_path])
    assert recipe.reopen == (Step(kind="click", selectors=("#tiny-reopen",)),)
    assert recipe.verify == Verify(
        accept=(Check(kind="cookie", name="tiny_consent", value="all=1"),),
        reject=(
            Check(kind="cookie", name="tiny_consent", value="all=0"),
            Check(kind="storage", name="^tiny$", absent=True),
        ),
    )
    described = [c.describe() for c in recipe.verify.reject]
    assert described == ["cookie tiny_consent ~ all=0", "no storage ^tiny$"]


def test_verify_with_a_bad_regex_names_its_path(tmp_path: Path) -> None:
    text = GOOD + "verify:\n  accept: [{cookie: x}]\n  reject: [{cookie: x, value: '(open'}]\n"
    (tmp_path / "tiny.yaml").write_text(text, encoding="utf-8")
    where = r"tiny\.yaml: \$\.verify\.reject\[0\]\.value: invalid regular expression"
    with pytest.raises(RecipeError, match=where):
        load_recipes([tmp_path])
