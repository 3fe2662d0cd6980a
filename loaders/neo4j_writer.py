"""Load resolved nodes and edges into Neo4j: idempotent, batched, parameterised.

Every write is `UNWIND $rows AS row MERGE ... {id: row.id} SET ... += row.props` in a
managed transaction (`session.execute_write`), so the driver retries transient failures
and a rerun after any crash converges to the same graph. Labels and relationship types
cannot be Cypher parameters; they are interpolated only after graph.schema's
check_label/check_type accepted them. Everything else is a parameter.

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
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from kg.graph.records import EdgeRecord, NodeRecord
from kg.graph.schema import ARTICLE, NODE_LABELS, PROVENANCE, REL_ENDPOINTS, REL_TYPES, check_label, check_type, node_id

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
# The development/test server's password (scripts/neo4j.sh sets it); set NEO4J_PASSWORD
# for any other server.
DEFAULT_PASSWORD = "kgpassword"
DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH_SIZE = 1000
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

# Indexed for lookups by name (kg person, Browser queries) and by date (timelines).
NAME_INDEXED = tuple(sorted(NODE_LABELS))
DATE_INDEXED = ("Event", "Article")

BatchHook = Callable[[str, int, int], None]  # (what, rows done, rows total)


class Neo4jLoadError(RuntimeError):
    """A one-line, password-free description of what went wrong talking to Neo4j."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. `repr` never shows the password."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = field(default=DEFAULT_PASSWORD, repr=False)
    database: str = DEFAULT_DATABASE
    # Managed transactions retry transient errors for this long before giving up.
    max_retry_time: float = 30.0
    connection_timeout: float = 10.0

    @classmethod
    def from_env(cls, **overrides: Any) -> Neo4jSettings:
        """NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE, then options (None = unset)."""
        env = {
            "uri": os.environ.get("NEO4J_URI"),
            "user": os.environ.get("NEO4J_USER"),
            "password": os.environ.get("NEO4J_PASSWORD"),
            "database": os.environ.get("NEO4J_DATABASE"),
        }
        values = {k: v for k, v in env.items() if v}
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown Neo4j settings {sorted(unknown)}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def where(self) -> str:
        return f"{self.uri} (database {self.database!r}, user {self.user!r})"


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


# --- connection ------------------------------------------------------------------------

def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def describe(exc: BaseException, settings: Neo4jSettings) -> str:
    """One line saying what went wrong; never the password."""
    from neo4j import exceptions as ne

    code = getattr(exc, "code", None) or ""
    message = _one_line(getattr(exc, "message", None) or exc)
    if isinstance(exc, ne.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        return (f"Neo4j at {settings.uri} refused user {settings.user!r}: wrong user or password "
                "(set NEO4J_USER / NEO4J_PASSWORD)")
    if code == "Neo.ClientError.Security.AuthenticationRateLimit":
        return f"Neo4j at {settings.uri} locked user {settings.user!r} after too many wrong passwords; wait and retry"
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return f"database {settings.database!r} does not exist on {settings.uri} (set NEO4J_DATABASE)"
    if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | OSError):
        return (f"cannot reach Neo4j at {settings.uri}: {message or 'no answer'} "
                "(is it running? scripts/neo4j.sh start)")
    if isinstance(exc, ne.ConstraintError) or code.startswith("Neo.ClientError.Schema.ConstraintValidationFailed"):
        return f"constraint violation: {message}"
    if isinstance(exc, ne.ConfigurationError):
        return f"bad Neo4j settings for {settings.uri}: {message}"
    if isinstance(exc, ValueError) and "scheme" in str(exc).lower():
        return f"bad Neo4j URI {settings.uri!r}: {message}"
    return f"Neo4j error at {settings.uri}: {code + ': ' if code else ''}{message}"


@contextmanager
def connect(settings: Neo4jSettings | None = None) -> Iterator[Any]:
    """A driver that has been checked to reach the server, log in and see the database.

    Fails with Neo4jLoadError before any work is done.
    """
    from neo4j import GraphDatabase
    from neo4j import exceptions as ne

    settings = settings or Neo4jSettings.from_env()
    scheme = settings.uri.split("://", 1)[0] if "://" in settings.uri else ""
    if scheme not in URI_SCHEMES:
        raise Neo4jLoadError(f"bad Neo4j URI {settings.uri!r}: it must start with one of "
                             + ", ".join(f"{s}://" for s in URI_SCHEMES))
    try:
        driver = GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password),
            max_transaction_retry_time=settings.max_retry_time,
            connection_timeout=settings.connection_timeout,
            connection_acquisition_timeout=settings.connection_timeout * 2,
        )
    except (ValueError, ne.ConfigurationError) as exc:
        raise Neo4jLoadError(describe(exc, settings)) from None
    try:
        try:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1", database_=settings.database)
        except (ne.Neo4jError, ne.DriverError, OSError) as exc:
            raise Neo4jLoadError(describe(exc, settings)) from None
        yield driver
    finally:
        driver.close()


def run_write(driver: Any, settings: Neo4jSettings, work: Callable[[Any], Any], what: str) -> Any:
    """Run `work(tx)` in a managed write transaction (retried on transient errors)."""
    from neo4j import exceptions as ne

    try:
        with driver.session(database=settings.database) as session:
            return session.execute_write(work)
    except (ne.Neo4jError, ne.DriverError, OSError) as exc:
        raise Neo4jLoadError(f"while writing {what}: {describe(exc, settings)}") from None


# --- schema ----------------------------------------------------------------------------

def schema_statements() -> dict[str, str]:
    """Uniqueness constraints on `id` (nodes and relationships) and lookup indexes, by name."""
    statements = []
    for label in sorted(NODE_LABELS):
        check_label(label)
        statements.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
                          f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    for label in NAME_INDEXED:
        statements.append(f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{check_label(label)}) ON (n.name)")
    statements.append("CREATE INDEX article_article_id IF NOT EXISTS FOR (n:Article) ON (n.article_id)")
    for label in DATE_INDEXED:
        statements.append(f"CREATE INDEX {label.lower()}_date IF NOT EXISTS FOR (n:{check_label(label)}) ON (n.date)")
    for rel_type in sorted(REL_TYPES):
        check_type(rel_type)
        statements.append(f"CREATE CONSTRAINT {rel_type.lower()}_id IF NOT EXISTS "
                          f"FOR ()-[r:{rel_type}]-() REQUIRE r.id IS UNIQUE")
        # replace=True finds a source's facts by article
        statements.append(f"CREATE INDEX {rel_type.lower()}_article IF NOT EXISTS "
                          f"FOR ()-[r:{rel_type}]-() ON (r.article)")
    return {statement.split()[2]: statement for statement in statements}


def ensure_schema(driver: Any, settings: Neo4jSettings) -> None:
    """Create missing constraints and indexes (idempotent), then wait until they are online."""
    try:
        existing = {r["name"] for r in driver.execute_query(
            "SHOW INDEXES YIELD name RETURN name", database_=settings.database).records}
    except Exception as exc:
        raise Neo4jLoadError(f"while reading the schema: {describe(exc, settings)}") from None
    # A uniqueness constraint owns an index of the same name, so one listing covers both.
    missing = [s for name, s in schema_statements().items() if name not in existing]
    if not missing:
        return
    for statement in missing:
        run_write(driver, settings, lambda tx, s=statement: tx.run(s).consume(), "constraints and indexes")
    try:
        driver.execute_query("CALL db.awaitIndexes(300)", database_=settings.database)
    except Exception as exc:
        raise Neo4jLoadError(f"while waiting for indexes: {describe(exc, settings)}") from None


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


def label_of_id(node_id: str) -> str | None:
    """graph.schema.node_id makes ids "<Label>:<digest>"; the label, if it is one."""
    prefix = node_id.split(":", 1)[0]
    return prefix if prefix in NODE_LABELS else None


@dataclass
class _Prepared:
    nodes: dict[str, list[dict]]                 # label -> rows
    edges: dict[tuple[str, str, str], list[dict]]  # (type, source label, target label) -> rows
    articles: list[str]


def prepare(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord]) -> _Prepared:
    """Validate records against the schema and turn them into parameter rows.

    Raises Neo4jLoadError naming the first bad record, before anything is written.
    """
    node_list = list(nodes)
    edge_list = list(edges)
    labels: dict[str, str] = {}
    for node in node_list:
        if node.label not in NODE_LABELS:
            raise Neo4jLoadError(f"node {node.id!r} has label {node.label!r}, not one of the schema's {sorted(NODE_LABELS)}")
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
            raise Neo4jLoadError(f"edge {edge.id!r} has type {edge.type!r}, not one of the schema's {sorted(REL_TYPES)}")
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
        node_rows[node.label].append(
            {"id": node.id, "props": props, "sources": sorted(sources.get(node.id, ()))})
    return _Prepared(dict(node_rows), dict(edge_rows), sorted(articles))


# --- Cypher --------------------------------------------------------------------------------
# `sources` grows as a union, so loading the same articles again changes nothing.
_ADD_SOURCES = ("n.sources = coalesce(n.sources, []) + "
                "[s IN {new} WHERE NOT s IN coalesce(n.sources, [])]")


def node_query(label: str) -> str:
    check_label(label)
    return (f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
            f"SET n += row.props, {_ADD_SOURCES.format(new='row.sources')} "
            "RETURN count(n) AS written")


def edge_query(rel_type: str, source_label: str, target_label: str) -> str:
    check_type(rel_type)
    check_label(source_label)
    check_label(target_label)
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{source_label} {{id: row.source}}) MATCH (b:{target_label} {{id: row.target}}) "
            f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b) SET r += row.props "
            "RETURN count(r) AS written")


def node_record_query(label: str) -> str:
    """The per-record baseline: one MERGE per statement, no UNWIND."""
    check_label(label)
    return (f"MERGE (n:{label} {{id: $id}}) SET n += $props, {_ADD_SOURCES.format(new='$sources')} "
            "RETURN count(n) AS written")


def edge_record_query(rel_type: str, source_label: str, target_label: str) -> str:
    check_type(rel_type)
    check_label(source_label)
    check_label(target_label)
    return (f"MATCH (a:{source_label} {{id: $source}}) MATCH (b:{target_label} {{id: $target}}) "
            f"MERGE (a)-[r:{rel_type} {{id: $id}}]->(b) SET r += $props "
            "RETURN count(r) AS written")


def _written(tx: Any, query: str, **params: Any) -> int:
    record = tx.run(query, **params).single()
    return int(record["written"]) if record else 0


# --- replace ---------------------------------------------------------------------------------

def remove_articles(driver: Any, settings: Neo4jSettings, articles: list[str], *,
                    batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[int, int]:
    """Remove the facts the given articles loaded, and nodes only they supported.

    Works in bounded transactions (LIMIT, repeated until nothing is left), each idempotent,
    so a crash half-way is finished by running it again. Returns (edges, nodes) removed.
    """
    removed_edges = removed_nodes = 0
    for start in range(0, len(articles), batch_size):
        chunk = articles[start:start + batch_size]
        for rel_type in sorted(REL_TYPES):
            query = (f"MATCH ()-[r:{check_type(rel_type)}]->() WHERE r.article IN $articles "
                     "WITH r LIMIT $limit DELETE r RETURN count(*) AS written")
            while True:
                n = run_write(driver, settings, lambda tx, q=query: _written(tx, q, articles=chunk, limit=batch_size),
                              f"removal of old {rel_type} facts")
                removed_edges += n
                if n < batch_size:
                    break
        for label in sorted(NODE_LABELS):
            # Drop the articles from `sources`; delete nodes nothing else supports.
            query = (f"MATCH (n:{check_label(label)}) WHERE any(s IN n.sources WHERE s IN $articles) "
                     "WITH n LIMIT $limit SET n.sources = [s IN n.sources WHERE NOT s IN $articles] "
                     "WITH n WHERE size(n.sources) = 0 DETACH DELETE n RETURN count(*) AS written")
            count_query = (f"MATCH (n:{label}) WHERE any(s IN n.sources WHERE s IN $articles) "
                           "WITH n LIMIT $limit RETURN count(n) AS written")
            while True:
                def work(tx: Any, q: str = query, cq: str = count_query) -> tuple[int, int]:
                    touched = _written(tx, cq, articles=chunk, limit=batch_size)
                    return touched, _written(tx, q, articles=chunk, limit=batch_size)
                touched, deleted = run_write(driver, settings, work, f"removal of old {label} nodes")
                removed_nodes += deleted
                if touched < batch_size:
                    break
    return removed_edges, removed_nodes


# --- load ------------------------------------------------------------------------------------

def load(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord],
         settings: Neo4jSettings | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE,
         replace: bool = False, progress: bool = True, mode: str = "batched",
         on_batch: BatchHook | None = None) -> LoadSummary:
    """Write nodes then relationships into Neo4j; returns what was written.

    mode "batched": UNWIND batches of `batch_size` rows per transaction (the normal way);
    mode "record": one MERGE statement and transaction per record (the baseline the
    benchmark compares against). Idempotent in both modes. `on_batch(what, done, total)`
    is called after each committed batch.
    """
    if batch_size < 1:
        raise Neo4jLoadError(f"batch size must be at least 1, not {batch_size}")
    if mode not in ("batched", "record"):
        raise Neo4jLoadError(f"unknown load mode {mode!r} (batched or record)")
    settings = settings or Neo4jSettings.from_env()
    prepared = prepare(nodes, edges)
    summary = LoadSummary(articles=len(prepared.articles))
    total = sum(map(len, prepared.nodes.values())) + sum(map(len, prepared.edges.values()))
    reporter = _Progress(total, enabled=progress)
    with connect(settings) as driver, reporter:
        ensure_schema(driver, settings)
        if replace and prepared.articles:
            summary.removed_edges, summary.removed_nodes = remove_articles(
                driver, settings, prepared.articles, batch_size=batch_size)
        # The rate is the writing's: schema set-up and removal are one-off costs.
        started = time.perf_counter()
        size = batch_size if mode == "batched" else 1
        done = 0
        for label in sorted(prepared.nodes):
            rows = prepared.nodes[label]
            for start in range(0, len(rows), size):
                batch = rows[start:start + size]
                if mode == "batched":
                    work = lambda tx, q=node_query(label), b=batch: _written(tx, q, rows=b)  # noqa: E731
                else:
                    row = batch[0]
                    work = lambda tx, q=node_record_query(label), r=row: _written(  # noqa: E731
                        tx, q, id=r["id"], props=r["props"], sources=r["sources"])
                summary.nodes += run_write(driver, settings, work, f"{label} nodes")
                done += len(batch)
                summary.batches += 1
                reporter.advance(len(batch), f"{label} nodes")
                if on_batch:
                    on_batch(f"{label} nodes", done, total)
        for key in sorted(prepared.edges):
            rel_type, source_label, target_label = key
            rows = prepared.edges[key]
            for start in range(0, len(rows), size):
                batch = rows[start:start + size]
                if mode == "batched":
                    work = lambda tx, q=edge_query(*key), b=batch: _written(tx, q, rows=b)  # noqa: E731
                else:
                    row = batch[0]
                    work = lambda tx, q=edge_record_query(*key), r=row: _written(  # noqa: E731
                        tx, q, id=r["id"], source=r["source"], target=r["target"], props=r["props"])
                written = run_write(driver, settings, work, f"{rel_type} relationships")
                summary.edges += written
                summary.missing_endpoints += len(batch) - written
                done += len(batch)
                summary.batches += 1
                reporter.advance(len(batch), f"{rel_type} relationships")
                if on_batch:
                    on_batch(f"{rel_type} relationships", done, total)
    summary.seconds = time.perf_counter() - started
    return summary


class _Progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 0
        self._bar = None
        self._task = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from kg.progress import progress_bar
            self._bar = progress_bar(transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("loading into Neo4j", total=self.total)
        return self

    def advance(self, n: int, what: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=n, description=f"loading {what}")

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


# --- reading back (tests, `kg load` report) ------------------------------------------------

def counts(settings: Neo4jSettings | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type in the database."""
    settings = settings or Neo4jSettings.from_env()
    result: dict[str, int] = {}
    with connect(settings) as driver:
        for label in sorted(NODE_LABELS):
            records, _, _ = driver.execute_query(f"MATCH (n:{check_label(label)}) RETURN count(n) AS c",
                                                 database_=settings.database)
            result[label] = records[0]["c"]
        for rel_type in sorted(REL_TYPES):
            records, _, _ = driver.execute_query(f"MATCH ()-[r:{check_type(rel_type)}]->() RETURN count(r) AS c",
                                                 database_=settings.database)
            result[rel_type] = records[0]["c"]
    return result


def snapshot(settings: Neo4jSettings | None = None) -> tuple[list, list]:
    """The whole graph as sorted, comparable (nodes, relationships) lists.

    `sources` is compared as a set: its order records the order of loads, not content.
    """
    settings = settings or Neo4jSettings.from_env()

    def clean(props: dict) -> tuple:
        props = dict(props)
        if "sources" in props:
            props["sources"] = sorted(props["sources"])
        return tuple(sorted((k, json.dumps(v, ensure_ascii=False, sort_keys=True)) for k, v in props.items()))

    with connect(settings) as driver:
        node_records, _, _ = driver.execute_query(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=settings.database)
        rel_records, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props",
            database_=settings.database)
    nodes = sorted((tuple(sorted(r["labels"])), clean(r["props"])) for r in node_records)
    rels = sorted((r["type"], r["source"], r["target"], clean(r["props"])) for r in rel_records)
    return nodes, rels


def clear(settings: Neo4jSettings | None = None, *, batch_size: int = 10_000) -> int:
    """Delete every node and relationship (constraints and indexes stay). Returns nodes deleted."""
    settings = settings or Neo4jSettings.from_env()
    deleted = 0
    with connect(settings) as driver:
        while True:
            n = run_write(driver, settings, lambda tx: _written(
                tx, "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS written",
                limit=batch_size), "clearing the database")
            deleted += n
            if n < batch_size:
                return deleted
