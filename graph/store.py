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

Builds hold an exclusive lock file (`build.lock`) so two builds on one store are
refused with a clear message, never interleaved.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.graph import schema, sightings
from kg.graph.records import Contribution, EdgeRecord, NodeRecord, freeze
from kg.graph.store_paths import DB_NAME, DEFAULT_STORE  # re-exported (kg.options reads them without the store)

LOCK_NAME = "build.lock"
# 2: the resolution keys are stored (incremental builds); 3: each article's date and
# title-only sightings are stored (graph/sightings.py), edges by source indexed with the
# columns a person's timeline reads. A format-2 store is read as it is and brought to 3 by
# its next build; older ones are rebuilt.
STORE_FORMAT = 3
UPGRADED_FORMATS = (2,)
FAULT_ENV = "KG_STORE_FAULT"   # test hook: kill the process at a named point of a write

_EDGES_SOURCE = "CREATE INDEX IF NOT EXISTS edges_source ON edges(source, type, target, article, id)"
_DDL = f"""
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
{_EDGES_SOURCE};
CREATE INDEX IF NOT EXISTS edges_target ON edges(target, type);
-- the build's summary counts edges by type: from this index, not the whole table
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
""" + sightings.DDL
BATCH = 2000   # articles resolved at a time during a build: bounds its memory


class StoreError(RuntimeError):
    """A store that cannot be used; the message says which and why."""


class StoreMissing(StoreError):
    pass


class StoreBusy(StoreError):
    pass


def fault_point(name: str) -> None:
    """Die here, as a crash would, when the test hook names this point."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


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
            self.format = _check_meta(self.db, self.path)
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
        ids = sorted(set(ids))
        found: dict[str, NodeRecord] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT {_NODE_COLS} FROM nodes WHERE id IN ({marks})", chunk):
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
        if article_ids is None:
            for (blob,) in self.db.execute("SELECT data FROM articles ORDER BY id"):
                yield Contribution.from_text(zlib.decompress(blob))
            return
        ids = sorted({a for a in article_ids if a})
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for (blob,) in self.db.execute(f"SELECT data FROM articles WHERE id IN ({marks}) ORDER BY id", chunk):
                yield Contribution.from_text(zlib.decompress(blob))

    def article_dates(self, article_ids: Iterable[str] | None = None) -> dict[str, Any]:
        """Article id -> its date (None when it has none), for these stored articles (None: all)."""
        if self.format in UPGRADED_FORMATS:   # no table yet: the Article nodes have the dates
            if article_ids is None:
                article_ids = self.article_ids()
            nodes = {schema.node_id(schema.ARTICLE, id=a): a for a in set(article_ids)}
            return {nodes[nid]: n.prop("date") for nid, n in self.nodes_by_id(nodes).items()}
        return sightings.dates(self.db, article_ids)

    def title_sightings(self, *, names: Iterable[str] | None = None,
                        article_ids: Iterable[str] | None = None) -> list[sightings.TitleSighting]:
        """Title-only sightings (graph/sightings.py) of the whole store, or of persons of
        these names (schema.normalise'd); by article, in the article's order. `article_ids`:
        the articles to look in when the store is of format 2 (decoded, not indexed)."""
        if self.format not in UPGRADED_FORMATS:
            return sightings.read(self.db, None if names is None else [schema.normalise(n) for n in names])
        keys = None if names is None else {schema.normalise(n) for n in names}
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
        column, wanted = ("id", sorted(set(ids))) if ids is not None else ("source", sorted(set(sources or ())))
        typed = " AND type=?" if rel_type else ""
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows += self.db.execute(f"{sql}{column} IN ({','.join('?' * len(chunk))}){typed}",
                                    [*paths, *chunk, *([schema.check_type(rel_type)] if rel_type else [])])
        return sorted(rows)


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


def _check_meta(db: sqlite3.Connection, path: Path) -> int:
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


class BuildWriter:
    """One build's write: exclusive lock, one transaction, resolved as it goes.

    put() each article's contribution (or remove_files()); every `batch` articles the
    graph is brought up to date with them (graph/increment.py), and finish() resolves the
    rest, merges the touched nodes and commits (kg.graph.ingest.resolve_into calls it).

    Use as a context manager; leaving it by an exception rolls everything back, and a
    process killed inside leaves the store as it was before (SQLite's journal).
    """

    def __init__(self, path: str | os.PathLike = DEFAULT_STORE, *, batch: int = BATCH):
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"store path {self.path} is a file, not a directory")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.path / LOCK_NAME, "a+")  # noqa: SIM115 - held until _release closes it
        except OSError as exc:
            raise StoreError(f"store {self.path} cannot be written: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.seek(0)
            holder = self._lock.read().strip() or "another process"
            self._lock.close()
            raise StoreBusy(f"store {self.path} is being built by {holder}; "
                            f"wait for that build to finish") from None
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(f"kg build pid {os.getpid()}")
        self._lock.flush()
        self.db = sqlite3.connect(self.path / DB_NAME, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-65536")   # 64 MiB: a big build's pages spill to the WAL
            fmt = STORE_FORMAT
            if self.db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
                fmt = _check_meta(self.db, self.path)   # before any table is added to an old store
            from kg.graph.increment import DDL as KEYS_DDL
            from kg.graph.increment import Increment
            self.db.executescript(_DDL + KEYS_DDL)
            self.db.execute("BEGIN IMMEDIATE")
            if fmt != STORE_FORMAT:
                self._upgrade(fmt)
            self.keys = Increment(self.db)
        except sqlite3.DatabaseError as exc:
            self._release()
            raise StoreError(f"store {self.path / DB_NAME} cannot be written: {exc}") from exc
        except StoreError:
            self._release()
            raise
        self.batch = max(1, batch)
        self.pending: dict[str, Contribution] = {}
        self.removed: set[str] = set()
        self.files: set[str] = set()
        self.kept: set[str] = set()
        self.written = 0

    def __enter__(self) -> BuildWriter:
        return self

    def _upgrade(self, fmt: int) -> None:
        """Bring a format-2 store to this format inside the build's transaction (a build
        that fails leaves it as it was): its articles' derived rows, the wider index."""
        import logging  # here, not at the top: a reader (kg person) need not load it
        logging.getLogger(__name__).info("store %s: format %d brought to %d (each article read once)",
                                         self.path, fmt, STORE_FORMAT)
        self.db.execute("DROP INDEX IF EXISTS edges_source")
        self.db.execute(_EDGES_SOURCE)
        blobs = self.db.execute("SELECT data FROM articles ORDER BY id").fetchall()
        sightings.fill(self.db, (Contribution.from_text(zlib.decompress(blob)) for (blob,) in blobs))
        # the reader's cache of earlier versions: the tables above replace it
        for name in ("title-sightings.sqlite", "title-sightings.json"):
            (self.path / name).unlink(missing_ok=True)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and getattr(self, "db", None) is not None and self.db.in_transaction:
            # SQLite may have rolled back already (a full disk does that); then there is nothing to undo.
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
        self._release()

    def _release(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()
            del self.db  # no attribute rather than None: while it exists it is an open connection
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    def _written(self, what: Callable[[], Any]) -> Any:
        try:
            return what()
        except sqlite3.Error as exc:  # a full disk, above all: nothing is committed, say so in one line
            raise StoreError(f"store {self.path} cannot be written: {exc}; nothing of this build was kept") from None

    def put(self, contribution: Contribution) -> None:
        """Add an article's contribution, replacing what an earlier build had for it."""
        self.put_text(contribution.to_text())

    def put_text(self, text: str) -> None:
        """put() of a contribution given in its stored form (Contribution.to_text)."""
        # resolved as the store will read it back (JSON gives tuples where lists were)
        contribution = Contribution.from_text(text)
        blob = zlib.compress(text.encode("utf-8"), 6)
        self._written(lambda: self.db.execute("INSERT OR REPLACE INTO articles(id, file, data) VALUES (?, ?, ?)",
                                              (contribution.article_id, contribution.file, blob)))
        self._written(lambda: sightings.write(self.db, contribution))
        self.pending[contribution.article_id] = contribution
        self.removed.discard(contribution.article_id)
        self.files.add(contribution.file)
        self.kept.add(contribution.article_id)
        self.written += 1
        if len(self.pending) >= self.batch:
            self._resolve_pending()
        fault_point(f"after-put:{self.written}")

    def stored_files(self) -> dict[str, int]:
        """File (as the build was given it) -> how many stored articles came from it."""
        return dict(self.db.execute("SELECT file, count(*) FROM articles GROUP BY file ORDER BY file"))

    def remove_files(self, files: Iterable[str]) -> int:
        """Remove every article of these files (named as stored); returns how many articles."""
        files = sorted(set(files))
        ids = [row[0] for f in files for row in self.db.execute("SELECT id FROM articles WHERE file=?", (f,))]
        self._remove(ids)
        return len(ids)

    def _remove(self, ids: Iterable[str]) -> None:
        ids = sorted(set(ids))
        self._written(lambda: self.db.executemany("DELETE FROM articles WHERE id=?", [(i,) for i in ids]))
        self._written(lambda: sightings.forget(self.db, ids))
        for i in ids:
            self.pending.pop(i, None)
        self.removed.update(ids)

    def _resolve_pending(self) -> None:
        pending, removed = self.pending, sorted(self.removed)
        self.pending, self.removed = {}, set()
        self._written(lambda: self.keys.apply(pending, removed))

    def finish(self) -> int:
        """Resolve what is pending, merge the nodes the build touched and commit the whole
        build; returns how many nodes were merged again."""
        self._forget_stale()
        fault_point("before-graph")
        self._resolve_pending()
        fault_point("mid-graph")
        merged = self._written(self.keys.merge_nodes)
        self._written(lambda: self.db.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            [("schema_version", str(schema.SCHEMA_VERSION)), ("store_format", str(STORE_FORMAT))]))
        fault_point("before-commit")
        self._written(lambda: self.db.execute("COMMIT"))
        fault_point("after-commit")
        return merged

    def _forget_stale(self) -> None:
        # a file rebuilt now replaces all it gave before: articles it no longer yields go
        stale = []
        for file in sorted(self.files):
            ids = [row[0] for row in self.db.execute("SELECT id FROM articles WHERE file=?", (file,))]
            stale += [i for i in ids if i not in self.kept]
        self._remove(stale)
