"""Load resolved nodes and edges into Neo4j: idempotent, batched, parameterised.

Every write is `UNWIND $rows AS row MERGE ... {id: row.id} SET ... += row.props` in a
managed transaction (`session.execute_write`), so the driver retries transient failures
and a rerun after any crash converges to the same graph. Labels and relationship types
cannot be Cypher parameters; they are interpolated only in cypher.py, after graph.schema's
check_label/check_type accepted them. Everything else is a parameter. The writer is given
its driver (connection.py makes one), so the caller owns the connection's lifetime.

Provenance: every relationship carries `article` (the article's own id, as in the store
and `kg export`), `evidence`, `confidence`; every node carries `sources`, the article ids
that support it. An Article node's id is graph.schema.node_id of the article id, a digest
Cypher cannot recompute, so Article nodes also get `article_id`: facts join their
article with `MATCH (a:Article {article_id: r.article})`. With
`replace=True` the facts of the articles being loaded are removed first (and the nodes
only those articles supported), so a re-extracted article replaces its old facts.
"""
from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import ARTICLE, NODE_LABELS, PROVENANCE, REL_ENDPOINTS, REL_TYPES, node_id
from kg.loaders import cypher
from kg.loaders.neo4j_connection import Neo4jLoadError, Neo4jSettings, connect, describe, run_write

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 1000

BatchHook = Callable[[str, int, int], None]  # (what, rows done, rows total)


@dataclass
class LoadSummary:
    """What one load did."""

    nodes: int = 0                 # node rows written (MERGEd)
    edges: int = 0                 # relationship rows written
    missing_endpoints: int = 0     # edges skipped: an endpoint is not in the database
    removed_edges: int = 0         # replace=True: old facts of the reloaded articles
    removed_nodes: int = 0         # replace=True: nodes only those articles supported
    articles: int = 0              # articles in this load (the replace scope)
    batches: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Nodes + relationships written per second."""
        return (self.nodes + self.edges) / self.seconds if self.seconds else 0.0


# --- rows --------------------------------------------------------------------------------

def neo4j_value(value: Any) -> Any:
    """A property value Neo4j can store: primitives, homogeneous lists; the rest as JSON."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [neo4j_value(v) for v in (sorted(value, key=str) if isinstance(value, set | frozenset) else value)]
        items = [v for v in items if v is not None]
        if all(isinstance(v, str) for v in items) or all(isinstance(v, bool) for v in items):
            return items
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in items):
            return items
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str) for v in items]
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _props(pairs: Iterable[tuple[str, Any]], drop: tuple[str, ...]) -> dict[str, Any]:
    props = {}
    for key, value in pairs:
        if key in drop:
            continue
        value = neo4j_value(value)
        if value is not None:  # SET += {k: null} would delete k; absent means absent
            props[str(key)] = value
    return props


# A range index refuses a key of more than about 8 kB ("Property value is too large to
# index"), and one refused node stops the whole load. An indexed text longer than this is
# stored cut (ending with …) under its own name, and whole under `<name>_full`.
MAX_INDEXED_BYTES = 4000


def _bound_indexed(props: dict[str, Any]) -> None:
    for key in cypher.RANGE_INDEXED:
        value = props.get(key)
        if isinstance(value, str) and len(value.encode("utf-8")) > MAX_INDEXED_BYTES:
            props[f"{key}_full"] = value
            # Cut at a byte count, dropping a character split there; … is 3 bytes.
            props[key] = value.encode("utf-8")[: MAX_INDEXED_BYTES - 3].decode("utf-8", "ignore") + "…"


def label_of_id(node_id: str) -> str | None:
    """graph.schema.node_id makes ids "<Label>:<digest>"; the label, if it is one."""
    prefix = node_id.split(":", 1)[0]
    return prefix if prefix in NODE_LABELS else None


@dataclass
class Prepared:
    nodes: dict[str, list[dict]]                 # label -> rows
    edges: dict[tuple[str, str, str], list[dict]]  # (type, source label, target label) -> rows
    articles: list[str]

    @property
    def size(self) -> int:
        """Rows to write: nodes and relationships."""
        return sum(map(len, self.nodes.values())) + sum(map(len, self.edges.values()))


def prepare(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord]) -> Prepared:
    """Validate records against the schema and turn them into parameter rows.

    Raises Neo4jLoadError naming the first bad record, before anything is written.
    """
    node_list = list(nodes)
    edge_list = list(edges)
    labels: dict[str, str] = {}
    for node in node_list:
        if node.label not in NODE_LABELS:
            raise Neo4jLoadError(f"node {node.id!r} has label {node.label!r}, "
                                 f"not one of the schema's {sorted(NODE_LABELS)}")
        if not node.id:
            raise Neo4jLoadError(f"a {node.label} node has an empty id")
        known = labels.setdefault(node.id, node.label)
        if known != node.label:
            raise Neo4jLoadError(f"node id {node.id!r} is given two labels, {known} and {node.label}")

    # The article id behind each Article node: edges name articles by their own id.
    raw_ids = {str(edge.prop("article")) for edge in edge_list if edge.prop("article") is not None}
    raw_article: dict[str, str] = {node_id(ARTICLE, id=raw): raw for raw in raw_ids}
    sources: dict[str, set[str]] = defaultdict(set)
    articles: set[str] = set()
    for node in node_list:
        if node.label == ARTICLE:
            own = raw_article.get(node.id) or node.prop("article_id") or node.id
            sources[node.id].add(own)
            articles.add(own)
        for key in ("article", "articles"):  # a store may already say where a node came from
            value = node.prop(key)
            if isinstance(value, str) and value:
                sources[node.id].add(value)
            elif isinstance(value, list | tuple | set | frozenset):
                sources[node.id].update(str(v) for v in value if v)

    edge_rows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for edge in edge_list:
        if edge.type not in REL_TYPES:
            raise Neo4jLoadError(f"edge {edge.id!r} has type {edge.type!r}, "
                                 f"not one of the schema's {sorted(REL_TYPES)}")
        props = dict(edge.props)
        missing = [k for k in PROVENANCE if props.get(k) is None]
        if missing:
            raise Neo4jLoadError(f"edge {edge.id!r} ({edge.type}) lacks its provenance {missing}")
        ends = []
        for end in (edge.source, edge.target):
            label = labels.get(end) or label_of_id(end)
            if label is None:
                raise Neo4jLoadError(f"edge {edge.id!r} ({edge.type}) points at {end!r}, which is no node of this load")
            ends.append(label)
        allowed_from, allowed_to = REL_ENDPOINTS[edge.type]
        if ends[0] not in allowed_from or ends[1] not in allowed_to:
            raise Neo4jLoadError(f"edge {edge.id!r}: {ends[0]}-[:{edge.type}]->{ends[1]} is not allowed by the schema")
        article = str(props["article"])
        articles.add(article)
        sources[edge.source].add(article)
        sources[edge.target].add(article)
        edge_rows[(edge.type, ends[0], ends[1])].append(
            {"id": edge.id, "source": edge.source, "target": edge.target,
             "props": _props(edge.props, drop=("id",))})

    node_rows: dict[str, list[dict]] = defaultdict(list)
    for node in node_list:
        props = _props(node.props, drop=("id", "label", "sources"))
        if node.label == ARTICLE and node.id in raw_article:
            props["article_id"] = raw_article[node.id]
        _bound_indexed(props)
        node_rows[node.label].append(
            {"id": node.id, "props": props, "sources": sorted(sources.get(node.id, ()))})
    return Prepared(dict(node_rows), dict(edge_rows), sorted(articles))


def _written(tx: Any, query: str, **params: Any) -> int:
    record = tx.run(query, **params).single()
    return int(record["written"]) if record else 0


class Neo4jWriter:
    """Writes prepared rows through a driver it is given (and does not close)."""

    def __init__(self, driver: Any, settings: Neo4jSettings):
        self.driver = driver
        self.settings = settings

    def _write(self, query: str, what: str, **params: Any) -> int:
        return int(run_write(self.driver, self.settings, lambda tx: _written(tx, query, **params), what))

    def ensure_schema(self) -> None:
        """Create missing constraints and indexes (idempotent), then wait until they are online."""
        database = self.settings.database
        try:
            existing = {r["name"] for r in self.driver.execute_query(cypher.LIST_INDEXES, database_=database).records}
        except Exception as exc:
            raise Neo4jLoadError(f"while reading the schema: {describe(exc, self.settings)}") from None
        # A uniqueness constraint owns an index of the same name, so one listing covers both.
        missing = [s for name, s in cypher.schema_statements().items() if name not in existing]
        if not missing:
            return
        log.info("creating %d constraints and indexes", len(missing))
        for statement in missing:
            def create(tx: Any, statement: str = statement) -> None:
                tx.run(statement).consume()
            run_write(self.driver, self.settings, create, "constraints and indexes")
        try:
            self.driver.execute_query(cypher.AWAIT_INDEXES, database_=database)
        except Exception as exc:
            raise Neo4jLoadError(f"while waiting for indexes: {describe(exc, self.settings)}") from None

    def remove_articles(self, articles: list[str], *, batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[int, int]:
        """Remove the facts the given articles loaded, and nodes only they supported.

        Works in bounded transactions (LIMIT, repeated until nothing is left), each
        idempotent, so a crash half-way is finished by running it again. Returns (edges,
        nodes) removed.
        """
        removed_edges = removed_nodes = 0
        for start in range(0, len(articles), batch_size):
            chunk = articles[start:start + batch_size]
            for rel_type in sorted(REL_TYPES):
                while True:
                    n = self._write(cypher.delete_facts(rel_type), f"removal of old {rel_type} facts",
                                    articles=chunk, limit=batch_size)
                    removed_edges += n
                    if n < batch_size:
                        break
            for label in sorted(NODE_LABELS):
                count, drop = cypher.count_supported(label), cypher.drop_sources(label)
                while True:
                    def work(tx: Any, count: str = count, drop: str = drop,
                             chunk: list[str] = chunk) -> tuple[int, int]:
                        touched = _written(tx, count, articles=chunk, limit=batch_size)
                        return touched, _written(tx, drop, articles=chunk, limit=batch_size)
                    touched, deleted = run_write(self.driver, self.settings, work, f"removal of old {label} nodes")
                    removed_nodes += deleted
                    if touched < batch_size:
                        break
        return removed_edges, removed_nodes

    def write(self, prepared: Prepared, summary: LoadSummary, *, batch_size: int,
              progress: _Progress, on_batch: BatchHook | None = None) -> None:
        """Nodes first, then relationships, `batch_size` rows per transaction."""
        total = prepared.size
        done = 0
        # (statement, what, is a node batch, rows)
        batches: list[tuple[str, str, bool, list[dict]]] = []
        for label in sorted(prepared.nodes):
            query = cypher.merge_nodes(label)
            batches += [(query, f"{label} nodes", True, b) for b in _chunks(prepared.nodes[label], batch_size)]
        for key in sorted(prepared.edges):
            query = cypher.merge_edges(*key)
            batches += [(query, f"{key[0]} relationships", False, b) for b in _chunks(prepared.edges[key], batch_size)]
        for query, what, is_nodes, batch in batches:
            written = self._write(query, what, rows=batch)
            if is_nodes:
                summary.nodes += written
            else:
                summary.edges += written
                summary.missing_endpoints += len(batch) - written
            done += len(batch)
            summary.batches += 1
            progress.advance(len(batch), what)
            if on_batch:
                on_batch(what, done, total)

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type in the database."""
        result: dict[str, int] = {}
        for label in sorted(NODE_LABELS):
            records, _, _ = self.driver.execute_query(cypher.count_label(label), database_=self.settings.database)
            result[label] = records[0]["c"]
        for rel_type in sorted(REL_TYPES):
            records, _, _ = self.driver.execute_query(cypher.count_type(rel_type), database_=self.settings.database)
            result[rel_type] = records[0]["c"]
        return result

    def clear(self, *, batch_size: int = 10_000) -> int:
        """Delete every node and relationship (constraints and indexes stay). Returns nodes deleted."""
        deleted = 0
        while True:
            n = self._write(cypher.CLEAR_BATCH, "clearing the database", limit=batch_size)
            deleted += n
            if n < batch_size:
                return deleted


def _chunks(rows: list[dict], size: int) -> list[list[dict]]:
    return [rows[start:start + size] for start in range(0, len(rows), size)]


# --- entry points: connect, then write ---------------------------------------------------

def load(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord],
         settings: Neo4jSettings | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE,
         replace: bool = False, progress: bool = True, on_batch: BatchHook | None = None) -> LoadSummary:
    """Write nodes then relationships into Neo4j; returns what was written.

    UNWIND batches of `batch_size` rows per transaction; idempotent. With `replace` the
    facts of the articles being loaded are removed first. `on_batch(what, done, total)`
    is called after each committed batch.
    """
    if batch_size < 1:
        raise Neo4jLoadError(f"batch size must be at least 1, not {batch_size}")
    settings = settings or Neo4jSettings.from_env()
    prepared = prepare(nodes, edges)
    summary = LoadSummary(articles=len(prepared.articles))
    reporter = _Progress(prepared.size, enabled=progress)
    with connect(settings) as driver, reporter:
        writer = Neo4jWriter(driver, settings)
        writer.ensure_schema()
        if replace and prepared.articles:
            summary.removed_edges, summary.removed_nodes = writer.remove_articles(
                prepared.articles, batch_size=batch_size)
        # The rate is the writing's: schema set-up and removal are one-off costs.
        started = time.perf_counter()
        writer.write(prepared, summary, batch_size=batch_size, progress=reporter, on_batch=on_batch)
    summary.seconds = time.perf_counter() - started
    log.info("loaded %d nodes and %d relationships in %d transactions", summary.nodes, summary.edges,
             summary.batches)
    return summary


def load_store(store: str | Path, settings: Neo4jSettings | None = None, *,
               batch_size: int = DEFAULT_BATCH_SIZE, replace: bool = False, progress: bool = True) -> LoadSummary:
    """Load an embedded store into Neo4j (`kg load`, `kg build --neo4j`).

    Raises StoreError or Neo4jLoadError, each with a one-line message.
    """
    from kg.graph.store import Store

    with Store(store) as st:
        return load(st.nodes(), st.edges(), settings, batch_size=batch_size, replace=replace, progress=progress)


def counts(settings: Neo4jSettings | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type in the database."""
    settings = settings or Neo4jSettings.from_env()
    with connect(settings) as driver:
        return Neo4jWriter(driver, settings).counts()


def clear(settings: Neo4jSettings | None = None, *, batch_size: int = 10_000) -> int:
    """Delete every node and relationship (constraints and indexes stay). Returns nodes deleted."""
    settings = settings or Neo4jSettings.from_env()
    with connect(settings) as driver:
        return Neo4jWriter(driver, settings).clear(batch_size=batch_size)


class _Progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from kg.progress import progress_bar
            bar = progress_bar(transient=True)
            bar.__enter__()
            self._task = bar.add_task("loading into Neo4j", total=self.total)
            self._bar = bar
        return self

    def advance(self, n: int, what: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=n, description=f"loading {what}")

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
