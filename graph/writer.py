"""A build's write to the store (graph/store.py has the tables): one build at a time,
one transaction, resolved as it goes.

Builds hold an exclusive lock file (`build.lock`) so two builds on one store are
refused with a clear message, never interleaved. A process killed at any point leaves
the store as it was before (SQLite's journal); the fault points below let the tests kill
it where a crash would.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kg.graph import schema, sightings
from kg.graph.records import Contribution
from kg.graph.store import (
    DB_NAME,
    DDL,
    DEFAULT_STORE,
    EDGES_SOURCE_INDEX,
    STORE_FORMAT,
    StoreError,
    check_meta,
)

log = logging.getLogger(__name__)

LOCK_NAME = "build.lock"
BATCH = 2000   # articles resolved at a time during a build: bounds its memory
FAULT_ENV = "KG_STORE_FAULT"   # test hook: kill the process at a named point of a write


class StoreBusy(StoreError):
    pass


def fault_point(name: str) -> None:
    """Die here, as a crash would, when the test hook names this point."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


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
                fmt = check_meta(self.db, self.path)   # before any table is added to an old store
            from kg.graph.increment import DDL as KEYS_DDL
            from kg.graph.increment import Increment
            self.db.executescript(DDL + KEYS_DDL)
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
        log.info("store %s: format %d brought to %d (each article read once)", self.path, fmt, STORE_FORMAT)
        self.db.execute("DROP INDEX IF EXISTS edges_source")
        self.db.execute(EDGES_SOURCE_INDEX)
        # one article at a time (the rows go to other tables than the one read)
        rows = self.db.execute("SELECT data FROM articles ORDER BY id")
        sightings.fill(self.db, (Contribution.from_blob(blob) for (blob,) in rows))
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
        blob = Contribution.blob(text)
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
