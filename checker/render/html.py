"""report.html: one self-contained page an auditor can file (inline CSS, screenshots embedded as data: URIs,
no script, no network), fitting 1366 px and printing to A4; rendered with Jinja2."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatchcase
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlunsplit

import jinja2
from markupsafe import Markup

from checker.domains import request_host, split_url
from checker.fingerprint import IDENTITY_KEYS
from checker.models import SEVERITIES, Cookie, Finding, Request
from checker.render.html_compare import PhaseComparison, compare_phases
from checker.render.html_images import SiteShots, site_shots
from checker.render.signal_rows import signal_rows
from checker.report import VERDICT_LEGEND, ActionReport, Report, RuleInfo, SiteReport
from checker.text_safety import ELLIPSIS, safe_text

TEMPLATE = "report.html.j2"
# checker.consent.detect.BANNER_TEXT_LIMIT (not imported: that module loads the browser stack). A banner
# text this long was cut by the detector, and the report says so with an ellipsis.
BANNER_TEXT_LIMIT = 2000
SEVERITY_ORDER: tuple[str, ...] = tuple(reversed(SEVERITIES))  # most severe first
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class HostRow:
    """Requests of one phase grouped by host."""

    host: str
    party: str | None
    vendor: str | None
    category: str
    requests: int
    failed: int
    types: tuple[str, ...]


def hosts(requests: tuple[Request, ...], *, third_party_only: bool = False) -> list[HostRow]:
    """Requests grouped by host, most requested first, then by name."""
    groups: dict[str, list[Request]] = {}
    for r in requests:
        if third_party_only and r.party != "third":
            continue
        groups.setdefault(request_host(r.url), []).append(r)
    rows = [
        HostRow(
            host=host,
            party=next((r.party for r in reqs if r.party), None),
            vendor=next((r.vendor for r in reqs if r.vendor), None),
            # Any classified request of the host says more than "unclassified".
            category=next((r.category for r in reqs if r.category != "unclassified"), "unclassified"),
            requests=len(reqs),
            failed=sum(r.failure is not None or (r.status or 0) >= 400 for r in reqs),
            types=tuple(sorted({r.resource_type for r in reqs})),
        )
        for host, reqs in groups.items()
    ]
    return sorted(rows, key=lambda h: (-h.requests, h.host))


def lifetime(days: float | None) -> str:
    """A lifetime for people: "session", "45 min", "12 h", "3.5 d", "730 d"."""
    if days is None:
        return "session"
    if days < 1 / 24:
        return f"{round(days * 24 * 60)} min"
    if days < 1:
        return f"{round(days * 24)} h"
    if days < 10:
        return f"{days:.1f} d"
    return f"{round(days)} d"


def seen_at(first_seen_ms: int | None, action: ActionReport | None) -> str:
    """When a cookie was first written, relative to the first consent click when there was one."""
    if first_seen_ms is None:
        return ""
    if action is None or not action.clicks:
        return f"{first_seen_ms} ms"
    delta = first_seen_ms - action.clicks[0].t_ms
    return f"{delta} ms after the click" if delta >= 0 else f"{-delta} ms before the click"


def safe_href(url: str) -> str:
    """`url` if it is http(s), else "#": scanned pages must not smuggle javascript: links into the report."""
    parts = split_url(url)
    return url if parts is not None and parts.scheme in ("http", "https") else "#"


def without_query(url: str) -> str:
    """A URL without its query and fragment ("?…" marks a dropped query): tracker URLs carry random ids
    that say nothing about where the cookie came from; the whole URL is in report.json."""
    parts = split_url(url)
    if parts is None or (not parts.query and not parts.fragment):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")) + (
        "?" + ELLIPSIS if parts.query else ""
    )


def page_text(value: Any) -> Any:
    """Every value the template prints: text loses terminal escapes, control and bidi characters (see
    checker.text_safety) before Jinja escapes it; markup the renderer made itself is left alone."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    clean = safe_text(value)
    # safe_text trims the ends; a space the template put there (" headless") must stay.
    lead = " " if value[:1].isspace() else ""
    trail = " " if value[-1:].isspace() and clean else ""
    return lead + clean + trail


def banner_text(text: str) -> str:
    """The banner's text as recorded, ending in an ellipsis when the detector cut it at its limit."""
    return text + ELLIPSIS if len(text) >= BANNER_TEXT_LIMIT else text


@dataclass(frozen=True)
class RuleGroup:
    """The findings of one rule at one severity, with what the rule says once."""

    rule: str
    title: str
    description: str  # what the rule checks, as its pack says it; "" when unknown
    fix: str  # what to change; "" when the rule does not say
    references: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class SeverityGroup:
    """A site's findings of one severity, by rule."""

    severity: str
    rules: tuple[RuleGroup, ...]
    count: int
    triaged: int  # baselined or waived: listed, but not counted against the run


def subject_items(subject: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """What a finding is about: the subject keys its fingerprint is made of, as recorded (the rest, such as
    counts and who set a cookie, is in the message and report.json); every key when none of those is there."""
    named = [(k, subject[k]) for k in IDENTITY_KEYS if subject.get(k) is not None]
    return named or [(k, v) for k, v in subject.items() if v is not None]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def rule_index(report: Report) -> dict[str, RuleInfo]:
    """Every rule the run evaluated, by id."""
    return {r.id: r for pack in report.rules for r in pack.rules}


def finding_groups(findings: Iterable[Finding], rules: Mapping[str, RuleInfo]) -> tuple[SeverityGroup, ...]:
    """Findings by severity (most severe first), then by rule in the order the rules first appear."""
    by_severity: dict[str, dict[str, list[Finding]]] = {s: {} for s in SEVERITY_ORDER}
    for f in findings:
        by_severity[f.severity].setdefault(f.rule, []).append(f)
    groups = []
    for severity, by_rule in by_severity.items():
        if not by_rule:
            continue
        rule_groups = []
        for rule_id, found in by_rule.items():
            info = rules.get(rule_id)
            refs = (*(info.references if info else ()), *(r for f in found for r in f.references))
            rule_groups.append(
                RuleGroup(
                    rule=rule_id,
                    title=(info.title if info else "") or next((f.title for f in found if f.title), ""),
                    description=info.description if info else "",
                    fix=info.fix if info else "",
                    references=_unique(refs),
                    findings=tuple(found),
                )
            )
        count = sum(len(g.findings) for g in rule_groups)
        triaged = sum(f.triage is not None for g in rule_groups for f in g.findings)
        groups.append(SeverityGroup(severity, tuple(rule_groups), count, triaged))
    return tuple(groups)


@dataclass(frozen=True)
class CookieMarks:
    """Which rules' findings name a cookie, per phase: the cookie tables mark those rows."""

    exact: dict[tuple[str | None, str, str], tuple[str, ...]]  # (phase, name, domain) -> rule ids
    by_name: dict[tuple[str | None, str], tuple[str, ...]]  # findings that name no domain

    def rules(self, phase: str, cookie: Cookie) -> tuple[str, ...]:
        """The rules whose findings of this phase (or of no phase) name this cookie."""
        found = [
            *self.exact.get((phase, cookie.name, cookie.domain), ()),
            *self.exact.get((None, cookie.name, cookie.domain), ()),
            *self.by_name.get((phase, cookie.name), ()),
            *self.by_name.get((None, cookie.name), ()),
        ]
        return _unique(found)


def cookie_marks(findings: Iterable[Finding]) -> CookieMarks:
    """The cookies a site's findings name (subject keys `cookie` and, when given, `domain`)."""
    exact: dict[tuple[str | None, str, str], list[str]] = {}
    by_name: dict[tuple[str | None, str], list[str]] = {}
    for f in findings:
        name = f.subject.get("cookie")
        if not isinstance(name, str):
            continue
        domain = f.subject.get("domain")
        if isinstance(domain, str) and domain:
            exact.setdefault((f.phase, name, domain), []).append(f.rule)
        else:
            by_name.setdefault((f.phase, name), []).append(f.rule)
    return CookieMarks({k: _unique(v) for k, v in exact.items()}, {k: _unique(v) for k, v in by_name.items()})


def purpose(cookie: Cookie) -> str:
    """What the catalog entry that classified the cookie says it is for (recorded by classification)."""
    return cookie.purpose or ""


@dataclass(frozen=True)
class OptionRow:
    """One scan option as the report records it."""

    key: str
    value: str
    flag: str  # why an auditor must notice it; "" when nothing is unusual


# Options that change what the evidence is evidence of: said at the top of the report, not only in a table.
def _option_flag(key: str, value: Any) -> str:
    if key == "host_map" and value:
        return (
            "host mapping: requests for matching hosts went to the given address instead of the host's own "
            "DNS answer, so the pages may come from a mirror or a test server, not the live site"
        )
    if key == "ignore_https_errors" and value is True:
        return (
            "--ignore-https-errors: TLS certificate errors were ignored, so a certificate that does not "
            "prove the site's identity was accepted"
        )
    return ""


def _option_value(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def option_rows(options: Mapping[str, Any]) -> tuple[OptionRow, ...]:
    """Every option of the run, in the order recorded, flagged where it changes what was observed."""
    return tuple(OptionRow(k, _option_value(v), _option_flag(k, v)) for k, v in options.items())


def host_mapping(url: str, host_map: Iterable[str]) -> tuple[str, ...]:
    """The --host-map entries (PATTERN=ADDR[:PORT]) whose pattern matches the URL's host."""
    parts = split_url(url)
    host = (parts.hostname or "").lower() if parts is not None else ""
    return tuple(e for e in host_map if host and fnmatchcase(host, e.partition("=")[0].strip().lower()))


def _parse_time(value: str) -> datetime | None:
    """An ISO 8601 UTC time as the scan writes it ("2025-03-01T10:00:00Z", with or without fractions)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def scan_ended(report: Report) -> str | None:
    """When the last phase of the run ended (its start plus its duration), or None when none ran."""
    ends = [
        start + timedelta(milliseconds=phase.duration_ms)
        for site in report.sites
        for phase in site.phases.values()
        if (start := _parse_time(phase.started_at)) is not None
    ]
    return max(ends).astimezone(UTC).strftime(ISO_FORMAT) if ends else None


def command_line(report: Report) -> str:
    """The command that started the run, quoted as a POSIX shell would need it; "" when not recorded."""
    return shlex.join(report.invocation.command_line)


@dataclass(frozen=True)
class SiteView:
    """What the template shows of a site beyond the SiteReport itself."""

    site: SiteReport
    anchor: str
    groups: tuple[SeverityGroup, ...]
    marks: CookieMarks
    shots: SiteShots
    comparison: PhaseComparison
    host_mapping: tuple[str, ...]


def site_views(report: Report, out_dir: Path | None) -> tuple[SiteView, ...]:
    """Every site of the report with its findings grouped, screenshots read and phases compared."""
    rules = rule_index(report)
    host_map = report.options.get("host_map") or ()
    views = []
    for index, site in enumerate(report.sites, start=1):
        anchor = f"site-{index}"
        views.append(
            SiteView(
                site=site,
                anchor=anchor,
                groups=finding_groups(site.findings, rules),
                marks=cookie_marks(site.findings),
                shots=site_shots(site, anchor, out_dir),
                comparison=compare_phases(site.phases),
                host_mapping=host_mapping(site.url, host_map),
            )
        )
    return tuple(views)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=page_text,
    )
    env.filters.update(lifetime=lifetime, host=request_host, safe_href=safe_href, banner_text=banner_text)
    env.filters.update(without_query=without_query)
    env.globals.update(seen_at=seen_at, signal_rows=signal_rows, purpose=purpose, subject_items=subject_items)
    env.globals.update(hosts=hosts, verdict_legend=VERDICT_LEGEND, severities=SEVERITY_ORDER)
    source = files("checker.render").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")
    return env.from_string(source)


def render_html(report: Report, out_dir: Path | None = None) -> str:
    """The report as one self-contained HTML page; screenshots are read from `out_dir` (the output folder
    their paths are relative to) and embedded when their SHA-256 matches the report's."""
    views = site_views(report, out_dir)
    shown = {path for v in views for path in v.shots.anchors}
    return _template().render(
        report=report,
        sites=views,
        other_evidence={p: d for p, d in report.evidence.items() if p not in shown},
        screenshot_files=sum(p in shown for p in report.evidence),
        options=option_rows(report.options),
        scan_ended=scan_ended(report),
        command_line=command_line(report),
    )
