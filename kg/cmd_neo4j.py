"""`kg neo4j start|stop|status|restart`, `kg load`, `kg query`, `kg queries`: Neo4j.

The server is the development/test one that scripts/neo4j.sh assembles from Maven
Central; `kg load` and `kg query` work against any Neo4j 5 (NEO4J_URI etc. or options).
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kg.common import EXIT_SKIPPED, fail, out, warn

if TYPE_CHECKING:
    from kg.loaders.neo4j_connection import Neo4jSettings
    from kg.loaders.neo4j_writer import LoadSummary

from kg.options import DEFAULT_STORE, DatabaseOption, ProgressOption, StoreOption, UriOption, UserOption

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "neo4j.sh"

def _script(action: str) -> None:
    if not SCRIPT.is_file():
        fail(f"{SCRIPT} is missing (it comes with the source checkout)")
    status = subprocess.run(["bash", str(SCRIPT), action], check=False).returncode
    if status:
        raise typer.Exit(status)


def start_cmd() -> None:
    """Start the server (resolving it from Maven Central the first time); waits for Bolt."""
    _script("start")


def stop_cmd() -> None:
    """Stop the server cleanly."""
    _script("stop")


def status_cmd() -> None:
    """Say whether the server runs and whether Bolt and Browser answer (exit 3 if not running)."""
    _script("status")


def restart_cmd() -> None:
    """Stop, then start the server."""
    _script("restart")


def _settings(uri: str | None, user: str | None, database: str | None) -> Neo4jSettings:
    from kg.loaders.neo4j_connection import Neo4jSettings
    # The password only ever comes from the environment: options show up in `ps`.
    return Neo4jSettings.from_env(uri=uri, user=user, database=database)


def load_store(store: Path, settings: Neo4jSettings, *, batch_size: int, replace: bool,
               progress: bool) -> LoadSummary:
    """The loader's load_store, its errors as one line (also for `kg build --neo4j`)."""
    from kg.graph.store import StoreError
    from kg.loaders.neo4j_connection import Neo4jLoadError
    from kg.loaders.neo4j_writer import load_store as load

    try:
        return load(store, settings, batch_size=batch_size, replace=replace, progress=progress)
    except (StoreError, Neo4jLoadError) as exc:
        fail(str(exc))


def bulk_load(store: Path, settings: Neo4jSettings, *, replace: bool) -> None:
    """`kg load --bulk`: neo4j-admin into the stopped server, then start it (loaders/neo4j_bulk.py)."""
    from kg.graph.store import StoreError
    from kg.loaders.neo4j_bulk import bulk_load_store
    from kg.loaders.neo4j_connection import Neo4jLoadError

    try:
        summary = bulk_load_store(store, settings, replace=replace)
    except (StoreError, Neo4jLoadError) as exc:
        fail(str(exc))
    out.print(f"imported {summary.nodes} nodes and {summary.edges} relationships into {settings.where()} "
              f"with neo4j-admin{' (the old database replaced)' if summary.replaced else ''} in "
              f"{summary.seconds:.1f} s ({summary.rate:,.0f}/s; neo4j-admin alone {summary.import_rate:,.0f}/s); "
              f"the server runs, constraints and indexes online")
    out.print(f"  CSV {summary.csv_seconds:.1f} s, neo4j-admin import {summary.import_seconds:.1f} s, "
              f"server start {summary.start_seconds:.1f} s, constraints, indexes and empty lists "
              f"{summary.schema_seconds:.1f} s")


def load_cmd(
    store: StoreOption = DEFAULT_STORE,
    batch_size: int = typer.Option(1000, "--batch-size", min=1, help="Rows per transaction."),
    replace: bool = typer.Option(False, "--replace", help="First remove what these articles loaded before "
                                 "(with --bulk: overwrite the database)."),
    bulk: bool = typer.Option(False, "--bulk", help="First load of a big store: neo4j-admin import into the "
                              "STOPPED development server (scripts/neo4j.sh), which is then started; "
                              "refuses a database that is not empty unless --replace."),
    uri: UriOption = None,
    user: UserOption = None,
    database: DatabaseOption = None,
    progress: ProgressOption = True,
) -> None:
    """Load the embedded store into Neo4j (idempotent: loading twice changes nothing)."""
    settings = _settings(uri, user, database)
    if bulk:
        bulk_load(store, settings, replace=replace)
        return
    summary = load_store(store, settings, batch_size=batch_size, replace=replace, progress=progress)
    if replace:
        out.print(f"removed {summary.removed_edges} old relationships and {summary.removed_nodes} "
                  f"nodes of {summary.articles} articles")
    out.print(f"loaded {summary.nodes} nodes and {summary.edges} relationships into "
              f"{settings.where()} in {summary.seconds:.1f} s ({summary.rate:,.0f}/s, "
              f"{summary.batches} transactions)")
    if summary.missing_endpoints:
        warn(f"{summary.missing_endpoints} relationships skipped: an endpoint is not in the database")
        raise typer.Exit(EXIT_SKIPPED)


def _import_driver() -> None:
    """Import the Neo4j driver without numpy, pandas and pyarrow.

    The driver imports them whenever they are installed, for Result.to_df() and vectors,
    which `kg query` never uses; they were most of its start-up (bench/query_startup.py).
    They are hidden only while the driver is imported, so they import normally afterwards.
    """
    import sys

    if "neo4j" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas", "pyarrow") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None makes `import name` fail
    try:
        import neo4j  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


def query_cmd(
    name: str = typer.Argument(..., help="Query name: a file of queries/ without .cypher (see `kg queries`)."),
    param: list[str] = typer.Option([], "--param", "-p",
                                    help="key=value, repeatable; overrides the file's :param defaults."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per row instead of a table."),
    uri: UriOption = None,
    user: UserOption = None,
    database: DatabaseOption = None,
) -> None:
    """Run a query of the Cypher library against Neo4j and print its rows."""
    from kg.queries import runner

    _import_driver()
    from kg.loaders.neo4j_connection import Neo4jLoadError

    try:
        query = runner.get(name)
        params = runner.bind(query, runner.parse_assignments(param))
        columns, rows = runner.run(query, params, _settings(uri, user, database))
    except (runner.QueryError, Neo4jLoadError) as exc:
        fail(str(exc), status=2 if isinstance(exc, runner.QueryError) else 1)
    if as_json:
        for row in rows:
            out.print(json.dumps(row, ensure_ascii=False), markup=False, highlight=False, soft_wrap=True)
        return
    from rich.markup import escape
    from rich.table import Table

    # The picture is Browser's to draw; as text it would only repeat the other columns.
    shown = [c for c in columns if c != runner.GRAPH_COLUMN]
    caption = (f"column {runner.GRAPH_COLUMN!r}: Neo4j Browser draws it; --json prints it as text"
               if len(shown) < len(columns) else None)
    table = Table(title=f"{query.title} ({len(rows)} rows)", caption=caption, header_style="bold")
    for column in shown:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(row[c])) for c in shown))
    out.print(table)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def queries_cmd() -> None:
    """List the Cypher library: name, title and parameters with their defaults."""
    from rich.markup import escape
    from rich.table import Table

    from kg.queries import runner
    try:
        library = runner.list_queries()
    except runner.QueryError as exc:
        fail(str(exc))
    table = Table(title=f"queries/ ({len(library)})", header_style="bold")
    for column in ("name", "title", "parameters"):
        table.add_column(column)
    for query in library:
        params = ", ".join(f"{k}={v!r}" for k, v in query.params)
        table.add_row(query.name, escape(query.title), escape(params))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    server = typer.Typer(help="Run the development Neo4j server (assembled from Maven Central).",
                         no_args_is_help=True)
    server.command("start")(start_cmd)
    server.command("stop")(stop_cmd)
    server.command("status")(status_cmd)
    server.command("restart")(restart_cmd)
    app.add_typer(server, name="neo4j")
    app.command("load")(load_cmd)
    app.command("query")(query_cmd)
    app.command("queries")(queries_cmd)
