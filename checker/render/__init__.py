"""The registry of output formats: each is one entry (name, file, what it is, renderer), read by the CLI,
the demo and --help alike. A renderer turns a finished Report into text or bytes.

The renderers load when a format is written, so that `--help`, `verify` or `diff` do not pay for
Jinja2, the report model or the browser stack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.report import Report

# The output folder is passed so a format can embed files the report names (screenshots) from it.
Renderer = Callable[["Report", Path], str | bytes]


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str  # as --format names it
    file_name: str  # written in the output folder
    description: str  # one line for --help
    render: Renderer


def _json(report: Report, _folder: Path) -> str:
    from checker.render.json import render_json

    return render_json(report)


def _html(report: Report, folder: Path) -> str:
    from checker.render.html import render_html

    return render_html(report, folder)


def _pdf(report: Report, folder: Path) -> bytes:
    from checker.render.pdf import render_pdf

    return render_pdf(report, folder)


def _junit(report: Report, _folder: Path) -> str:
    """JUnit failures follow the run's --fail-on."""
    from checker.render.junit import render_junit

    return render_junit(report, report.invocation.fail_on)


def _sarif(report: Report, _folder: Path) -> str:
    from checker.render.sarif import render_sarif

    return render_sarif(report)


def _markdown(report: Report, _folder: Path) -> str:
    from checker.render.markdown import render_markdown

    return render_markdown(report)


FORMATS: tuple[Format, ...] = (
    Format("json", "report.json", "the whole report for machines (report.schema.json)", _json),
    Format(
        "html", "report.html", "one self-contained page for people, screenshots embedded, printable", _html
    ),
    Format("pdf", "report.pdf", "report.html printed to A4 by Chromium, for filing", _pdf),
    Format("junit", "report.junit.xml", "JUnit XML, one test case per site and rule", _junit),
    Format("sarif", "report.sarif", "SARIF 2.1.0 for code scanning (GitHub)", _sarif),
    Format("md", "report.md", "a Markdown summary for pull requests and CI", _markdown),
)
FORMAT_BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}

__all__ = ["FORMATS", "FORMAT_BY_NAME", "Format", "Renderer"]
