"""report.json: the report as JSON, valid against checker/schemas/report.schema.json."""

from __future__ import annotations

import json

from checker.report import Report, report_to_dict


def render_json(report: Report) -> str:
    """The report as indented JSON, keys in field order, non-ASCII kept as is."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
