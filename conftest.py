"""Project-wide pytest rule: where the services exist (scripts/test.sh, CI), a test that
needs them must not pass by skipping.

Tests marked neo4j, browser, seeds or spark skip with a reason when their server, browser,
../shared or PySpark (with Java) is absent, so a newcomer's partial machine still runs the
rest. scripts/test.sh sets KG_REQUIRE_SERVICES=1 after starting everything; then such a skip is a failure.
"""
from __future__ import annotations

import os

import pytest

SERVICE_MARKERS = ("neo4j", "browser", "seeds", "spark")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ARG001 - pytest passes hook arguments by name
    outcome = yield
    report = outcome.get_result()
    if not os.environ.get("KG_REQUIRE_SERVICES") or not report.skipped:
        return
    needed = [m for m in SERVICE_MARKERS if item.get_closest_marker(m)]
    if needed:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"needs {'/'.join(needed)} but skipped ({reason}); KG_REQUIRE_SERVICES=1 forbids that"
