"""Interactive HTML network views (pyvis's vis-network, offline): select, then render.

`select` decides which nodes a view draws, `render` draws them into one self-contained
page, `style` holds the look (colours, shapes, Chinese names of labels and roles) and
`page` the template. The functions here are the entry points the CLI and the notebook use.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import schema
from kg.views.render import ViewResult, render, write_view
from kg.views.select import (
    DEFAULT_DEPTH,
    DEFAULT_MAX_NODES,
    Selection,
    ViewError,
    check_filters,
    find_nodes,
    most_active_person,
    node_label,
    node_name,
    resolve_types,
    select_ego,
    select_graph,
)

__all__ = [
    "DEFAULT_DEPTH", "DEFAULT_MAX_NODES", "Selection", "ViewError", "ViewResult",
    "check_filters", "ego_view", "find_nodes", "graph_view", "most_active_person",
    "node_label", "node_name", "person_view", "render", "resolve_types", "select_ego",
    "select_graph", "write_view",
]


def ego_view(graph: nx.MultiDiGraph, label: str, query: str, out: str | Path, **options: Any) -> ViewResult:
    """Write the view of one node's neighbourhood (a person, event, organization or place)."""
    return write_view(graph, select_ego(graph, label, query, **options), out)


def person_view(graph: nx.MultiDiGraph, name: str, out: str | Path, **options: Any) -> ViewResult:
    return ego_view(graph, schema.PERSON, name, out, **options)


def graph_view(graph: nx.MultiDiGraph, out: str | Path, **filters: Any) -> ViewResult:
    """Write the view of the whole graph through filters (types, dates, city)."""
    return write_view(graph, select_graph(graph, **filters), out)
