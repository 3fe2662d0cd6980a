"""`kg load --bulk`: the first load of a big store with `neo4j-admin database import full`.

The batched loader (neo4j_writer) MERGEs through Bolt; neo4j-admin writes the store files
directly, several times faster, but only into a stopped database and only a new one. So:

1. refuse, in one line, while the server runs, or when the database has been written to
   (unless `replace`: then it is overwritten);
2. write the store as the CSV files `kg export csv` writes (loaders/export.py: the loader's
   own rows, so the same properties, labels and types as `kg load`);
3. import them into a fresh data directory beside the server's (bulk/ in its home), never
   into the live one: a failed or killed import leaves the database as it was;
4. swap the imported database in by the moves of a journal (bulk.swap), which
   scripts/neo4j.sh finishes (also at its next start or admin command) if a crash stops
   them half-way: the database is the old one or the new one, never half of each;
5. start the server and create the constraints and indexes `kg load` creates (the
   writer's ensure_schema), then give empty lists the value `kg load` gives them (CSV has
   no empty array: an empty field is no property).

It works on the server scripts/neo4j.sh runs (KG_NEO4J_HOME), whose files it writes.
"""
from __future__ import annotations

import fcntl
import logging
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.graph.schema import NODE_LABELS
from kg.loaders import cypher, export
from kg.loaders.neo4j_connection import Neo4jLoadError, Neo4jSettings, connect, run_write
from kg.loaders.neo4j_writer import DEFAULT_BATCH_SIZE, Neo4jWriter, Prepared, prepare

log = logging.getLogger(__name__)

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "neo4j.sh"
# The unit separator between list items: news text never holds it, so an item keeps its ';'.
ARRAY_DELIMITER = "\x1f"
# A database nobody has written to: Neo4j 5.26 commits 3 transactions creating one (and an
# import 2). More means something was written (data, indexes, or data since deleted).
UNTOUCHED_MAX_TX = 3
_LAST_TX = re.compile(r"Last committed transaction id:\s*(\d+)")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_IMPORTED = re.compile(r"^\s*(\d+) (nodes|relationships)\s*$", re.MULTILINE)


@dataclass
class BulkSummary:
    """What one bulk load did, and how long each step took."""

    nodes: int = 0
    edges: int = 0
    replaced: bool = False          # an existing database was overwritten (--replace)
    empty_lists: int = 0            # nodes and relationships given their empty lists after the import
    csv_seconds: float = 0.0        # store -> CSV files
    import_seconds: float = 0.0     # neo4j-admin database import full
    start_seconds: float = 0.0      # server start after the swap
    schema_seconds: float = 0.0     # constraints, indexes (online) and empty lists
    seconds: float = 0.0            # all of it

    @property
    def records(self) -> int:
        return self.nodes + self.edges

    @property
    def rate(self) -> float:
        """Nodes + relationships per second, end to end (CSV, import, start, indexes)."""
        return self.records / self.seconds if self.seconds else 0.0

    @property
    def import_rate(self) -> float:
        """Nodes + relationships per second of neo4j-admin alone."""
        return self.records / self.import_seconds if self.import_seconds else 0.0


class Server:
    """The server scripts/neo4j.sh runs: its home, whether it runs, neo4j-admin, start."""

    def __init__(self, script: Path = SCRIPT):
        if not script.is_file():
            raise Neo4jLoadError(f"kg load --bulk needs {script} (it comes with the source checkout)")
        self.script = script
        self.home = Path(self._run("home").stdout.strip())

    def _run(self, *args: str, log_file: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        if log_file is None:
            return subprocess.run(["bash", str(self.script), *args], capture_output=True, text=True,
                                  check=False, cwd=cwd)
        with open(log_file, "w", encoding="utf-8") as fh:
            return subprocess.run(["bash", str(self.script), *args], stdout=fh, stderr=subprocess.STDOUT,
                                  text=True, check=False, cwd=cwd)

    def running(self) -> bool:
        return self._run("status").returncode == 0

    def finish_swap(self) -> None:
        result = self._run("finish-swap")
        if result.returncode:
            raise Neo4jLoadError(f"could not finish the database swap: {_last_line(result.stderr)}")

    def admin(self, *args: str, log_file: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return self._run("admin", *args, log_file=log_file, cwd=cwd)

    def start(self) -> None:
        result = self._run("start")
        if result.returncode:
            raise Neo4jLoadError(f"the server did not start after the import: {_last_line(result.stderr)} "
                                 f"(scripts/neo4j.sh start; log in {self.home / 'logs'})")

    def database_dir(self, database: str) -> Path:
        return self.home / "data" / "databases" / database

    def transactions_dir(self, database: str) -> Path:
        return self.home / "data" / "transactions" / database


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def last_transaction(server: Server, database: str) -> int | None:
    """The database's last committed transaction id, or None when it does not exist."""
    if not server.database_dir(database).is_dir():
        return None
    result = server.admin("database", "info", database)
    found = _LAST_TX.search(result.stdout)
    if result.returncode or not found:
        raise Neo4jLoadError(f"cannot read database {database!r} with neo4j-admin: "
                             f"{_last_line(result.stderr or result.stdout)}")
    return int(found.group(1))


@contextmanager
def _locked(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "bulk.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Neo4jLoadError(f"another kg load --bulk is running on {home}") from None
        yield


def _check_target(server: Server, database: str, replace: bool) -> bool:
    """Refuse a running server or a written database (unless replace); True if one is replaced."""
    if server.running():
        raise Neo4jLoadError(f"the Neo4j server in {server.home} is running; neo4j-admin imports only into a "
                             "stopped database: stop it first (kg neo4j stop)")
    server.finish_swap()  # an earlier swap cut short: finish it before looking at the database
    if replace:   # overwritten whatever it holds: no need to ask neo4j-admin (a JVM start) what that is
        return server.database_dir(database).is_dir()
    last = last_transaction(server, database)
    if last is not None and last > UNTOUCHED_MAX_TX:
        raise Neo4jLoadError(f"database {database!r} in {server.home} is not empty (written up to "
                             f"transaction {last}); --replace overwrites it")
    return False


def _import(server: Server, database: str, csv_dir: Path, data_dir: Path, files: list[Path]) -> tuple[int, int]:
    """neo4j-admin import into `data_dir` (not the live one); returns (nodes, relationships) imported."""
    config = csv_dir.parent / "import.conf"
    config.write_text(f"server.directories.data={data_dir}\n", encoding="utf-8")
    log_file = server.home / "logs" / "bulk-import.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    result = server.admin("database", "import", "full", database, f"--additional-config={config}",
                          *export.import_options(files, ARRAY_DELIMITER), log_file=log_file, cwd=csv_dir)
    text = log_file.read_text(encoding="utf-8", errors="replace")
    if result.returncode:
        raise Neo4jLoadError(f"neo4j-admin import failed: {_last_line(text)} (log: {log_file})")
    counts = {kind: int(n) for n, kind in _IMPORTED.findall(text)}
    return counts.get("nodes", 0), counts.get("relationships", 0)


def _swap(server: Server, database: str, work: Path) -> None:
    """The imported database in, the old one aside, by a journal scripts/neo4j.sh finishes."""
    moves = [(server.database_dir(database), work / "old" / "databases"),
             (server.transactions_dir(database), work / "old" / "transactions"),
             (work / "data" / "databases" / database, server.database_dir(database)),
             (work / "data" / "transactions" / database, server.transactions_dir(database))]
    with export.atomic_file(server.home / "bulk.swap") as fh:
        fh.writelines(f"{source}\t{target}\n" for source, target in moves)
    server.finish_swap()


def empty_list_rows(prepared: Prepared) -> tuple[dict[str, list[dict]], dict[tuple[str, str, str], list[dict]]]:
    """The rows (of the loader's statements) that give nodes and relationships the empty lists
    the CSV could not carry: only those properties, and `sources` where it is empty."""
    nodes: dict[str, list[dict]] = {}
    for label, rows in prepared.nodes.items():
        for row in rows:
            empty = {k: v for k, v in row["props"].items() if v == []}
            if empty or not row["sources"]:
                nodes.setdefault(label, []).append({"id": row["id"], "props": empty, "sources": []})
    edges: dict[tuple[str, str, str], list[dict]] = {}
    for key, rows in prepared.edges.items():
        for row in rows:
            empty = {k: v for k, v in row["props"].items() if v == []}
            if empty:
                edges.setdefault(key, []).append({**row, "props": empty})
    return nodes, edges


def _write_rows(driver: Any, settings: Neo4jSettings, query: str, rows: list[dict], what: str) -> None:
    for start in range(0, len(rows), DEFAULT_BATCH_SIZE):
        batch = rows[start:start + DEFAULT_BATCH_SIZE]

        def work(tx: Any, batch: list[dict] = batch) -> None:
            tx.run(query, rows=batch).consume()
        run_write(driver, settings, work, what)


def _finish_schema(settings: Neo4jSettings, prepared: Prepared) -> tuple[int, dict[str, int]]:
    """Constraints and indexes as `kg load` makes them, then the empty lists; returns
    (rows given empty lists, counts per label and type)."""
    node_rows, edge_rows = empty_list_rows(prepared)
    with connect(settings) as driver:
        writer = Neo4jWriter(driver, settings)
        writer.ensure_schema()   # after the import: the constraints index what is there, once
        for label, rows in sorted(node_rows.items()):
            _write_rows(driver, settings, cypher.merge_nodes(label), rows, f"empty lists of {label} nodes")
        for key, rows in sorted(edge_rows.items()):
            _write_rows(driver, settings, cypher.merge_edges(*key), rows, f"empty lists of {key[0]} relationships")
        counts = writer.counts()
    return sum(map(len, node_rows.values())) + sum(map(len, edge_rows.values())), counts


def bulk_load_store(store: str | Path, settings: Neo4jSettings | None = None, *, replace: bool = False,
                    script: Path = SCRIPT) -> BulkSummary:
    """Load a built store into the stopped server's database with neo4j-admin, then start it.

    Raises StoreError or Neo4jLoadError, each with a one-line message; on any error before
    the swap the database is as it was.
    """
    from kg.graph.store import Store

    settings = settings or Neo4jSettings.from_env()
    host = urlsplit(settings.uri).hostname
    if host not in _LOCAL_HOSTS:   # the files written are this machine's server's
        raise Neo4jLoadError(f"kg load --bulk writes the files of the local server (scripts/neo4j.sh); "
                             f"{settings.uri} is another machine: use kg load there")
    database = settings.database
    server = Server(script)
    started = time.perf_counter()
    summary = BulkSummary()
    with Store(store) as st, _locked(server.home):   # a bad store is said before neo4j-admin runs
        summary.replaced = _check_target(server, database, replace)
        work = server.home / "bulk"
        shutil.rmtree(work, ignore_errors=True)  # what an interrupted run left
        csv_dir = work / "csv"
        t = time.perf_counter()
        prepared = prepare(st.nodes(), st.edges())
        files = export.write_prepared_csv(prepared, csv_dir, mentions={}, dates={}, array_delimiter=ARRAY_DELIMITER)
        summary.csv_seconds = time.perf_counter() - t
        log.info("wrote %d CSV files in %.1f s", len(files), summary.csv_seconds)
        t = time.perf_counter()
        expected = (sum(map(len, prepared.nodes.values())), sum(map(len, prepared.edges.values())))
        try:
            nodes, edges = _import(server, database, csv_dir, work / "data", files)
            if (nodes, edges) != expected:
                raise Neo4jLoadError(f"neo4j-admin imported {nodes} nodes and {edges} relationships, not "
                                     f"{expected[0]} and {expected[1]}; the database is left as it was")
        except Neo4jLoadError:
            shutil.rmtree(work, ignore_errors=True)   # its log stays in the server's logs/
            raise
        summary.import_seconds = time.perf_counter() - t
        log.info("imported %d nodes and %d relationships in %.1f s", nodes, edges, summary.import_seconds)
        _swap(server, database, work)
        shutil.rmtree(work, ignore_errors=True)
        t = time.perf_counter()
        server.start()
        summary.start_seconds = time.perf_counter() - t
    t = time.perf_counter()
    summary.empty_lists, counts = _finish_schema(settings, prepared)
    summary.schema_seconds = time.perf_counter() - t
    summary.nodes = sum(n for key, n in counts.items() if key in NODE_LABELS)
    summary.edges = sum(n for key, n in counts.items() if key not in NODE_LABELS)
    summary.seconds = time.perf_counter() - started
    return summary
