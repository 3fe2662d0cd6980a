"""A Spark build's graph into Neo4j through the Neo4j Connector for Apache Spark.

The same database as `kg load` (loaders/neo4j_writer.py) by construction: the rows come
from neo4j_writer.prepare (one node with its incident relationships at a time, so `sources`
and `article_id` are made by the one rule), the statements from loaders/cypher.py
(merge_nodes, merge_edges: the connector unwinds each batch itself, as `event`), and the
constraints and indexes from Neo4jWriter.ensure_schema, before anything is written.
Nodes are written first, all partitions at once (MERGE by the unique `id`); relationships
after them, by `rel_partitions` writers (default 1) so that two transactions never lock
the same busy node against each other.

The connector comes from Maven Central through Spark's own package mechanism
(spark.jars.packages, cached in ~/.ivy2): spark_conf() gives the settings.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.graph.elements import EdgeRecord, NodeRecord
from kg.loaders import cypher
from kg.loaders.neo4j_connection import Neo4jLoadError, Neo4jSettings, connect
from kg.loaders.neo4j_writer import DEFAULT_BATCH_SIZE, Neo4jWriter, prepare

log = logging.getLogger(__name__)

# 5.0.3 is the newest release for Spark 3 on Maven Central. Its jar carries the connector's
# common module and driver; the pom also names `_common` 5.0.3, which Central never got,
# so that one is excluded from resolution (spark.jars.excludes).
CONNECTOR = "org.neo4j:neo4j-connector-apache-spark_2.12:5.0.3_for_spark_3"
CONNECTOR_EXCLUDES = "org.neo4j:neo4j-connector-apache-spark_2.12_common"
DATA_SOURCE = "org.neo4j.spark.DataSource"


def spark_conf() -> dict[str, str]:
    """Settings a SparkSession needs (at creation) to write with the connector."""
    return {"spark.jars.packages": CONNECTOR, "spark.jars.excludes": CONNECTOR_EXCLUDES}


PROP_COLUMN = "p_"   # a property's column: the connector flattens nested columns, so they are flat


def per_event(statement: str, props: Iterable[str], *, ends: bool) -> str:
    """A loader statement for the connector's query mode. The connector unwinds each batch
    itself (`UNWIND $events AS event`) and gives a row's columns flat, so the row the
    statement reads ({id, sources | source, target, props}) is put together from them.
    A property absent from a row is null there, which SET += leaves unset on a new node."""
    head = "UNWIND $rows AS row "
    if not statement.startswith(head):
        raise ValueError(f"not a batch statement: {statement[:40]!r}")
    names = sorted(props)
    bad = [k for k in names if not k.isidentifier()]
    if bad:   # interpolated below, so only plain names
        raise Neo4jLoadError(f"property names {bad} cannot be written through the Spark connector")
    fields = ["id: event.id", *(["source: event.source", "target: event.target"] if ends else
                                ["sources: event.sources"])]
    fields.append("props: {" + ", ".join(f"{k}: event.{PROP_COLUMN}{k}" for k in names) + "}")
    return "WITH {" + ", ".join(fields) + "} AS row " + statement[len(head):]


@dataclass
class SparkLoadSummary:
    """What one connector load wrote."""

    nodes: dict[str, int] = field(default_factory=dict)   # label -> rows
    edges: dict[str, int] = field(default_factory=dict)   # type -> rows

    def __str__(self) -> str:
        return (f"{sum(self.nodes.values())} nodes and {sum(self.edges.values())} relationships "
                f"written through the Spark connector")


# --------------------------------------------------------------------------- rows
def _node_rows(item: tuple[str, tuple[Iterable[NodeRecord], Iterable[EdgeRecord]]]) -> Iterator[tuple[str, dict]]:
    _, (nodes, edges) = item
    for node in nodes:   # one (ids are unique); none for an edge end without a node
        prepared = prepare([node], edges)
        yield node.label, prepared.nodes[node.label][0]


def _edge_rows(edges: Iterable[EdgeRecord]) -> Iterator[tuple[tuple[str, str, str], dict]]:
    prepared = prepare([], list(edges))
    for key, rows in prepared.edges.items():
        for row in rows:
            yield key, row


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        kinds = {_kind(v) for v in value}
        return "list:" + (kinds.pop() if len(kinds) == 1 else "empty" if not kinds else "mixed")
    return type(value).__name__


def _kinds(rows: Iterable[dict]) -> Iterator[tuple[str, str]]:
    for row in rows:
        for key, value in row["props"].items():
            yield key, _kind(value)


def _spark_type(what: str, key: str, kinds: set[str]) -> Any:
    """The one Spark type a property takes across its rows (Neo4j gets the same values
    `kg load` sends); a property whose rows disagree is refused by name."""
    from pyspark.sql import types as T

    scalar = {"str": T.StringType(), "int": T.LongType(), "float": T.DoubleType(), "bool": T.BooleanType()}
    lists = {k.removeprefix("list:") for k in kinds if k.startswith("list:")} - {"empty"}
    if len(kinds) == 1 and next(iter(kinds)) in scalar:
        return scalar[next(iter(kinds))]
    if kinds and all(k.startswith("list:") for k in kinds) and len(lists) <= 1:
        inner = lists.pop() if lists else "str"
        if inner in scalar:
            return T.ArrayType(scalar[inner])
    raise Neo4jLoadError(f"{what} property {key!r} has values of different types ({', '.join(sorted(kinds))}); "
                         f"the Spark connector needs one type per property")


def _frame(spark: Any, rows: Any, keys: dict[str, set[str]], what: str, ends: bool) -> Any:
    from pyspark.sql import types as T

    names = sorted(keys)
    fields = [T.StructField("id", T.StringType(), False)]
    if ends:
        fields += [T.StructField("source", T.StringType(), False), T.StructField("target", T.StringType(), False)]
    else:
        fields.append(T.StructField("sources", T.ArrayType(T.StringType())))
    fields += [T.StructField(PROP_COLUMN + k, _spark_type(what, k, keys[k])) for k in names]

    def shaped(row: dict) -> tuple:
        values = row["props"]
        head = (row["id"], row["source"], row["target"]) if ends else (row["id"], row["sources"])
        return (*head, *(values.get(k) for k in names))

    return spark.createDataFrame(rows.map(shaped), T.StructType(fields))


# --------------------------------------------------------------------------- the load
def write_neo4j(spark: Any, out: str | os.PathLike, settings: Neo4jSettings | None = None, *,
                batch_size: int = DEFAULT_BATCH_SIZE, rel_partitions: int = 1) -> SparkLoadSummary:
    """Write the nodes and edges Parquet tables of a Spark build (under `out`) into Neo4j."""
    from pyspark import StorageLevel

    from kg.graph.spark.job import EDGES, NODES, edge_record, node_record

    settings = settings or Neo4jSettings.from_env()
    with connect(settings) as driver:
        Neo4jWriter(driver, settings).ensure_schema()
    nodes = spark.read.parquet(f"{out}/{NODES}").rdd.map(node_record)
    edges = spark.read.parquet(f"{out}/{EDGES}").rdd.map(edge_record)
    ends = edges.flatMap(lambda e: ((e.source, e), (e.target, e)))
    node_rows = (nodes.map(lambda n: (n.id, n)).cogroup(ends).flatMap(_node_rows)
                 .persist(StorageLevel.MEMORY_AND_DISK))
    edge_rows = edges.mapPartitions(_edge_rows).persist(StorageLevel.MEMORY_AND_DISK)
    summary = SparkLoadSummary()
    options = {"url": settings.uri, "authentication.type": "basic",
               "authentication.basic.username": settings.user,
               "authentication.basic.password": settings.password,
               "database": settings.database, "batch.size": str(batch_size)}
    try:
        # the property names and types of each label and relationship group: metadata, small
        node_keys = node_rows.flatMap(lambda t: ((t[0], k) for k in _kinds([t[1]]))).distinct().collect()
        edge_keys = edge_rows.flatMap(lambda t: ((t[0], k) for k in _kinds([t[1]]))).distinct().collect()
        node_counts = node_rows.countByKey()
        edge_counts = edge_rows.countByKey()
        for label in sorted(node_counts):
            keys = _keys_of(node_keys, label)
            rows = node_rows.filter(lambda t, label=label: t[0] == label).map(lambda t: t[1])
            frame = _frame(spark, rows, keys, label, ends=False)
            _save(frame, options, per_event(cypher.merge_nodes(label), keys, ends=False))
            summary.nodes[label] = node_counts[label]
        for group in sorted(edge_counts):
            keys = _keys_of(edge_keys, group)
            rows = edge_rows.filter(lambda t, group=group: t[0] == group).map(lambda t: t[1])
            frame = _frame(spark, rows, keys, group[0], ends=True).coalesce(max(1, rel_partitions))
            _save(frame, options, per_event(cypher.merge_edges(*group), keys, ends=True))
            summary.edges[group[0]] = summary.edges.get(group[0], 0) + edge_counts[group]
    finally:
        node_rows.unpersist()
        edge_rows.unpersist()
    log.info("%s", summary)
    return summary


def _keys_of(pairs: list[tuple[Any, tuple[str, str]]], group: Any) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for g, (key, kind) in pairs:
        if g == group:
            keys.setdefault(key, set()).add(kind)
    return keys


def _save(frame: Any, options: dict[str, str], query: str) -> None:
    writer = frame.write.format(DATA_SOURCE).mode("Append").option("query", query)
    for key, value in options.items():
        writer = writer.option(key, value)
    try:
        writer.save()
    except Exception as exc:   # py4j wraps the connector's error: keep its first line, never the password
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        first = next((line for line in lines if "Exception:" in line), lines[0] if lines else type(exc).__name__)
        raise Neo4jLoadError(f"the Spark connector could not write: {first[:300]}") from None
