"""Options several commands share, declared once (typer's Annotated style).

A command writes `store: StoreOption = DEFAULT_STORE`; the flag, its environment
variable and its help are the same everywhere they appear.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.graph.store_paths import DEFAULT_STORE, STORE_ENV  # not graph.store: the options stay free of the store

__all__ = ["DEFAULT_STORE", "CityOption", "CsvOption", "DatabaseOption", "DateFromOption", "DateToOption",
           "JsonLinesOption", "JsonOption", "LimitOption", "ProgressOption", "StoreOption", "TableOutOption",
           "TypeOption", "UriOption", "UserOption"]

StoreOption = Annotated[Path, typer.Option(
    "--store", envvar=STORE_ENV, show_default=True, metavar="DIR",
    help="Store directory written by `kg build` (env KG_STORE).")]

ProgressOption = Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")]

JsonOption = Annotated[bool, typer.Option("--json", help="JSON on stdout instead of a table.")]

# The research answers: tables a researcher takes away, filtered by period and city.
JsonLinesOption = Annotated[bool, typer.Option("--json", help="One JSON object per row on stdout instead of a table.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="CSV with a header row on stdout instead of a table.")]
TableOutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", metavar="FILE",
    help="Write the whole table to FILE: .csv, .jsonl or .xlsx (Excel) by its suffix.")]
DateFromOption = Annotated[str | None, typer.Option(
    "--from", metavar="YYYY-MM-DD", help="Only what happened on or after this date.")]
DateToOption = Annotated[str | None, typer.Option(
    "--to", metavar="YYYY-MM-DD", help="Only what happened on or before this date.")]
CityOption = Annotated[str | None, typer.Option(
    "--city", metavar="CITY", help="Only what the papers of this city say, e.g. 许昌 or 许昌市.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=0, metavar="N",
                                          help="Most rows to print (0: all).")]
TypeOption = Annotated[str | None, typer.Option(
    "--type", metavar="TYPE",
    help="Person, Organization, Place, Event, Project, Article, or 人物/机构/地点/事件/项目/文章.")]

# The password only ever comes from the environment (NEO4J_PASSWORD): options show up in `ps`.
UriOption = Annotated[str | None, typer.Option(
    "--uri", envvar="NEO4J_URI", show_default=False, metavar="URI",
    help="bolt://, neo4j:// or neo4j+s:// URI (env NEO4J_URI; default bolt://localhost:7687).")]
UserOption = Annotated[str | None, typer.Option(
    "--user", envvar="NEO4J_USER", show_default=False, metavar="USER",
    help="Neo4j user (env NEO4J_USER; default neo4j). The password comes from NEO4J_PASSWORD.")]
DatabaseOption = Annotated[str | None, typer.Option(
    "--database", envvar="NEO4J_DATABASE", show_default=False, metavar="NAME",
    help="Neo4j database (env NEO4J_DATABASE; default neo4j).")]
