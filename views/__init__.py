"""Interactive HTML network views (pyvis's vis-network, offline): select, then render.

`select` decides which nodes a view draws, `rendering` draws them into one self-contained
page, `draw` holds the entry points (select, then render), `style` the look (colours,
shapes, Chinese names of labels and roles) and `page` the template.

The names below load their module on first use (PEP 562): `kg view`'s options need
`kg.views.style`, and that must not import networkx into every `kg` command.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.views.draw import ego_view, graph_view, person_view
    from kg.views.rendering import ViewResult, render, write_view
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

_HOME = {
    "ego_view": "draw", "graph_view": "draw", "person_view": "draw",
    "ViewResult": "rendering", "render": "rendering", "write_view": "rendering",
    "DEFAULT_DEPTH": "select", "DEFAULT_MAX_NODES": "select", "Selection": "select",
    "ViewError": "select", "check_filters": "select", "find_nodes": "select",
    "most_active_person": "select", "node_label": "select", "node_name": "select",
    "resolve_types": "select", "select_ego": "select", "select_graph": "select",
}
__all__ = [
    "DEFAULT_DEPTH", "DEFAULT_MAX_NODES", "Selection", "ViewError", "ViewResult", "check_filters",
    "ego_view", "find_nodes", "graph_view", "most_active_person", "node_label", "node_name",
    "person_view", "render", "resolve_types", "select_ego", "select_graph", "write_view",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'kg.views' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kg.views.{_HOME[name]}"), name)
