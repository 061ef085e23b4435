"""The registry of output formats: each is one entry (name, file, what it is, renderer), read by the CLI,
the demo and --help alike. A renderer turns a finished Report into text or bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.render.html import render_html
from checker.render.json import render_json
from checker.render.junit import render_junit
from checker.render.markdown import render_markdown
from checker.render.pdf import render_pdf
from checker.render.sarif import render_sarif
from checker.report import Report

# The output folder is passed so a format can embed files the report names (screenshots) from it.
Renderer = Callable[[Report, Path], str | bytes]


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str  # as --format names it
    file_name: str  # written in the output folder
    description: str  # one line for --help
    render: Renderer


def _text(render: Callable[[Report], str]) -> Renderer:
    """A renderer that needs nothing but the report."""

    def with_folder(report: Report, _folder: Path) -> str:
        return render(report)

    return with_folder


def _junit(report: Report, _folder: Path) -> str:
    """JUnit failures follow the run's --fail-on."""
    return render_junit(report, report.invocation.fail_on)


FORMATS: tuple[Format, ...] = (
    Format("json", "report.json", "the whole report for machines (report.schema.json)", _text(render_json)),
    Format(
        "html",
        "report.html",
        "one self-contained page for people: screenshots embedded, printable",
        render_html,
    ),
    Format("pdf", "report.pdf", "report.html printed to A4 by Chromium, for filing", render_pdf),
    Format("junit", "report.junit.xml", "JUnit XML, one test case per site and rule", _junit),
    Format("sarif", "report.sarif", "SARIF 2.1.0 for code scanning (GitHub)", _text(render_sarif)),
    Format("md", "report.md", "a Markdown summary for pull requests and CI", _text(render_markdown)),
)
FORMAT_BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}

__all__ = ["FORMATS", "FORMAT_BY_NAME", "Format", "Renderer"]
