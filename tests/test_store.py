"""The SQLite store: same graph as resolve, incremental, atomic, locked, crash-safe."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.graph import schema
from kg.graph.ingest import resolve_into
from kg.graph.store import DB_NAME, Store, StoreError, StoreMissing
from kg.graph.writer import FAULT_ENV, BuildWriter, StoreBusy
from kg.resolution.merge import resolve
from kg.resolution.resolve import localise
from tests.graph_samples import first_half, samples, second_half

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "tests" / "graph_samples.py"


def write(path, extractions):
    with BuildWriter(path) as w:
        for x in extractions:
            w.put(localise(x))
        resolve_into(w)


def snapshot(path):
    with Store(path) as st:
        return list(st.nodes()), list(st.edges())


def test_store_holds_exactly_the_resolved_graph(tmp_path):
    write(tmp_path, samples())
    assert snapshot(tmp_path) == resolve([localise(x) for x in samples()])


def test_networkx_graph_follows_the_contract(tmp_path):
    write(tmp_path, samples())
    with Store(tmp_path) as st:
        g = st.to_networkx()
        nodes, edges = list(st.nodes()), list(st.edges())
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(nodes) and g.number_of_edges() == len(edges)
    for n in nodes:
        assert g.nodes[n.id]["label"] == n.label and g.nodes[n.id]["name"] == n.prop("name")
    for e in edges:
        attrs = g.edges[e.source, e.target, e.id]
        assert attrs["type"] == e.type
        assert {"article", "evidence", "confidence"} <= set(attrs)
    art = next(n for n in nodes if n.label == "Article" and n.prop("reporters"))
    assert {"title", "date", "newspaper", "file", "reporters"} <= set(g.nodes[art.id])


def test_two_halves_give_the_graph_of_one_build(tmp_path):
    items = samples()
    write(tmp_path / "one", items)
    write(tmp_path / "halves", second_half())
    write(tmp_path / "halves", first_half())
    assert snapshot(tmp_path / "halves") == snapshot(tmp_path / "one")


def test_rebuilding_the_same_articles_changes_nothing(tmp_path):
    write(tmp_path, samples())
    before = snapshot(tmp_path)
    write(tmp_path, samples()[::-1])
    assert snapshot(tmp_path) == before
    with Store(tmp_path) as st:
        assert st.article_count() == len(samples())


def test_a_rebuilt_file_replaces_what_it_gave_before(tmp_path):
    items = samples()
    write(tmp_path, items)
    # p2.txt now yields only a3 (a5 is gone from the file): a5's facts leave the graph
    write(tmp_path, [x for x in items if x.article.id == "a3"])
    expected = resolve([localise(x) for x in items if x.article.id != "a5"])
    assert snapshot(tmp_path) == expected


def test_second_build_on_one_store_is_refused_clearly(tmp_path):
    with BuildWriter(tmp_path), pytest.raises(StoreBusy, match=r"being built by kg build pid \d+"):
        BuildWriter(tmp_path)
    with BuildWriter(tmp_path) as w:   # free again once the first is done
        resolve_into(w)


def test_an_error_inside_a_build_leaves_the_previous_store(tmp_path):
    write(tmp_path, samples()[:2])
    before = snapshot(tmp_path)
    with pytest.raises(RuntimeError), BuildWriter(tmp_path) as w:
        w.put(localise(samples()[3]))
        raise RuntimeError("extractor blew up")
    assert snapshot(tmp_path) == before


def test_readers_see_the_old_graph_while_a_build_is_open(tmp_path):
    write(tmp_path, samples()[:2])
    before = snapshot(tmp_path)
    with BuildWriter(tmp_path) as w:
        for x in samples():
            w.put(localise(x))
        assert snapshot(tmp_path) == before
        resolve_into(w)
    assert snapshot(tmp_path) != before


def test_missing_or_foreign_store_gives_a_clear_error(tmp_path):
    with pytest.raises(StoreMissing, match="no store at"):
        Store(tmp_path / "nothing")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / DB_NAME).write_bytes(b"this is not a database" * 10)
    with pytest.raises(StoreError, match="cannot be read"):
        Store(tmp_path / "bad")


def test_store_records_the_schema_version_and_refuses_another(tmp_path):
    write(tmp_path, samples()[:1])
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert dict(db.execute("SELECT key, value FROM meta"))["schema_version"] == str(schema.SCHEMA_VERSION)
    db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="schema version 999"):
        Store(tmp_path)


def test_lookups_use_indexes_not_a_scan(tmp_path):
    write(tmp_path, samples())
    with Store(tmp_path) as st:
        plan = " ".join(str(r) for r in st.db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM edges WHERE source=? AND type IN ('ATTENDED')", ("x",)))
        assert "edges_source" in plan
        plan = " ".join(str(r) for r in st.db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM nodes WHERE name IN (?) AND label=?", ("x", "Person")))
        assert "nodes_name" in plan
        found = st.search("西关")
        assert [(n.prop("name"), m) for n, m in found] == [("西关街道", 2)]
        assert st.search("%") == [] and st.search("_") == []


@pytest.mark.parametrize("point", ["after-put:1", "after-put:3", "before-graph", "mid-graph", "before-commit"])
def test_a_build_killed_mid_write_leaves_the_previous_store_and_a_rerun_converges(tmp_path, point):
    store = tmp_path / "store"
    subprocess.run([sys.executable, str(SAMPLES), str(store), "first"], check=True, cwd=REPO)
    before = snapshot(store)
    env = {**os.environ, FAULT_ENV: point}
    killed = subprocess.run([sys.executable, str(SAMPLES), str(store), "second"], env=env, cwd=REPO)
    assert killed.returncode == -9
    assert snapshot(store) == before
    subprocess.run([sys.executable, str(SAMPLES), str(store), "second"], check=True, cwd=REPO)
    write(tmp_path / "clean", samples())
    assert snapshot(store) == snapshot(tmp_path / "clean")
