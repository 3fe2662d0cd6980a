"""Every command is documented: it has help of its own and the README shows it in use."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main
from typer.testing import CliRunner

from kg.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, Any]]:
    """(full name, command) for every command and sub-command of `kg` (typer's click objects)."""
    root = typer.main.get_command(app)
    out = []

    def walk(group: Any, prefix: str) -> None:
        for name, command in sorted(group.commands.items()):
            full = f"{prefix} {name}".strip()
            out.append((full, command))
            if hasattr(command, "commands"):  # a group
                walk(command, full)

    walk(root, "")
    return out


def test_there_are_commands_to_check():
    names = {name for name, _ in commands()}
    assert {"build", "person", "export", "load", "query", "view person", "neo4j start"} <= names


def test_every_command_has_help_text():
    missing = [name for name, command in commands() if not (command.help or "").strip()]
    assert missing == []


def test_every_command_is_shown_in_the_readme():
    missing = [name for name, _ in commands() if not re.search(rf"\bkg {re.escape(name)}\b", README)]
    assert missing == []


def test_every_option_has_help_text():
    bare = [f"{name} {param.opts[0]}" for name, command in commands() for param in command.params
            if param.param_type_name == "option" and not (param.help or "").strip()]
    assert bare == []


def test_version_and_verbosity_are_global_options():
    runner = CliRunner()
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("kg ")
    assert runner.invoke(app, ["-q", "--help"]).exit_code == 0
    assert runner.invoke(app, ["-vv", "--help"]).exit_code == 0
