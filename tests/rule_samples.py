"""A small valid rule, shared by the rule-loading and CLI tests."""

from __future__ import annotations

from typing import Any

GOOD_RULE: dict[str, Any] = {
    "id": "no-ga",
    "title": "No Google Analytics cookie before consent",
    "severity": "high",
    "phases": ["before"],
    "subject": "cookies",
    "where": {"name": "^_ga"},
    "expect": {"none": True},
    "message": "Cookie {name} before consent.",
    "references": ["ePrivacy Directive 2002/58/EC, Art. 5(3)"],
    "description": "Test rule.",
    "examples": [
        {"title": "none", "outcome": "pass", "evidence": {"phases": {"before": {}}}},
        {
            "title": "ga",
            "outcome": "fail",
            "findings": 1,
            "messages": ["Cookie _ga before consent."],
            "evidence": {"phases": {"before": {"cookies": [{"name": "_ga", "domain": ".x.com"}]}}},
        },
    ],
}
