"""Rendering a selection: nodes and edges as vis-network data, hovers with type,
positions, dates and the evidence sentence with its article title, then the page
(page.py), written atomically.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import schema
from kg.views import style
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
    tiebreak,
)

MAX_EVIDENCE = 5        # evidence sentences in one hover; the rest are counted
MAX_NODE_EVIDENCE = 3   # a node's hover shows a few of its facts


@dataclass(frozen=True)
class ViewResult:
    path: Path
    nodes: int
    edges: int
    candidates: int
    omitted: int
    centres: tuple[str, ...] = field(default=())


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
    return {"id": node, "label": label, "order": tiebreak(graph, node)[0],
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
        if rel not in ARTICLE_EDGES and edge.get("evidence"):
            facts.append((rel, u, v, edge))
        when = edge_date(graph, edge)
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

    facts.sort(key=lambda f: (edge_date(graph, f[3]) or "", f[0], f[1], f[2]), reverse=True)
    evidence = [_evidence(graph, edge, f"{style.role_word(rel)}：{node_name(graph, u)} → {node_name(graph, v)}")
                for rel, u, v, edge in facts[:MAX_NODE_EVIDENCE]]
    more = f"另有 {len(facts) - MAX_NODE_EVIDENCE} 条出处，见各条关系" if len(facts) > MAX_NODE_EVIDENCE else ""
    return {"kind": look.name_zh, "color": look.color, "name": node_name(graph, node),
            "rows": rows, "evidence": evidence, "more": more}


def _evidence(graph: nx.MultiDiGraph, edge: dict[str, Any], role: str = "") -> dict[str, str]:
    article = article_of(graph, edge.get("article"))
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
            attrs = flatten(attrs)
            if not articles and attrs.get("type") in ARTICLE_EDGES:
                continue
            pairs[(u, v)].append((str(key), attrs))
    items = []
    for (u, v), facts in sorted(pairs.items()):
        facts.sort(key=lambda f: (_type_order(f[1].get("type", "")), edge_date(graph, f[1]) or "", f[0]))
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
