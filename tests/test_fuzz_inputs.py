"""Fuzzing every input file: rule packs, catalogs, CMP recipes, challenge signatures and evidence load or
fail with the project's own one-line error, never another exception; what loads classifies and evaluates."""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.catalog import (
    Catalog,
    CatalogError,
    load_builtin_catalog,
    load_catalog_file,
    load_catalogs,
    load_ocd_csv,
)
from checker.challenges import ChallengeError, load_signature_file, load_signatures
from checker.classify import classify_evidence
from checker.datafiles import json_path
from checker.evaluate import evaluate
from checker.models import (
    Banner,
    BrowserInfo,
    Click,
    ConsentAction,
    Cookie,
    Document,
    Evidence,
    PhaseSnapshot,
    RefusedCookie,
    Request,
    RulePack,
    SiteEvidence,
    StorageItem,
)
from checker.paths import rules_dir
from checker.pipeline import InputError, load_evidence
from checker.recipes import RecipeError, load_recipe_file, load_recipes
from checker.rules import RuleError, load_packs, validate_file
from checker.serialize import to_dict
from checker.value_facts import value_facts

T = TypeVar("T")


def _fuzz(examples: int) -> settings:
    """Reproducible in CI (derandomize), no timing flakiness (deadline), sized to keep the file fast."""
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,  # derandomized: the same examples every run, nothing to replay
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- The outcome every input must have ---------------------------------------------------------------------


def loads_or_fails(error: type[Exception], call: Callable[[], T]) -> T | None:
    """Run a loader: its result, or None when it raised `error` with a one-line message.

    Any other exception propagates and fails the test (hypothesis then shrinks the input).
    """
    try:
        return call()
    except error as exc:
        assert_one_line(str(exc))
        return None


def assert_one_line(message: str) -> None:
    assert message.strip(), "empty error message"
    assert len(message.splitlines()) == 1, f"error message is not one line: {message!r}"


# --- Random values ------------------------------------------------------------------------------------------

NASTY_STRINGS = (
    "",
    " ",
    "(",
    "[",
    ")",
    "*",
    "+",
    "?",
    "\\",
    "a{99999999999}",  # re: OverflowError, not re.error
    "(" * 300 + ")" * 300,  # re: RecursionError when deep enough
    "(?P<x>a)(?P=y)",
    "{",
    "}",
    "{name",
    "{0}",
    "{name!r}",
    "{name:>10}",
    "{}",
    "{{}}",
    "%s",
    "\x00",
    "\x1b[31m",
    "line\nbreak",
    "cr\rhere",
    "\u2028",
    "\u202e",
    "é",
    "日本語",
    "🍪",
    "x" * 20_000,
    "..",
    "../../etc/passwd",
    "/etc/passwd",
    "http://[",
    "https://[::1",
    "http://exa mple.com/",
    "//",
    "null",
    "about:blank",
    "data:,x",
    "~",
    "*",
    "&a",
    "!!python/object:os.system",
    "- a",
    "a: b",
    "#",
    "'",
    '"',
    "\t",
    "necessary",
    "analytics",
    "marketing",
    "before",
    "accept",
    "reject",
    "cookies",
    "requests",
    "storage",
    "banner",
    "action",
)
# Keys the schemas know, so replaced mappings reach past the first "unknown key" check.
KNOWN_KEYS = (
    *("id", "title", "severity", "phases", "subject", "where", "expect", "message", "references"),
    *("description", "examples", "when", "outcome", "findings", "messages", "evidence", "none", "equals"),
    *("max_lifetime_days", "category", "party", "vendor", "name", "domain", "set_by", "url", "host", "key"),
    *("origin", "kind", "cmp", "any_of", "lifetime_days", "min", "max", "identifier_like", "consent_gated"),
    *("include_deleted", "banner", "detected", "cookies", "requests", "storage", "action", "done"),
    *("layers", "clicks", "catalog", "version", "trackers", "lifetime", "domains", "source", "detect"),
    *("selectors", "scripts", "globals", "first_layer", "accept", "reject", "settings"),
    *("reject_second_layer", "save", "click", "wait_for", "uncheck", "frame", "shadow_host", "optional"),
    *("pack", "rules", "value_facts", "t_ms"),
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(NASTY_STRINGS),
)
KEYS = st.one_of(
    st.sampled_from(KNOWN_KEYS),
    st.text(max_size=12),
    st.sampled_from(NASTY_STRINGS[:40]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)

# Raw YAML put in place of a value: what a dump of Python values never writes.
RAW_YAML = (
    "1" * 5000,  # int() refuses more than 4300 digits
    "2023-13-45",  # looks like a YAML timestamp, is no date
    "2023-02-30",
    "2001-12-14t21:59:43.10-05:00",
    "[" * 800 + "]" * 800,  # nesting deeper than the recursion limit
    "&a [*a]",  # a list that contains itself
    "&b {k: *b}",
    "*undefined",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!timestamp 2001-02-30",
    "!!float x",
    "!!int x",
    "!!python/name:os.system",
    "{? [a, b]: c}",
    "0x1F",
    "0o17",
    ".inf",
    "-.inf",
    ".nan",
    "~",
    "'unterminated",
    '"\\x"',
    "|\n  block\n  text",
    "{a: 1, a: 2}",
    "<<: *nope",
)
# Whole lines inserted into a YAML text.
RAW_LINES = (
    "pack: {name: x, version: '1', title: x}",
    "id: duplicate",
    "<<: {extra: 1}",
    "? complex key",
    "--- # a second document",
    "...",
    "%YAML 1.1",
    "!!map {}",
    "\t tab indented: 1",
    "\x00",
    "\ufeff",
)


# --- Mutations ----------------------------------------------------------------------------------------------

TreePath = tuple[Any, ...]


def _paths(node: Any, prefix: TreePath = ()) -> Iterator[TreePath]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _at(doc: Any, path: TreePath) -> Any:
    for step in path:
        doc = doc[step]
    return doc


TREE_OPS = ("drop", "replace", "nasty", "nasty", "rename", "wrap", "repeat")


def mutate_tree(data: st.DataObject, doc: Any) -> Any:
    """Drop keys, replace values (by any value, or a string by a nasty one), rename keys, wrap or repeat
    items: one to three times."""
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="tree mutations")):
        op = data.draw(st.sampled_from(TREE_OPS), label="op")
        paths = list(_paths(doc))
        if op == "nasty":
            paths = [p for p in paths if p and isinstance(_at(doc, p), str)] or paths
        path = data.draw(st.sampled_from(paths), label="path")
        if op == "nasty" and path:
            _at(doc, path[:-1])[path[-1]] = data.draw(st.sampled_from(NASTY_STRINGS), label="nasty")
            continue
        if not path:
            if op == "replace":
                doc = data.draw(JSONISH, label="document")
            continue
        parent, key = _at(doc, path[:-1]), path[-1]
        if op == "drop":
            del parent[key]
        elif op == "replace":
            parent[key] = data.draw(JSONISH, label="value")
        elif op == "rename" and isinstance(parent, dict):
            parent[data.draw(KEYS, label="new key")] = parent.pop(key)
        elif op == "wrap":
            parent[key] = [parent[key]] if data.draw(st.booleans()) else {"x": parent[key]}
        elif op == "repeat" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    return doc


_VALUE_LINE = re.compile(r"^(\s*(?:- )?[\w-]+:) (.+)$")


def mutate_text(data: st.DataObject, text: str) -> str:
    """Text edits a tree cannot make: duplicate keys, raw YAML values, stray lines, truncation."""
    for _ in range(data.draw(st.integers(min_value=0, max_value=2), label="text mutations")):
        lines = text.splitlines(keepends=True) or [""]
        index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1), label="line")
        op = data.draw(st.sampled_from(["truncate", "duplicate", "raw value", "insert"]), label="text op")
        if op == "truncate":
            text = text[: data.draw(st.integers(min_value=0, max_value=len(text)), label="cut")]
        elif op == "duplicate":  # a key given twice (or an item repeated)
            lines.insert(index, lines[index])
            text = "".join(lines)
        elif op == "raw value":
            values = [i for i, line in enumerate(lines) if _VALUE_LINE.match(line.rstrip("\n"))]
            if values:
                at = data.draw(st.sampled_from(values), label="value line")
                raw = data.draw(st.sampled_from(RAW_YAML), label="raw")
                key = _VALUE_LINE.match(lines[at].rstrip("\n")).group(1)  # type: ignore[union-attr]
                lines[at] = f"{key} {raw}\n"
                text = "".join(lines)
        else:
            indent = re.match(r"\s*", lines[index]).group()  # type: ignore[union-attr]
            lines.insert(index, indent + data.draw(st.sampled_from(RAW_LINES), label="line text") + "\n")
            text = "".join(lines)
    return text


INVALID_UTF8 = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80abc")


def to_bytes(data: st.DataObject, text: str) -> bytes:
    """The file's bytes: UTF-8, with a BOM, in another encoding, or with invalid UTF-8 spliced in."""
    raw = text.encode("utf-8")
    op = data.draw(st.sampled_from(["utf-8"] * 6 + ["bom", "utf-16", "latin-1", "invalid"]), label="bytes")
    if op == "bom":
        return b"\xef\xbb\xbf" + raw
    if op == "utf-16":
        return text.encode("utf-16")
    if op == "latin-1":
        return text.encode("latin-1", errors="replace")
    if op == "invalid":
        at = data.draw(st.integers(min_value=0, max_value=len(raw)), label="splice at")
        return raw[:at] + data.draw(st.sampled_from(INVALID_UTF8), label="bad bytes") + raw[at:]
    return raw


def dump_yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)


def mutated_yaml(data: st.DataObject, doc: Any) -> bytes:
    """A mutated version of a real document, as the bytes of a YAML file."""
    if data.draw(st.booleans(), label="mutate tree"):
        doc = mutate_tree(data, doc)
    return to_bytes(data, mutate_text(data, dump_yaml(doc)))


ARBITRARY_TEXT = st.one_of(
    st.text(max_size=300),
    JSONISH.map(dump_yaml),
    JSONISH.map(lambda doc: json.dumps(doc, ensure_ascii=False)),
    st.lists(st.sampled_from(RAW_YAML + RAW_LINES), max_size=4).map("\n".join),
)
ARBITRARY_BYTES = st.one_of(st.binary(max_size=300), ARBITRARY_TEXT.map(lambda text: text.encode("utf-8")))


# --- The real files -----------------------------------------------------------------------------------------


def _read_texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}


@functools.cache
def eu_core_texts() -> dict[str, str]:
    return _read_texts(rules_dir() / "eu-core")


@functools.cache
def recipe_texts() -> dict[str, str]:
    return _read_texts(rules_dir() / "cmp")


@functools.cache
def catalog_texts() -> dict[str, str]:
    return _read_texts(rules_dir() / "catalogs")


@functools.cache
def small_catalog() -> dict[str, Any]:
    """The bundled catalogs cut to a few entries each (parsing all of them per example is slow)."""
    cookies = yaml.safe_load(catalog_texts()["cookies.yaml"])
    trackers = yaml.safe_load(catalog_texts()["trackers.yaml"])
    return {
        "catalog": cookies["catalog"],
        "cookies": cookies["cookies"][:12],
        "trackers": trackers["trackers"][:8],
    }


@functools.cache
def single_file_pack() -> dict[str, Any]:
    """Three eu-core rules as a single-file pack."""
    texts = eu_core_texts()
    header = yaml.safe_load(texts["pack.yaml"])
    rules = [yaml.safe_load(texts[name]) for name in sorted(texts) if name != "pack.yaml"][:3]
    return {"pack": header["pack"], "rules": rules}


OCD_CSV = (
    "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,"
    "User Privacy & GDPR Rights Portals,Wildcard match\n"
    "1,Google Analytics,Analytics,_ga,,Client id,2 years,Google,https://policies.google.com,0\n"
    "2,Meta,Marketing,_fbp,,Browser id,3 months,Meta,https://www.facebook.com/policy,0\n"
    "3,Example,Functional,pref_,,Preferences,1 year,Example,,1\n"
    "4,Shop,Security,__Host-csrf,,CSRF token,Session,Shop,,0\n"
)


@functools.cache
def eu_core() -> tuple[RulePack, ...]:
    return load_packs(["eu-core"])


@functools.cache
def builtin_catalog() -> Catalog:
    return load_builtin_catalog()


# --- A valid evidence document ------------------------------------------------------------------------------

SITE_URL = "https://www.example-news.com/"
GTAG = "https://www.googletagmanager.com/gtag/js?id=G-1"


def _cookie(name: str, domain: str, value: str, **kw: Any) -> Cookie:
    return Cookie(name=name, domain=domain, value_facts=value_facts(value), size=len(name) + len(value), **kw)


def _phase(phase: str, clicked: bool, cookies: tuple[Cookie, ...], **kw: Any) -> PhaseSnapshot:
    action = None
    if phase != "before":
        click = Click(text=f"{phase} all", selector=f"#{phase}", frame_url=SITE_URL, t_ms=900)
        action = ConsentAction(
            intent=phase,  # type: ignore[arg-type]
            done=clicked,
            cmp="onetrust",
            clicks=(click,) if clicked else (),
            layers=1,
            banner_gone=clicked,
        )
    return PhaseSnapshot(
        phase=phase,  # type: ignore[arg-type]
        url=SITE_URL,
        final_url=SITE_URL,
        started_at="2025-03-01T10:00:00Z",
        duration_ms=3000,
        banner=Banner(detected=True, cmp="onetrust", frame_url=SITE_URL, accept_on_first_layer=True),
        action=action,
        cookies=cookies,
        document=Document(status=200, url=SITE_URL, title="News", text_chars=4000, media=3),
        **kw,
    )


def valid_evidence() -> Evidence:
    ga = _cookie(
        "_ga",
        ".example-news.com",
        "GA1.2.1234567890.1700000000",
        lifetime_days=400.0,
        declared_lifetime_days=730.0,
        session=False,
        set_via="js",
        set_by=GTAG,
    )
    sid = _cookie("sid", "www.example-news.com", "9f86d081884c7d659a2feaa0c55ad015", http_only=True)
    visitor = _cookie(
        "vid", ".example-news.com", "f47ac10b-58cc-4372-a567-0e02b2c3d479", lifetime_days=365.0, session=False
    )
    ide = _cookie("IDE", ".doubleclick.net", "AHWqTUk", lifetime_days=390.0, session=False, same_site="None")
    requests = (
        Request(
            url=SITE_URL,
            method="GET",
            resource_type="document",
            status=200,
            frame_url=None,
            initiator=None,
            t_ms=0,
        ),
        Request(
            url=GTAG,
            method="GET",
            resource_type="script",
            status=200,
            frame_url=SITE_URL,
            initiator=SITE_URL,
            t_ms=300,
        ),
        Request(
            url="https://www.google-analytics.com/g/collect?v=2",
            method="POST",
            resource_type="ping",
            status=204,
            frame_url=SITE_URL,
            initiator=GTAG,
            t_ms=1200,
        ),
    )
    storage = (
        StorageItem(
            origin="https://www.example-news.com", kind="local", key="_gcl_ls", size=40, value_sha256="a" * 64
        ),
    )
    refused = (
        RefusedCookie(
            name="IDE",
            url="https://ad.doubleclick.net/x",
            reasons=("ThirdPartyPhaseout",),
            domain=".doubleclick.net",
        ),
    )
    site = SiteEvidence(
        url=SITE_URL,
        status="ok",
        phases={
            "before": _phase("before", False, (ga, sid, visitor), requests=requests, storage=storage),
            "accept": _phase(
                "accept", True, (ga, sid, visitor, ide), requests=requests, refused_cookies=refused
            ),
            "reject": _phase("reject", True, (sid,), requests=requests[:1]),
        },
    )
    down = SiteEvidence(url="https://down.example.org/", status="error", error="net::ERR_NAME_NOT_RESOLVED")
    return Evidence(
        schema_version="1",
        tool={"name": "consent-checker", "version": "0.1.0"},
        browser=BrowserInfo(
            name="chromium",
            version="131.0",
            executable="/usr/bin/chromium",
            headless=True,
            third_party_cookies="allowed",
            cookie_policy="allowed",
        ),
        started_at="2025-03-01T10:00:00Z",
        options={"timeout": 30, "locale": "en-GB"},
        sites=(site, down),
    )


@functools.cache
def evidence_document() -> dict[str, Any]:
    document: dict[str, Any] = to_dict(valid_evidence())
    return document


def judge_all(evidence: Evidence, catalog: Catalog, packs: tuple[RulePack, ...]) -> None:
    """Classification and evaluation of loaded inputs must not raise."""
    classified = classify_evidence(evidence, catalog)
    for site in classified.sites:
        evaluate(packs, site)


# --- Rule packs ---------------------------------------------------------------------------------------------


def _write_folder_pack(folder: Path, texts: dict[str, str], name: str, content: bytes, other: str) -> Path:
    """pack.yaml, the fuzzed file and one other rule of eu-core (the whole pack is slow to parse)."""
    folder.mkdir()
    for file in sorted({"pack.yaml", other}):
        (folder / file).write_text(texts[file], encoding="utf-8")
    (folder / name).write_bytes(content)
    return folder


def check_rule_pack(target: Path, *files: Path) -> None:
    """Load and validate a pack the ways the CLI does; evaluate it when it loads."""
    packs = loads_or_fails(RuleError, lambda: load_packs([str(target)]))
    for path in (target, *files):
        for message in validate_file(path):
            assert_one_line(message)
    if packs is not None:
        judge_all(valid_evidence(), builtin_catalog(), packs)


@_fuzz(80)
@given(st.data())
def test_mutated_folder_pack(data: st.DataObject) -> None:
    texts = eu_core_texts()
    name = data.draw(st.sampled_from(sorted(texts)), label="fuzzed file")
    other = data.draw(st.sampled_from(sorted(set(texts) - {"pack.yaml"})), label="other rule")
    content = mutated_yaml(data, yaml.safe_load(texts[name]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write_folder_pack(Path(tmp) / "fuzzed", texts, name, content, other)
        check_rule_pack(folder, folder / name)


@_fuzz(40)
@given(st.data())
def test_mutated_single_file_pack(data: st.DataObject) -> None:
    content = mutated_yaml(data, single_file_pack())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack-file.yaml"
        path.write_bytes(content)
        check_rule_pack(path)


# --- Catalogs -----------------------------------------------------------------------------------------------


def check_catalog(path: Path) -> None:
    catalog = loads_or_fails(CatalogError, lambda: load_catalog_file(path))
    merged = loads_or_fails(CatalogError, lambda: load_catalogs([path]))
    assert (catalog is None) == (merged is None)
    if merged is not None:
        judge_all(valid_evidence(), merged, eu_core())


@_fuzz(70)
@given(st.data())
def test_mutated_catalog(data: st.DataObject) -> None:
    content = mutated_yaml(data, small_catalog())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.yaml"
        path.write_bytes(content)
        check_catalog(path)


@_fuzz(40)
@given(st.data())
def test_mutated_open_cookie_database_csv(data: st.DataObject) -> None:
    rows = list(csv.reader(io.StringIO(OCD_CSV)))
    if data.draw(st.booleans(), label="mutate cells"):
        for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
            row = data.draw(st.sampled_from(rows))
            if row:
                cell = data.draw(st.integers(min_value=0, max_value=len(row) - 1))
                row[cell] = data.draw(st.text(max_size=20) | st.sampled_from(NASTY_STRINGS[:40]))
        if data.draw(st.booleans(), label="drop a column"):
            column = data.draw(st.integers(min_value=0, max_value=9))
            rows = [row[:column] + row[column + 1 :] for row in rows]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    text = out.getvalue()
    if data.draw(st.booleans(), label="break quoting"):
        at = data.draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + data.draw(st.sampled_from(['"', '"\x00', "\x00", "\r", '""x"'])) + text[at:]
    content = mutate_text(data, text).encode("utf-8") if data.draw(st.booleans()) else to_bytes(data, text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ocd.csv"
        path.write_bytes(content)
        catalog = loads_or_fails(CatalogError, lambda: load_ocd_csv(path))
        if catalog is not None:
            judge_all(valid_evidence(), catalog, eu_core())


# --- CMP recipes --------------------------------------------------------------------------------------------


@_fuzz(60)
@given(st.data())
def test_mutated_recipe(data: st.DataObject) -> None:
    texts = recipe_texts()
    name = data.draw(st.sampled_from(sorted(texts)), label="file")
    content = mutated_yaml(data, yaml.safe_load(texts[name]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for file, text in texts.items():
            (folder / file).write_text(text, encoding="utf-8")
        (folder / name).write_bytes(content)
        recipe = loads_or_fails(RecipeError, lambda: load_recipe_file(folder / name))
        recipes = loads_or_fails(RecipeError, lambda: load_recipes([folder]))
        if recipe is not None:
            json.dumps(recipe.probe())  # what the in-page detector receives
        if recipes is not None:
            assert recipe is not None


# --- Challenge signatures -----------------------------------------------------------------------------------


@functools.cache
def challenge_texts() -> dict[str, str]:
    return _read_texts(rules_dir() / "challenges")


@_fuzz(40)
@given(st.data())
def test_mutated_challenge_signatures(data: st.DataObject) -> None:
    texts = challenge_texts()
    name = data.draw(st.sampled_from(sorted(texts)), label="file")
    document = yaml.safe_load(texts[name])
    if data.draw(st.booleans(), label="mutate tree"):
        document = mutate_tree(data, document)
    content = to_bytes(data, mutate_text(data, dump_yaml(document)))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for file in sorted({name, "generic.yaml"}):
            (folder / file).write_text(texts[file], encoding="utf-8")
        (folder / name).write_bytes(content)
        loads_or_fails(ChallengeError, lambda: load_signature_file(folder / name))
        loads_or_fails(ChallengeError, lambda: load_signatures(folder))


@pytest.mark.parametrize("pattern", ["a{99999999999}", "(" * 1200 + ")" * 1200], ids=["repeat", "nested"])
def test_challenge_regex_leaks(pattern: str) -> None:
    document = yaml.safe_load(challenge_texts()["generic.yaml"])
    document["signatures"][0]["match"] = {"html": pattern}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generic.yaml"
        path.write_text(dump_yaml(document), encoding="utf-8")
        loads_or_fails(ChallengeError, lambda: load_signature_file(path))


# --- Evidence -----------------------------------------------------------------------------------------------

EVIDENCE_STRINGS = (*NASTY_STRINGS, "\udc80", "\ud800x")  # JSON: lone surrogates


def check_evidence(path: Path) -> None:
    evidence = loads_or_fails(InputError, lambda: load_evidence(path))
    if evidence is not None:
        judge_all(evidence, builtin_catalog(), eu_core())


@_fuzz(120)
@given(st.data())
def test_mutated_evidence(data: st.DataObject) -> None:
    document = evidence_document()
    if data.draw(st.booleans(), label="mutate tree"):
        document = mutate_tree(data, document)
        if data.draw(st.booleans(), label="nasty string"):  # at a string of the real structure
            strings = [p for p in _paths(document) if p and isinstance(_at(document, p), str)]
            if strings:
                path = data.draw(st.sampled_from(strings), label="string path")
                _at(document, path[:-1])[path[-1]] = data.draw(st.sampled_from(EVIDENCE_STRINGS))
    text = json.dumps(document, indent=data.draw(st.sampled_from([None, 1])))
    if data.draw(st.booleans(), label="cut"):
        text = text[: data.draw(st.integers(min_value=0, max_value=len(text)))]
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "evidence.json"
        target.write_bytes(to_bytes(data, text))
        check_evidence(target)


# --- Arbitrary content for every loader ---------------------------------------------------------------------

LOADERS = ("rule file", "pack header", "single-file pack", "catalog", "ocd csv", "recipe", "evidence")


def check_any(kind: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if kind in ("rule file", "pack header"):
            texts = eu_core_texts()
            name = "pack.yaml" if kind == "pack header" else "reject-possible.yaml"
            folder = _write_folder_pack(root / "fuzzed", texts, name, content, "accept-possible.yaml")
            check_rule_pack(folder, folder / name)
        elif kind == "single-file pack":
            (root / "p.yaml").write_bytes(content)
            check_rule_pack(root / "p.yaml")
        elif kind == "catalog":
            (root / "c.yaml").write_bytes(content)
            check_catalog(root / "c.yaml")
        elif kind == "ocd csv":
            (root / "c.csv").write_bytes(content)
            catalog = loads_or_fails(CatalogError, lambda: load_ocd_csv(root / "c.csv"))
            if catalog is not None:
                judge_all(valid_evidence(), catalog, eu_core())
        elif kind == "recipe":
            (root / "r.yaml").write_bytes(content)
            loads_or_fails(RecipeError, lambda: load_recipe_file(root / "r.yaml"))
            loads_or_fails(RecipeError, lambda: load_recipes([root]))
        else:
            (root / "evidence.json").write_bytes(content)
            check_evidence(root / "evidence.json")


@_fuzz(120)
@given(st.sampled_from(LOADERS), ARBITRARY_BYTES)
def test_arbitrary_content(kind: str, content: bytes) -> None:
    check_any(kind, content)


HARD_INPUTS = {
    "empty": b"",
    "utf16-bom": b"\xff\xfe\x00",
    "utf8-bom": "\ufeff".encode(),
    "empty-documents": b"---\n...\n",
    "deep": b"[" * 600 + b"]" * 600,  # YAML nesting deeper than the recursion limit allows
    "recursive": b"a: &x [*x]\n",
    "huge-int": b"key: " + b"9" * 5000 + b"\n",  # more digits than int() takes
    "bad-date": b"when: 2023-13-45\n",  # a YAML timestamp that is no date
    "nul": b"\x00\x01\x02",
    "unicode": "😀: [é, 日本]\n".encode(),
}


@pytest.mark.parametrize("kind", LOADERS)
@pytest.mark.parametrize("content", HARD_INPUTS.values(), ids=HARD_INPUTS.keys())
def test_known_hard_inputs(kind: str, content: bytes) -> None:
    check_any(kind, content)


# --- Inputs the fuzzing found, kept as plain regression tests --------------------------------------------


def _rule_doc(name: str) -> dict[str, Any]:
    rule: dict[str, Any] = yaml.safe_load(eu_core_texts()[name])
    return rule


def _with(doc: dict[str, Any], path: TreePath, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    parent = doc
    for step in path[:-1]:
        parent = parent.setdefault(step, {}) if isinstance(parent, dict) else parent[step]
    parent[path[-1]] = value
    return doc


def _nested_any_of(depth: int) -> dict[str, Any]:
    """A selector of `depth` any_of levels around one regex."""
    where: dict[str, Any] = {"name": "^_ga"}
    for _ in range(depth):
        where = {"any_of": [where]}
    return where


COOKIE_RULE = "no-tracking-cookies-before-consent.yaml"
REQUEST_RULE = "no-tracker-requests-before-consent.yaml"
ACTION_RULE = "reject-stays-on-page.yaml"
BAD_URL = "http://["  # urlsplit: ValueError("Invalid IPv6 URL")

RULE_REGRESSIONS = [
    # (rule file, path in the rule, value, RuleError message it must give or None when it loads)
    (COOKIE_RULE, ("where", "name"), "a{99999999999}", "the repetition number is too large"),
    (COOKIE_RULE, ("where", "name"), "(" * 1200 + ")" * 1200, "maximum recursion depth exceeded"),
    (COOKIE_RULE, ("where",), _nested_any_of(150), None),  # as deep as PyYAML can write
    (COOKIE_RULE, ("where", "1.5"), True, "unknown key '1.5'"),
    (COOKIE_RULE, ("where", "line\nbreak"), True, "unknown key 'line\\nbreak'"),
    (
        ACTION_RULE,
        ("examples", 0, "evidence", "phases", "reject", "action", "clicks"),
        10**9,
        "1000000000 is greater than the maximum of 100",
    ),
    (ACTION_RULE, ("examples", 1, "evidence", "url"), BAD_URL, None),
    (ACTION_RULE, ("examples", 1, "evidence", "phases", "reject", "final_url"), BAD_URL, None),
    (REQUEST_RULE, ("examples", 1, "evidence", "phases", "before", "requests", 0, "url"), BAD_URL, None),
]


@pytest.mark.parametrize(("file", "path", "value", "error"), RULE_REGRESSIONS)
def test_rule_regressions(file: str, path: TreePath, value: Any, error: str | None) -> None:
    doc = {
        "pack": yaml.safe_load(eu_core_texts()["pack.yaml"])["pack"],
        "rules": [_with(_rule_doc(file), path, value)],
    }
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "pack-file.yaml"
        target.write_text(dump_yaml(doc), encoding="utf-8")
        packs = loads_or_fails(RuleError, lambda: load_packs([str(target)]))
        messages = validate_file(target)
    for message in messages:
        assert_one_line(message)
    if error is None:
        assert packs is not None
        judge_all(valid_evidence(), builtin_catalog(), packs)
    else:
        assert packs is None
        assert len(messages) == 1
        assert error in messages[0]


def test_selector_nested_deeper_than_jsonschema_recurses() -> None:
    rule = _rule_doc(COOKIE_RULE) | {"where": "@"}
    doc = {"pack": yaml.safe_load(eu_core_texts()["pack.yaml"])["pack"], "rules": [rule]}
    where = '{"any_of": [' * 200 + '{"name": "^_ga"}' + "]}" * 200  # YAML takes it; jsonschema recurses
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "pack-file.yaml"
        target.write_text(json.dumps(doc).replace('"@"', where), encoding="utf-8")
        assert validate_file(target) == [f"{target}: at $: nested too deeply to check"]


def test_schema_error_paths_stay_on_one_line() -> None:
    assert json_path(["rules", 0, "where", "name"]) == "$.rules[0].where.name"
    assert json_path(["a-b", "it's", "line\nbreak", "\u2028", 1.5, None, True]) == (
        "$['a-b']['it\\'s']['line\\nbreak']['\\u2028'][1.5][None][True]"
    )
    document = copy.deepcopy(evidence_document())
    document["tool"] = {"line\nbreak": 5}  # tool maps str to str: the error is inside the odd key
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "evidence.json"
        target.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_evidence(target)
    assert str(caught.value) == (
        f"{target}: not a consent-checker evidence file: at $.tool['line\\nbreak']: 5 is not of type 'string'"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: 2023-13-45\n", "at line 1, column 4: invalid timestamp '2023-13-45': month must be in 1..12"),
        ("a: !!timestamp x\n", "at line 1, column 4: invalid timestamp 'x'"),
        ("a: !!bool maybe\n", "at line 1, column 4: invalid bool 'maybe'"),
        ("a: !!float x\n", "at line 1, column 4: invalid float 'x': could not convert string to float: 'x'"),
        ("a: !!map x\n", "at line 1, column 4: expected a mapping, found a ScalarNode"),
        (
            "a: " + "1" * 5000 + "\n",
            "at line 1, column 4: invalid int '" + "1" * 40 + "…': Exceeds the limit",
        ),
        ("[" * 1000 + "]" * 1000, "invalid YAML: nested too deeply"),
    ],
)
def test_yaml_values_python_cannot_build_are_yaml_errors(text: str, problem: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack-file.yaml"
        path.write_text(text, encoding="utf-8")
        messages = validate_file(path)
    assert len(messages) == 1
    assert_one_line(messages[0])
    assert problem in messages[0]


# --- What classification and evaluation (checker/domains.py, checker/observation.py) still leak ------------

MALFORMED_URLS = [
    # Where in a valid evidence document, and the value: each one makes urlsplit raise ValueError.
    (("sites", 0, "phases", "before", "requests", 1, "url"), "http://["),  # domains.host_of via classify
    (("sites", 0, "phases", "before", "cookies", 0, "domain"), "[x"),  # domains.host_of("//[x")
    (("sites", 0, "phases", "before", "storage", 0, "origin"), "https://[abc]"),  # not an IPv6 address
    (("sites", 0, "phases", "before", "document", "url"), "http://a]b/"),  # observation._error_document
]


@pytest.mark.parametrize(("path", "value"), MALFORMED_URLS)
def test_malformed_urls_in_evidence(path: TreePath, value: str) -> None:
    document = copy.deepcopy(evidence_document())
    _at(document, path[:-1])[path[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "evidence.json"
        target.write_text(json.dumps(document), encoding="utf-8")
        check_evidence(target)


# --- JSON that json.loads itself refuses: load_evidence turns it into InputError -------------------------


@pytest.mark.parametrize(
    "content", [b"[" * 100_000, b'{"schema_version": ' + b"9" * 5000 + b"}"], ids=["deep", "huge-int"]
)
def test_evidence_json_limits(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "evidence.json"
        path.write_bytes(content)
        loads_or_fails(InputError, lambda: load_evidence(path))
