"""Recognise bot walls, challenge and block pages by signatures kept as data under rules/challenges/."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import jsonschema

from checker.datafiles import YamlError, one_line, read_yaml, schema_error
from checker.models import Challenge, ChallengeKind
from checker.paths import rules_dir

SCHEMA_PATH = Path(__file__).parent / "schemas" / "challenge.schema.json"
TEXT_LIMIT = 20_000  # characters of visible text a PageFacts carries
HTML_LIMIT = 200_000  # characters of outerHTML a PageFacts carries
GENERIC = "generic"  # the vendor of vendor-neutral signatures, tried after every vendor's
SNIPPET_LIMIT = 60  # characters of a matched value quoted in Challenge.matched

Test = Literal["any", "all", "status", "header", "title", "text", "html", "cookie"]


class ChallengeError(Exception):
    """An invalid signature file; the message is one line naming the file and the JSON path."""


@dataclass(frozen=True)
class PageFacts:
    """What a phase's main document showed: the inputs of match_challenge."""

    status: int | None  # HTTP status of the main document; None when no response came
    headers: Mapping[str, str]  # main document response headers, lower-case names
    title: str
    text: str  # visible text of the top frame, whitespace collapsed, at most TEXT_LIMIT characters
    html: str  # document outerHTML, at most HTML_LIMIT characters
    cookies: tuple[str, ...]  # names of the cookies in the jar

    @classmethod
    def build(
        cls,
        *,
        status: int | None,
        headers: Mapping[str, str],
        title: str,
        text: str,
        html: str,
        cookies: Sequence[str] = (),
    ) -> PageFacts:
        """PageFacts from raw values: header names lower-cased, title and text whitespace-collapsed,
        text and html cut to TEXT_LIMIT and HTML_LIMIT."""
        return cls(
            status=status,
            headers={name.lower(): value for name, value in headers.items()},
            title=" ".join(title.split()),
            text=" ".join(text.split())[:TEXT_LIMIT],
            html=html[:HTML_LIMIT],
            cookies=tuple(cookies),
        )


@dataclass(frozen=True)
class Condition:
    """One test of a signature (status, header, title, text, html, cookie) or an any/all group of them."""

    test: Test
    pattern: re.Pattern[str] | None = None  # title, text, html, cookie name; header value (optional)
    header: str = ""  # lower-case header name (test "header")
    statuses: tuple[int, ...] = ()  # test "status"
    children: tuple[Condition, ...] = ()  # tests "any" and "all"


@dataclass(frozen=True)
class Signature:
    """One challenge, captcha or block page signature."""

    id: str
    vendor: str  # "Cloudflare", ... or "generic"
    kind: ChallengeKind
    match: Condition
    max_text_chars: int | None = None  # the signature is skipped when the visible text is longer
    description: str = ""
    source: str = ""  # the file it was read from

    @property
    def generic(self) -> bool:
        """True for a vendor-neutral signature (tried after every vendor's)."""
        return self.vendor == GENERIC


# --- loading --------------------------------------------------------------------------------------


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _compile(pattern: str, where: str, source: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}, groups nested too deep
        reason = one_line(str(exc) or type(exc).__name__)
        raise ChallengeError(f"{source}: {where}: invalid regular expression: {reason}") from None


def _condition(raw: Mapping[str, Any], where: str, source: str) -> Condition:
    ((key, value),) = raw.items()  # the schema allows exactly one key
    test = cast(Test, key)
    if test in ("any", "all"):
        children = tuple(_condition(item, f"{where}.{test}[{i}]", source) for i, item in enumerate(value))
        return Condition(test=test, children=children)
    if test == "status":
        return Condition(test=test, statuses=tuple(value))
    if test == "header":
        value_re = value.get("value")
        pattern = None if value_re is None else _compile(value_re, f"{where}.header.value", source)
        return Condition(test=test, header=value["name"], pattern=pattern)
    return Condition(test=test, pattern=_compile(value, f"{where}.{test}", source))


def parse_signatures(data: Any, source: str) -> tuple[Signature, ...]:
    """Validate one signature-family document against the schema and build its signatures."""
    return _parse(data, source, _validator())


def _parse(data: Any, source: str, validator: jsonschema.Draft202012Validator) -> tuple[Signature, ...]:
    error = schema_error(validator, data)
    if error is not None:
        where, message = error
        raise ChallengeError(f"{source}: {where}: {message}")
    vendor: str = data["vendor"]
    return tuple(
        Signature(
            id=item["id"],
            vendor=vendor,
            kind=item["kind"],
            match=_condition(item["match"], f"$.signatures[{i}].match", source),
            max_text_chars=item.get("max_text_chars"),
            description=" ".join(str(item.get("description", "")).split()),
            source=source,
        )
        for i, item in enumerate(data["signatures"])
    )


def _read(path: Path, validator: jsonschema.Draft202012Validator) -> tuple[Signature, ...]:
    try:
        data = read_yaml(path)  # duplicate keys are an error, not silently "the last one wins"
    except YamlError as exc:
        where = f"line {exc.line}" if exc.line is not None else "$"
        raise ChallengeError(f"{path}: {where}: invalid YAML: {exc.problem}") from None
    except OSError as exc:
        raise ChallengeError(f"{path}: $: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ChallengeError(f"{path}: $: cannot read: {one_line(str(exc))}") from None
    return _parse(data, str(path), validator)


def load_signature_file(path: Path) -> tuple[Signature, ...]:
    """Read and validate one YAML signature file (one family)."""
    return _read(path, _validator())


def default_signature_dir() -> Path:
    """The shipped signature folder: rules/challenges (checker/bundled_rules/challenges in a wheel)."""
    return rules_dir() / "challenges"


def load_signatures(folder: Path | None = None) -> tuple[Signature, ...]:
    """Load every *.yaml / *.yml file of `folder` (default: the shipped one), or one file.

    The result is in matching order: vendor signatures first, then generic ones; within each group
    by file name, and within a file as listed. Signature ids must be unique.
    """
    root = default_signature_dir() if folder is None else Path(folder)
    if root.is_dir():
        paths = sorted(f for f in root.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file())
    elif root.is_file():
        paths = [root]
    else:
        raise ChallengeError(f"{root}: $: no such signature file or folder")
    validator = _validator()
    found: list[Signature] = []
    seen: dict[str, str] = {}
    for path in paths:
        for i, signature in enumerate(_read(path, validator)):
            if signature.id in seen:
                raise ChallengeError(
                    f"{path}: $.signatures[{i}].id: duplicate signature id {signature.id!r}"
                    f" (also in {seen[signature.id]})"
                )
            seen[signature.id] = str(path)
            found.append(signature)
    return _ordered(found)


def _ordered(signatures: Sequence[Signature]) -> tuple[Signature, ...]:
    """Vendor signatures before generic ones, each group in its given order (a stable sort)."""
    return tuple(sorted(signatures, key=lambda s: s.generic))


# --- matching -------------------------------------------------------------------------------------


def _quote(value: str) -> str:
    return "'" + one_line(value, SNIPPET_LIMIT) + "'"


def _header(facts: PageFacts, name: str) -> str | None:
    value = facts.headers.get(name)
    if value is not None:
        return value
    for key, other in facts.headers.items():  # names should be lower-case already; be lenient
        if key.lower() == name:
            return other
    return None


def _evaluate(cond: Condition, facts: PageFacts) -> list[str] | None:
    """What matched, in words (one entry per leaf test), or None when the condition does not hold."""
    if cond.test == "any":
        found: list[str] = []
        for child in cond.children:  # every matching branch is reported, not only the first
            words = _evaluate(child, facts)
            if words is not None:
                found += [w for w in words if w not in found]
        return found or None
    if cond.test == "all":
        found = []
        for child in cond.children:
            words = _evaluate(child, facts)
            if words is None:
                return None
            found += [w for w in words if w not in found]
        return found
    if cond.test == "status":
        return [f"status {facts.status}"] if facts.status in cond.statuses else None
    if cond.test == "header":
        value = _header(facts, cond.header)
        if value is None:
            return None
        if cond.pattern is None:
            return [f"header {cond.header}: {one_line(value, SNIPPET_LIMIT)}"]
        hit = cond.pattern.search(value)
        return None if hit is None else [f"header {cond.header}: {one_line(hit.group(0), SNIPPET_LIMIT)}"]
    assert cond.pattern is not None  # title, text, html, cookie
    if cond.test == "cookie":
        name = next((c for c in facts.cookies if cond.pattern.search(c)), None)
        return None if name is None else [f"cookie {name}"]
    if cond.test == "title":
        return [f"title {_quote(facts.title)}"] if cond.pattern.search(facts.title) else None
    hit = cond.pattern.search(facts.text if cond.test == "text" else facts.html)
    return None if hit is None else [f"{cond.test} {_quote(hit.group(0))}"]


def match_challenge(facts: PageFacts, signatures: Sequence[Signature]) -> Challenge | None:
    """The first signature the page matches, or None.

    Signatures are tried in the order given, except that every vendor signature comes before every
    generic one (load_signatures already returns them so). A signature with max_text_chars is skipped
    when the page's visible text is longer.
    """
    text_chars = len(facts.text)
    for signature in _ordered(signatures):
        limit = signature.max_text_chars
        if limit is not None and text_chars > limit:
            continue
        words = _evaluate(signature.match, facts)
        if words is None:
            continue
        if limit is not None:
            words.append(f"visible text {text_chars} chars (at most {limit})")
        return Challenge(
            vendor=signature.vendor,
            signature=signature.id,
            kind=signature.kind,
            matched=one_line("; ".join(words)),
        )
    return None
