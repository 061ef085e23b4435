"""Load and validate CMP recipes: YAML data that says how to detect a CMP and click its buttons."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jsonschema

from checker.datafiles import YamlError, read_yaml, schema_error
from checker.paths import rules_dir

StepKind = Literal["click", "wait_for", "uncheck"]
CheckKind = Literal["cookie", "storage"]
SCHEMA_PATH = Path(__file__).parent / "schemas" / "cmp-recipe.schema.json"


class RecipeError(Exception):
    """An invalid recipe; the message is one line naming the file and the JSON path."""


@dataclass(frozen=True)
class Step:
    """One recipe step: click, wait for, or uncheck the first visible match of some selectors."""

    kind: StepKind
    selectors: tuple[str, ...]
    frame: str | None = None  # regex on the frame URL; None: the frame the banner was found in
    shadow_host: str | None = None
    optional: bool = False

    def describe(self) -> str:
        """Short human text such as "click #accept"."""
        inside = f"{self.shadow_host} >> " if self.shadow_host else ""
        return f"{self.kind} {inside}{' | '.join(self.selectors)}"


@dataclass(frozen=True)
class Detect:
    """Signals that a CMP is present on the page."""

    selectors: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    globals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """One sign that a choice took: a consent cookie or storage key, with a value pattern, or absent."""

    kind: CheckKind
    name: str  # regular expression the whole cookie name / storage key must match
    value: str | None = None  # regular expression searched in the value
    absent: bool = False

    def describe(self) -> str:
        """Short human text such as "cookie OptanonConsent ~ groups=.*C0004%3A0"."""
        if self.absent:
            return f"no {self.kind} {self.name}"
        return f"{self.kind} {self.name}" + (f" ~ {self.value}" if self.value else "")


@dataclass(frozen=True)
class Verify:
    """Checks that must all hold after accept-all, and after reject-all (or a withdrawal)."""

    accept: tuple[Check, ...]
    reject: tuple[Check, ...]


@dataclass(frozen=True)
class Recipe:
    """One CMP recipe."""

    id: str
    name: str
    detect: Detect
    first_layer: tuple[str, ...]
    accept: tuple[Step, ...]
    reject: tuple[Step, ...]
    settings: tuple[Step, ...] = ()
    reject_second_layer: tuple[Step, ...] = ()
    save: tuple[Step, ...] = ()
    reopen: tuple[Step, ...] = ()
    verify: Verify | None = None
    description: str = ""
    references: tuple[str, ...] = ()
    source: str = ""

    def probe(self) -> dict[str, Any]:
        """The JSON the in-page detector needs to check this recipe."""
        return {
            "id": self.id,
            "selectors": list(self.detect.selectors),
            "scripts": list(self.detect.scripts),
            "globals": list(self.detect.globals),
            "first_layer": list(self.first_layer),
        }


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _selectors(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _regex(pattern: str | None, where: str, source: str) -> str | None:
    """The pattern itself once it compiles; an invalid one is a RecipeError naming where it is."""
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}; 500 nested groups
            raise RecipeError(f"{source}: $.{where}: invalid regular expression: {exc}") from None
    return pattern


def _checks(raw: list[dict[str, Any]], where: str, source: str) -> tuple[Check, ...]:
    checks: list[Check] = []
    for i, item in enumerate(raw):
        kind: CheckKind = "cookie" if "cookie" in item else "storage"
        checks.append(
            Check(
                kind=kind,
                name=str(_regex(item[kind], f"{where}[{i}].{kind}", source)),
                value=_regex(item.get("value"), f"{where}[{i}].value", source),
                absent=bool(item.get("absent", False)),
            )
        )
    return tuple(checks)


def _verify(raw: dict[str, Any] | None, source: str) -> Verify | None:
    if raw is None:
        return None
    return Verify(
        accept=_checks(raw["accept"], "verify.accept", source),
        reject=_checks(raw["reject"], "verify.reject", source),
    )


def _steps(raw: list[dict[str, Any]], where: str, source: str) -> tuple[Step, ...]:
    steps: list[Step] = []
    for i, item in enumerate(raw):
        kind: StepKind = "click" if "click" in item else "wait_for" if "wait_for" in item else "uncheck"
        frame = _regex(item.get("frame"), f"{where}[{i}].frame", source)
        steps.append(
            Step(
                kind=kind,
                selectors=_selectors(item[kind]),
                frame=frame,
                shadow_host=item.get("shadow_host"),
                optional=bool(item.get("optional", False)),
            )
        )
    return tuple(steps)


def parse_recipe(data: Any, source: str) -> Recipe:
    """Validate one recipe document against the schema and build a Recipe."""
    error = schema_error(_validator(), data)
    if error is not None:
        where, message = error
        raise RecipeError(f"{source}: {where}: {message}")
    det = data["detect"]
    return Recipe(
        id=data["id"],
        name=data["name"],
        detect=Detect(
            selectors=tuple(det.get("selectors", ())),
            scripts=tuple(det.get("scripts", ())),
            globals=tuple(det.get("globals", ())),
        ),
        first_layer=_selectors(data["first_layer"]),
        accept=_steps(data["accept"], "accept", source),
        reject=_steps(data["reject"], "reject", source),
        settings=_steps(data.get("settings", []), "settings", source),
        reject_second_layer=_steps(data.get("reject_second_layer", []), "reject_second_layer", source),
        save=_steps(data.get("save", []), "save", source),
        reopen=_steps(data.get("reopen", []), "reopen", source),
        verify=_verify(data.get("verify"), source),
        description=" ".join(str(data.get("description", "")).split()),
        references=tuple(data.get("references", ())),
        source=source,
    )


def load_recipe_file(path: Path) -> Recipe:
    """Read and validate one YAML recipe file."""
    try:
        data = read_yaml(path)  # duplicate keys are an error, not silently "the last one wins"
    except YamlError as exc:
        where = f"line {exc.line}" if exc.line is not None else "$"
        raise RecipeError(f"{path}: {where}: invalid YAML: {exc.problem}") from None
    except OSError as exc:
        raise RecipeError(f"{path}: $: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise RecipeError(f"{path}: $: cannot read: {exc}") from None
    return parse_recipe(data, str(path))


def default_recipe_dirs() -> tuple[Path, ...]:
    """The shipped recipe folder."""
    return (rules_dir() / "cmp",)


def load_recipes(dirs: Iterable[Path | str] | None = None) -> tuple[Recipe, ...]:
    """Load every *.yaml / *.yml recipe under the given folders (or files); ids must be unique."""
    paths: list[Path] = []
    for entry in default_recipe_dirs() if dirs is None else dirs:
        p = Path(entry)
        if p.is_dir():
            paths.extend(sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file()))
        elif p.is_file():
            paths.append(p)
        else:
            raise RecipeError(f"{p}: $: no such recipe file or folder")
    recipes: list[Recipe] = []
    seen: dict[str, str] = {}
    for path in paths:
        recipe = load_recipe_file(path)
        if recipe.id in seen:
            raise RecipeError(f"{path}: $.id: duplicate recipe id {recipe.id!r} (also in {seen[recipe.id]})")
        seen[recipe.id] = str(path)
        recipes.append(recipe)
    return tuple(recipes)
