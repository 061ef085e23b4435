"""report.html: one self-contained page (inline CSS, no external assets) rendered with Jinja2."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

import jinja2

from checker.domains import request_host
from checker.models import Request
from checker.render.signal_rows import signal_rows
from checker.report import VERDICT_LEGEND, ActionReport, Report

TEMPLATE = "report.html.j2"


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
    return url if urlsplit(url).scheme in ("http", "https") else "#"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(lifetime=lifetime, host=request_host, safe_href=safe_href)
    env.globals.update(seen_at=seen_at, signal_rows=signal_rows)
    env.globals.update(hosts=hosts, verdict_legend=VERDICT_LEGEND)
    source = files("checker.render").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")
    return env.from_string(source)


def render_html(report: Report) -> str:
    """The report as a self-contained HTML page; screenshots are linked by their relative path."""
    return _template().render(report=report)
