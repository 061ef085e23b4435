"""Cookie and tracker-domain catalogs: loading, validation, merging (override layers) and lookup."""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import jsonschema

from checker.datafiles import YamlError, one_line, parse_yaml, schema_error
from checker.domains import host_of, is_subdomain_of
from checker.models import Category
from checker.paths import rules_dir

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "catalog.schema.json"

OCD_CATEGORIES: dict[str, Category] = {
    "functional": "functional",
    "marketing": "marketing",
    "analytics": "analytics",
    "security": "necessary",
    "necessary": "necessary",
    "personalization": "functional",
    "personalisation": "functional",
}

# Normalised OCD header -> our field. Several spellings seen across OCD releases and exports.
_OCD_COLUMNS: dict[str, str] = {
    "id": "id",
    "platform": "platform",
    "vendor": "platform",
    "category": "category",
    "cookie data key name": "name",
    "cookie data key": "name",
    "cookie name": "name",
    "data key name": "name",
    "cookie": "name",
    "name": "name",
    "domain": "domain",
    "description": "description",
    "retention period": "retention",
    "retention": "retention",
    "data controller": "controller",
    "controller": "controller",
    "wildcard match": "wildcard",
    "wildcard": "wildcard",
}


class CatalogError(Exception):
    """A catalog file that cannot be read or is invalid; the message is one line naming the file."""


@dataclass(frozen=True)
class CookieEntry:
    """A known cookie (or web-storage key) name or glob pattern."""

    name: str  # exact name, or a glob: * any run of characters, ? one character
    vendor: str
    category: Category
    lifetime: str = ""
    domains: tuple[str, ...] = ()  # when set: only cookies on these registrable domains (or below)
    description: str = ""
    source: str = ""
    catalog: str = ""  # name of the catalog the entry came from

    @property
    def is_pattern(self) -> bool:
        """True when the name is a glob rather than an exact name."""
        return "*" in self.name or "?" in self.name

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """Identity used by `merge`: a later entry with the same key replaces an earlier one."""
        return (self.name, tuple(sorted(self.domains)))

    def applies_to(self, host: str) -> bool:
        """True when the entry's domain restriction (if any) admits the given cookie host."""
        if not self.domains:
            return True
        return any(is_subdomain_of(host, d) for d in self.domains)


@dataclass(frozen=True)
class TrackerEntry:
    """A known tracker or third-party domain (matches the domain and every host below it)."""

    domain: str
    vendor: str
    category: Category
    description: str = ""
    source: str = ""
    catalog: str = ""


def _glob_regex(pattern: str) -> re.Pattern[str]:
    parts = [".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern]
    return re.compile("".join(parts), re.DOTALL)


def _literal_prefix(pattern: str) -> str:
    return re.split(r"[*?]", pattern, maxsplit=1)[0]


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    prefix: str
    entry: CookieEntry


@dataclass(frozen=True)
class Catalog:
    """Known cookies and tracker domains, indexed for fast lookup."""

    name: str = "catalog"
    version: str = ""
    description: str = ""
    cookies: tuple[CookieEntry, ...] = ()
    trackers: tuple[TrackerEntry, ...] = ()
    sources: tuple[str, ...] = ()  # files it was loaded from, lowest precedence first
    _exact: dict[str, tuple[CookieEntry, ...]] = field(init=False, repr=False, compare=False, hash=False)
    _patterns: tuple[_Pattern, ...] = field(init=False, repr=False, compare=False, hash=False)
    _domains: dict[str, TrackerEntry] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Within one catalog a later entry with the same key wins, as in `merge`.
        unique = {e.key: e for e in self.cookies}
        exact: dict[str, list[CookieEntry]] = {}
        patterns: list[CookieEntry] = []
        for entry in unique.values():
            if entry.is_pattern:
                patterns.append(entry)
            else:
                exact.setdefault(entry.name, []).append(entry)
        # Domain-restricted entries are more specific than unrestricted ones with the same name.
        exact_index = {n: tuple(sorted(es, key=lambda e: not e.domains)) for n, es in exact.items()}
        ordered = sorted(
            patterns, key=lambda e: (-len(e.name.replace("*", "").replace("?", "")), not e.domains)
        )
        compiled = tuple(_Pattern(_glob_regex(e.name), _literal_prefix(e.name), e) for e in ordered)
        object.__setattr__(self, "_exact", exact_index)
        object.__setattr__(self, "_patterns", compiled)
        object.__setattr__(self, "_domains", {t.domain: t for t in self.trackers})

    def match_cookie(self, name: str, cookie_domain: str = "") -> CookieEntry | None:
        """Return the entry for a cookie (or storage key) name on a domain, or None.

        Exact names win over patterns, domain-restricted entries over unrestricted ones, and
        among patterns the one with the most literal characters wins.
        """
        host = host_of(cookie_domain) if cookie_domain else ""
        for entry in self._exact.get(name, ()):
            if entry.applies_to(host):
                return entry
        for pat in self._patterns:
            if name.startswith(pat.prefix) and pat.regex.fullmatch(name) and pat.entry.applies_to(host):
                return pat.entry
        return None

    def match_domain(self, host: str) -> TrackerEntry | None:
        """Return the tracker entry with the longest domain suffix of `host` (URL or domain), or None."""
        name = host_of(host)
        if not name:
            return None
        labels = name.split(".")
        for i in range(len(labels)):
            entry = self._domains.get(".".join(labels[i:]))
            if entry is not None:
                return entry
        return None


def merge(*catalogs: Catalog) -> Catalog:
    """Combine catalogs; a later catalog overrides earlier ones for the same cookie key or domain."""
    if len(catalogs) == 1:
        return catalogs[0]
    cookies: dict[tuple[str, tuple[str, ...]], CookieEntry] = {}
    trackers: dict[str, TrackerEntry] = {}
    sources: list[str] = []
    for cat in catalogs:
        for c in cat.cookies:
            cookies.pop(c.key, None)  # re-insert so the overriding entry is listed where it was added
            cookies[c.key] = c
        for t in cat.trackers:
            trackers.pop(t.domain, None)
            trackers[t.domain] = t
        sources.extend(cat.sources or (cat.name,))
    return Catalog(
        name=" + ".join(c.name for c in catalogs) if catalogs else "empty",
        version="",
        description="merged catalog",
        cookies=tuple(cookies.values()),
        trackers=tuple(trackers.values()),
        sources=tuple(sources),
    )


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return cast(jsonschema.protocols.Validator, jsonschema.Draft202012Validator(schema))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: cannot read: {exc}") from None


def validate_catalog_data(data: Any, source: str) -> None:
    """Raise CatalogError (file + JSON path) when `data` does not follow the catalog schema."""
    error = schema_error(_validator(), data)
    if error is not None:
        where, message = error
        raise CatalogError(f"{source}: at {where}: {message}")
    seen: dict[object, int] = {}
    for i, item in enumerate(data.get("cookies", [])):
        key = (item["name"], tuple(sorted(item.get("domains", []))))
        if key in seen:
            raise CatalogError(
                f"{source}: at $.cookies[{i}]: duplicate of $.cookies[{seen[key]}] (name {item['name']!r})"
            )
        seen[key] = i
    seen.clear()
    for i, item in enumerate(data.get("trackers", [])):
        if item["domain"] in seen:
            raise CatalogError(
                f"{source}: at $.trackers[{i}]: duplicate of $.trackers[{seen[item['domain']]}]"
                f" (domain {item['domain']!r})"
            )
        seen[item["domain"]] = i


def catalog_from_data(data: Mapping[str, Any], source: str = "") -> Catalog:
    """Build a Catalog from already-validated data (the parsed YAML of a catalog file)."""
    head = data["catalog"]
    name = str(head["name"])
    cookies = tuple(
        CookieEntry(
            name=c["name"],
            vendor=c["vendor"],
            category=c["category"],
            lifetime=c.get("lifetime", ""),
            domains=tuple(c.get("domains", ())),
            description=c.get("description", ""),
            source=c.get("source", ""),
            catalog=name,
        )
        for c in data.get("cookies", [])
    )
    trackers = tuple(
        TrackerEntry(
            domain=t["domain"],
            vendor=t["vendor"],
            category=t["category"],
            description=t.get("description", ""),
            source=t.get("source", ""),
            catalog=name,
        )
        for t in data.get("trackers", [])
    )
    return Catalog(
        name=name,
        version=str(head.get("version", "")),
        description=str(head.get("description", "")),
        cookies=cookies,
        trackers=trackers,
        sources=(source,) if source else (),
    )


def load_catalog_file(path: str | Path) -> Catalog:
    """Load and validate one catalog file (YAML or JSON); raise CatalogError on any problem."""
    p = Path(path)
    text = _read_text(p)
    try:
        data = parse_yaml(text)  # duplicate keys are an error, not silently "the last one wins"
    except YamlError as exc:
        where = f"line {exc.line}: " if exc.line is not None else ""
        raise CatalogError(f"{p}: {where}invalid YAML: {exc.problem}") from None
    validate_catalog_data(data, str(p))
    return catalog_from_data(data, str(p))


def _ocd_name(raw: str, wildcard: bool) -> str:
    name = re.sub(r"\s*\[x\d+\]$", "", raw.strip())  # OCD marks repeated names as "Name [x4]"
    name = re.sub(r"<[^<>]*>|%[A-Z]+%", "*", name)  # placeholders such as SR<RotatorID>
    if wildcard and not name.endswith("*"):
        name += "*"
    return name


def load_ocd_csv(path: str | Path) -> Catalog:
    """Load an Open Cookie Database CSV (Apache-2.0) as a catalog of cookies (no tracker domains).

    OCD categories map as Functional/Personalization -> functional, Marketing -> marketing,
    Analytics -> analytics, Security/Necessary -> necessary; "Wildcard match" 1 is a prefix match.
    """
    p = Path(path)
    text = _read_text(p)
    rows = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(rows, None)
        if header is None or not any(h.strip() for h in header):
            raise CatalogError(f"{p}: empty file, expected an Open Cookie Database CSV header")
        columns: dict[str, int] = {}
        for i, raw in enumerate(header):
            norm = re.sub(r"[^a-z0-9]+", " ", raw.lower()).strip()
            fieldname = _OCD_COLUMNS.get(norm)
            if fieldname is not None and fieldname not in columns:
                columns[fieldname] = i
        missing = [c for c in ("name", "category") if c not in columns]
        if "platform" not in columns and "controller" not in columns:
            missing.append("platform")
        if missing:
            labels = {"name": "Cookie / Data Key name", "category": "Category", "platform": "Platform"}
            wanted = ", ".join(repr(labels[m]) for m in missing)
            raise CatalogError(f"{p}: not an Open Cookie Database CSV: missing column(s) {wanted}")

        def cell(row: list[str], fieldname: str) -> str:
            i = columns.get(fieldname)
            return row[i].strip() if i is not None and i < len(row) else ""

        entries: dict[tuple[str, tuple[str, ...]], CookieEntry] = {}
        for row in rows:
            if not any(c.strip() for c in row):
                continue
            line = rows.line_num
            raw_name = cell(row, "name")
            if not raw_name or raw_name.upper() in {"N/A", "NA", "-"}:
                continue
            raw_category = cell(row, "category")
            category = OCD_CATEGORIES.get(raw_category.lower())
            if category is None:
                known = ", ".join(sorted({k.capitalize() for k in OCD_CATEGORIES}))
                raise CatalogError(
                    f"{p}: line {line}: unknown category {raw_category!r} (expected one of {known})"
                )
            entry = CookieEntry(
                name=_ocd_name(raw_name, cell(row, "wildcard") == "1"),
                vendor=cell(row, "platform") or cell(row, "controller") or "unknown",
                category=category,
                lifetime=cell(row, "retention"),
                description=one_line(cell(row, "description"), limit=None),
                source=f"Open Cookie Database ({p.name}"
                + (f", ID {cell(row, 'id')})" if cell(row, "id") else ")"),
                catalog="open-cookie-database",
            )
            entries.setdefault(entry.key, entry)  # OCD lists some names twice: keep the first
    except csv.Error as exc:
        raise CatalogError(f"{p}: line {rows.line_num}: malformed CSV: {exc}") from None
    return Catalog(
        name="open-cookie-database",
        description=f"Open Cookie Database loaded from {p.name}",
        cookies=tuple(entries.values()),
        sources=(str(p),),
    )


def builtin_catalog_paths() -> list[Path]:
    """Return the shipped catalog files (rules/catalogs/*.yaml), in load order."""
    folder = rules_dir() / "catalogs"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


@functools.cache
def load_builtin_catalog() -> Catalog:
    """Load and merge the shipped catalogs (cached: catalogs are immutable)."""
    return merge(*(load_catalog_file(p) for p in builtin_catalog_paths()))


def load_catalogs(paths: Iterable[str | Path] = (), *, builtin: bool = True) -> Catalog:
    """Build the catalog a run uses, lowest precedence first.

    Open Cookie Database CSVs (``*.csv``) form the base layer, the shipped catalogs come next
    (their categories correct known OCD mistakes), then the user's YAML/JSON files in the order given.
    """
    given = [Path(p) for p in paths]
    layers = [load_ocd_csv(p) for p in given if p.suffix.lower() == ".csv"]
    if builtin:
        layers.append(load_builtin_catalog())
    layers += [load_catalog_file(p) for p in given if p.suffix.lower() != ".csv"]
    return merge(*layers) if layers else Catalog(name="empty")
