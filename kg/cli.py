"""Entry point of the `kg` command (the script, `python -m kg`, `python -m kg.cli`).

Two ways in, one command set:
- A person lookup (`kg [-v|-q] person NAME [options]`) is run by kg.cmd_person without
  importing typer, click or rich: their import was most of the time of the command people
  run again and again (bench/person_latency.py). It takes the command line only when it
  reads all of it; help, --version and anything malformed go the second way, so there is
  one help and one way of saying what is wrong.
- Everything else goes to the typer app (kg/app.py), built on first use; `kg.cli.app` is
  that app, for tests and programs that drive it.

Every group module has `register(app)`, which adds its commands with `app.command(name)(fn)`
(sub-groups with `app.add_typer`): one way to register, so `kg --help` lists them all in
the order of the data flow. This module imports nothing heavy: the tables below are data.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

# The global options of kg/app.py's callback that the light way reads (-v counts, -q wins).
_VERBOSE, _QUIET = ("-v", "--verbose"), ("-q", "--quiet")


def command_modules(argv: list[str]) -> tuple[str, ...]:
    """The modules to register for the command line `argv` (sys.argv)."""
    if not argv or Path(argv[0]).name not in _PROGRAM_NAMES:  # imported by tests or another program
        return COMMAND_MODULES
    command = next((arg for arg in argv[1:] if not arg.startswith("-")), None)
    return (COMMAND_MODULE[command],) if command in COMMAND_MODULE else COMMAND_MODULES


def light_command(args: Sequence[str]) -> tuple[int, Any] | None:
    """(verbosity, the person query) when `kg ARGS` is a person lookup kg.cmd_person reads
    whole, else None (the typer app reads it)."""
    verbosity, quiet = 0, False
    for i, arg in enumerate(args):
        if arg in _VERBOSE or (arg.startswith("-v") and set(arg[1:]) == {"v"}):
            verbosity += 1 if arg in _VERBOSE else len(arg) - 1
        elif arg in _QUIET:
            quiet = True
        elif arg == "person":
            from kg import cmd_person
            query = cmd_person.parse(args[i + 1:])
            return None if query is None else (-1 if quiet else verbosity, query)
        else:   # another command, --version, --help, an unknown option
            return None
    return None


def main(prog_name: str | None = None) -> int:
    """Run the `kg` command line in sys.argv; the exit status."""
    light = light_command(sys.argv[1:])
    if light is not None:
        from kg import cmd_person
        verbosity, query = light
        cmd_person.configure_messages(verbosity)
        return cmd_person.run(query)
    from kg.app import app as typer_app
    typer_app(prog_name=prog_name)   # exits with its status
    return 0


def __getattr__(name: str) -> Any:
    # `from kg.cli import app`: the typer app, built when first asked for (kg/app.py)
    if name == "app":
        from kg.app import app as typer_app
        return typer_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
