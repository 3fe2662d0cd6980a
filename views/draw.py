"""The entry points of a view: select the nodes, then render and write the page."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import schema
from kg.views.rendering import ViewResult, write_view
from kg.views.select import select_ego, select_graph


def ego_view(graph: nx.MultiDiGraph, label: str, query: str, out: str | Path, **options: Any) -> ViewResult:
    """Write the view of one node's neighbourhood (a person, event, organization or place)."""
    return write_view(graph, select_ego(graph, label, query, **options), out)


def person_view(graph: nx.MultiDiGraph, name: str, out: str | Path, **options: Any) -> ViewResult:
    return ego_view(graph, schema.PERSON, name, out, **options)


def graph_view(graph: nx.MultiDiGraph, out: str | Path, **filters: Any) -> ViewResult:
    """Write the view of the whole graph through filters (types, dates, city)."""
    return write_view(graph, select_graph(graph, **filters), out)
