"""Renderers: each output format is one function from a finished Report to text."""

from __future__ import annotations

from collections.abc import Callable

from checker.render.html import render_html
from checker.render.json import render_json
from checker.render.junit import render_junit
from checker.render.markdown import render_markdown
from checker.render.sarif import render_sarif
from checker.report import Report

Renderer = Callable[[Report], str]

RENDERERS: dict[str, Renderer] = {
    "json": render_json,
    "html": render_html,
    "junit": render_junit,
    "sarif": render_sarif,
    "md": render_markdown,
}

FILE_NAMES: dict[str, str] = {
    "json": "report.json",
    "html": "report.html",
    "junit": "report.junit.xml",
    "sarif": "report.sarif",
    "md": "report.md",
}

__all__ = ["FILE_NAMES", "RENDERERS", "Renderer"]
