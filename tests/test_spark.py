"""`kg build --engine spark` in local mode gives what the single-machine build gives.

On the seed pages: `kg export triples` (and entities) of the two stores, sorted, byte for
byte; the Spark job's own Parquet graph equal to the local store's nodes and edges (the
store of a Spark build is filled through the store's writer, so this is the check of
Spark's resolution); and a Neo4j database written by the Spark connector from that
Parquet equal to one written by `kg load`, and answering every query in queries/ with
the same rows. Needs PySpark, Java 17 and, for the last, the Neo4j test server
(KG_TEST_NEO4J_URI / NEO4J_PASSWORD as the other neo4j tests); the connector comes from
Maven Central through Spark's package mechanism (cached under ~/.ivy2).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph.records import ReadProblem
from kg.graph.spark.job import plan_inputs

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def spark():
    from kg.graph.spark import SparkUnavailable, spark_session
    from kg.loaders.neo4j_spark import spark_conf
    try:
        session = spark_session(master="local[2]", conf=spark_conf(), app="kg tests")
    except SparkUnavailable as exc:
        pytest.skip(str(exc))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="module")
def local_store(seed_store_dir):
    return seed_store_dir   # the seed pages by kg build (tests/conftest.py); read only


@pytest.fixture(scope="module")
def spark_store(tmp_path_factory, spark, seeds):
    from kg.graph.spark import spark_build
    store = tmp_path_factory.mktemp("spark") / "store"
    summary = spark_build([seeds], store, spark=spark)
    assert summary.articles == summary.total_articles > 0 and not summary.problems
    return store


def export(store: Path, fmt: str) -> bytes:
    run = subprocess.run([sys.executable, "-m", "kg", "export", fmt, "--store", str(store)],
                         capture_output=True, check=True, cwd=REPO)
    return b"\n".join(sorted(run.stdout.splitlines()))


@pytest.mark.spark
@pytest.mark.seeds
@pytest.mark.parametrize("fmt", ["triples", "entities"])
def test_spark_build_exports_what_the_local_build_exports(local_store, spark_store, fmt):
    local = export(local_store, fmt)
    assert local.count(b"\n") > 100
    assert export(spark_store, fmt) == local


@pytest.mark.spark
@pytest.mark.seeds
def test_spark_tables_are_the_local_graph(spark, local_store, spark_store):
    from kg.graph.spark.build import PARQUET_DIR
    from kg.graph.spark.job import EDGES, NODES, edge_record, node_record
    from kg.graph.store import Store

    out = spark_store / PARQUET_DIR
    with Store(local_store) as store:
        nodes, edges = list(store.nodes()), list(store.edges())
    spark_nodes = [node_record(r) for r in spark.read.parquet(str(out / NODES)).toLocalIterator()]
    spark_edges = [edge_record(r) for r in spark.read.parquet(str(out / EDGES)).toLocalIterator()]
    assert sorted(spark_nodes, key=lambda n: n.id) == nodes and len(nodes) > 100
    assert sorted(spark_edges, key=lambda e: e.id) == edges


@pytest.mark.spark
@pytest.mark.seeds
def test_pages_named_by_uri_are_read_through_hadoop_as_local_paths_are(spark, local_store, tmp_path):
    # hdfs:// and s3a:// go the same way as file:// here: Hadoop lists and reads the files,
    # (a copy in a folder of the same name: a page is its folder and file name, resolve.page_of)
    # the executors get their bytes (reading.reader.read_bytes), Parquet goes to a URI.
    from kg.graph.schema import ARTICLE
    from kg.graph.spark import spark_build
    from kg.graph.spark.job import EDGES, NODES, edge_record, node_record
    from kg.graph.store import Store

    (tmp_path / "seeds" / ".hidden").mkdir(parents=True)
    for page in sorted(SEEDS.glob("*.txt")):
        (tmp_path / "seeds" / page.name).write_bytes(page.read_bytes())
    (tmp_path / "seeds" / "notes.md").write_text("不是报纸版面", encoding="utf-8")        # not an input
    (tmp_path / "seeds" / ".hidden" / "x.txt").write_text("隐藏文件", encoding="utf-8")   # hidden: not read
    out = (tmp_path / "parquet").as_uri()
    summary = spark_build([(tmp_path / "seeds").as_uri()], tmp_path / "store", spark=spark, out=out, fill=False)
    assert not summary.problems and summary.articles > 0
    with Store(local_store) as store:
        nodes, edges = list(store.nodes()), list(store.edges())
        assert summary.articles == store.article_count()

    def placeless(n):   # an article names the file it came from: here by its URI
        return n if n.label != ARTICLE else n.__class__(n.id, n.label, tuple(p for p in n.props if p[0] != "file"))

    spark_nodes = sorted((node_record(r) for r in spark.read.parquet(f"{out}/{NODES}").toLocalIterator()),
                         key=lambda n: n.id)
    spark_edges = sorted((edge_record(r) for r in spark.read.parquet(f"{out}/{EDGES}").toLocalIterator()),
                         key=lambda e: e.id)
    assert [placeless(n) for n in spark_nodes] == [placeless(n) for n in nodes]
    assert spark_edges == edges
    files = {dict(n.props)["file"] for n in spark_nodes if n.label == ARTICLE}
    assert files and all(f.startswith("file:") and "/seeds/" in f for f in files)


def _unordered(value):
    """A value with its lists sorted: collect() lists follow the order the database stored
    things in, which differs between two loads of the same graph written in another order."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, default=str))
    return value


def _answers(settings) -> dict[str, list[str]]:
    """Every query of queries/ with its own parameters (the seeds' people, places, papers)."""
    from kg.queries import runner
    answers = {}
    for query in runner.list_queries():
        rows = runner.run(query, runner.bind(query, {}), settings)[1]
        answers[query.name] = sorted(json.dumps(_unordered(r), ensure_ascii=False, sort_keys=True, default=str)
                                     for r in rows)
    return answers


@pytest.mark.spark
@pytest.mark.seeds
@pytest.mark.neo4j
def test_connector_load_answers_every_query_as_kg_load(spark, neo4j_db, local_store, spark_store):
    from neo4j_snapshot import snapshot

    from kg.graph.spark.build import PARQUET_DIR
    from kg.loaders.neo4j_spark import write_neo4j
    from kg.loaders.neo4j_writer import clear, load_store

    written = write_neo4j(spark, spark_store / PARQUET_DIR, neo4j_db, batch_size=100)
    by_connector, spark_answers = snapshot(neo4j_db), _answers(neo4j_db)
    clear(neo4j_db)
    load_store(local_store, neo4j_db, progress=False)
    by_load, load_answers = snapshot(neo4j_db), _answers(neo4j_db)

    assert sum(written.nodes.values()) == len(by_load[0]) and sum(written.edges.values()) == len(by_load[1])
    assert by_connector == by_load
    assert spark_answers == load_answers
    assert sum(1 for rows in load_answers.values() if rows) >= len(load_answers) // 2   # the seeds answer most


def test_partitions_are_cut_by_bytes_in_reading_order(tmp_path):
    sizes = [50, 10, 10, 30, 40, 10, 50]
    for i, size in enumerate(sizes):
        (tmp_path / f"{i:02}.txt").write_text("字" * (size // 3 + 1), encoding="utf-8")
    (tmp_path / "skipped.bin").write_bytes(b"x")     # not a page: the reader's walk leaves it out
    (tmp_path / "empty").mkdir()
    plan = plan_inputs([tmp_path, tmp_path / "empty"], 4)
    files = [Path(f).name for run in plan.partitions for f in run]
    assert files == [f"{i:02}.txt" for i in range(len(sizes))]   # every file once, in order
    assert plan.files == len(sizes) and plan.bytes == sum((tmp_path / f).stat().st_size for f in files)
    target = -(-plan.bytes // 4)
    for run in plan.partitions:   # a run holds one file or stays within its share of the bytes
        size = sum(Path(f).stat().st_size for f in run)
        assert len(run) == 1 or size <= target
    assert 4 <= len(plan.partitions) <= 5
    assert [str(p) for p in plan.problems if isinstance(p, ReadProblem)] == [
        f"skipped {tmp_path / 'empty'}: no .txt or .jsonl files in this directory"]


def test_a_spark_build_refuses_a_store_that_holds_articles(local_store):
    from kg.graph.spark.fill import fill_store
    from kg.graph.store import StoreError
    with pytest.raises(StoreError, match="--engine spark builds a new store"):
        fill_store(None, local_store / "parquet", local_store)
