"""Progress bars of long commands: shown with count, rate and ETA, on stderr only."""
import io

from rich.console import Console

import kg.common as common


def run_tracked(monkeypatch, total):
    screen = io.StringIO()
    monkeypatch.setattr(common, "err", Console(file=screen, force_terminal=True, width=120))
    items = list(common.track(iter(range(total)), total, "export: nodes"))
    return items, screen.getvalue()


def test_large_jobs_show_count_rate_and_eta(monkeypatch):
    items, screen = run_tracked(monkeypatch, common.PROGRESS_THRESHOLD)
    assert items == list(range(common.PROGRESS_THRESHOLD))   # nothing lost or repeated
    assert "export: nodes" in screen and "eta" in screen
    assert f"{common.PROGRESS_THRESHOLD}/{common.PROGRESS_THRESHOLD}" in screen


def test_small_jobs_stay_quiet(monkeypatch):
    items, screen = run_tracked(monkeypatch, 10)
    assert items == list(range(10))
    assert screen == ""
