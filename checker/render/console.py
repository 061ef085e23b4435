"""The summary the CLI prints at the end of a run: each site's verdict and its findings, one line each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from typing import Any

from rich.console import Console
from rich.text import Text

from checker.models import PHASES, SEVERITIES, Finding, Triage
from checker.report import INCOMPLETE, Report, SiteReport, banner_label, severity_rank, summary_line
from checker.text_safety import safe_text

CONSOLE_FINDINGS_PER_SITE = 10  # the rest of a site's findings are counted, not listed
URL_MAX_CHARS = 300  # a site URL is printed whole up to this length
SUBJECT_MAX_CHARS = 120  # room for a signal read in a page: "tcf (__tcfapi in https://…)"
REASON_MAX_CHARS = 200  # a verdict reason or a waiver's reason
_VERDICT_WIDTH = max(len(v) for v in ("pass", "fail", "inconclusive", "error"))
_SEVERITY_WIDTH = max(len(s) for s in SEVERITIES)
_PHASE_WIDTH = max(len(p) for p in PHASES)

_VERDICT_STYLE = {
    "pass": "bold green",
    "fail": "bold red",
    "inconclusive": "bold blue",
    "error": "bold yellow",
}
_SEVERITY_STYLE = {
    "critical": "bold magenta",
    "high": "red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


def _at(name: str, domain: Any) -> str:
    return f"{name}@{domain}" if domain else name


def subject_label(subject: Mapping[str, Any]) -> str:
    """A finding's subject in a few words (cookie name@domain, host, storage key, signal, banner or action);
    the text is the page's own: make it safe for the format before showing it."""
    if subject.get("cookie") is not None:
        return _at(str(subject["cookie"]), subject.get("domain"))
    if subject.get("refused_cookie") is not None:
        return "refused " + _at(str(subject["refused_cookie"]), subject.get("domain"))
    if subject.get("storage") is not None:
        return f"{subject.get('kind') or ''}Storage:{subject['storage']}"
    if subject.get("host") is not None:
        return str(subject["host"])
    if subject.get("signal") is not None:
        where = subject.get("where")
        return f"{subject['signal']} ({where})" if where else str(subject["signal"])
    if "banner" in subject:
        return f"banner {subject['banner']}" if subject["banner"] else "banner"
    if subject.get("action") is not None:
        return f"{subject['action']} action"
    return ""


def triage_label(triage: Triage | None) -> str:
    """How a finding was triaged in a few words: "", "baselined" or "waived: reason, owner, until DATE"."""
    if triage is None:
        return ""
    if triage.status == "baselined":
        return "baselined"
    until = f"until {triage.expires}" if triage.expires else None
    parts = [safe_text(triage.reason, REASON_MAX_CHARS), triage.owner and safe_text(triage.owner), until]
    return "waived: " + ", ".join(p for p in parts if p)


def most_severe_first(findings: Sequence[Finding]) -> list[Finding]:
    """Most severe first, and within a severity the counted before the baselined and waived."""
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), f.triage is not None))


def findings_line(findings: Sequence[Finding]) -> str:
    """The findings of the run counted by severity, then how many were baselined and waived."""
    by_severity = [(s, sum(f.severity == s for f in findings)) for s in reversed(SEVERITIES)]
    counts = ", ".join(f"{n} {s}" for s, n in by_severity if n) or "none"
    baselined = sum(f.triage is not None and f.triage.status == "baselined" for f in findings)
    waived = sum(f.triage is not None and f.triage.status == "waived" for f in findings)
    return f"findings: {counts} ({baselined} baselined, {waived} waived)"


@dataclass(frozen=True)
class _Span:
    """A piece of a printed line and its style on a terminal."""

    text: str
    style: str = ""


_Line = tuple[_Span, ...]


def _banner(site: SiteReport) -> str:
    banner = safe_text(banner_label(site.banner), SUBJECT_MAX_CHARS)
    layers = site.banner.reject_layers
    if site.banner.detected and layers is not None:
        banner += f", reject: {layers} layer{'' if layers == 1 else 's'}"
    return banner


def _site_line(site: SiteReport) -> _Line:
    return (
        _Span(site.verdict.ljust(_VERDICT_WIDTH), _VERDICT_STYLE[site.verdict]),
        _Span(f"  {safe_text(site.url, URL_MAX_CHARS)}  (banner: {_banner(site)})"),
    )


def _finding_line(f: Finding, rule_width: int) -> _Line:
    subject = safe_text(subject_label(f.subject), SUBJECT_MAX_CHARS) or "-"
    mark = triage_label(f.triage)
    return (
        _Span("  "),
        _Span(f.severity.ljust(_SEVERITY_WIDTH), _SEVERITY_STYLE[f.severity]),
        _Span(f"  {safe_text(f.rule).ljust(rule_width)}  {(f.phase or '-').ljust(_PHASE_WIDTH)}  {subject}"),
        _Span(f"  [{mark}]" if mark else "", "dim"),
    )


def _one(text: str, style: str = "") -> _Line:
    return (_Span(text, style),)


def _site_lines(site: SiteReport, listed: Sequence[Finding], rule_width: int) -> list[_Line]:
    lines = [_site_line(site)]
    if site.verdict in INCOMPLETE:
        lines.append(_one(f"  why: {safe_text(site.verdict_reason, REASON_MAX_CHARS)}"))
    lines += [_finding_line(f, rule_width) for f in listed]
    if len(site.findings) > len(listed):
        lines.append(_one(f"  ... and {len(site.findings) - len(listed)} more (see report.html)"))
    return lines


def _closing_lines(report: Report) -> list[_Line]:
    lines = [_one(findings_line([f for s in report.sites for f in s.findings]))]
    for waiver in report.triage.expired_waivers:
        said = f"{safe_text(waiver.reason, REASON_MAX_CHARS)}, {safe_text(waiver.owner)}"
        what = (
            f"waiver expired on {waiver.expires}, no longer applied: {safe_text(waiver.describe())} ({said})"
        )
        lines.append(_one(what, "yellow"))
    if not report.complete:
        lines.append(
            _one(
                f"incomplete: the run was interrupted; {len(report.pending)} site(s) not scanned"
                " (continue with: consent-checker scan --resume DIR)",
                "bold yellow",
            )
        )
    return [*lines, _one(summary_line(report.summary))]


def _lines(report: Report) -> list[_Line]:
    shown = [most_severe_first(s.findings)[:CONSOLE_FINDINGS_PER_SITE] for s in report.sites]
    rule_width = max((len(safe_text(f.rule)) for fs in shown for f in fs), default=0)
    lines = [_one("consent-checker results", "bold")]
    for site, listed in zip(report.sites, shown, strict=True):
        lines += _site_lines(site, listed, rule_width)
    return lines + _closing_lines(report)


def summary_table(report: Report, *, color: bool = False) -> str:
    """One line per site (verdict, URL, banner) and under it one per finding (severity, rule, phase,
    subject, triage), then the totals; the summary line comes last. Lines are never wrapped, so a URL is
    always whole on its line; with `color` the same lines carry terminal colours."""
    lines = _lines(report)
    if not color:
        return "".join("".join(span.text for span in line).rstrip() + "\n" for line in lines)
    out = StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", highlight=False)
    for line in lines:
        # Text(), never markup: page text such as "[bold]" stays text. soft_wrap: rich adds no line breaks.
        console.print(Text.assemble(*((span.text, span.style) for span in line)), soft_wrap=True)
    return out.getvalue()
