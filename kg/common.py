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
