"""Options several commands share, declared once (typer's Annotated style).

A command writes `store: StoreOption = DEFAULT_STORE`; the flag, its environment
variable and its help are the same everywhere they appear.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.graph.store import DEFAULT_STORE

__all__ = ["DEFAULT_STORE", "DatabaseOption", "JsonOption", "ProgressOption", "StoreOption", "UriOption",
           "UserOption"]

StoreOption = Annotated[Path, typer.Option(
    "--store", envvar="KG_STORE", show_default=True,
    help="Store directory written by `kg build` (env KG_STORE).")]

ProgressOption = Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")]

JsonOption = Annotated[bool, typer.Option("--json", help="JSON on stdout instead of a table.")]

# The password only ever comes from the environment (NEO4J_PASSWORD): options show up in `ps`.
UriOption = Annotated[str | None, typer.Option(
    "--uri", envvar="NEO4J_URI", show_default=False,
    help="bolt://, neo4j:// or neo4j+s:// URI (env NEO4J_URI; default bolt://localhost:7687).")]
UserOption = Annotated[str | None, typer.Option(
    "--user", envvar="NEO4J_USER", show_default=False,
    help="Neo4j user (env NEO4J_USER; default neo4j). The password comes from NEO4J_PASSWORD.")]
DatabaseOption = Annotated[str | None, typer.Option(
    "--database", envvar="NEO4J_DATABASE", show_default=False,
    help="Neo4j database (env NEO4J_DATABASE; default neo4j).")]
