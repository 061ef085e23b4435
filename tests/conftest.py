"""Suite-wide hooks.

With CONSENT_CHECKER_REQUIRE_BROWSER=1 (scripts/test.sh, hence CI, sets it) a test marked `browser`
that skips is reported as a failure: a machine without a usable Chromium must not go green by
skipping every end-to-end test. Tests also marked `optional_browser` (those that need one particular
build, such as Debian's full Chromium) may still skip.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

REQUIRE_BROWSER = "CONSENT_CHECKER_REQUIRE_BROWSER"


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if (
        os.environ.get(REQUIRE_BROWSER) == "1"
        and report.skipped
        and not hasattr(report, "wasxfail")  # an expected failure is not a skip
        and item.get_closest_marker("browser") is not None
        and item.get_closest_marker("optional_browser") is None
    ):
        report.outcome = "failed"
        report.longrepr = (
            f"browser test skipped ({_skip_reason(report)}), but {REQUIRE_BROWSER}=1 requires every "
            "`browser` test to run: install a Chromium (bash scripts/setup.sh) or unset the variable"
        )
    return report
