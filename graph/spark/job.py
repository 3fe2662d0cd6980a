"""The build as Spark stages: files -> contributions -> identity decisions -> shares -> tables.

Every stage calls the single-machine code on one item or one group (the reader on a file,
graph.ingest.extract_article on an article, kg.resolution.merge on a group); only the
grouping is Spark's. The driver sees file names and sizes, never the corpus: each table
is written as Parquet by the executors and read back by the next stage.
"""
from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.graph.elements import EdgeRecord, NodeRecord, freeze
from kg.graph.records import Contribution, ReadProblem
from kg.graph.schema import ORGANIZATION
from kg.resolution.merge import (
    EventRow,
    IdMaps,
    PersonRow,
    article_share,
    event_id,
    merge_node,
    person_ids,
    short_forms_in_scope,
    sightings,
)
from kg.resolution.resolve import make_key

log = logging.getLogger(__name__)

# The Parquet tables of a build, under its output directory.
ARTICLES = "articles"   # id, file, data (Contribution JSON): the store's `articles`; rows
                        # with no id are what was skipped: file, problem, line
NODES = "nodes"                   # id, label, name, props (JSON)
EDGES = "edges"                   # id, source, target, type, article, props (JSON)

# A partition holds about this many bytes of input at most, however few cores there are,
# so a task's memory and its retry cost stay bounded on a large corpus.
MAX_PARTITION_BYTES = 64 * 1024 * 1024


# --------------------------------------------------------------------------- input
@dataclass
class InputPlan:
    """The files to read, cut into partitions of about equal bytes."""

    partitions: list[list[str]]
    problems: list[ReadProblem]
    files: int
    bytes: int


def plan_inputs(paths: Sequence[str | os.PathLike], partitions: int) -> InputPlan:
    """The reader's files under `paths` (its own walk, so the same files in the same order
    as `kg build`), packed in order into at most `partitions` runs of about equal size."""
    from kg.reading import decode
    from kg.reading.reader import walk

    files: list[tuple[str, int]] = []
    problems: list[ReadProblem] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        found = [path] if not path.is_dir() else list(walk(path))
        if path.is_dir() and not any(isinstance(f, Path) for f in found):
            problems.append(ReadProblem(decode.file_label(path), "no .txt or .jsonl files in this directory"))
        for f in found:
            if isinstance(f, ReadProblem):
                problems.append(f)
                continue
            real = os.path.realpath(f)
            if real in seen:
                continue
            seen.add(real)
            try:
                size = f.stat().st_size
            except OSError:
                size = 0   # the reader names the problem when it opens it
            files.append((str(f), size))
    total = sum(size for _, size in files)
    target = min(MAX_PARTITION_BYTES, max(1, -(-total // max(1, partitions))))
    runs: list[list[str]] = []
    current: list[str] = []
    filled = 0
    for name, size in files:
        if current and filled + size > target:
            runs.append(current)
            current, filled = [], 0
        current.append(name)
        filled += size
    if current:
        runs.append(current)
    return InputPlan(runs, problems, len(files), total)


# --------------------------------------------------------------------------- extraction
def extract_files(files: Iterable[str], date: str | None, city: str | None) -> Iterator[tuple[Any, ...]]:
    """(id, file, data, problem, line) rows of every article of these files: data is the
    article's Contribution as JSON, or problem says why it (or its file) was skipped."""
    from kg.reading.reader import read_file

    for name in files:
        yield from _rows(read_file(name, date=date, city=city))


def extract_blobs(files: Iterable[tuple[str, bytes]], date: str | None, city: str | None) -> Iterator[tuple[Any, ...]]:
    """extract_files for (name, bytes) pairs, as Spark's binaryFiles reads HDFS, S3 or any
    Hadoop file system; files the reader's walk would not read are left out."""
    from kg.reading.reader import is_input_name, read_bytes

    for name, data in files:
        if is_input_name(name):
            yield from _rows(read_bytes(data, name=name, date=date, city=city))


def _rows(items: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    from kg.graph.ingest import extract_article  # loads the extractor once per Python worker

    for item in items:
        result = item if isinstance(item, ReadProblem) else extract_article(item)
        if isinstance(result, ReadProblem):
            yield None, result.file, None, result.reason, result.line
        else:
            yield result.article_id, result.file, result.to_text(), None, None


# --------------------------------------------------------------------------- resolution
def _sight(pair: tuple[str, Contribution]) -> Iterator[tuple[str, Any]]:
    aid, c = pair
    seen = sightings(c)
    for p in seen.persons:
        yield "P", (p.name, p)
    for e in seen.events:
        yield "E", (e.key, e)
    for o in seen.orgs:
        yield "O", ((o.scope, o.name), aid)


def _person_decisions(rows: Iterable[PersonRow]) -> Iterator[tuple[str, tuple[str, str, Any]]]:
    for (aid, key), pid in person_ids(rows).items():
        yield aid, ("P", key, pid)


def _event_decisions(item: tuple[str, Iterable[EventRow]]) -> Iterator[tuple[str, tuple[str, str, Any]]]:
    key, rows = item
    rows = list(rows)
    decision = event_id(key, rows)
    for aid in sorted({r.article for r in rows}):
        yield aid, ("E", key, decision)


def _org_decisions(item: tuple[str, Iterable[str]]) -> Iterator[tuple[str, str]]:
    scope, names = item
    yield from short_forms_in_scope(scope, names).items()


Decision = tuple[str, str, Any]   # (kind P/E/O, key, what was decided)


def _share(item: tuple[str, tuple[Iterable[Contribution], Iterable[Decision]]]) -> Iterator[tuple[str, Any]]:
    aid, (contribs, decisions) = item
    ids = IdMaps()
    for kind, key, value in decisions:
        if kind == "P":
            ids.persons[(aid, key)] = value
        elif kind == "E":
            ids.events[key] = value
        else:
            ids.full_name[key] = value
    for c in contribs:   # one: ids are unique after the dedup
        share = article_share(c, ids)
        for e in share.edges:
            yield "edge", e
        for m in share.mentions:
            yield "mention", (m.nid, m)


def _merge(item: tuple[str, Iterable[Any]]) -> Iterator[NodeRecord]:
    node = merge_node(item[1])
    if node is not None:
        yield node


def props_json(props: Iterable[tuple[str, Any]]) -> str:
    return json.dumps(dict(props), ensure_ascii=False, separators=(",", ":"))


def props_tuple(text: str) -> tuple[tuple[str, Any], ...]:
    return tuple((k, freeze(v)) for k, v in json.loads(text).items())


def node_row(n: NodeRecord) -> tuple[str, str, str, str]:
    return n.id, n.label, str(n.prop("name", n.id)), props_json(n.props)


def edge_row(e: EdgeRecord) -> tuple[str, str, str, str, str | None, str]:
    article = e.prop("article")
    return e.id, e.source, e.target, e.type, None if article is None else str(article), props_json(e.props)


def node_record(row: Any) -> NodeRecord:
    return NodeRecord(row["id"], row["label"], props_tuple(row["props"]))


def edge_record(row: Any) -> EdgeRecord:
    return EdgeRecord(row["id"], row["source"], row["target"], row["type"], props_tuple(row["props"]))


# --------------------------------------------------------------------------- the job
@dataclass
class JobResult:
    out: str
    partitions: int
    files: int
    bytes: int
    problems: list[ReadProblem]


def run(spark: Any, paths: Sequence[str | os.PathLike], out: str | os.PathLike, *,
        partitions_per_core: int = 2, date: str | None = None, city: str | None = None) -> JobResult:
    """Read, extract and resolve `paths` on Spark; the three tables (ARTICLES, NODES, EDGES)
    land under `out` as Parquet."""
    from pyspark import StorageLevel
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    from kg.reading.reader import is_uri

    sc = spark.sparkContext
    out = str(out)
    started = time.perf_counter()
    cores = sc.defaultParallelism
    wanted = cores * max(1, partitions_per_core)
    remote = [os.fspath(p) for p in paths if is_uri(p)]
    plan = plan_inputs([p for p in paths if not is_uri(p)], wanted)
    n = max(1, len(plan.partitions)) if not remote else wanted
    spark.conf.set("spark.sql.shuffle.partitions", str(n))
    log.info("%d local files, %d bytes, %d URIs, in %d partitions on %d cores",
             plan.files, plan.bytes, len(remote), n, cores)

    # 1. read and extract: one task per run of files; rows go straight to Parquet
    rows = (sc.parallelize(plan.partitions, max(1, len(plan.partitions)))
            .mapPartitions(lambda runs: extract_files((f for run in runs for f in run), date, city)))
    if remote:   # Hadoop lists and reads them; binaryFiles packs files into splits by bytes
        sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        blobs = sc.binaryFiles(",".join(remote), minPartitions=wanted)
        rows = rows.union(blobs.mapPartitions(lambda pairs: extract_blobs(pairs, date, city)))
    schema = StructType([StructField("id", StringType()), StructField("file", StringType()),
                         StructField("data", StringType()), StructField("problem", StringType()),
                         StructField("line", IntegerType())])
    spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(f"{out}/{ARTICLES}")
    # extraction ran once, above; every later stage reads what it wrote
    articles = spark.read.parquet(f"{out}/{ARTICLES}")
    problems = [ReadProblem(r["file"], r["problem"], r["line"])   # messages, a few: not the corpus
                for r in articles.where("id IS NULL").select("file", "problem", "line").toLocalIterator()]
    log.info("read and extracted in %.1f s", time.perf_counter() - started)

    # 2. contributions by article id (a JSONL record repeated gives one article, as in the store)
    contribs = (articles.where("id IS NOT NULL").select("id", "data").rdd.map(lambda r: (r["id"], r["data"]))
                .reduceByKey(min, n)
                .mapValues(Contribution.from_text)
                .persist(StorageLevel.MEMORY_AND_DISK))

    # 3. identity decisions, each over one group keyed as kg.resolution.merge keys it
    seen = contribs.flatMap(_sight).persist(StorageLevel.MEMORY_AND_DISK)
    persons = (seen.filter(lambda t: t[0] == "P").map(lambda t: t[1]).groupByKey(n)
               .flatMap(lambda item: _person_decisions(item[1])))
    events = seen.filter(lambda t: t[0] == "E").map(lambda t: t[1]).groupByKey(n).flatMap(_event_decisions)
    org_keys = seen.filter(lambda t: t[0] == "O").map(lambda t: t[1]).distinct(n)   # ((scope, name), article)
    full_names = (org_keys.map(lambda t: t[0]).distinct(n).groupByKey(n).flatMap(_org_decisions))  # short -> full
    orgs = (org_keys.map(lambda t: (make_key(ORGANIZATION, t[0][1], t[0][0]), t[1]))
            .join(full_names, n)
            .map(lambda kv: (kv[1][0], ("O", kv[0], kv[1][1]))))
    decisions = persons.union(events).union(orgs)

    # 4. each article's share under its own keys' decisions; 5. nodes from their mentions
    shares = contribs.cogroup(decisions, n).flatMap(_share).persist(StorageLevel.MEMORY_AND_DISK)
    nodes = (shares.filter(lambda t: t[0] == "mention").map(lambda t: t[1]).groupByKey(n)
             .flatMap(_merge).map(node_row))
    edges = shares.filter(lambda t: t[0] == "edge").map(lambda t: edge_row(t[1]))
    node_schema = StructType([StructField(c, StringType(), c != "id") for c in ("id", "label", "name", "props")])
    edge_schema = StructType([StructField(c, StringType(), c in ("article",))
                              for c in ("id", "source", "target", "type", "article", "props")])
    spark.createDataFrame(edges, edge_schema).write.mode("overwrite").parquet(f"{out}/{EDGES}")
    spark.createDataFrame(nodes, node_schema).write.mode("overwrite").parquet(f"{out}/{NODES}")
    for rdd in (shares, seen, contribs):
        rdd.unpersist()
    log.info("resolved and written in %.1f s in all", time.perf_counter() - started)
    return JobResult(out, n, plan.files, plan.bytes, plan.problems + problems)
