"""The whole Neo4j graph as comparable data, for tests that compare two loads."""
from __future__ import annotations

import json
from typing import Any

from kg.loaders.neo4j_connection import Neo4jSettings, connect


def _clean(props: dict[str, Any]) -> tuple:
    props = dict(props)
    if "sources" in props:  # its order records the order of loads, not content
        props["sources"] = sorted(props["sources"])
    return tuple(sorted((k, json.dumps(v, ensure_ascii=False, sort_keys=True)) for k, v in props.items()))


def snapshot(settings: Neo4jSettings) -> tuple[list, list]:
    """Sorted (nodes, relationships) lists of everything in the database."""
    with connect(settings) as driver:
        node_records, _, _ = driver.execute_query(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=settings.database)
        rel_records, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props",
            database_=settings.database)
    nodes = sorted((tuple(sorted(r["labels"])), _clean(r["props"])) for r in node_records)
    rels = sorted((r["type"], r["source"], r["target"], _clean(r["props"])) for r in rel_records)
    return nodes, rels
