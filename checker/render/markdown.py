"""report.md: a summary for a pull-request comment or a CI step summary, capped in size, page text inert."""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.models import SEVERITIES, Finding, Waiver
from checker.render.console import most_severe_first, subject_label, triage_label
from checker.report import VERDICT_LEGEND, Report, SiteReport, banner_label, severity_rank, summary_line
from checker.text_safety import ELLIPSIS, safe_text

# GitHub cuts a comment at 65,536 characters and a step summary at 1 MiB; this stays well under both.
MARKDOWN_CAP_BYTES = 60_000  # UTF-8 bytes of the whole document
MARKDOWN_FINDINGS_PER_SITE = 10  # the most severe; the rest of a site's findings are counted
MARKDOWN_TABLE_MAX_SITES = 100  # rows of the table of sites; the rest are counted
MARKDOWN_TABLE_MAX_BYTES = MARKDOWN_CAP_BYTES // 3  # the table stops sooner if its rows are long
MARKDOWN_EXPIRED_WAIVERS_MAX = 20  # listed; the rest are counted
URL_MAX_CHARS = 200
MESSAGE_MAX_CHARS = 300
SUBJECT_MAX_CHARS = 120
BANNER_TEXT_MAX_CHARS = 160
REASON_MAX_CHARS = 300  # a verdict reason, a scan error, a waiver's reason

_BADGE = {"pass": "✅ pass", "fail": "❌ fail", "inconclusive": "❔ inconclusive", "error": "⚠️ error"}
_DESC = tuple(reversed(SEVERITIES))  # critical first
_TRIAGE_ROWS = (("counted", None), ("baselined", "baselined"), ("waived", "waived"))

# What can start a Markdown construct inside a line: code, emphasis, links and images, headings (a trailing
# "#" run is eaten), table cells, strikethrough, and the escape character itself. An underscore between two
# letters or digits cannot open or close emphasis, so "ERR_NAME_NOT_RESOLVED" stays as it is.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]#|~]|(?<![^\W_])_|_(?![^\W_])")
# GitHub links a bare "www." address that starts the text or follows a space or a delimiter such as "(" or
# "_"; a backslash before the dot stops it and still shows the dot. Inside an address ("//www.") it is left.
_WWW = re.compile(r"(?<![/.\w-])(www)\.|(?<=_)(www)\.", re.IGNORECASE)
_BACKTICKS = re.compile(r"`+")
_FULL_REPORT = "report.html (for people) or report.json (for machines)"


_MENTION = re.compile(r"(?<![\w`])@(?=[A-Za-z0-9])")  # "@user" as GitHub reads it; not "dpo@site.test"


def escape(text: str, max_chars: int | None = None) -> str:
    """Text from scanned pages as inert Markdown prose: one line, no control characters, HTML as entities,
    Markdown punctuation escaped, and no bare address GitHub would turn into a link."""
    line = safe_text(text, max_chars).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    line = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), line)
    # "https\://": the backslash stops GitHub's autolinking of "scheme://" and shows nothing.
    line = _WWW.sub(lambda m: m.group(0)[:3] + "\\.", line.replace("://", "\\://"))
    # "@&#8203;name": a zero-width space after the @ keeps page text from mentioning (pinging) a user.
    return _MENTION.sub("@&#8203;", line)


def code(text: str, max_chars: int | None = None, *, in_table: bool = False) -> str:
    """Text from scanned pages as an inline code span: nothing inside is Markdown, HTML or a link.
    In a table cell a pipe is escaped, as GitHub splits cells before reading code spans."""
    line = safe_text(text, max_chars) or " "
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(line)), default=0) + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    if in_table:
        line = line.replace("|", "\\|")
    return f"{fence}{pad}{line}{pad}{fence}"


def _size(lines: Sequence[str]) -> int:
    """Bytes the lines take in the document, a newline after each."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _findings(report: Report) -> list[Finding]:
    return [f for s in report.sites for f in s.findings]


def _counts_table(report: Report) -> list[str]:
    findings = _findings(report)
    lines = [
        "| Findings | " + " | ".join(s.capitalize() for s in _DESC) + " | Total |",
        "|---|" + "---:|" * (len(_DESC) + 1),
    ]
    for label, status in _TRIAGE_ROWS:
        rows = [f for f in findings if (f.triage.status if f.triage else None) == status]
        counts = [sum(f.severity == s for f in rows) for s in _DESC]
        lines.append(f"| {label} | " + " | ".join(str(n) for n in counts) + f" | {len(rows)} |")
    return [
        *lines,
        "",
        "Counted findings decide the exit code (`--fail-on`); baselined and waived ones are listed, marked,"
        " and do not. Each finding ends with its fingerprint, which a waiver can name.",
    ]


def _waiver(waiver: Waiver) -> str:
    if waiver.fingerprint:
        what = f"fingerprint {code(waiver.fingerprint)}"
    else:
        what = f"rule {code(waiver.rule or '')}" + (f" on {code(waiver.site)}" if waiver.site else "")
    return (
        f"- {what}: {escape(waiver.reason, REASON_MAX_CHARS)} ({escape(waiver.owner)}),"
        f" expired {escape(waiver.expires)}"
    )


def _expired_waivers(report: Report) -> list[str]:
    expired = report.triage.expired_waivers
    if not expired:
        return []
    head = f"**{len(expired)} expired waiver{'s' if len(expired) != 1 else ''}**: no longer applied, their"
    lines = [
        "",
        head + " findings count again.",
        "",
        *(_waiver(w) for w in expired[:MARKDOWN_EXPIRED_WAIVERS_MAX]),
    ]
    left = len(expired) - MARKDOWN_EXPIRED_WAIVERS_MAX
    return lines + ([f"- {ELLIPSIS} and {left} more: see {_FULL_REPORT}."] if left > 0 else [])


def _sites_table(report: Report) -> list[str]:
    lines = [
        "| Site | Verdict | " + " | ".join(s.capitalize() for s in _DESC) + " | Banner |",
        "|---|---|" + "---:|" * len(_DESC) + "---|",
    ]
    rows = 0
    for site in report.sites[:MARKDOWN_TABLE_MAX_SITES]:
        counts = " | ".join(str(site.summary.findings[s]) for s in _DESC)
        url = code(site.url, URL_MAX_CHARS, in_table=True)
        row = f"| {url} | {_BADGE[site.verdict]} | {counts} | {escape(banner_label(site.banner))} |"
        if _size([*lines, row]) > MARKDOWN_TABLE_MAX_BYTES:
            break
        lines.append(row)
        rows += 1
    left = len(report.sites) - rows
    if left > 0:
        lines += ["", f"{ELLIPSIS} and {left} more sites: see {_FULL_REPORT}."]
    return lines


def _finding_line(f: Finding) -> str:
    phase = f" ({f.phase})" if f.phase else ""
    subject = safe_text(subject_label(f.subject))
    about = f" {code(subject, SUBJECT_MAX_CHARS)}" if subject else ""
    mark = f" *({escape(triage_label(f.triage))})*" if f.triage else ""
    return (
        f"- **{f.severity}** {code(f.rule)}{phase}{about}: {escape(f.message, MESSAGE_MAX_CHARS)}{mark}"
        f" · {code(f.fingerprint)}"
    )


def _site_section(site: SiteReport) -> list[str]:
    lines = ["", f"### {_BADGE[site.verdict]} {code(site.url, URL_MAX_CHARS)}", ""]
    lines.append(f"- **why**: {escape(site.verdict_reason, REASON_MAX_CHARS)}")
    if site.error and site.error != site.verdict_reason:
        lines.append(f"- **scan error**: {escape(site.error, REASON_MAX_CHARS)}")
    if site.banner.detected and site.banner.text:
        text = escape(site.banner.text, BANNER_TEXT_MAX_CHARS)
        lines.append(f"- **banner**: {escape(banner_label(site.banner))}, “{text}”")
    ordered = most_severe_first(site.findings)
    lines += [_finding_line(f) for f in ordered[:MARKDOWN_FINDINGS_PER_SITE]]
    left = len(ordered) - MARKDOWN_FINDINGS_PER_SITE
    if left > 0:
        lines.append(
            f"- {ELLIPSIS} and {left} more finding{'s' if left != 1 else ''} of this site: see report.html"
        )
    return lines


def _worst_counted(site: SiteReport) -> int:
    """Rank of the site's most severe counted finding; -1 when none counts."""
    return max((severity_rank(f.severity) for f in site.findings if f.triage is None), default=-1)


def _sites_to_detail(report: Report) -> list[SiteReport]:
    """Sites worth a section, the one with the most severe counted finding first (report order within)."""
    shown = [s for s in report.sites if s.findings or s.error or s.verdict != "pass"]
    return sorted(shown, key=lambda s: -_worst_counted(s))


def _rules_section(findings: Sequence[Finding]) -> list[str]:
    """Each rule with findings once, with its title and legal references."""
    rules = {f.rule: f for f in most_severe_first(findings)}
    if not rules:
        return []
    lines = ["", "### Rules with findings", ""]
    for rule, f in rules.items():
        title = f" {escape(f.title)}" if f.title else ""
        refs = f" — {escape('; '.join(f.references))}" if f.references else ""
        lines.append(f"- {code(rule)}{title}{refs}")
    return lines


def _footer(report: Report) -> list[str]:
    rules = ", ".join(f"{p.pack} {p.version}" for p in report.rules) or "none"
    return [
        "",
        f"<sub>{escape(report.tool.name)} {escape(report.tool.version)} · {escape(report.browser.name)}"
        f" {escape(report.browser.version)} · rules: {escape(rules)} · {escape(report.generated_at)}</sub>",
    ]


def _left_out(sites: Sequence[SiteReport]) -> list[str]:
    findings = sum(len(s.findings) for s in sites)
    return [
        "",
        f"**{len(sites)} more site{'s' if len(sites) != 1 else ''} not shown** ({findings} findings), to keep"
        f" this summary under {MARKDOWN_CAP_BYTES} bytes: see {_FULL_REPORT}.",
    ]


def render_markdown(report: Report) -> str:
    """Counts by severity and triage, a table of sites, then each site's most severe findings (marked when
    baselined or waived, with their fingerprint) until the document would pass MARKDOWN_CAP_BYTES."""
    head = ["## Consent check", "", summary_line(report.summary) + ".", "", *_counts_table(report)]
    head += _expired_waivers(report)
    if not report.complete:
        head += ["", f"**Incomplete run**: interrupted with {len(report.pending)} site(s) not scanned."]
    head += ["", *_sites_table(report)]
    head += ["", f"Verdicts: {VERDICT_LEGEND.replace('--fail-on', '`--fail-on`')}"]
    candidates = _sites_to_detail(report)
    # Room kept for the parts that come after the sections: the rules (of every finding, an upper bound),
    # the footer, and the note that says what was left out.
    reserved = (
        _size(_rules_section(_findings(report))) + _size(_footer(report)) + _size(_left_out(candidates))
    )
    budget = MARKDOWN_CAP_BYTES - _size(head) - reserved
    body: list[str] = []
    detailed: list[SiteReport] = []
    for site in candidates:
        section = _site_section(site)
        if _size(section) > budget:
            break
        body += section
        budget -= _size(section)
        detailed.append(site)
    omitted = candidates[len(detailed) :]
    tail = _left_out(omitted) if omitted else []
    tail += _rules_section([f for s in detailed for f in s.findings]) + _footer(report)
    return "\n".join(head + body + tail) + "\n"
