"""The typer app of `kg`: global options, then the command groups, each in its own module.

Built when kg/cli.py (the entry point) needs it: for every command line but a plain person
lookup. When the `kg` program runs a command, only the module that registers it is
imported (kg.cli.command_modules).
"""
from __future__ import annotations

import importlib
import sys

import typer

from kg.cli import command_modules
from kg.common import ReadableGroup, configure_logging, out

app = typer.Typer(
    name="kg",
    help="Turn Chinese local government news into a knowledge graph, and explore it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=ReadableGroup,  # help shows types in words and help text as written
)


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 45 ms: only for --version

    try:
        return version("kg-news")
    except PackageNotFoundError:  # a source tree that was never installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        out.print(f"kg {package_version()}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    verbose: int = typer.Option(0, "--verbose", "-v", count=True,
                                help="Say more on stderr: -v what each step did, -vv debugging detail."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr (no warnings)."),
    show_version: bool = typer.Option(  # noqa: ARG001 (acted on by its callback, before any command)
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Turn Chinese local government news into a knowledge graph, and explore it."""
    configure_logging(-1 if quiet else verbose)


for name in command_modules(sys.argv):
    importlib.import_module(name).register(app)
