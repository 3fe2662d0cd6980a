"""What every command group shares: the consoles, exit statuses, logging and one-line errors.

Messages go through Python's `logging` (logger `kg`), shown on stderr by one handler that
writes `warning: ...` / `error: ...` lines; `--verbose` and `--quiet` set its level.
Data (tables, JSON) goes to stdout through `out`, so it can be piped.
"""
from __future__ import annotations

import logging
from typing import NoReturn

import typer
from rich.console import Console

# Exit statuses: 2 is typer's own for bad usage.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SKIPPED = 3  # the run finished, but some input was skipped (each said on stderr)

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


log = logging.getLogger("kg")

_STYLE = {logging.DEBUG: "dim", logging.INFO: "cyan", logging.WARNING: "yellow", logging.ERROR: "red",
          logging.CRITICAL: "red"}


class ConsoleHandler(logging.Handler):
    """`level: message` on the stderr console, one line each, the message never read as markup."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            word = record.levelname.lower()
            colour = _STYLE.get(record.levelno, "")
            err.print(f"[{colour}]{word}:[/] {_escape(record.getMessage())}", markup=True, soft_wrap=True,
                      highlight=False)
        except Exception:  # a handler must never raise into the code that logged
            self.handleError(record)


def configure_logging(verbosity: int) -> None:
    """-1 quiet (errors only), 0 warnings (the default), 1 info, 2 debug; idempotent."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger("kg")
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, ConsoleHandler)]
    root.addHandler(ConsoleHandler())
    root.setLevel(level)
    root.propagate = False


def warn(message: str) -> None:
    """One line on stderr that names what was wrong; the run goes on."""
    log.warning(message)


def fail(message: str, status: int = EXIT_ERROR) -> NoReturn:
    """One line on stderr naming what was wrong, then stop with `status`."""
    log.error(message)
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
