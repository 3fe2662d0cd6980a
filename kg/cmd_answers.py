"""`kg careers`, `kg top`, `kg coappear`, `kg signings`: research answers from the embedded store.

Each command reads the store (no Neo4j), asks a function of kg.answers for typed rows and
prints them: a table on a terminal, `--json` (JSON lines) or `--csv` on stdout, or every
row into `--out FILE` (.csv, .jsonl, .xlsx). All take `--from/--to` and `--city`.
"""
from __future__ import annotations

from pathlib import Path

import typer

from kg.common import check_period, emit_rows, fail
from kg.options import (
    DEFAULT_STORE,
    CityOption,
    CsvOption,
    DateFromOption,
    DateToOption,
    JsonLinesOption,
    StoreOption,
    TableOutOption,
)

LIMIT_HELP = "Most rows to print in the table (0: all); --json, --csv and --out give every row."


def _open(store: Path):
    from kg.graph.store import Store, StoreError
    try:
        return Store(store)
    except StoreError as exc:
        fail(str(exc))


def _scope(date_from: str | None, date_to: str | None, city: str | None):
    from kg.answers.scope import Scope
    date_from, date_to = check_period(date_from, date_to)
    return Scope(date_from, date_to, city)


def careers_cmd(
    person: str | None = typer.Option(None, "--person", "-p", metavar="NAME", help="Only this person's rows."),
    city: CityOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    as_json: JsonLinesOption = False,
    as_csv: CsvOption = False,
    out_path: TableOutOption = None,
    limit: int = typer.Option(50, "--limit", "-n", min=0, metavar="N", help=LIMIT_HELP),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """The career table: one row per person, title and body, with first and last seen, articles and evidence."""
    from kg.answers.careers import COLUMNS, career_rows
    scope = _scope(date_from, date_to, city)
    with _open(store) as st:
        rows = career_rows(st, scope=scope, person=person)
    if person and not rows and not (as_json or as_csv or out_path):
        fail(f"no positions of {person} in the store" + (" for those filters" if scope != type(scope)() else ""))
    emit_rows([r.to_json() for r in rows], COLUMNS, as_json=as_json, as_csv=as_csv, out_path=out_path,
              shown=("person", "city", "title", "organization", "basis", "first_seen", "last_seen", "articles",
                     "first_evidence"),
              title=f"careers: {len(rows)} rows", limit=limit, sheet="careers", empty="no positions in the store")


def top_cmd(
    kind: str = typer.Argument(..., metavar="KIND",
                               help="chairs, speakers, attendees, organizations or districts."),
    city: CityOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    as_json: JsonLinesOption = False,
    as_csv: CsvOption = False,
    out_path: TableOutOption = None,
    limit: int = typer.Option(20, "--limit", "-n", min=1, metavar="N", help="How many to rank."),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Rankings: who chairs, speaks at or attends most events; which organizations and districts are named most."""
    from kg.answers.rankings import COLUMNS, COUNTED, RankingError, check_ranking, top
    try:
        check_ranking(kind)
    except RankingError as exc:
        fail(str(exc), status=2)
    scope = _scope(date_from, date_to, city)
    with _open(store) as st:
        rows = top(st, kind, scope=scope, limit=limit)
    emit_rows([r.to_json() for r in rows], COLUMNS, as_json=as_json, as_csv=as_csv, out_path=out_path,
              shown=("rank", "name", "city", "count", "articles", "first_seen", "last_seen", "detail"),
              title=f"top {kind} (count: {COUNTED[kind]})", sheet=kind, empty=f"no {kind} for those filters")


def coappear_cmd(
    name: str = typer.Argument(..., metavar="NAME", help="The person's name, e.g. 马正兰."),
    person_id: str | None = typer.Option(None, "--id", metavar="ID", help="Pick by node id (same name, same city)."),
    city: str | None = typer.Option(None, "--city", metavar="CITY",
                                    help="The person's city (picks among people of one name); only its papers."),
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    as_json: JsonLinesOption = False,
    as_csv: CsvOption = False,
    out_path: TableOutOption = None,
    limit: int = typer.Option(30, "--limit", "-n", min=0, metavar="N", help=LIMIT_HELP),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Who appears with NAME at events: how often, in which roles, at which events."""
    from kg.answers.coappearance import COLUMNS, coappearances
    from kg.answers.timeline import PersonLookupError
    scope = _scope(date_from, date_to, city)
    with _open(store) as st:
        try:
            found = coappearances(st, name, city=city, person_id=person_id, scope=scope)
        except PersonLookupError as exc:
            fail(str(exc))
    p = found.person
    emit_rows([r.to_json() for r in found.rows], COLUMNS, as_json=as_json, as_csv=as_csv, out_path=out_path,
              shown=("name", "city", "events", "roles", "first_seen", "last_seen", "event_names"),
              title=f"with {p.name} ({p.city or '?'}) at {found.events} events", limit=limit,
              sheet="coappearance", empty=f"nobody else at {p.name}'s {found.events} events")


def signings_cmd(
    city: CityOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    cooperation: bool = typer.Option(False, "--cooperation", help="Also cooperation facts (合作), not only signings."),
    by_district: bool = typer.Option(False, "--by-district", help="Count signings per district instead."),
    as_json: JsonLinesOption = False,
    as_csv: CsvOption = False,
    out_path: TableOutOption = None,
    limit: int = typer.Option(50, "--limit", "-n", min=0, metavar="N", help=LIMIT_HELP),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Who signed what with whom, the investment when stated, and the district of the signer."""
    from kg.answers.signings import COLUMNS, signings
    from kg.answers.signings import by_district as per_district
    scope = _scope(date_from, date_to, city)
    with _open(store) as st:
        rows = signings(st, scope=scope, cooperation=cooperation)
    if by_district:
        counts = [{"district": d, "signings": n} for d, n in per_district(rows)]
        emit_rows(counts, ("district", "signings"), as_json=as_json, as_csv=as_csv, out_path=out_path,
                  title="signings per district", limit=limit, sheet="districts", empty="no signings")
        return
    emit_rows([r.to_json() for r in rows], COLUMNS, as_json=as_json, as_csv=as_csv, out_path=out_path,
              shown=("date", "district", "signer", "counterpart", "project", "investment", "relation"),
              title=f"signings: {len(rows)}", limit=limit, sheet="signings", empty="no signings for those filters")


def register(app: typer.Typer) -> None:
    """Add the research commands."""
    app.command("careers")(careers_cmd)
    app.command("top")(top_cmd)
    app.command("coappear")(coappear_cmd)
    app.command("signings")(signings_cmd)
