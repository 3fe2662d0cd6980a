"""The typer app of `kg`: global options, then the command groups, each in its own module.

Built when kg/cli.py (the entry point) needs it: for every command line but a plain person
lookup. Every group module has `register(app)`, which adds its commands with
`app.command(name)(fn)` (sub-groups with `app.add_typer`): one way to register, so
`kg --help` lists them all in the order of the data flow.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import typer

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


# Order is the order of the data flow: read -> extract -> graph -> answers -> Neo4j -> views.
COMMAND_MODULES = ("kg.cmd_read", "kg.cmd_extract", "kg.cmd_graph", "kg.cmd_answers", "kg.cmd_neo4j", "kg.cmd_view")

# Start-up time: `kg person NAME` and `kg query NAME` are run again and again, and importing
# every command module (the extractor's, the views', typer building every command's options)
# costs most of a second. When the `kg` script (or `python -m kg.cli`) runs a command, only
# the module that registers it is imported (tests/test_query_startup.py checks this table
# against what each module registers); any other command line, help included, registers
# every module.
COMMAND_MODULE = {
    "articles": "kg.cmd_read",
    "ner": "kg.cmd_extract", "extract": "kg.cmd_extract", "eval": "kg.cmd_extract",
    "build": "kg.cmd_graph", "remove": "kg.cmd_graph", "person": "kg.cmd_graph", "search": "kg.cmd_graph",
    "stats": "kg.cmd_graph", "export": "kg.cmd_graph",
    "careers": "kg.cmd_answers", "top": "kg.cmd_answers", "coappear": "kg.cmd_answers", "signings": "kg.cmd_answers",
    "neo4j": "kg.cmd_neo4j", "load": "kg.cmd_neo4j", "query": "kg.cmd_neo4j", "queries": "kg.cmd_neo4j",
    "view": "kg.cmd_view",
}
# The names the program has when a user runs it: the script, `python -m kg.cli`, `python -m kg`.
_PROGRAM_NAMES = ("kg", "cli.py", "__main__.py")


def command_modules(argv: list[str]) -> tuple[str, ...]:
    """The modules to register for the command line `argv` (sys.argv)."""
    if not argv or Path(argv[0]).name not in _PROGRAM_NAMES:  # imported by tests or another program
        return COMMAND_MODULES
    command = next((arg for arg in argv[1:] if not arg.startswith("-")), None)
    return (COMMAND_MODULE[command],) if command in COMMAND_MODULE else COMMAND_MODULES


for name in command_modules(sys.argv):
    importlib.import_module(name).register(app)
