"""The networkx graph every consumer shares (views, Neo4j, exports), from node and edge records.

Contract: a `nx.MultiDiGraph`; node key = `NodeRecord.id`, attrs `label`, `name` and the
node's properties; edge key = `EdgeRecord.id`, attrs `type` and the edge's properties
(always `article`, `evidence`, `confidence`).
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.graph import schema
from kg.graph.elements import EdgeRecord, NodeRecord


def build_graph(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord]) -> nx.MultiDiGraph:
    """Nodes first, then edges; an edge whose end is not a node is a bug upstream."""
    graph = nx.MultiDiGraph()
    for node in nodes:
        attrs = dict(node.props)
        attrs["label"] = schema.check_label(node.label)
        attrs.setdefault("name", node.id)
        graph.add_node(node.id, **attrs)
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in graph:
                raise ValueError(f"edge {edge.id} refers to missing node {end}")
        attrs = dict(edge.props)
        attrs["type"] = schema.check_type(edge.type)
        graph.add_edge(edge.source, edge.target, key=edge.id, **attrs)
    return graph
