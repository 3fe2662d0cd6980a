"""`kg view ...`: interactive HTML network views of a built store (views/).

Each command writes one self-contained HTML file (opens offline, from a file or an
e-mail attachment) and prints its path.
"""
from __future__ import annotations

import re
from pathlib import Path

import typer

from kg.common import TrackedStore, fail, out, warn
from kg.graph import schema
from kg.options import DEFAULT_STORE, StoreOption
from kg.views import style as view_style

OUT_HELP = "HTML file to write (default: out/view-<kind>-<name>.html)."
DEPTH_HELP = "Hops from the centre to draw (direction ignored)."
MAX_HELP = (f"Most nodes to draw; the page says what was left out. Past {view_style.PHYSICS_MAX_NODES} the "
            "layout is computed before writing, and nodes with no relation are hidden until asked for.")
OUT_DIR = Path("out")  # git-ignored; views are made to be opened or sent, not kept
ARTICLES_HELP = "Draw articles as nodes too (their titles are in the hovers anyway)."

def load_graph(store: Path):
    """The store's networkx graph, or a one-line error naming the store."""
    from kg.graph.network import build_graph
    from kg.graph.store import Store, StoreError

    try:
        with Store(store) as opened:
            tracked = TrackedStore(opened, "reading the graph")
            return build_graph(tracked.nodes(), tracked.edges())
    except StoreError as exc:
        fail(str(exc))


def default_out(kind: str, name: str) -> Path:
    # The name comes from the user and may hold anything: keep letters, digits, - and _.
    safe = re.sub(r"[^\w-]+", "_", schema.normalise(name)).strip("_")[:40] or "view"
    return OUT_DIR / f"view-{kind}-{safe}.html"


def _report(result) -> None:
    if result.omitted:
        from kg.views.select import HARD_MAX_NODES
        hint = (f"--max-nodes {result.candidates} draws all" if result.candidates <= HARD_MAX_NODES
                else "narrow it with --type, --from/--to, --city or --min-degree to see the rest")
        warn(f"drew {result.nodes} of {result.candidates} nodes; {hint} (the page says what was left out)")
    out.print(str(result.path), soft_wrap=True, markup=False)


def _ego(label: str, kind: str, name: str, store: Path, out_path: Path | None, depth: int,
         max_nodes: int, articles: bool, city: str | None) -> None:
    if depth < 0 or max_nodes < 1:
        fail(f"--depth must be 0 or more and --max-nodes 1 or more (got {depth}, {max_nodes})", status=2)
    from kg import views  # networkx and the page template: only for commands that draw

    graph = load_graph(store)
    target = out_path or default_out(kind, name)
    try:
        result = views.ego_view(graph, label, name, target, depth=depth, max_nodes=max_nodes,
                                articles=articles, city=city)
    except views.ViewError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    _report(result)


# One command per ego kind; typer needs a distinct function for each.
def _ego_command(label: str, kind: str, argument_help: str):
    def command(
        name: str = typer.Argument(..., help=argument_help),
        store: StoreOption = DEFAULT_STORE,
        out_path: Path | None = typer.Option(None, "--out", "-o", help=OUT_HELP),
        depth: int = typer.Option(view_style.DEFAULT_DEPTH, "--depth", "-d", help=DEPTH_HELP),
        max_nodes: int = typer.Option(view_style.DEFAULT_MAX_NODES, "--max-nodes", help=MAX_HELP),
        articles: bool = typer.Option(False, "--articles", help=ARTICLES_HELP),
        city: str | None = typer.Option(None, "--city", help="Only the one of this city (same names in two cities)."),
    ) -> None:
        _ego(label, kind, name, store, out_path, depth, max_nodes, articles, city)

    command.__doc__ = f"Draw the network around one {label} (its ego network up to --depth)."
    return command


def graph_cmd(
    store: StoreOption = DEFAULT_STORE,
    out_path: Path | None = typer.Option(None, "--out", "-o", help=OUT_HELP),
    types: list[str] = typer.Option([], "--type", "-t",
                                    help="Node types to draw (repeat, or comma-separated): Person, Event, "
                                         "Organization, Place, Project, Article, or 人物/事件/机构/地点/项目/文章."),
    date_from: str | None = typer.Option(None, "--from",
                                         help="Facts and events on or after this date (YYYY[-MM[-DD]])."),
    date_to: str | None = typer.Option(None, "--to", help="Facts and events on or before this date (YYYY[-MM[-DD]])."),
    city: str | None = typer.Option(None, "--city", help="Nodes of this city, e.g. 许昌 or 许昌市."),
    min_degree: int = typer.Option(0, "--min-degree", help="Only nodes with at least this many neighbours."),
    max_nodes: int = typer.Option(view_style.DEFAULT_MAX_NODES, "--max-nodes", help=MAX_HELP),
    articles: bool = typer.Option(False, "--articles", help=ARTICLES_HELP),
) -> None:
    """Draw the whole graph, or the part the filters keep (most connected nodes first)."""
    from kg import views

    try:  # a typo in a filter is told before a large store is read
        views.check_filters(types=types, date_from=date_from, date_to=date_to,
                            min_degree=min_degree, max_nodes=max_nodes)
    except views.ViewError as exc:
        fail(str(exc), status=2)
    graph = load_graph(store)
    target = out_path or OUT_DIR / "view-graph.html"
    try:
        result = views.graph_view(graph, target, types=types, date_from=date_from, date_to=date_to,
                                  city=city, min_degree=min_degree, max_nodes=max_nodes,
                                  articles=articles)
    except views.ViewError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    _report(result)


def register(app: typer.Typer) -> None:
    """Add `kg view person|event|org|place|graph`."""
    group = typer.Typer(help="Write an interactive network view (one offline HTML file) and print its path.",
                        no_args_is_help=True)
    group.command("person")(_ego_command(schema.PERSON, "person", "Person's name, e.g. 马正兰."))
    group.command("event")(_ego_command(schema.EVENT, "event", "Event name (or a unique part of it) or node id."))
    group.command("org")(_ego_command(schema.ORGANIZATION, "org", "Organization name, e.g. 许昌市委组织部."))
    group.command("place")(_ego_command(schema.PLACE, "place", "Place name, e.g. 魏都区."))
    group.command("graph")(graph_cmd)
    app.add_typer(group, name="view")
