"""Interactive network views of the graph: one self-contained HTML file each.

Two steps, kept apart so each can be tested alone:
- *select*: which nodes a view draws (an ego network around a person, event,
  organization or place, or the whole graph through filters), capped at `max_nodes`
  with a record of what was left out and which option shows it;
- *render*: nodes and edges as vis-network data, hovers with type, positions, dates and
  the evidence sentence with its article title, then the page (graph.view_page).

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx

from graph import schema
from graph import view_style as style
from graph.view_page import legend_symbol, render_page

DEFAULT_MAX_NODES = style.DEFAULT_MAX_NODES
DEFAULT_DEPTH = style.DEFAULT_DEPTH
MAX_EVIDENCE = 5        # evidence sentences in one hover; the rest are counted
MAX_NODE_EVIDENCE = 3   # a node's hover shows a few of its facts

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


@dataclass(frozen=True)
class ViewResult:
    path: Path
    nodes: int
    edges: int
    candidates: int
    omitted: int
    centres: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- graph access

def node_attrs(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """A node's attributes with a nested `props` (dict or pairs) merged in."""
    return _flatten(graph.nodes[node])


def _flatten(attrs: dict[str, Any]) -> dict[str, Any]:
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
    distance: dict[str, int] = {c: 0 for c in centres}
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
    ranked = sorted(distance, key=lambda n: (distance[n], -degree[n], *_tiebreak(graph, n)))
    kind = style.label_style(label).name_zh
    names = "、".join(dict.fromkeys(node_name(graph, c) for c in centres))
    notes = ()
    if len(centres) > 1:
        notes = (f"有 {len(centres)} 个同名的{kind}“{names}”，都作为中心显示；用 --city 区分。",)
    return _capped(graph, ranked, max_nodes, centres=tuple(centres),
                   title=f"{kind}：{names}",
                   description=f"{depth} 度关系网络（从中心出发最多 {depth} 步）",
                   widen=(f"--max-nodes {len(ranked)}",),
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
        in_range = set()
        for u, v, attrs in graph.edges(data=True):
            if u in keep and v in keep and _in_range(_edge_date(graph, attrs), date_from, date_to):
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

    ranked = sorted(keep, key=lambda n: (-inside[n], -degree[n], *_tiebreak(graph, n)))
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
                   widen=(f"--max-nodes {len(ranked)}",),
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
    """Schema labels from what a user typed (Person, person, 人物, org ...)."""
    labels = set()
    for raw in types:
        for part in re.split(r"[,，、\s]+", raw.strip()):
            if not part:
                continue
            label = style.LABEL_ALIASES.get(part.lower()) or style.LABEL_ALIASES.get(part)
            if not label:
                known = ", ".join(style.LABEL_ORDER)
                raise ViewError(f"unknown node type {part!r}; use one of {known} (or 人物/事件/机构/地点/项目/文章)")
            labels.add(label)
    return labels


def _capped(graph: nx.MultiDiGraph, ranked: list[str], max_nodes: int, *, centres: tuple[str, ...],
            title: str, description: str, widen: tuple[str, ...], narrow: tuple[str, ...],
            articles: bool, notes: tuple[str, ...] = (), sizes: dict[str, int] | None = None) -> Selection:
    kept, left = ranked[:max_nodes], ranked[max_nodes:]
    omitted = Counter(node_label(graph, n) for n in left)
    return Selection(nodes=tuple(kept), centres=centres, candidates=len(ranked),
                     omitted={l: omitted[l] for l in style.LABEL_ORDER if omitted[l]},
                     title=title, description=description, widen=widen, narrow=narrow,
                     include_articles=articles, notes=notes, sizes=sizes or {})


def _tiebreak(graph: nx.MultiDiGraph, node: str) -> tuple[int, str, str]:
    label = node_label(graph, node)
    order = style.LABEL_ORDER.index(label) if label in style.LABEL_ORDER else len(style.LABEL_ORDER)
    return order, node_name(graph, node), node


def _check_cap(max_nodes: int) -> None:
    if max_nodes < 1:
        raise ViewError(f"--max-nodes must be 1 or more, not {max_nodes}")


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
    if date_to and date[: len(date_to)] > date_to:
        return False
    return True


def _article(graph: nx.MultiDiGraph, article_id: Any) -> dict[str, Any]:
    """The Article node's attributes for an edge's `article` (an Article.id, whose node key
    is schema.node_id(Article, id=...)); empty when the graph does not hold it."""
    if not article_id:
        return {}
    for node in (schema.node_id(schema.ARTICLE, id=str(article_id)), article_id):
        if node in graph and node_label(graph, node) == schema.ARTICLE:
            return node_attrs(graph, node)
    return {}


def _edge_date(graph: nx.MultiDiGraph, attrs: dict[str, Any]) -> str | None:
    attrs = _flatten(attrs)
    date = attrs.get("date") or _article(graph, attrs.get("article")).get("date")
    return str(date) if date else None


def _city_key(city: Any) -> str:
    key = schema.normalise(str(city or ""))
    return key[:-1] if len(key) > 1 and key.endswith("市") else key


def _paper_city(article: dict[str, Any]) -> str:
    if article.get("city"):
        return _city_key(article["city"])
    paper = schema.normalise(str(article.get("newspaper") or ""))
    return _city_key(re.sub(r"(日报|晚报|报)$", "", paper))


def _matches_city(graph: nx.MultiDiGraph, node: str, key: str) -> bool:
    attrs = node_attrs(graph, node)
    if attrs.get("city") and _city_key(attrs["city"]) == key:
        return True
    if schema.normalise(node_name(graph, node)).startswith(key):
        return True
    if node_label(graph, node) == schema.ARTICLE:
        return _paper_city(attrs) == key
    for _, _, edge in _incident(graph, node):
        if _paper_city(_article(graph, _flatten(edge).get("article"))) == key:
            return True
    return False


def _incident(graph: nx.MultiDiGraph, node: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield from graph.out_edges(node, data=True)
    yield from graph.in_edges(node, data=True)


# --------------------------------------------------------------------------- rendering

def render(graph: nx.MultiDiGraph, selection: Selection) -> str:
    """The HTML page of a selection."""
    return _page(graph, selection)[0]


def _page(graph: nx.MultiDiGraph, selection: Selection) -> tuple[str, int]:
    drawn = set(selection.nodes)
    degree = degrees(graph, selection.include_articles)
    centres = set(selection.centres)
    nodes = [_node_item(graph, n, selection.sizes.get(n, degree[n]), n in centres) for n in selection.nodes]
    edges = _edge_items(graph, drawn, selection.include_articles)

    label_counts = Counter(node_label(graph, n) for n in selection.nodes)
    legend = []
    for label in style.LABEL_ORDER:
        if label_counts[label]:
            look = style.label_style(label)
            legend.append({"label": label, "name": look.name_zh, "count": label_counts[label],
                           "symbol": legend_symbol(look.shape, look.color, look.border)})
    type_counts = Counter(t for e in edges for t in e["types"])
    relations = [{"type": t, "word": style.role_word(t), "count": type_counts[t]}
                 for t in sorted(type_counts, key=_type_order)]

    subtitle = (f"{selection.description} · 显示 {len(nodes)} 个节点、{len(edges)} 条关系"
                + ("" if selection.include_articles else " · 文章不画成节点，出处见悬停（加 --articles 画出）"))
    notes = [{"cap": False, "parts": [{"text": text, "code": False}]} for text in selection.notes]
    if selection.omitted_total:
        notes.insert(0, {"cap": True, "parts": cap_note_parts(selection)})
    data = {"nodes": nodes, "edges": edges, "options": vis_options(len(nodes))}
    html = render_page(title=f"{selection.title} — 关系网络", subtitle=subtitle, notes=notes,
                       legend=legend, relations=relations, data=data)
    return html, len(edges)


def cap_note_parts(selection: Selection) -> list[dict[str, Any]]:
    """The visible note: how many were left out, of which types, and which option shows them."""
    left = "、".join(f"{style.label_style(l).name_zh} {n}" for l, n in selection.omitted.items())
    parts = [{"text": (f"节点太多：共 {selection.candidates} 个，只显示关联最多的 {len(selection.nodes)} 个；"
                       f"未显示 {selection.omitted_total} 个（{left}）。要看全部，加 "), "code": False},
             {"text": selection.widen[0], "code": True}]
    if selection.narrow:
        parts.append({"text": "；或用 ", "code": False})
        for i, option in enumerate(selection.narrow):
            if i:
                parts.append({"text": " ", "code": False})
            parts.append({"text": option, "code": True})
        parts.append({"text": " 缩小范围。", "code": False})
    else:
        parts.append({"text": "。", "code": False})
    return parts


def vis_options(node_count: int) -> dict[str, Any]:
    font = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1.5,
            "font": {"size": 14, "face": font, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 10, "max": 42,
                        "label": {"enabled": True, "min": 13, "max": 22, "drawThreshold": 6}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": style.EDGE_COLOR, "highlight": style.EDGE_HIGHLIGHT,
                      "hover": style.EDGE_HIGHLIGHT, "inherit": False},
            "font": {"size": 11, "face": font, "color": "#444444", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "horizontal"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.012,
                                 "springLength": 110, "springConstant": 0.08,
                                 "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 100, "fit": True},
            "minVelocity": 0.75,
        },
        # A fixed seed: the same graph gives the same picture every time.
        "layout": {"randomSeed": 20220615, "improvedLayout": node_count <= 150},
    }


def _type_order(rel_type: str) -> tuple[int, str]:
    words = list(schema.ROLE_WORDS)
    return (words.index(rel_type) if rel_type in words else len(words), rel_type)


def _node_item(graph: nx.MultiDiGraph, node: str, degree: int, centre: bool) -> dict[str, Any]:
    label = node_label(graph, node)
    look = style.label_style(label)
    vis: dict[str, Any] = {
        "label": style.short_label(node_name(graph, node)),
        "shape": look.shape,
        "value": degree,
        "color": {"background": look.color, "border": look.border,
                  "highlight": {"background": look.color, "border": style.CENTRE_BORDER},
                  "hover": {"background": look.color, "border": style.CENTRE_BORDER}},
    }
    if centre:
        vis["borderWidth"] = 4
        vis["color"]["border"] = style.CENTRE_BORDER
        vis["font"] = {"size": 18}
    return {"id": node, "label": label, "order": _tiebreak(graph, node)[0],
            "vis": vis, "tip": node_tip(graph, node, degree)}


def _fmt(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(_fmt(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return style.value_name(str(value)) if isinstance(value, str) else str(value)


def node_tip(graph: nx.MultiDiGraph, node: str, degree: int) -> dict[str, Any]:
    """Hover of a node: type, properties, positions, dates, and a few of its facts."""
    attrs = node_attrs(graph, node)
    label = node_label(graph, node)
    look = style.label_style(label)
    rows: list[list[str]] = []
    shown = [k for k in style.PROPERTY_NAMES if k in attrs]
    shown += sorted(k for k in attrs if k not in style.PROPERTY_NAMES and k not in style.HIDDEN_PROPERTIES)
    for key in shown:
        value = attrs[key]
        if value in (None, "", (), []):
            continue
        rows.append([style.PROPERTY_NAMES.get(key, key), _fmt(value)])

    positions, roles, dates, facts = [], Counter(), set(), []
    for u, v, edge in _incident(graph, node):
        edge = _flatten(edge)
        rel = edge.get("type", "")
        other = v if u == node else u
        if rel == schema.HOLDS_POSITION and u == node:
            title = edge.get("title")
            org = node_name(graph, v)
            positions.append(f"{title}（{org}）" if title else org)
        if rel in schema.PERSON_EVENT_ROLES:
            roles[rel] += 1
            event_date = node_attrs(graph, other).get("date") if other != node else None
            if event_date:
                dates.add(str(event_date))
        if rel not in ARTICLE_EDGES and edge.get("evidence"):
            facts.append((rel, u, v, edge))
        edge_date = _edge_date(graph, edge)
        if edge_date and rel not in ARTICLE_EDGES:
            dates.add(edge_date)
    if positions:  # titles with their organizations say more than the bare `positions` list
        rows = [row for row in rows if row[0] != style.PROPERTY_NAMES["positions"]]
        rows.append(["职务", "、".join(dict.fromkeys(positions))])
    if roles:
        rows.append(["活动", "、".join(f"{style.role_word(r)} {roles[r]}" for r in schema.PERSON_EVENT_ROLES if roles[r])])
    if dates and "date" not in attrs:
        ordered = sorted(dates)
        rows.append(["日期", ordered[0] if len(ordered) == 1 else f"{ordered[0]} 至 {ordered[-1]}"])
    rows.append(["关联数", str(degree)])

    facts.sort(key=lambda f: (_edge_date(graph, f[3]) or "", f[0], f[1], f[2]), reverse=True)
    evidence = [_evidence(graph, edge, f"{style.role_word(rel)}：{node_name(graph, u)} → {node_name(graph, v)}")
                for rel, u, v, edge in facts[:MAX_NODE_EVIDENCE]]
    more = f"另有 {len(facts) - MAX_NODE_EVIDENCE} 条出处，见各条关系" if len(facts) > MAX_NODE_EVIDENCE else ""
    return {"kind": look.name_zh, "color": look.color, "name": node_name(graph, node),
            "rows": rows, "evidence": evidence, "more": more}


def _evidence(graph: nx.MultiDiGraph, edge: dict[str, Any], role: str = "") -> dict[str, str]:
    article = _article(graph, edge.get("article"))
    title = article.get("title") or article.get("name") or edge.get("article") or "出处不明"
    source = f"《{title}》"
    extra = [str(x) for x in (article.get("newspaper"), article.get("date")) if x]
    if extra:
        source += " " + " ".join(extra)
    confidence = edge.get("confidence")
    if isinstance(confidence, (int, float)):
        source += f" · 置信度 {confidence:.2f}"
    return {"text": str(edge.get("evidence") or ""), "source": source, "role": role}


def _fact_evidence(graph: nx.MultiDiGraph, attrs: dict[str, Any]) -> list[dict[str, str]]:
    """A fact's sentence, then any other sentences of the same article that state it."""
    role = style.role_word(attrs.get("type", ""))
    first = _evidence(graph, attrs, role)
    also = attrs.get("also_evidence") or ()
    if isinstance(also, str):
        also = (also,)
    return [first] + [{**first, "text": str(sentence)} for sentence in also if sentence]


def _edge_items(graph: nx.MultiDiGraph, drawn: set[str], articles: bool) -> list[dict[str, Any]]:
    """One drawn edge per ordered pair of nodes: its label lists every role between them."""
    pairs: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for u in sorted(drawn):
        for _, v, key, attrs in graph.out_edges(u, keys=True, data=True):
            if v not in drawn:
                continue
            attrs = _flatten(attrs)
            if not articles and attrs.get("type") in ARTICLE_EDGES:
                continue
            pairs[(u, v)].append((str(key), attrs))
    items = []
    for (u, v), facts in sorted(pairs.items()):
        facts.sort(key=lambda f: (_type_order(f[1].get("type", "")), _edge_date(graph, f[1]) or "", f[0]))
        words: dict[str, None] = {}
        types: dict[str, None] = {}
        for _, attrs in facts:
            rel = attrs.get("type", "")
            types[rel] = None
            qualifier = attrs.get(QUALIFIERS.get(rel, ""), "") if rel in QUALIFIERS else ""
            # a position reads best as the title itself (市委副书记), others as the role word
            words[str(qualifier) if rel == schema.HOLDS_POSITION and qualifier else style.role_word(rel)] = None
        label = "、".join(words)
        articles_seen = {attrs.get("article") for _, attrs in facts if attrs.get("article")}
        rows = [["关系", label], ["出处", f"{len(articles_seen)} 篇文章，{len(facts)} 条事实"]]
        for rel in QUALIFIERS:
            if rel in types and rel != schema.HOLDS_POSITION:
                projects = [str(a.get("project")) for _, a in facts if a.get("type") == rel and a.get("project")]
                if projects:
                    rows.append(["项目", "、".join(dict.fromkeys(projects))])
        for key in ("investment",):
            values = [str(a[key]) for _, a in facts if a.get(key)]
            if values:
                rows.append(["投资", "、".join(dict.fromkeys(values))])
        evidence = [item for _, attrs in facts for item in _fact_evidence(graph, attrs)]
        more = f"另有 {len(evidence) - MAX_EVIDENCE} 条出处未列出" if len(evidence) > MAX_EVIDENCE else ""
        evidence = evidence[:MAX_EVIDENCE]
        items.append({
            "id": min(key for key, _ in facts),
            "types": list(types),
            "type": next(iter(types)),
            "vis": {"from": u, "to": v, "label": style.short_label(label),
                    "width": min(1 + 0.5 * (len(facts) - 1), 5)},
            "tip": {"kind": "关系", "color": "#555555",
                    "name": f"{node_name(graph, u)} → {node_name(graph, v)}",
                    "rows": rows, "evidence": evidence, "more": more},
        })
    return items


# --------------------------------------------------------------------------- entry points

def write_view(graph: nx.MultiDiGraph, selection: Selection, out: str | Path) -> ViewResult:
    """Render and write the page atomically (a reader never sees half a file)."""
    html, edges = _page(graph, selection)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)
    return ViewResult(path=path, nodes=len(selection.nodes), edges=edges,
                      candidates=selection.candidates, omitted=selection.omitted_total,
                      centres=selection.centres)


def ego_view(graph: nx.MultiDiGraph, label: str, query: str, out: str | Path, **options: Any) -> ViewResult:
    return write_view(graph, select_ego(graph, label, query, **options), out)


def person_view(graph: nx.MultiDiGraph, name: str, out: str | Path, **options: Any) -> ViewResult:
    return ego_view(graph, schema.PERSON, name, out, **options)


def event_view(graph: nx.MultiDiGraph, name_or_id: str, out: str | Path, **options: Any) -> ViewResult:
    return ego_view(graph, schema.EVENT, name_or_id, out, **options)


def org_view(graph: nx.MultiDiGraph, name: str, out: str | Path, **options: Any) -> ViewResult:
    return ego_view(graph, schema.ORGANIZATION, name, out, **options)


def place_view(graph: nx.MultiDiGraph, name: str, out: str | Path, **options: Any) -> ViewResult:
    return ego_view(graph, schema.PLACE, name, out, **options)


def graph_view(graph: nx.MultiDiGraph, out: str | Path, **filters: Any) -> ViewResult:
    return write_view(graph, select_graph(graph, **filters), out)
