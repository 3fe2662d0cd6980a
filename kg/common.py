"""What every command group shares: the consoles, exit statuses and one-line errors."""
from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

# Exit statuses: 2 is typer's own for bad usage.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SKIPPED = 3  # the run finished, but some input was skipped (each said on stderr)

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    """One line on stderr that names what was wrong; the run goes on."""
    err.print(f"[yellow]warning:[/] {_escape(message)}", markup=True, soft_wrap=True, highlight=False)


def fail(message: str, status: int = EXIT_ERROR) -> NoReturn:
    """One line on stderr naming what was wrong, then stop with `status`."""
    err.print(f"[red]error:[/] {_escape(message)}", markup=True, soft_wrap=True, highlight=False)
    raise typer.Exit(status)


def _escape(text: str) -> str:
    # Messages quote file names and input text; rich must not read them as markup.
    from rich.markup import escape
    return escape(text)


# Below this many items a bar would only flicker.
PROGRESS_THRESHOLD = 5000


def track(items, total: int, description: str):
    """Iterate `items` with the progress bar (loaders.progress) when `total` is
    large enough to be worth one; stdout stays clean for exports piped elsewhere."""
    if total < PROGRESS_THRESHOLD:
        yield from items
        return
    from kg.progress import progress_bar
    with progress_bar(transient=True, console=err) as bar:
        yield from bar.track(items, total=total, description=description)


class TrackedStore:
    """A store whose nodes() and edges() advance a progress bar: long reads (exports,
    views of a big graph) show how far they are, without graph/ knowing about terminals."""

    def __init__(self, store, what: str):
        self._store = store
        self._what = what

    def __getattr__(self, name):
        return getattr(self._store, name)

    def nodes(self):
        total = sum(self._store.count_labels().values())
        return track(self._store.nodes(), total, f"{self._what}: nodes")

    def edges(self):
        total = sum(self._store.count_types().values())
        return track(self._store.edges(), total, f"{self._what}: relationships")
