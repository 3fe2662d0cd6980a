"""Rendering a selection: nodes and edges as compact vis-network data, then the page
(page.py), written atomically.

What a page carries, and why it stays small: every string that many edges share (an
evidence sentence with its article, an article's title, a paper, a date, an edge's
label, a hover's row name) is stored once in a table and used by its index; nodes and
edges are arrays whose fields `nodeFields` / `edgeFields` name; the page builds a hover
(type, positions, dates, the evidence sentence with its article title) only when it is
shown. Views of more than `style.PHYSICS_MAX_NODES` nodes come with their layout
(views/layout.py) and list fewer sentences per hover (`BIG_VIEW_EVIDENCE`), choosing
those that other edges share.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import schema
from kg.views import style
from kg.views.layout import compute_layout
from kg.views.page import legend_symbol, render_page
from kg.views.select import (
    ARTICLE_EDGES,
    QUALIFIERS,
    Selection,
    article_of,
    degrees,
    edge_date,
    flatten,
    incident,
    node_attrs,
    node_label,
    node_name,
)

MAX_EVIDENCE = 5        # evidence sentences in one edge's hover; the rest are counted
BIG_VIEW_EVIDENCE = 2   # the same in a view laid out in Python (thousands of edges)
MAX_NODE_EVIDENCE = 3   # a node's hover shows a few of its facts
LAYOUT_SEED = 20220615  # one seed: the same graph gives the same picture every time
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The fields of a node and of an edge in the page's data, in order; trailing fields
# that hold their default (nothing, 0, -1, []) are left off. `canvas` is empty when it is
# the name. An evidence reference is [sentence, confidence in %, type] (indices into the
# tables `sentences`, each [text, article] of the tables `texts` and `articles`, and
# `types`); a node's adds the fact's two ends: a node's index, or the name of a node not
# drawn.
NODE_FIELDS = ["id", "label", "name", "canvas", "value", "centre", "x", "y", "date", "rows", "evidence",
               "more"]
EDGE_FIELDS = ["from", "to", "label", "types", "facts", "articles", "evidence", "more", "dates", "rows"]
Fact = tuple[str, dict[str, Any]]   # (edge key, the fact's attributes)
_DEFAULTS: tuple[Any, ...] = (None, 0, -1, [], "")


@dataclass(frozen=True)
class ViewResult:
    path: Path
    nodes: int
    edges: int
    candidates: int
    omitted: int
    centres: tuple[str, ...] = field(default=())


class Tables:
    """Strings stored once in the page, each used by its index."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.texts: list[str] = []
        self.sentences: list[list[int]] = []  # [text index, article index]
        self.articles: list[list[Any]] = []   # [title, paper index or -1, date index or -1]
        self.papers: list[str] = []
        self.dates: list[str] = []
        self.labels: list[list[str]] = []     # an edge's label: [full, as drawn on the canvas]
        self.types: list[str] = []
        self.keys: list[str] = []             # the names of a hover's rows
        self._index: dict[tuple[str, str], int] = {}
        self.article_dates: dict[str, str | None] = {}  # edge_date's memo

    def _add(self, table: str, key: str, value: Any) -> int:
        found = self._index.get((table, key))
        if found is None:
            rows = getattr(self, table)
            found = self._index[(table, key)] = len(rows)
            rows.append(value)
        return found

    def has(self, table: str, key: str) -> bool:
        return (table, key) in self._index

    def date(self, date: str | None) -> int:
        return self._add("dates", date, date) if date else -1

    def paper(self, name: Any) -> int:
        return self._add("papers", str(name), str(name)) if name else -1

    def type(self, rel_type: str) -> int:
        return self._add("types", rel_type, rel_type)

    def label(self, text: str) -> int:
        return self._add("labels", text, [text, style.short_label(text)])

    def rows(self, rows: list[list[str]]) -> list[list[Any]]:
        return [[self._add("keys", key, key), value] for key, value in rows]

    def article(self, article_id: Any) -> int:
        key = str(article_id or "")
        if not self.has("articles", key):
            article = article_of(self.graph, article_id)
            title = article.get("title") or article.get("name") or article_id or "出处不明"
            row = [str(title), self.paper(article.get("newspaper")),
                   self.date(str(article["date"]) if article.get("date") else None)]
            return self._add("articles", key, row)
        return self._index[("articles", key)]

    def evidence(self, edge: dict[str, Any], sentence: str) -> list[Any]:
        """[sentence, confidence %, type] of one sentence stating the fact `edge`."""
        article = self.article(edge.get("article"))
        confidence = edge.get("confidence")
        percent = round(float(confidence) * 100) if isinstance(confidence, (int, float)) else None
        text = self._add("texts", sentence, sentence)
        return [self._add("sentences", f"{article} {text}", [text, article]), percent, self.type(edge.get("type", ""))]

    def stored(self, edge: dict[str, Any], sentence: str) -> bool:
        """Whether the page holds this sentence of this fact's article already."""
        key = str(edge.get("article") or "")
        return (self.has("articles", key) and self.has("texts", sentence)
                and self.has("sentences", f"{self._index[('articles', key)]} {self._index[('texts', sentence)]}"))


def sentences(edge: dict[str, Any]) -> list[str]:
    """A fact's sentence, then any other sentences of the same article that state it."""
    also = edge.get("also_evidence") or ()
    if isinstance(also, str):
        also = (also,)
    return [str(edge.get("evidence") or "")] + [str(s) for s in also if s]


def _trim(record: list[Any]) -> list[Any]:
    """The record without its trailing defaults (the page reads a missing field as one)."""
    end = len(record)
    while end and record[end - 1] in _DEFAULTS:
        end -= 1
    return record[:end]


# --------------------------------------------------------------------------- rendering

def render(graph: nx.MultiDiGraph, selection: Selection) -> str:
    """The HTML page of a selection."""
    return _page(graph, selection)[0]


def _page(graph: nx.MultiDiGraph, selection: Selection) -> tuple[str, int]:
    drawn = set(selection.nodes)
    degree = degrees(graph, selection.include_articles)
    centres = set(selection.centres)
    index = {n: i for i, n in enumerate(selection.nodes)}
    tables = Tables(graph)
    pairs = _edge_pairs(graph, drawn, selection.include_articles)
    big = len(selection.nodes) > style.PHYSICS_MAX_NODES
    where = compute_layout(selection.nodes, list(pairs), seed=LAYOUT_SEED) if big else {}
    shared: Counter[str] = Counter()
    if big:  # how many drawn edges each sentence could serve: those go first
        shared.update(s for facts in pairs.values() for s in {s for _, a in facts for s in sentences(a)})
    edges = [_edge_record(graph, u, v, facts, index, tables, BIG_VIEW_EVIDENCE if big else MAX_EVIDENCE, shared)
             for (u, v), facts in pairs.items()]
    nodes = [_node_record(graph, n, selection.sizes.get(n, degree[n]), n in centres, index, tables,
                          where.get(n), big) for n in selection.nodes]

    label_counts = Counter(node_label(graph, n) for n in selection.nodes)
    legend = []
    for label in style.LABEL_ORDER:
        if label_counts[label]:
            look = style.label_style(label)
            legend.append({"label": label, "name": look.name_zh, "count": label_counts[label],
                           "symbol": legend_symbol(look.shape, look.color, look.border)})
    type_counts = Counter(tables.types[t] for e in edges for t in e[EDGE_FIELDS.index("types")])
    relations = [{"type": t, "word": style.role_word(t), "count": type_counts[t]}
                 for t in sorted(type_counts, key=_type_order)]

    subtitle = (f"{selection.description} · 显示 {len(nodes)} 个节点、{len(edges)} 条关系"
                + ("" if selection.include_articles else " · 文章不画成节点，出处见悬停（加 --articles 画出）"))
    notes = [{"cap": False, "parts": [{"text": text, "code": False}]} for text in selection.notes]
    if selection.omitted_total:
        notes.insert(0, {"cap": True, "parts": cap_note_parts(selection)})
    linked = {n for pair in pairs for n in pair}
    unconnected = sum(1 for n in selection.nodes if n not in linked and n not in centres)
    if big and unconnected:
        notes.append({"cap": False, "parts": [{"text": (
            f"{unconnected} 个节点与图中其他节点没有关系，默认隐藏；勾选“显示无关系的节点”可显示。"),
            "code": False}]})
    kinds = {label: {"name": look.name_zh, "color": look.color, "border": look.border, "shape": look.shape}
             for label in style.LABEL_ORDER if label_counts[label] for look in [style.label_style(label)]}
    data = {"nodeFields": NODE_FIELDS, "edgeFields": EDGE_FIELDS, "layout": "fixed" if big else "physics",
            "kinds": kinds, "centreBorder": style.CENTRE_BORDER,
            "types": tables.types, "words": [style.role_word(t) for t in tables.types],
            "labels": tables.labels, "keys": tables.keys, "texts": tables.texts, "sentences": tables.sentences,
            "articles": tables.articles, "papers": tables.papers, "dates": tables.dates,
            "nodes": nodes, "edges": edges, "options": vis_options(big)}
    days = [d for d in tables.dates if _DAY.match(d)]
    html = render_page(title=f"{selection.title} — 关系网络", subtitle=subtitle, notes=notes,
                       legend=legend, relations=relations, data=data,
                       date_range=(min(days), max(days)) if days else None, show_unconnected=not big)
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


def vis_options(fixed: bool) -> dict[str, Any]:
    """vis-network's options: physics that settles then freezes for a small view; for a
    view laid out in Python, no physics, straight edges, no edges drawn while dragging or
    zooming (a frame of 10,000 edges is slow), names that appear as zoom makes them
    readable, the busiest first."""
    font = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 5,
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
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    }
    if fixed:
        options["physics"] = {"enabled": False, "stabilization": {"enabled": False}}
        options["edges"]["smooth"] = {"enabled": False}
        options["edges"]["arrows"]["to"]["enabled"] = False  # the page turns them on when zoomed in
        options["edges"]["color"]["opacity"] = 0.6
        options["nodes"]["scaling"]["max"] = 60
        options["nodes"]["scaling"]["label"] = {"enabled": True, "min": 12, "max": 40, "drawThreshold": 5}
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True, tooltipDelay=200)
    return options


def _type_order(rel_type: str) -> tuple[int, str]:
    words = list(schema.ROLE_WORDS)
    return (words.index(rel_type) if rel_type in words else len(words), rel_type)


def _fmt(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(_fmt(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return style.value_name(str(value)) if isinstance(value, str) else str(value)


def canvas_label(graph: nx.MultiDiGraph, node: str) -> str:
    """What the canvas writes next to a node: its name, shortened; an event adds its date
    (常务会议 · 2022-06-15), since a city holds a meeting of one name many times."""
    text = style.short_label(node_name(graph, node))
    date = node_attrs(graph, node).get("date")
    if node_label(graph, node) == schema.EVENT and date:
        text += f" · {date}"
    return text


def _node_record(graph: nx.MultiDiGraph, node: str, degree: int, centre: bool, index: dict[str, int],
                 tables: Tables, where: tuple[float, float] | None, big: bool) -> list[Any]:
    """A node's fields (NODE_FIELDS): its drawing, then its hover: type, properties,
    positions, dates, and a few of its facts with their evidence."""
    attrs = node_attrs(graph, node)
    label = node_label(graph, node)
    rows: list[list[str]] = []
    shown = [k for k in style.PROPERTY_NAMES if k in attrs]
    shown += sorted(k for k in attrs if k not in style.PROPERTY_NAMES and k not in style.HIDDEN_PROPERTIES)
    for key in shown:
        value = attrs[key]
        if value in (None, "", (), []):
            continue
        rows.append([style.PROPERTY_NAMES.get(key, key), _fmt(value)])

    roles: Counter[str]
    positions, roles, dates, facts = [], Counter(), set(), []
    for u, v, edge in incident(graph, node):
        edge = flatten(edge)
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
        when = edge_date(graph, edge, tables.article_dates)
        if rel not in ARTICLE_EDGES and edge.get("evidence"):
            facts.append((when or "", rel, u, v, edge))
        if when and rel not in ARTICLE_EDGES:
            dates.add(when)
    if positions:  # titles with their organizations say more than the bare `positions` list
        rows = [row for row in rows if row[0] != style.PROPERTY_NAMES["positions"]]
        rows.append(["职务", "、".join(dict.fromkeys(positions))])
    if roles:
        rows.append(["活动", "、".join(f"{style.role_word(r)} {roles[r]}"
                                      for r in schema.PERSON_EVENT_ROLES if roles[r])])
    if dates and "date" not in attrs:
        ordered = sorted(dates)
        rows.append(["日期", ordered[0] if len(ordered) == 1 else f"{ordered[0]} 至 {ordered[-1]}"])
    rows.append(["关联数", str(degree)])

    # Newest first; facts whose sentence the page holds already, then those with the
    # other end drawn, go before the rest: the hover tells what the reader sees.
    facts.sort(key=lambda f: f[:4], reverse=True)
    facts.sort(key=lambda f: (not tables.stored(f[4], sentences(f[4])[0]), not (f[2] in index and f[3] in index)))
    chosen = facts[:MAX_NODE_EVIDENCE]
    if big:  # thousands of nodes: sentences the page holds already, or one if none is
        chosen = [f for f in chosen if tables.stored(f[4], sentences(f[4])[0])] or chosen[:1]
    evidence = []
    for _, _rel, u, v, edge in chosen:
        ends = [index[n] if n in index else node_name(graph, n) for n in (u, v)]
        evidence.append(tables.evidence(edge, sentences(edge)[0]) + ends)
    own_date = str(attrs["date"]) if attrs.get("date") and label in (schema.EVENT, schema.ARTICLE) else None
    x, y = where if where else (None, None)
    name = node_name(graph, node)
    canvas = canvas_label(graph, node)
    return _trim([node, label, name, "" if canvas == name else canvas, degree, int(centre), x, y,
                  tables.date(own_date), tables.rows(rows), evidence, len(facts) - len(evidence)])


def _edge_pairs(graph: nx.MultiDiGraph, drawn: set[str], articles: bool) -> dict[tuple[str, str], list[Fact]]:
    """The facts between drawn nodes, one entry per ordered pair: one drawn edge each."""
    pairs: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for u in sorted(drawn):
        for _, v, key, attrs in graph.out_edges(u, keys=True, data=True):
            if v not in drawn:
                continue
            attrs = flatten(attrs)
            if not articles and attrs.get("type") in ARTICLE_EDGES:
                continue
            pairs[(u, v)].append((str(key), attrs))
    return dict(sorted(pairs.items()))


def _edge_record(graph: nx.MultiDiGraph, u: str, v: str, facts: list[Fact], index: dict[str, int],
                 tables: Tables, most: int, shared: Counter[str]) -> list[Any]:
    """An edge's fields (EDGE_FIELDS): its label lists every role between the two nodes;
    its hover, up to `most` sentences that state them (those most edges share first)."""
    def order(fact: Fact) -> tuple[Any, ...]:
        return _type_order(fact[1].get("type", "")), edge_date(graph, fact[1], tables.article_dates) or "", fact[0]

    facts = sorted(facts, key=order)
    words: dict[str, None] = {}
    types: dict[str, None] = {}
    for _, attrs in facts:
        rel = attrs.get("type", "")
        types[rel] = None
        qualifier = attrs.get(QUALIFIERS.get(rel, ""), "") if rel in QUALIFIERS else ""
        # a position reads best as the title itself (市委副书记), others as the role word
        words[str(qualifier) if rel == schema.HOLDS_POSITION and qualifier else style.role_word(rel)] = None
    rows = []
    for rel in QUALIFIERS:
        if rel in types and rel != schema.HOLDS_POSITION:
            projects = [str(a.get("project")) for _, a in facts if a.get("type") == rel and a.get("project")]
            if projects:
                rows.append(["项目", "、".join(dict.fromkeys(projects))])
    investments = [str(a["investment"]) for _, a in facts if a.get("investment")]
    if investments:
        rows.append(["投资", "、".join(dict.fromkeys(investments))])
    articles_seen = {attrs.get("article") for _, attrs in facts if attrs.get("article")}
    stated = [(attrs, sentence) for _, attrs in facts for sentence in sentences(attrs)]
    if shared:
        stated.sort(key=lambda s: -shared[s[1]])  # stable: the order above breaks ties
    evidence = [tables.evidence(attrs, sentence) for attrs, sentence in stated[:most]]
    dates = sorted({d for _, attrs in facts if (d := edge_date(graph, attrs, tables.article_dates))})
    return _trim([index[u], index[v], tables.label("、".join(words)), [tables.type(t) for t in types],
                  len(facts), len(articles_seen), evidence, max(len(stated) - most, 0),
                  [tables.date(d) for d in dates], tables.rows(rows)])


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
