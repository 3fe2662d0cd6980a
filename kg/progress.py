"""The one progress bar of long commands (build, load, export, views): on stderr, with
count, percentage, rate and ETA, so stdout stays clean for data piped elsewhere."""
from __future__ import annotations

from typing import Any


def progress_bar(*, transient: bool, console: Any = None):
    """A rich Progress with the project's columns; `console` defaults to stderr."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        """Items per second, as rich measures them from the advances."""

        def render(self, task) -> Text:
            return Text(f"{task.speed:,.1f}/s" if task.speed else "")

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TaskProgressColumn(), Rate(), TimeElapsedColumn(),
                    TextColumn("eta"), TimeRemainingColumn(),
                    console=console or Console(stderr=True), transient=transient)
