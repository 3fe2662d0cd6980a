"""Which nodes a view draws: an ego network around a person, event, organization or place,
or the whole graph through filters, capped at `max_nodes` with a record of what was left
out and which option shows it. Rendering is rendering.py's; the two are tested apart.

Input is the networkx contract every module shares: a MultiDiGraph whose node attrs are
`label`, `name` and the node's properties, whose edge attrs are `type`, `article`,
`evidence`, `confidence` and the fact's properties. Article nodes are left out of
drawings by default (every node is MENTIONED_IN one, so they would tie everything
together); their titles and dates appear in the hovers instead.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx

from kg.graph import schema
from kg.reading.city import paper_city
from kg.views import style

DEFAULT_MAX_NODES = style.DEFAULT_MAX_NODES
# Past a few thousand nodes a page is slow to open and to pan however compact (5,000 of
# a 10,000-article store: 4.9 MB, about 6 s to the first frame and half a second per
# frame on a busy 2-core machine; docs/performance.md); asking for more is refused.
HARD_MAX_NODES = 5000
DEFAULT_DEPTH = style.DEFAULT_DEPTH

# Facts whose qualifier tells two edges of one type apart, and how the edge shows it.
QUALIFIERS = {schema.HOLDS_POSITION: "title", schema.SIGNED: "project",
              schema.COOPERATES_WITH: "project"}
ARTICLE_EDGES = frozenset({schema.MENTIONED_IN, schema.REPORTED})

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ViewError(ValueError):
    """A view cannot be made (unknown name, bad filter); the message is one line."""


@dataclass(frozen=True)
class Selection:
    """Which nodes a view draws, and what the cap left out."""

    nodes: tuple[str, ...]                 # drawn, most important first
    centres: tuple[str, ...]               # the ego node(s); empty for a graph view
    candidates: int                        # nodes that matched before the cap
    omitted: dict[str, int]                # label -> nodes left out by the cap
    title: str
    description: str                       # what was asked: depth, filters
    widen: tuple[str, ...]                 # options that show what was left out
    narrow: tuple[str, ...]                # options that make the view smaller
    include_articles: bool = False
    notes: tuple[str, ...] = ()            # other things the reader should know
    sizes: dict[str, int] = field(default_factory=dict)  # degree drawn, when not the whole graph's

    @property
    def omitted_total(self) -> int:
        return sum(self.omitted.values())


# --------------------------------------------------------------------------- graph access

def node_attrs(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """A node's attributes with a nested `props` (dict or pairs) merged in."""
    return flatten(graph.nodes[node])


def flatten(attrs: dict[str, Any]) -> dict[str, Any]:
    props = attrs.get("props")
    if not props:
        return dict(attrs)
    merged = dict(props)  # a dict, or the (key, value) pairs of a record
    merged.update({k: v for k, v in attrs.items() if k != "props"})
    return merged


def node_label(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node].get("label", "")


def node_name(graph: nx.MultiDiGraph, node: str) -> str:
    attrs = node_attrs(graph, node)
    if attrs.get("label") == schema.ARTICLE and attrs.get("title"):
        return str(attrs["title"])  # an article's name may be its id; readers know its title
    return str(attrs.get("name") or attrs.get("title") or node)


def _is_article(graph: nx.MultiDiGraph, node: str) -> bool:
    return node_label(graph, node) == schema.ARTICLE


def _neighbours(graph: nx.MultiDiGraph, node: str, articles: bool) -> set[str]:
    found = set(graph.predecessors(node)) | set(graph.successors(node))
    found.discard(node)
    if not articles:
        found = {n for n in found if not _is_article(graph, n)}
    return found


def degrees(graph: nx.MultiDiGraph, articles: bool = False) -> dict[str, int]:
    """Distinct neighbours of each node over the whole graph (what node size shows).

    Measured on the whole graph, not the view, so an official is as big in a small ego
    view as in the full one. Article neighbours count only when articles are drawn.
    """
    return {n: len(_neighbours(graph, n, articles)) for n in graph.nodes}


# --------------------------------------------------------------------------- lookup

def find_nodes(graph: nx.MultiDiGraph, label: str, query: str, *, city: str | None = None) -> list[str]:
    """Nodes of `label` named `query` (or with that id); raise ViewError with suggestions.

    Exact names (normal form: NFKC, no spaces) first; failing that, a name that contains
    the query, if only one does. Several nodes of one name (same name, two cities) are
    all returned: `city` tells them apart.
    """
    schema.check_label(label)
    kind = style.label_style(label).name_zh
    if query in graph and node_label(graph, query) == label:
        return [query]
    wanted = schema.normalise(query)
    if not wanted:
        raise ViewError(f"empty {kind} name")
    named: dict[str, list[str]] = defaultdict(list)
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") == label:
            if city and not _matches_city(graph, node, _city_key(city)):
                continue
            named[schema.normalise(node_name(graph, node))].append(node)
    if wanted in named:
        return sorted(named[wanted])
    containing = [name for name in named if wanted in name]
    if len(containing) == 1:
        return sorted(named[containing[0]])
    suggestions = sorted(containing)[:5] or difflib.get_close_matches(wanted, list(named), n=5, cutoff=0.4)
    where = f" in {city}" if city else ""
    hint = f"; did you mean: {', '.join(suggestions)}" if suggestions else ""
    if not named:
        hint = f"; the graph has no {label} nodes{where}"
    elsewhere = sorted({attrs.get("label") for node, attrs in graph.nodes(data=True)
                        if attrs.get("label") not in (label, None)
                        and schema.normalise(node_name(graph, node)) == wanted})
    if elsewhere:
        hint += f"; {query.strip()} is a {' and a '.join(elsewhere)}"
    raise ViewError(f"no {label} ({kind}) named {query!r}{where}{hint}")


def most_active_person(graph: nx.MultiDiGraph) -> str | None:
    """The person with most events (chaired, attended, spoke at, led): a good first view."""
    def activities(node: str) -> int:
        return sum(1 for _, _, rel in graph.out_edges(node, data="type") if rel in schema.PERSON_EVENT_ROLES)

    people = [n for n in graph.nodes if node_label(graph, n) == schema.PERSON]
    if not people:
        return None
    return min(people, key=lambda n: (-activities(n), -len(_neighbours(graph, n, False)), node_name(graph, n), n))


# --------------------------------------------------------------------------- selection

def select_ego(graph: nx.MultiDiGraph, label: str, query: str, *, depth: int = DEFAULT_DEPTH,
               max_nodes: int = DEFAULT_MAX_NODES, articles: bool = False,
               city: str | None = None) -> Selection:
    """The neighbourhood of a node up to `depth` hops (direction ignored)."""
    if depth < 0:
        raise ViewError(f"--depth must be 0 or more, not {depth}")
    _check_cap(max_nodes)
    centres = find_nodes(graph, label, query, city=city)
    distance: dict[str, int] = dict.fromkeys(centres, 0)
    queue = deque(centres)
    while queue:
        node = queue.popleft()
        if distance[node] >= depth:
            continue
        for other in _neighbours(graph, node, articles):
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
    degree = degrees(graph, articles)
    ranked = sorted(distance, key=lambda n: (distance[n], -degree[n], *tiebreak(graph, n)))
    kind = style.label_style(label).name_zh
    names = "、".join(dict.fromkeys(node_name(graph, c) for c in centres))
    notes: tuple[str, ...] = ()
    if len(centres) > 1:
        notes = (f"有 {len(centres)} 个同名的{kind}“{names}”，都作为中心显示；用 --city 区分。",)
    return _capped(graph, ranked, max_nodes, centres=tuple(centres),
                   title=f"{kind}：{names}",
                   description=f"{depth} 度关系网络（从中心出发最多 {depth} 步）",
                   widen=(f"--max-nodes {min(len(ranked), HARD_MAX_NODES)}",),
                   narrow=(f"--depth {max(depth - 1, 0)}",) if depth > 1 else (),
                   articles=articles, notes=notes)


def select_graph(graph: nx.MultiDiGraph, *, types: Iterable[str] = (), date_from: str | None = None,
                 date_to: str | None = None, city: str | None = None, min_degree: int = 0,
                 max_nodes: int = DEFAULT_MAX_NODES, articles: bool = False) -> Selection:
    """The whole graph, or the part the filters keep.

    - `types`: node labels to draw (schema names in any case, or 人物/机构/地点/事件/项目/文章);
    - `date_from` / `date_to` (YYYY, YYYY-MM or YYYY-MM-DD, both ends included): events
      dated in the range, and what facts from articles of those dates connect; a fact
      whose date is unknown is left out while a range is asked for;
    - `city`: nodes of that city (their `city` property, a name that starts with it, or
      a fact from that city's paper);
    - `min_degree`: nodes with at least that many distinct neighbours among the nodes the
      other filters keep.

    Node size and the cap's ranking use that same in-view degree, so a filtered view shows
    who was central in the period, city or types asked for (the whole graph's degree
    breaks ties).
    """
    labels, date_from, date_to = check_filters(types=types, date_from=date_from, date_to=date_to,
                                               min_degree=min_degree, max_nodes=max_nodes)
    if schema.ARTICLE in labels:
        articles = True
    degree = degrees(graph, articles)

    keep = {n for n in graph.nodes if articles or not _is_article(graph, n)}
    if labels:
        keep = {n for n in keep if node_label(graph, n) in labels}
    if date_from or date_to:
        in_range: set[str] = set()
        for u, v, attrs in graph.edges(data=True):
            if u in keep and v in keep and _in_range(edge_date(graph, attrs), date_from, date_to):
                in_range.update((u, v))
        for n in keep:
            own = node_attrs(graph, n).get("date")
            if own and node_label(graph, n) in (schema.EVENT, schema.ARTICLE):
                # a dated node is in or out by its own date, whatever its facts say
                if _in_range(str(own), date_from, date_to):
                    in_range.add(n)
                else:
                    in_range.discard(n)
        keep &= in_range
    if city:
        key = _city_key(city)
        if not key:
            raise ViewError("--city is empty")
        keep = {n for n in keep if _matches_city(graph, n, key)}
    inside = {n: len(_neighbours(graph, n, articles) & keep) for n in keep}
    if min_degree:
        keep = {n for n in keep if inside[n] >= min_degree}

    ranked = sorted(keep, key=lambda n: (-inside[n], -degree[n], *tiebreak(graph, n)))
    asked = []
    if labels:
        asked.append("类型：" + "、".join(style.label_style(l).name_zh for l in style.LABEL_ORDER if l in labels))
    if date_from or date_to:
        asked.append(f"日期：{date_from or '…'} 至 {date_to or '…'}")
    if city:
        asked.append(f"城市：{city}")
    if min_degree:
        asked.append(f"关联数 ≥ {min_degree}")
    return _capped(graph, ranked, max_nodes, centres=(), title="全图" if not asked else "全图（筛选）",
                   description="；".join(asked) or "全部节点",
                   widen=(f"--max-nodes {min(len(ranked), HARD_MAX_NODES)}",),
                   narrow=("--type", "--from/--to", "--city", f"--min-degree {max(min_degree, 1) + 1}"),
                   articles=articles, sizes={n: inside[n] for n in ranked[:max_nodes]})


def check_filters(*, types: Iterable[str] = (), date_from: str | None = None, date_to: str | None = None,
                  min_degree: int = 0, max_nodes: int = DEFAULT_MAX_NODES) -> tuple[set[str], str | None, str | None]:
    """Validate a graph view's filters before any graph is loaded: (labels, from, to)."""
    _check_cap(max_nodes)
    labels = resolve_types(types)
    date_from, date_to = _check_date(date_from, "--from"), _check_date(date_to, "--to")
    if date_from and date_to and date_from[:len(date_to)] > date_to:
        raise ViewError(f"--from {date_from} is after --to {date_to}")
    if min_degree < 0:
        raise ViewError(f"--min-degree must be 0 or more, not {min_degree}")
    return labels, date_from, date_to


def resolve_types(types: Iterable[str]) -> set[str]:
    """Schema labels from what a user typed (Person, person, 人物, org ...): graph.schema's rule."""
    try:
        return schema.resolve_labels(types)
    except schema.SchemaError as exc:
        raise ViewError(str(exc)) from None


def _capped(graph: nx.MultiDiGraph, ranked: list[str], max_nodes: int, *, centres: tuple[str, ...],
            title: str, description: str, widen: tuple[str, ...], narrow: tuple[str, ...],
            articles: bool, notes: tuple[str, ...] = (), sizes: dict[str, int] | None = None) -> Selection:
    kept, left = ranked[:max_nodes], ranked[max_nodes:]
    omitted = Counter(node_label(graph, n) for n in left)
    return Selection(nodes=tuple(kept), centres=centres, candidates=len(ranked),
                     omitted={l: omitted[l] for l in style.LABEL_ORDER if omitted[l]},
                     title=title, description=description, widen=widen, narrow=narrow,
                     include_articles=articles, notes=notes, sizes=sizes or {})


def tiebreak(graph: nx.MultiDiGraph, node: str) -> tuple[int, str, str]:
    label = node_label(graph, node)
    order = style.LABEL_ORDER.index(label) if label in style.LABEL_ORDER else len(style.LABEL_ORDER)
    return order, node_name(graph, node), node


def _check_cap(max_nodes: int) -> None:
    if max_nodes < 1:
        raise ViewError(f"--max-nodes must be 1 or more, not {max_nodes}")
    if max_nodes > HARD_MAX_NODES:
        raise ViewError(f"--max-nodes {max_nodes} is more than a browser can draw ({HARD_MAX_NODES} at most); "
                        "narrow the view with --type, --from/--to, --city or --min-degree")


def _check_date(value: str | None, option: str) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise ViewError(f"{option} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _in_range(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Prefix comparison, so --to 2022-06 includes every day of June 2022."""
    if not date:
        return False
    if date_from and date[: len(date_from)] < date_from:
        return False
    return not (date_to and date[:len(date_to)] > date_to)


def article_of(graph: nx.MultiDiGraph, article_id: Any) -> dict[str, Any]:
    """The Article node's attributes for an edge's `article` (an Article.id, whose node key
    is schema.node_id(Article, id=...)); empty when the graph does not hold it."""
    if not article_id:
        return {}
    for node in (_article_node(str(article_id)), article_id):
        if node in graph and node_label(graph, node) == schema.ARTICLE:
            return node_attrs(graph, node)
    return {}


@lru_cache(maxsize=1 << 16)
def _article_node(article_id: str) -> str:
    # a view asks for the same few thousand articles hundreds of thousands of times
    return schema.node_id(schema.ARTICLE, id=article_id)


def edge_date(graph: nx.MultiDiGraph, attrs: dict[str, Any],
              memo: dict[str, str | None] | None = None) -> str | None:
    """A fact's date: its own, else its article's. `memo` keeps articles' dates between
    calls (a big view asks for the same few thousand articles hundreds of thousands of times)."""
    attrs = flatten(attrs)
    if attrs.get("date"):
        return str(attrs["date"])
    article = str(attrs.get("article") or "")
    if memo is not None and article in memo:
        return memo[article]
    date = article_of(graph, attrs.get("article")).get("date")
    found = str(date) if date else None
    if memo is not None:
        memo[article] = found
    return found


def _city_key(city: Any) -> str:
    key = schema.normalise(str(city or ""))
    return key[:-1] if len(key) > 1 and key.endswith("市") else key


def _paper_city(article: dict[str, Any]) -> str:
    if article.get("city"):
        return _city_key(article["city"])
    # The reader's rule for a paper's city (newspapers.txt, then <city>日报): one rule, one place.
    return _city_key(paper_city(str(article.get("newspaper") or "")))


def _matches_city(graph: nx.MultiDiGraph, node: str, key: str) -> bool:
    attrs = node_attrs(graph, node)
    if attrs.get("city") and _city_key(attrs["city"]) == key:
        return True
    if schema.normalise(node_name(graph, node)).startswith(key):
        return True
    if node_label(graph, node) == schema.ARTICLE:
        return _paper_city(attrs) == key
    for _, _, edge in incident(graph, node):
        if _paper_city(article_of(graph, flatten(edge).get("article"))) == key:
            return True
    return False


def incident(graph: nx.MultiDiGraph, node: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield from graph.out_edges(node, data=True)
    yield from graph.in_edges(node, data=True)
