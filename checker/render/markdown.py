"""report.md: a concise summary for a pull-request comment."""

from __future__ import annotations

from checker.models import SEVERITIES
from checker.report import VERDICT_LEGEND, Report, banner_label, summary_line

_BADGE = {"pass": "✅ pass", "fail": "❌ fail", "inconclusive": "❔ inconclusive", "error": "⚠️ error"}
_DESC = tuple(reversed(SEVERITIES))  # critical first


def _cell(text: str) -> str:
    """Text from scanned pages made inert: one line, pipes and angle brackets escaped."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(report: Report) -> str:
    """A table of sites with verdict and finding counts, then the findings of each site."""
    lines = [
        "## Consent check",
        "",
        summary_line(report.summary) + ".",
        "",
        "| Site | Verdict | " + " | ".join(sev.capitalize() for sev in _DESC) + " | Banner |",
        "|---|---|" + "---:|" * len(_DESC) + "---|",
    ]
    for site in report.sites:
        counts = " | ".join(str(site.summary.findings[sev]) for sev in _DESC)
        lines.append(
            f"| {_cell(site.url)} | {_BADGE[site.verdict]} | {counts} | {_cell(banner_label(site.banner))} |"
        )
    lines += ["", f"Verdicts: {VERDICT_LEGEND.replace('--fail-on', '`--fail-on`')}"]
    if not report.complete:
        lines += ["", f"**Incomplete run**: interrupted with {len(report.pending)} site(s) not scanned."]
    for site in report.sites:
        if not site.findings and not site.error and site.verdict == "pass":
            continue
        lines += ["", f"### {_BADGE[site.verdict]} {site.url}", ""]
        lines.append(f"- **why**: {_cell(site.verdict_reason)}")
        if site.error:
            lines.append(f"- **scan error**: {_cell(site.error)}")
        for f in site.findings:
            phase = f" ({f.phase})" if f.phase else ""
            refs = f" ({_cell('; '.join(f.references))})" if f.references else ""
            lines.append(f"- **{f.severity}** `{f.rule}`{phase}: {_cell(f.message)}{refs}")
    lines += [
        "",
        f"<sub>{report.tool.name} {report.tool.version} · {report.browser.name} {report.browser.version}"
        f" · rules: {', '.join(f'{p.pack} {p.version}' for p in report.rules) or 'none'}"
        f" · {report.generated_at}</sub>",
    ]
    return "\n".join(lines) + "\n"
