"""`kg build`, `kg remove`, `kg person`, `kg search`, `kg stats`, `kg export`: the graph and its store.

Imports of the heavy parts (extractor, jieba, networkx, neo4j) happen inside the commands
so that a lookup such as `kg person` starts fast.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from kg.cmd_person import plural
from kg.common import (
    EXIT_SKIPPED,
    TrackedStore,
    check_date,
    check_period,
    check_type,
    dump_json,
    emit_rows,
    err,
    fail,
    out,
    warn,
)
from kg.graph import schema
from kg.options import DEFAULT_STORE, DateFromOption, DateToOption, JsonOption, ProgressOption, StoreOption, TypeOption


def _open(store: Path):
    from kg.graph.store import Store, StoreError
    try:
        return Store(store)
    except StoreError as exc:
        fail(str(exc))


def build_cmd(
    paths: list[str] = typer.Argument(..., help="Page files, directories or JSONL exports (with --engine spark "
                                                "also URIs Spark reads: hdfs://, s3a://, file://)."),
    store: StoreOption = DEFAULT_STORE,
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help="Extraction processes (default: all cores)."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="The paper's date when pages lack a masthead."),
    city: str | None = typer.Option(None, "--city", metavar="CITY", help="The paper's city, e.g. 许昌市."),
    neo4j: bool = typer.Option(False, "--neo4j", help="Also load the graph into Neo4j."),
    progress: ProgressOption = True,
    as_json: JsonOption = False,
    engine: str = typer.Option("local", "--engine", metavar="[local|spark]",
                               help="local: processes on this machine; spark: a Spark job (the spark extra, "
                                    "docs/scale.md) into a new store, with Parquet tables in it."),
    parquet: str | None = typer.Option(None, "--parquet", metavar="DIR|URI",
                                       help="With --engine spark: where the Parquet tables go (a folder, or a URI "
                                            "every executor can write on a cluster; default STORE/parquet)."),
) -> None:
    """Read, extract, resolve and store pages; adds to the store, rebuilding replaces."""
    from kg.graph.ingest import ingest
    from kg.graph.store import StoreError
    from kg.reading.reader import is_uri

    date = check_date(date, "--date")
    if engine not in ("local", "spark"):
        fail(f"--engine must be local or spark, not {engine!r}", status=2)
    uris = [p for p in paths if is_uri(p)]
    if uris and engine != "spark":
        fail(f"{uris[0]}: a URI is read by --engine spark only (or mount it and give its path)", status=2)
    if parquet is not None and engine != "spark":
        fail("--parquet is for --engine spark", status=2)
    missing = [p for p in paths if not is_uri(p) and not Path(p).exists()]
    if missing:
        fail(f"no such file or directory: {', '.join(missing)}", status=2)
    if neo4j:
        settings = _neo4j_reachable()  # a server that is down is said before any work
    try:
        if engine == "spark":   # loads Neo4j itself, through the Spark connector
            summary = _spark_build(paths, store, parquet, date=date, city=city,
                                   neo4j=settings if neo4j else None, console=err if as_json else out)
            neo4j = False
        else:
            summary = ingest(paths, store, jobs=jobs, date=date, city=city, progress=progress)
    except StoreError as exc:
        fail(str(exc))
    for problem in summary.problems:
        warn(str(problem))
    if as_json:
        dump_json({"store": str(summary.store), "articles": summary.articles,
                   "total_articles": summary.total_articles, "labels": summary.labels, "types": summary.types,
                   "facts": summary.facts, "skipped": summary.skipped,
                   "problems": [str(p) for p in summary.problems], "jobs": summary.jobs,
                   "seconds": round(summary.seconds, 2)})
    else:
        _print_summary(summary)
    _print_dates(store, summary.article_ids, err if as_json else out)   # stdout stays one JSON object
    if neo4j:
        from kg.cmd_neo4j import load_store  # the same one-line errors as `kg load`
        result = load_store(store, settings, batch_size=1000, replace=False, progress=progress)
        (err if as_json else out).print(f"Neo4j: {result}")   # stdout stays one JSON object
    if summary.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def remove_cmd(
    files: list[Path] = typer.Argument(..., help="Files as they were given to kg build (they need not exist now)."),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Remove what these files gave the store: their articles and every fact only they supported."""
    from kg.graph.ingest import remove
    from kg.graph.store import StoreError
    try:
        result = remove(files, store)
    except StoreError as exc:
        fail(str(exc))
    out.print(f"removed {plural(result.articles, 'article')} of {plural(result.files, 'file')}; "
              f"{plural(result.total_articles, 'article')} left in {result.store}")


def _print_summary(summary) -> None:
    from rich.table import Table
    labels = summary.labels
    table = Table(title=f"store {summary.store}", show_header=True, header_style="bold")
    table.add_column("")
    table.add_column("count", justify="right")
    rows = [
        ("articles built now", summary.articles),
        ("articles in store", summary.total_articles),
        ("persons", labels.get(schema.PERSON, 0)),
        ("organizations", labels.get(schema.ORGANIZATION, 0)),
        ("places", labels.get(schema.PLACE, 0)),
        ("events", labels.get(schema.EVENT, 0)),
        ("projects", labels.get(schema.PROJECT, 0)),
        ("facts", summary.facts),
        ("files skipped", summary.skipped),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    out.print(table)
    out.print(f"{summary.seconds:.1f} s with {summary.jobs} job(s)")


def _print_dates(store, article_ids, console) -> None:
    """How many articles of this build stayed undated, and how to date them (this build's
    only: a day added to a big store costs the day)."""
    from kg.resolution.coverage import date_coverage
    with _open(store) as st:
        found = st.nodes_by_id(schema.node_id(schema.ARTICLE, id=a) for a in article_ids)
        dates = date_coverage(found[i] for i in sorted(found))
    if dates.undated or dates.partial:
        console.print(f"dates: {dates.dated} articles dated, {dates.partial} by month and day only (the page gives "
                      f"no year), {dates.undated} undated")
    if dates.undated:
        console.print(f"  {plural(len(dates.undated_files), 'file')} with undated articles and no masthead date: "
                      f"give the paper's date with --date YYYY-MM-DD (or name the file by it, 2022-06-16.txt)")


def _neo4j_reachable():
    """Settings from the environment, once the server has answered; else a one-line error."""
    from kg.loaders.neo4j_writer import Neo4jLoadError, Neo4jSettings, connect
    settings = Neo4jSettings.from_env()
    try:
        with connect(settings):
            pass
    except Neo4jLoadError as exc:
        fail(str(exc))
    return settings


def person_cmd(
    name: str = typer.Argument(..., help="The person's name, e.g. 马正兰."),
    city: str | None = typer.Option(None, "--city", metavar="CITY", help="Pick among people of that name."),
    person_id: str | None = typer.Option(None, "--id", metavar="ID", help="Pick by node id (same name, same city)."),
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    limit: int | None = typer.Option(None, "--limit", "-n", min=0, metavar="N",
                                     help="Most events to show, the latest (default: 50 in the table, all with "
                                          "--json; 0: all)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """A person's timeline: one line per event with all their roles, positions as of that date, evidence and source."""
    # A plain command line never gets here: kg/cli.py gives it to kg.cmd_person directly.
    from kg.cmd_person import PersonQuery, run
    date_from, date_to = check_period(date_from, date_to)
    status = run(PersonQuery(name, city, person_id, date_from, date_to, limit, as_json, store))
    if status:
        raise typer.Exit(status)


def search_cmd(
    text: str = typer.Argument(..., help="A name or a fragment of one."),
    label: TypeOption = None,
    limit: int = typer.Option(50, "--limit", "-n", min=1, metavar="N", help="Most entities to list."),
    as_json: JsonOption = False,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Find entities whose name contains TEXT, with type and mention count."""
    label = check_type(label)
    with _open(store) as st:
        found = st.search(text, label=label, limit=limit)
    if as_json:
        for node, mentions in found:
            sys.stdout.write(json.dumps({"id": node.id, "type": node.label, "name": node.prop("name"),
                                         "mentions": mentions}, ensure_ascii=False) + "\n")
        return
    if not found:
        fail(f"nothing named like {text!r} in the store")
    from rich.table import Table
    from rich.text import Text
    table = Table()
    for col in ("type", "name", "mentions", "detail"):
        table.add_column(col)
    for node, mentions in found:
        detail = node.prop("city") or node.prop("date") or node.prop("level") or node.prop("kind") or ""
        positions = node.prop("positions")
        if positions:
            detail = f"{detail} {'、'.join(positions)}"
        table.add_row(node.label, Text(str(node.prop("name"))), str(mentions), Text(str(detail)))
    out.print(table)


def stats_cmd(store: StoreOption = DEFAULT_STORE,
              top: int = typer.Option(10, "--top", min=1, metavar="N", help="How many of the most active to list."),
              as_json: JsonOption = False) -> None:
    """Counts by label and relationship type; the most active officials, journalists and organizations."""
    from rich.table import Table
    from rich.text import Text

    from kg.answers.people import store_stats
    from kg.resolution.coverage import position_coverage
    with _open(store) as st:
        stats = store_stats(st, top)
        posts = position_coverage(st.nodes(schema.PERSON), st.edges(schema.HOLDS_POSITION))
    if as_json:
        dump_json({**stats.to_json(), "titled_persons": {
            "titled": posts.titled, "with_post": posts.with_post, "with_reason": posts.with_reason,
            "neither": posts.neither, "reasons": dict(posts.reasons)}})
        return
    for title, counts in (("nodes", stats.labels), ("relationships", stats.relationships),
                          ("persons", stats.persons)):
        table = Table(title=title, title_justify="left")
        if counts is stats.persons:
            table.caption = "official: a post or a role at an event; journalist: bylines only"
            table.caption_justify = "left"
        table.add_column("")
        table.add_column("count", justify="right")
        for k, v in counts.items():
            table.add_row(k, str(v))
        out.print(table)
    for title, what, rows in (("most active officials", "articles", stats.officials),
                              ("most active journalists", "reported", stats.journalists),
                              ("most active organizations", "articles", stats.organizations)):
        table = Table(title=title, title_justify="left")
        for col in ("name", "city", what, "detail"):
            table.add_column(col)
        for row in rows:
            table.add_row(Text(row.name), row.city or "", str(row.articles), Text(row.detail))
        out.print(table)
    table = Table(title="persons with a title", title_justify="left")
    table.caption = "a post: a HOLDS_POSITION edge (the body named or read from the title); else the reason"
    table.caption_justify = "left"
    table.add_column("")
    table.add_column("count", justify="right")
    for name, value in (("with a post", posts.with_post), ("no post, reason stated", posts.with_reason),
                        *((f"  {reason}", n) for reason, n in posts.reasons.most_common()),
                        ("neither", len(posts.neither))):
        table.add_row(Text(name), str(value))
    out.print(table)


def export_cmd(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="triples | entities | graphml | csv | careers"),
    out_path: Path | None = typer.Option(None, "--out", "-o", metavar="PATH",
                                         help="File (directory for csv; .csv, .jsonl or .xlsx for careers); "
                                              "default stdout, ./kg.graphml or ./kg-export."),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Export the graph: triples/entities JSONL, GraphML (Gephi), CSV for neo4j-admin import, the career table."""
    from kg.loaders import export
    try:
        export.check_format(fmt)
        if fmt == "careers" and out_path is not None:
            export.table_format(out_path)
    except ValueError as exc:
        fail(str(exc), status=2)
    with _open(store) as opened:
        if fmt == "careers":
            from kg.answers.careers import COLUMNS, career_rows
            emit_rows([r.to_json() for r in career_rows(opened)], COLUMNS, as_csv=out_path is None,
                      out_path=out_path, sheet="careers")
            return
        st = TrackedStore(opened, f"export {fmt}")
        try:
            if fmt in ("triples", "entities"):
                write = export.write_triples if fmt == "triples" else export.write_entities
                if out_path is None:
                    write(st, sys.stdout)
                else:
                    with export.atomic_file(out_path) as fh:
                        n = write(st, fh)
                    err.print(f"{n} lines -> {out_path}")
            elif fmt == "graphml":
                target = out_path or Path("kg.graphml")
                n, m = export.write_graphml(st, target)
                err.print(f"{n} nodes, {m} edges -> {target}")
            else:
                target = out_path or Path("kg-export")
                files = export.write_csv(st, target)
                err.print(f"{len(files)} files -> {target} (see {target / 'IMPORT.txt'})")
        except OSError as exc:
            fail(f"cannot write {out_path or fmt}: {exc.strerror or exc}")


def _spark_build(paths, store, parquet, *, date, city, neo4j, console):
    """`kg build --engine spark`: the Spark job, then (with --neo4j) the connector's load."""
    from kg.graph.spark import SparkUnavailable, spark_build, spark_session
    from kg.graph.spark.build import parquet_location
    from kg.loaders.neo4j_connection import Neo4jLoadError
    from kg.loaders.neo4j_spark import spark_conf, write_neo4j
    try:
        # the session starts once the store is known to be usable; with --neo4j it has the connector
        summary = spark_build(paths, store, conf=spark_conf() if neo4j else None, out=parquet, date=date, city=city)
        if neo4j:
            console.print(f"Neo4j: {write_neo4j(spark_session(), parquet_location(store, parquet), neo4j)}")
    except (SparkUnavailable, Neo4jLoadError) as exc:
        fail(str(exc))
    return summary


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("build")(build_cmd)
    app.command("remove")(remove_cmd)
    app.command("person")(person_cmd)
    app.command("search")(search_cmd)
    app.command("stats")(stats_cmd)
    app.command("export")(export_cmd)
