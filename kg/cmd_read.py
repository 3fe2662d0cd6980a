"""`kg articles PATH...`: the articles the reader finds in pages and JSONL exports."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import typer
from rich.table import Table

from kg.common import EXIT_SKIPPED, fail, out, warn
from kg.graph.records import Article, ReadProblem


def _article_json(article: Article) -> str:
    record = dataclasses.asdict(article)
    record["extra"] = dict(article.extra)
    return json.dumps(record, ensure_ascii=False, default=str)


def articles_cmd(
    paths: list[Path] = typer.Argument(..., help="Pages (.txt), JSONL exports (.jsonl) or directories of them."),
    date: str | None = typer.Option(None, "--date", help="The paper's date (YYYY-MM-DD) when a page has no masthead."),
    city: str | None = typer.Option(None, "--city",
                                    help="The paper's city (e.g. 许昌市), overriding what the pages say."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per article instead of a table."),
) -> None:
    """List the articles found: id, date, title, reporters, length."""
    from kg.reading.dates import parse_date
    from kg.reading.reader import read_paths

    if date is not None and parse_date(date) is None:
        fail(f"--date {date!r} is not a date (use YYYY-MM-DD)", status=2)
    iso = parse_date(date) if date else None
    skipped = 0
    table = Table(show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("title", ratio=3)
    table.add_column("reporters / 通讯员", ratio=1)
    table.add_column("length", justify="right", no_wrap=True)
    table.add_column("file", ratio=1)
    count = 0
    for item in read_paths(paths, date=iso, city=city):
        if isinstance(item, ReadProblem):
            skipped += 1
            warn(str(item))
            continue
        count += 1
        if as_json:
            print(_article_json(item), flush=False)
            continue
        when = item.date or (f"({item.date_text})" if item.date_text else "") or (item.page_date or "")
        title = item.title or f"[dim](untitled) {item.body[:16]}…[/]"
        reporters = " ".join(item.reporters) + (" / " + " ".join(item.correspondents) if item.correspondents else "")
        table.add_row(item.id, when, title if not item.title else _plain(title), _plain(reporters),
                      str(len(item.body)), _plain(Path(item.file).name))
    if not as_json:
        out.print(table)
        out.print(f"{count} articles" + (f", {skipped} inputs skipped" if skipped else ""))
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("articles")(articles_cmd)


def _plain(text: str) -> str:
    from rich.markup import escape
    return escape(text)
