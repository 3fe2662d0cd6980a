"""The embedded default store: one SQLite file under the store directory (./kg-data/).

Why SQLite (docs/store.md has the long form): it is in the standard library, a write
is one transaction (a build killed at any point leaves the previous store, WAL rolls the
rest back), readers open it in milliseconds and answer a person lookup from indexes
without loading the graph, and it holds tens of thousands of articles in one file.

Tables:
- `articles`: each article's contribution (kg.graph.records.Contribution, zlib'd JSON),
  keyed by article id. This is the store's source of truth: rebuilding an article
  replaces its row, and the graph always equals kg.resolution.merge.resolve() of all rows,
  so a rebuild of the same pages gives the same graph and two half builds give the graph
  of one build.
- `nodes`, `edges`: the resolved graph, indexed for lookups (name, label, endpoints).
- the resolution keys (graph/increment.py): the rows each identity decision is made
  from, the decisions, and each article's mentions of each node, so a build resolves
  only what its articles touch.
- `article_dates`, `title_sightings` (graph/sightings.py): each article's date and the
  titles it gives persons without their body, written with its contribution.
- `meta`: schema version and store format.

This module reads a store; graph/writer.py writes it (one build at a time, in one
transaction).
"""
from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.graph import schema, sightings
from kg.graph.elements import EdgeRecord, NodeRecord, freeze
from kg.graph.store_paths import DB_NAME, DEFAULT_STORE  # re-exported (kg.options reads them without the store)

if TYPE_CHECKING:   # the pipeline's records: a reader (kg person) does not create those classes
    from kg.graph.records import Contribution

# 2: the resolution keys are stored (incremental builds); 3: each article's date and
# title-only sightings are stored (graph/sightings.py), edges by source indexed with the
# columns a person's timeline reads. A format-2 store is read as it is and brought to 3 by
# its next build; older ones are rebuilt.
STORE_FORMAT = 3
UPGRADED_FORMATS = (2,)

EDGES_SOURCE_INDEX = "CREATE INDEX IF NOT EXISTS edges_source ON edges(source, type, target, article, id)"
DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS articles_file ON articles(file);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, name TEXT NOT NULL,
    props TEXT NOT NULL, mentions INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS nodes_name ON nodes(name, label);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, mentions);
CREATE TABLE IF NOT EXISTS edges (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
    article TEXT, props TEXT NOT NULL);
-- covering: a busy official's thousands of relationships are read from the index alone
{EDGES_SOURCE_INDEX};
CREATE INDEX IF NOT EXISTS edges_target ON edges(target, type);
-- the build's summary counts edges by type: from this index, not the whole table
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
""" + sightings.DDL


class StoreError(RuntimeError):
    """A store that cannot be used; the message says which and why."""


class StoreMissing(StoreError):
    pass


def _props_tuple(text: str) -> tuple[tuple[str, Any], ...]:
    return tuple((k, freeze(v)) for k, v in json.loads(text).items())


def _node(row: sqlite3.Row | tuple) -> NodeRecord:
    return NodeRecord(row[0], row[1], _props_tuple(row[3]))


def _edge(row: sqlite3.Row | tuple) -> EdgeRecord:
    return EdgeRecord(row[0], row[1], row[2], row[3], _props_tuple(row[5]))


_NODE_COLS = "id, label, name, props, mentions"
_EDGE_COLS = "id, source, target, type, article, props"


class Store:
    """Read access to a built store: records, the networkx graph and indexed lookups."""

    def __init__(self, path: str | os.PathLike = DEFAULT_STORE):
        self.path = Path(path)
        db = self.path / DB_NAME
        if not db.is_file():
            raise StoreMissing(f"no store at {self.path} (run `kg build PATH...` first, "
                               f"or give --store)")
        try:
            self.db = _open_read_only(db)
            self.format = check_meta(self.db, self.path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"store {db} cannot be read: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # whole graph
    def nodes(self, label: str | None = None) -> Iterator[NodeRecord]:
        if label:
            rows = self.db.execute(f"SELECT {_NODE_COLS} FROM nodes WHERE label=? ORDER BY id",
                                   (schema.check_label(label),))
        else:
            rows = self.db.execute(f"SELECT {_NODE_COLS} FROM nodes ORDER BY id")
        return (_node(r) for r in rows)

    def edges(self, rel_type: str | None = None) -> Iterator[EdgeRecord]:
        if rel_type:
            rows = self.db.execute(f"SELECT {_EDGE_COLS} FROM edges WHERE type=? ORDER BY id",
                                   (schema.check_type(rel_type),))
        else:
            rows = self.db.execute(f"SELECT {_EDGE_COLS} FROM edges ORDER BY id")
        return (_edge(r) for r in rows)

    def to_networkx(self):
        from kg.graph.network import build_graph
        return build_graph(self.nodes(), self.edges())

    # lookups (indexed: none of these reads the whole graph)
    def node(self, node_id: str) -> NodeRecord | None:
        row = self.db.execute(f"SELECT {_NODE_COLS} FROM nodes WHERE id=?", (node_id,)).fetchone()
        return _node(row) if row else None

    def nodes_by_id(self, ids: Iterable[str]) -> dict[str, NodeRecord]:
        found: dict[str, NodeRecord] = {}
        for chunk in _chunks(ids):
            for row in self.db.execute(f"SELECT {_NODE_COLS} FROM nodes WHERE id IN ({_marks(chunk)})", chunk):
                found[row[0]] = _node(row)
        return found

    def find(self, name: str, label: str | None = None) -> list[NodeRecord]:
        """Nodes with exactly this name (normalised), most mentioned first."""
        names = sorted({name, schema.normalise(name)})
        marks = ",".join("?" * len(names))
        sql = f"SELECT {_NODE_COLS} FROM nodes WHERE name IN ({marks})"
        args: list[Any] = list(names)
        if label:   # `+label`: by the name index; SQLite (no statistics) took the label index, every node of the label
            sql += " AND +label=?"
            args.append(schema.check_label(label))
        sql += " ORDER BY mentions DESC, id"
        return [_node(r) for r in self.db.execute(sql, args)]

    def search(self, text: str, *, label: str | None = None, limit: int = 50) -> list[tuple[NodeRecord, int]]:
        """Nodes whose name contains `text`: exact names first, then most mentioned."""
        needle = schema.normalise(text)

        def like(value: str) -> str:
            return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

        # Names are stored as written, spaces and all (MATCH (n), an OCR split 崔 霞): the text
        # as typed matches them, and so does the normalised text against the name without spaces.
        sql = (f"SELECT {_NODE_COLS} FROM nodes WHERE (name LIKE ? ESCAPE '\\' "
               "OR replace(replace(name, ' ', ''), '\u3000', '') LIKE ? ESCAPE '\\')")
        args: list[Any] = [like(text.strip()), like(needle)]
        if label:
            sql += " AND label=?"
            args.append(schema.check_label(label))
        sql += " ORDER BY (name = ?) DESC, mentions DESC, length(name), name, id LIMIT ?"
        args += [needle, limit]
        return [(_node(r), r[4]) for r in self.db.execute(sql, args)]

    def mentions(self, node_id: str) -> int:
        row = self.db.execute("SELECT mentions FROM nodes WHERE id=?", (node_id,)).fetchone()
        return row[0] if row else 0

    def mention_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT id, mentions FROM nodes"))

    def edges_from(self, node_id: str, types: Iterable[str] = ()) -> list[EdgeRecord]:
        return self._edges_at("source", node_id, types)

    def edges_to(self, node_id: str, types: Iterable[str] = ()) -> list[EdgeRecord]:
        return self._edges_at("target", node_id, types)

    def _edges_at(self, end: str, node_id: str, types: Iterable[str]) -> list[EdgeRecord]:
        types = [schema.check_type(t) for t in types]
        sql = f"SELECT {_EDGE_COLS} FROM edges WHERE {end}=?"
        if types:
            sql += f" AND type IN ({','.join('?' * len(types))})"
        return [_edge(r) for r in self.db.execute(sql + " ORDER BY id", [node_id, *types])]

    # statistics
    def count_labels(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT label, count(*) FROM nodes GROUP BY label ORDER BY label"))

    def count_types(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type"))

    def top(self, label: str, n: int = 10) -> list[tuple[NodeRecord, int]]:
        """Most active nodes of a label: by number of articles they are mentioned in."""
        rows = self.db.execute(
            f"SELECT {_NODE_COLS} FROM nodes WHERE label=? ORDER BY mentions DESC, name, id LIMIT ?",
            (schema.check_label(label), n))
        return [(_node(r), r[4]) for r in rows]

    def article_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article_ids(self) -> list[str]:
        """Every stored article's id (what facts call `article`), sorted."""
        return [row[0] for row in self.db.execute("SELECT id FROM articles ORDER BY id")]

    # What each article gave before resolution, and what the store derived from it when it
    # was written (graph/sightings.py): the detail the resolved graph merges away.
    def contributions(self, article_ids: Iterable[str] | None = None) -> Iterator[Contribution]:
        """The stored contributions (of these articles only, when given), by article id."""
        from kg.graph.records import Contribution
        if article_ids is None:
            for (blob,) in self.db.execute("SELECT data FROM articles ORDER BY id"):
                yield Contribution.from_blob(blob)
            return
        for chunk in _chunks(a for a in article_ids if a):
            for (blob,) in self.db.execute(f"SELECT data FROM articles WHERE id IN ({_marks(chunk)}) ORDER BY id",
                                           chunk):
                yield Contribution.from_blob(blob)

    def article_dates(self, article_ids: Iterable[str] | None = None) -> dict[str, Any]:
        """Article id -> its date (None when it has none), for these stored articles (None: all)."""
        if self.format in UPGRADED_FORMATS:   # no table yet: the Article nodes have the dates
            if article_ids is None:
                article_ids = self.article_ids()
            nodes = {schema.node_id(schema.ARTICLE, id=a): a for a in set(article_ids)}
            return {nodes[nid]: n.prop("date") for nid, n in self.nodes_by_id(nodes).items()}
        if article_ids is None:
            return dict(self.db.execute("SELECT article, date FROM article_dates"))
        found: dict[str, Any] = {}
        for chunk in _chunks(article_ids):
            found.update(self.db.execute(f"SELECT article, date FROM article_dates WHERE article IN ({_marks(chunk)})",
                                         chunk))
        return found

    def title_sightings(self, *, names: Iterable[str] | None = None,
                        article_ids: Iterable[str] | None = None) -> list[sightings.TitleSighting]:
        """Title-only sightings (graph/sightings.py) of the whole store, or of persons of
        these names (schema.normalise'd); by article, in the article's order. `article_ids`:
        the articles to look in when the store is of format 2 (decoded, not indexed)."""
        keys = None if names is None else {schema.normalise(n) for n in names}
        if self.format not in UPGRADED_FORMATS:
            sql = "SELECT article, date, name, city, title, evidence, pos FROM title_sightings"
            if keys is None:
                rows = self.db.execute(sql).fetchall()
            else:   # one person's: a range of the table (keyed by name)
                rows = [row for chunk in _chunks(keys)
                        for row in self.db.execute(f"{sql} WHERE name_key IN ({_marks(chunk)})", chunk)]
            rows.sort(key=lambda r: (r[0], r[6]))   # by article, in the article's order
            return [sightings.TitleSighting(*row[:6]) for row in rows]
        return [s for c in self.contributions(article_ids) for s in sightings.of_contribution(c)
                if keys is None or schema.normalise(s.name) in keys]

    # Tables over the whole store: chosen properties read by SQLite, no records built.
    # A research table over 100,000 relationships needs a title, not every property.
    def node_table(self, label: str, props: Sequence[str] = ()) -> list[tuple[Any, ...]]:
        """(id, name, *props) of every node of a label, sorted by id."""
        paths = [_json_path(p) for p in props]
        cols = "".join(", json_extract(props, ?)" for _ in paths)
        return list(self.db.execute(f"SELECT id, name{cols} FROM nodes WHERE label=? ORDER BY id",
                                    [*paths, schema.check_label(label)]))

    def edge_table(self, rel_type: str | None = None, props: Sequence[str] = (), *,
                   ids: Iterable[str] | None = None, sources: Iterable[str] | None = None) -> list[tuple[Any, ...]]:
        """(id, source, target, article, *props) of every relationship of a type (from these
        sources), or of these ids; sorted by id."""
        paths = [_json_path(p) for p in props]
        cols = "".join(", json_extract(props, ?)" for _ in paths)
        sql = f"SELECT id, source, target, article{cols} FROM edges WHERE "
        if ids is None and sources is None:
            return list(self.db.execute(f"{sql}type=? ORDER BY id", [*paths, schema.check_type(rel_type or "")]))
        column, wanted = ("id", ids) if ids is not None else ("source", sources or ())
        typed = " AND type=?" if rel_type else ""
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(wanted):
            rows += self.db.execute(f"{sql}{column} IN ({_marks(chunk)}){typed}",
                                    [*paths, *chunk, *([schema.check_type(rel_type)] if rel_type else [])])
        return sorted(rows)

    # The columns a person's timeline shows, not whole records: a busy official has thousands
    # of relationships, and records of them would cost more than the queries.
    def relationship_rows(self, source: str, types: Sequence[str]) -> list[tuple[str, str, str, str]]:
        """(id, type, target, article) of the relationships of these types from `source`, read
        from the edges_source index alone."""
        types = [schema.check_type(t) for t in types]
        return self.db.execute(f"SELECT id, type, target, article FROM edges WHERE source = ? "
                               f"AND type IN ({_marks(types)})", (source, *types)).fetchall()

    def node_columns(self, label: str, ids: Iterable[str], props: Sequence[str] = ()) -> dict[str, tuple[Any, ...]]:
        """Node id -> (name, *props) of the nodes of a label among these ids."""
        paths = [_json_path(p) for p in props]
        cols = "".join(", json_extract(props, ?)" for _ in paths)
        found: dict[str, tuple[Any, ...]] = {}
        for chunk in _chunks(ids):
            # `+label`: by id; SQLite (no statistics) took the label index, every node of the label
            sql = f"SELECT id, name{cols} FROM nodes WHERE id IN ({_marks(chunk)}) AND +label = ?"
            for node, *columns in self.db.execute(sql, (*paths, *chunk, schema.check_label(label))):
                found[node] = tuple(columns)
        return found

    def participant_rows(self, event_ids: Iterable[str], types: Sequence[str],
                         but: str) -> list[tuple[str, str, str, str | None]]:
        """(event, source, type, source's name) of the relationships of these types into these
        events, from every source but `but`."""
        types = [schema.check_type(t) for t in types]
        rows: list[tuple[str, str, str, str | None]] = []
        for chunk in _chunks(event_ids):
            rows += self.db.execute(
                "SELECT e.target, e.source, e.type, p.name FROM edges AS e LEFT JOIN nodes AS p ON p.id = e.source "
                f"WHERE e.target IN ({_marks(chunk)}) AND e.type IN ({_marks(types)}) AND e.source <> ?",
                (*chunk, *types, but))
        return rows


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    """The distinct ids, sorted, in chunks under SQLite's default limit of 999 parameters."""
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), 500):
        yield ordered[i:i + 500]


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _json_path(prop: str) -> str:
    if not prop.isidentifier():
        raise ValueError(f"not a property name: {prop!r}")
    return f"$.{prop}"


def _open_read_only(db: Path) -> sqlite3.Connection:
    """Read-only, as readers share the file with a running build (WAL). A store on a
    read-only medium cannot make WAL's side files: there it is opened immutable, which
    is right because nothing can write it either."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(db.parent, os.W_OK):
            raise
    return sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)


def check_meta(db: sqlite3.Connection, path: Path) -> int:
    """The store's format (this kg's when a first build has not written it yet); refuses a
    store of another schema, or of a format this kg neither reads nor brings up to date."""
    meta = dict(db.execute("SELECT key, value FROM meta"))
    version = meta.get("schema_version")
    if version is not None and int(version) != schema.SCHEMA_VERSION:
        raise StoreError(f"store {path} was built with graph schema version {version}, this kg "
                         f"uses {schema.SCHEMA_VERSION}; rebuild it into a new --store")
    fmt = int(meta.get("store_format") or STORE_FORMAT)
    if fmt != STORE_FORMAT and fmt not in UPGRADED_FORMATS:
        raise StoreError(f"store {path} has format {fmt}, this kg reads {STORE_FORMAT}; "
                         f"rebuild it into a new --store")
    return fmt
