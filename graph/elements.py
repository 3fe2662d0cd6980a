"""The resolved graph's records: what the store returns, Neo4j loads and the views draw.

Apart from graph/records.py (the pipeline's records, up to each article's contribution)
because a reader needs only these two: `kg person` would otherwise create every record
class of the pipeline on each start, a dataclass costing over a millisecond to make.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NodeRecord:
    """A resolved node as stored, loaded into Neo4j and drawn in views."""

    id: str                  # graph.schema.node_id(...)
    label: str               # a node label from graph.schema
    props: tuple[tuple[str, Any], ...]  # always includes "name"

    def prop(self, key: str, default: Any = None) -> Any:
        return dict(self.props).get(key, default)


@dataclass(frozen=True)
class EdgeRecord:
    """A resolved relationship; `props` always carries article, evidence, confidence."""

    id: str                  # graph.schema.edge_id(...)
    source: str              # NodeRecord.id
    target: str              # NodeRecord.id
    type: str                # a relationship type from graph.schema
    props: tuple[tuple[str, Any], ...]

    def prop(self, key: str, default: Any = None) -> Any:
        return dict(self.props).get(key, default)


def freeze(value: Any) -> Any:
    """Property values as hashable scalars or tuples (JSON gives lists back)."""
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    return value
