"""The summary table the CLI prints at the end of a run (rich, rendered to a string)."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.models import SEVERITIES
from checker.report import INCOMPLETE, Report, banner_label, summary_line

_VERDICT_STYLE = {
    "pass": "bold green",
    "fail": "bold red",
    "inconclusive": "bold blue",
    "error": "bold yellow",
}
_SHORT = {"critical": "Crit", "high": "High", "medium": "Med", "low": "Low", "info": "Info"}
_SEVERITY_STYLE = {
    "critical": "bold magenta",
    "high": "red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


def summary_table(report: Report, *, color: bool = False) -> str:
    """One row per site: verdict, findings by severity, banner/CMP; a totals line under it."""
    table = Table(title="consent-checker", title_justify="left", expand=False)
    table.add_column("Site", overflow="fold", min_width=26)
    table.add_column("Verdict")
    for sev in reversed(SEVERITIES):
        table.add_column(_SHORT[sev], justify="right", style=_SEVERITY_STYLE[sev])
    table.add_column("Banner / CMP", overflow="fold", max_width=20)
    for site in report.sites:
        banner = banner_label(site.banner)
        layers = site.banner.reject_layers
        if site.banner.detected and layers is not None:
            banner += f", reject: {layers} layer{'' if layers == 1 else 's'}"
        # Text(), not str: a URL or CMP name must not be read as rich markup.
        table.add_row(
            Text(site.url),
            f"[{_VERDICT_STYLE[site.verdict]}]{site.verdict}[/]",
            *(str(site.summary.findings[sev]) for sev in reversed(SEVERITIES)),
            Text(banner),
        )
    out = StringIO()
    console = Console(
        file=out, width=100, force_terminal=color, color_system="standard" if color else None, highlight=False
    )
    console.print(table)
    for site in report.sites:
        if site.verdict in INCOMPLETE:
            console.print(Text(f"{site.verdict}: {site.url}: {site.verdict_reason}"))
    console.print(summary_line(report.summary), markup=False)
    if not report.complete:
        console.print(
            Text(
                f"incomplete: the run was interrupted; {len(report.pending)} site(s) not scanned"
                " (continue with: consent-checker scan --resume DIR)"
            )
        )
    text = out.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())
