"""Entry point of the `kg` command (the script, `python -m kg`, `python -m kg.cli`).

Two ways in, one command set:
- A person lookup (`kg [-v|-q] person NAME [options]`) is run by kg.cmd_person without
  importing typer, click or rich: their import was most of the time of the command people
  run again and again (bench/person_latency.py). It takes the command line only when it
  reads all of it; help, --version and anything malformed go the second way, so there is
  one help and one way of saying what is wrong.
- Everything else goes to the typer app (kg/app.py), built on first use; `kg.cli.app` is
  that app, for tests and programs that drive it.

This module imports nothing heavy, so that the light way starts at once.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

# The global options of kg/app.py's callback that the light way reads (-v counts, -q wins).
_VERBOSE, _QUIET = ("-v", "--verbose"), ("-q", "--quiet")


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
