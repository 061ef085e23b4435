"""Fixtures for the report and renderer tests (the data lives in render_fixtures.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from render_fixtures import (
    CLEAN,
    CLEAN_SITE,
    DOWN_SITE,
    EVIDENCE_FILES,
    F_HIGH,
    F_INFO_CLEAN,
    F_INFO_NEWS,
    F_MEDIUM,
    GENERATED_AT,
    NEWS,
    NEWS_SITE,
    PACK,
    make_evidence,
)

from checker.models import PHASES, Finding, PhaseSnapshot, SiteEvidence
from checker.report import Report, build_report


@pytest.fixture
def report() -> Report:
    """The run with the three sites; findings: news high+medium+info, clean info, down none."""
    return build_report(
        make_evidence(NEWS_SITE, CLEAN_SITE, DOWN_SITE),
        [PACK],
        # Evaluator order on purpose: build_report puts the most severe first.
        {NEWS: [F_INFO_NEWS, F_MEDIUM, F_HIGH], CLEAN: [F_INFO_CLEAN]},
        EVIDENCE_FILES,
        GENERATED_AT,
    )


@pytest.fixture
def site_report() -> Callable[..., Report]:
    """Build a one-site report: (status, findings) -> Report."""

    def make(status: str, findings: list[Finding], url: str = CLEAN) -> Report:
        # A site the scan saw: its three phases on the page; a broken one: no phase ran.
        seen = {p: PhaseSnapshot(p, url, url, "2026-01-01T00:00:00Z", 0) for p in PHASES}  # type: ignore[arg-type]
        phases = seen if status == "ok" else {}
        site = SiteEvidence(
            url=url, status=status, error="boom" if status == "error" else None, phases=phases
        )  # type: ignore[arg-type]
        return build_report(make_evidence(site), [PACK], {url: findings}, {}, GENERATED_AT)

    return make
