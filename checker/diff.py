"""`consent-checker diff OLD.json NEW.json`: per site, what is new and what is gone between two reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.domains import request_host
from checker.fingerprint import fingerprint, site_key
from checker.report import severity_rank
from checker.text_safety import safe_text
from checker.triage import read_report_json

TRACKER_CATEGORIES = frozenset({"analytics", "marketing"})


@dataclass(frozen=True, order=True)
class CookieKey:
    """A cookie of a phase, as diff compares them."""

    phase: str
    name: str
    domain: str


@dataclass(frozen=True, order=True)
class TrackerKey:
    """A third-party analytics or advertising host contacted in a phase."""

    phase: str
    host: str
    vendor: str


@dataclass(frozen=True)
class FindingFact:
    """A finding, as diff lists it."""

    fingerprint: str
    rule: str
    severity: str
    phase: str | None
    message: str
    counted: bool  # neither baselined nor waived


@dataclass(frozen=True)
class SiteFacts:
    """What diff reads of one site of a report."""

    url: str
    cookies: frozenset[CookieKey]
    trackers: frozenset[TrackerKey]
    findings: Mapping[str, FindingFact]


@dataclass(frozen=True)
class SiteDiff:
    """One site's changes; `presence` says whether it is in both reports or only one."""

    url: str
    presence: str  # "both", "new site", "gone site"
    new_cookies: tuple[CookieKey, ...]
    gone_cookies: tuple[CookieKey, ...]
    new_trackers: tuple[TrackerKey, ...]
    gone_trackers: tuple[TrackerKey, ...]
    new_findings: tuple[FindingFact, ...]
    gone_findings: tuple[FindingFact, ...]

    @property
    def changed(self) -> bool:
        return bool(
            self.presence != "both"
            or self.new_cookies
            or self.gone_cookies
            or self.new_trackers
            or self.gone_trackers
            or self.new_findings
            or self.gone_findings
        )


def read_report(path: Path) -> Mapping[str, SiteFacts]:
    """The sites of a report.json, keyed by site (see fingerprint.site_key); a file that is not a report
    is a one-line TriageError."""
    data = read_report_json(path, "diff:")
    return {site_key(s["url"]): _site_facts(s) for s in data["sites"]}


def _site_facts(site: Mapping[str, Any]) -> SiteFacts:
    phases: Mapping[str, Any] = site.get("phases") or {}
    cookies = frozenset(
        CookieKey(phase, str(c.get("name", "")), str(c.get("domain", "")))
        for phase, p in phases.items()
        for c in p.get("cookies") or ()
    )
    trackers = frozenset(
        TrackerKey(phase, request_host(str(r.get("url", ""))), str(r.get("vendor") or ""))
        for phase, p in phases.items()
        for r in p.get("requests") or ()
        if r.get("party") == "third" and r.get("category") in TRACKER_CATEGORIES
    )
    findings = {fact.fingerprint: fact for fact in (_finding(site["url"], f) for f in site["findings"])}
    return SiteFacts(site["url"], cookies, trackers, findings)


def _finding(url: str, f: Mapping[str, Any]) -> FindingFact:
    return FindingFact(
        fingerprint=f.get("fingerprint") or fingerprint(f["rule"], url, f["phase"], f["subject"]),
        rule=f["rule"],
        severity=str(f.get("severity", "info")),
        phase=f["phase"],
        message=str(f.get("message", "")),
        counted=f.get("triage") is None,
    )


def _site_diff(old: SiteFacts | None, new: SiteFacts | None) -> SiteDiff:
    empty = SiteFacts("", frozenset(), frozenset(), {})
    before, after = old or empty, new or empty
    return SiteDiff(
        url=(new or old or empty).url,
        presence="both" if old and new else ("new site" if new else "gone site"),
        new_cookies=tuple(sorted(after.cookies - before.cookies)),
        gone_cookies=tuple(sorted(before.cookies - after.cookies)),
        new_trackers=tuple(sorted(after.trackers - before.trackers)),
        gone_trackers=tuple(sorted(before.trackers - after.trackers)),
        new_findings=tuple(f for fp, f in after.findings.items() if fp not in before.findings),
        gone_findings=tuple(f for fp, f in before.findings.items() if fp not in after.findings),
    )


def diff_reports(old: Mapping[str, SiteFacts], new: Mapping[str, SiteFacts]) -> tuple[SiteDiff, ...]:
    """Per site (new report's order, then the sites only the old one has), what changed."""
    keys = list(new) + [k for k in old if k not in new]
    return tuple(_site_diff(old.get(k), new.get(k)) for k in keys)


def fails(diffs: Iterable[SiteDiff], fail_on: str) -> bool:
    """A new finding at or above `fail_on` that is neither baselined nor waived in the new report."""
    threshold = severity_rank(fail_on)
    return any(f.counted and severity_rank(f.severity) >= threshold for d in diffs for f in d.new_findings)


def _cookie(c: CookieKey) -> str:
    return f"{c.phase}: {c.name} ({c.domain})"


def _tracker(t: TrackerKey) -> str:
    return f"{t.phase}: {t.host}" + (f" ({t.vendor})" if t.vendor else "")


def _finding_line(f: FindingFact) -> str:
    mark = "" if f.counted else " [baselined or waived]"
    return f"{f.severity} {f.rule} ({f.phase or 'site'}) {f.fingerprint}{mark}: {f.message}"


def _sections(d: SiteDiff) -> list[tuple[str, list[str]]]:
    return [
        ("new findings", [_finding_line(f) for f in d.new_findings]),
        ("gone findings", [_finding_line(f) for f in d.gone_findings]),
        ("new cookies", [_cookie(c) for c in d.new_cookies]),
        ("gone cookies", [_cookie(c) for c in d.gone_cookies]),
        ("new trackers", [_tracker(t) for t in d.new_trackers]),
        ("gone trackers", [_tracker(t) for t in d.gone_trackers]),
    ]


def diff_text(diffs: Sequence[SiteDiff]) -> str:
    """Plain text: one block per changed site."""
    changed = [d for d in diffs if d.changed]
    lines = [f"{len(changed)} of {len(diffs)} site(s) changed"]
    for d in changed:
        lines += ["", safe_text(d.url) + ("" if d.presence == "both" else f" ({d.presence})")]
        for title, items in _sections(d):
            if items:
                lines.append(f"  {title} ({len(items)}):")
                lines += [f"    {safe_text(item)}" for item in items]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Page-controlled text as inert inline code."""
    text = safe_text(text).replace("`", "'")
    return f"`{text}`"


def diff_markdown(diffs: Sequence[SiteDiff]) -> str:
    """Markdown: one section per changed site, each item as inline code (inert)."""
    changed = [d for d in diffs if d.changed]
    lines = ["## Consent check: changes", "", f"{len(changed)} of {len(diffs)} site(s) changed."]
    for d in changed:
        lines += ["", f"### {_md(d.url)}" + ("" if d.presence == "both" else f" ({d.presence})")]
        for title, items in _sections(d):
            if items:
                lines += ["", f"**{title}** ({len(items)})", ""]
                lines += [f"- {_md(item)}" for item in items]
    return "\n".join(lines) + "\n"
