"""`kg build`, `kg person`, `kg search`, `kg stats`, `kg export`: the graph and its store.

Imports of the heavy parts (extractor, jieba, networkx, neo4j) happen inside the commands
so that a lookup such as `kg person` starts fast.
"""
from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

import typer

from kg.common import EXIT_SKIPPED, TrackedStore, err, fail, out, warn
from kg.graph import schema
from kg.options import DEFAULT_STORE, JsonOption, ProgressOption, StoreOption


def _iso(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"bad date for {option}: {value!r} (expected YYYY-MM-DD)", status=2)


def _open(store: Path):
    from kg.graph.store import Store, StoreError
    try:
        return Store(store)
    except StoreError as exc:
        fail(str(exc))


def build_cmd(
    paths: list[Path] = typer.Argument(..., help="Page files, directories or JSONL exports."),
    store: StoreOption = DEFAULT_STORE,
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Extraction processes (default: all cores)."),
    date: str | None = typer.Option(None, "--date", help="The paper's date when pages lack a masthead."),
    city: str | None = typer.Option(None, "--city", help="The paper's city, e.g. 许昌市."),
    neo4j: bool = typer.Option(False, "--neo4j", help="Also load the graph into Neo4j."),
    progress: ProgressOption = True,
) -> None:
    """Read, extract, resolve and store pages; adds to the store, rebuilding replaces."""
    from kg.graph.ingest import ingest
    from kg.graph.store import StoreError

    date = _iso(date, "--date")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"no such file or directory: {', '.join(missing)}", status=2)
    if neo4j:
        settings = _neo4j_reachable()  # a server that is down is said before any work
    try:
        summary = ingest(paths, store, jobs=jobs, date=date, city=city, progress=progress)
    except StoreError as exc:
        fail(str(exc))
    for problem in summary.problems:
        warn(str(problem))
    _print_summary(summary)
    if neo4j:
        from kg.cmd_neo4j import load_store  # the same one-line errors as `kg load`
        result = load_store(store, settings, batch_size=1000, replace=False, progress=progress)
        out.print(f"Neo4j: {result}")
    if summary.skipped:
        raise typer.Exit(EXIT_SKIPPED)


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
    city: str | None = typer.Option(None, "--city", help="Pick among people of that name."),
    person_id: str | None = typer.Option(None, "--id", help="Pick by node id (same name, same city)."),
    date_from: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """A person's activities as a dated timeline, with evidence and source article."""
    from kg.answers.timeline import AmbiguousPerson, UnknownPerson, person_timeline
    date_from, date_to = _iso(date_from, "--from"), _iso(date_to, "--to")
    with _open(store) as st:
        try:
            timeline = person_timeline(st, name, city=city, person_id=person_id, date_from=date_from, date_to=date_to)
        except UnknownPerson as exc:
            fail(str(exc))
        except AmbiguousPerson as exc:
            if as_json:
                sys.stdout.write(json.dumps({"ambiguous": [c.__dict__ for c in exc.candidates]},
                                            ensure_ascii=False) + "\n")
            else:
                _print_candidates(exc)
            fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(timeline.to_json(), ensure_ascii=False, indent=1) + "\n")
        return
    _print_timeline(timeline)


def _print_candidates(exc) -> None:
    from rich.table import Table
    table = Table(title=f"people named {exc.name}")
    for col in ("city", "positions", "mentions", "id"):
        table.add_column(col)
    for c in exc.candidates:
        table.add_row(c.city or "", "、".join(c.positions), str(c.mentions), c.id)
    err.print(table)


def _print_timeline(timeline) -> None:
    from rich.markup import escape
    p = timeline.person
    # One print of the whole text: rich costs per call, and a busy official has thousands of lines.
    text = [f"[bold]{escape(p.name)}[/]  {escape(p.city or '')}  ({p.mentions} articles)"]
    for pos in timeline.positions:
        span = " .. ".join(d for d in dict.fromkeys((pos["first"], pos["last"])) if d)
        text.append(f"  {escape(pos['title'])} @ {escape(str(pos['organization']))}  {span}")
    # Titles the text gives without naming the body (市长宋某): no edge, but the reader
    # still wants to know who this is.
    shown = {pos["title"] for pos in timeline.positions}
    bare = [t for t in p.positions if t not in shown]
    if bare:
        text.append(f"  {escape('、'.join(bare))}")
    if not timeline.lines:
        text.append("  (no dated activities)")
    for line in timeline.lines:
        head = f"[bold]{line.date or '(日期不详)'}[/] [cyan]{escape(line.role)}[/] {escape(line.event)}"
        if line.place:
            head += f" @ {escape(line.place)}"
        text.append(head)
        if line.positions:
            text.append(f"    任职: {escape('、'.join(line.positions))}")
        if line.co_participants:
            others = "、".join(f"{c.name}({c.role})" for c in line.co_participants)
            text.append(f"    同场: {escape(others)}")
        text.append(f"    证据: {escape(line.evidence)}")
        text.append(f"    来源: {escape(line.article_title or '(无标题)')} [dim]{escape(line.article_id)}[/]")
    out.print("\n".join(text), soft_wrap=True)


def search_cmd(
    text: str = typer.Argument(..., help="A name or a fragment of one."),
    label: str | None = typer.Option(None, "--type", help="Person, Organization, Place, Event, Project, Article."),
    limit: int = typer.Option(50, "--limit", min=1, help="Most entities to list."),
    as_json: JsonOption = False,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Find entities whose name contains TEXT, with type and mention count."""
    if label is not None and label not in schema.NODE_LABELS:
        fail(f"unknown type {label!r}; choose one of {', '.join(sorted(schema.NODE_LABELS))}", status=2)
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
    table = Table()
    for col in ("type", "name", "mentions", "detail"):
        table.add_column(col)
    for node, mentions in found:
        detail = node.prop("city") or node.prop("date") or node.prop("level") or node.prop("kind") or ""
        positions = node.prop("positions")
        if positions:
            detail = f"{detail} {'、'.join(positions)}"
        table.add_row(node.label, str(node.prop("name")), str(mentions), str(detail))
    out.print(table)


def stats_cmd(store: StoreOption = DEFAULT_STORE,
              top: int = typer.Option(10, "--top", min=1, help="How many of the most active to list.")) -> None:
    """Counts by label and relationship type, and the most active persons and organizations."""
    from rich.table import Table
    with _open(store) as st:
        labels, types = st.count_labels(), st.count_types()
        people, orgs = st.top(schema.PERSON, top), st.top(schema.ORGANIZATION, top)
    for title, counts in (("nodes", labels), ("relationships", types)):
        table = Table(title=title)
        table.add_column("")
        table.add_column("count", justify="right")
        for k, v in counts.items():
            table.add_row(k, str(v))
        out.print(table)
    for title, rows in (("most active persons", people), ("most active organizations", orgs)):
        table = Table(title=title)
        for col in ("name", "articles", "detail"):
            table.add_column(col)
        for node, mentions in rows:
            detail = "、".join(node.prop("positions") or ()) or node.prop("city") or node.prop("kind") or ""
            table.add_row(str(node.prop("name")), str(mentions), str(detail))
        out.print(table)


def export_cmd(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="triples | entities | graphml | csv"),
    out_path: Path | None = typer.Option(None, "--out", "-o",
                                            help="File (directory for csv); default stdout / ./kg-export."),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Export the graph: triples/entities JSONL, GraphML (Gephi), CSV for neo4j-admin import."""
    from kg.loaders import export
    try:
        export.check_format(fmt)
    except ValueError as exc:
        fail(str(exc), status=2)
    with _open(store) as opened:
        st = TrackedStore(opened, f"export {fmt}")
        if fmt in ("triples", "entities"):
            write = export.write_triples if fmt == "triples" else export.write_entities
            if out_path is None:
                write(st, sys.stdout)
            else:
                with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
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


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("build")(build_cmd)
    app.command("person")(person_cmd)
    app.command("search")(search_cmd)
    app.command("stats")(stats_cmd)
    app.command("export")(export_cmd)
