"""The Neo4j writer against the real server: idempotence, replace, faults, clear errors."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import replace as with_changes

import pytest
from neo4j_snapshot import snapshot
from test_neo4j_queries import sample_graph

from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import node_id
from kg.loaders.neo4j_connection import Neo4jLoadError, Neo4jSettings, connect
from kg.loaders.neo4j_writer import clear, counts, load

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(REPO, "scripts", "neo4j.sh")

pytestmark = pytest.mark.neo4j


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_loading_twice_changes_nothing(neo4j_db):
    nodes, edges = sample_graph().records()
    first = load(nodes, edges, neo4j_db, batch_size=4, progress=False)
    after_first = snapshot(neo4j_db)
    second = load(nodes, edges, neo4j_db, batch_size=1000, progress=False)
    assert (first.nodes, first.edges) == (second.nodes, second.edges) == (len(nodes), len(edges))
    assert snapshot(neo4j_db) == after_first
    total = counts(neo4j_db)
    assert sum(total[n.label] for n in {n.label: n for n in nodes}.values()) == len(nodes)
    assert sum(v for k, v in total.items() if k.isupper()) == len(edges)


def test_every_relationship_carries_provenance_and_nodes_their_sources(neo4j_db):
    nodes, edges = sample_graph().records()
    load(nodes, edges, neo4j_db, progress=False)
    with connect(neo4j_db) as driver:
        missing = driver.execute_query(
            "MATCH ()-[r]->() WHERE r.article IS NULL OR r.evidence IS NULL OR r.confidence IS NULL "
            "RETURN count(r) AS c", database_=neo4j_db.database).records[0]["c"]
        unsourced = driver.execute_query(
            "MATCH (n) WHERE size(coalesce(n.sources, [])) = 0 RETURN count(n) AS c",
            database_=neo4j_db.database).records[0]["c"]
    assert (missing, unsourced) == (0, 0)


def test_one_record_per_transaction_gives_the_same_graph_as_batches(neo4j_db):
    nodes, edges = sample_graph().records()
    load(nodes, edges, neo4j_db, progress=False)
    batched = snapshot(neo4j_db)
    clear(neo4j_db)
    summary = load(nodes, edges, neo4j_db, batch_size=1, progress=False)
    assert summary.batches == len(nodes) + len(edges)
    assert snapshot(neo4j_db) == batched


def reextracted_without(graph, person_name: str, article_aid: str):
    """The sample as a better extractor would see it: one person gone from one article."""
    person = node_id("Person", name=person_name, city="河清市")
    article = article_aid
    nodes, edges = graph.records()
    kept = [e for e in edges if not (e.prop("article") == article and person in (e.source, e.target))]
    still_used = {end for e in kept for end in (e.source, e.target)}
    return [n for n in nodes if n.id in still_used or n.label == "Article"], kept


def test_replace_removes_what_a_source_loaded_before(neo4j_db):
    old_nodes, old_edges = sample_graph().records()
    new_nodes, new_edges = reextracted_without(sample_graph(), "陈刚", "art-1")
    assert len(new_edges) < len(old_edges)
    load(new_nodes, new_edges, neo4j_db, progress=False)
    clean = snapshot(neo4j_db)

    clear(neo4j_db)
    load(old_nodes, old_edges, neo4j_db, progress=False)
    load(new_nodes, new_edges, neo4j_db, progress=False)
    assert snapshot(neo4j_db) != clean  # without replace the stale facts stay
    summary = load(new_nodes, new_edges, neo4j_db, replace=True, progress=False)
    assert summary.removed_edges > 0 and summary.articles == 4
    assert snapshot(neo4j_db) == clean


def test_replace_of_one_article_keeps_the_others(neo4j_db):
    nodes, edges = sample_graph().records()
    load(nodes, edges, neo4j_db, progress=False)
    everything = snapshot(neo4j_db)
    a3 = "art-3"
    only_a3 = [e for e in edges if e.prop("article") == a3]
    ends = {x for e in only_a3 for x in (e.source, e.target)}
    load([n for n in nodes if n.id in ends], only_a3, neo4j_db, replace=True, progress=False)
    assert snapshot(neo4j_db) == everything


def _server_is_ours() -> bool:
    return subprocess.run(["bash", SCRIPT, "status"], capture_output=True).returncode == 0


def test_server_killed_mid_load_then_rerun_converges(neo4j_db):
    if not _server_is_ours():
        pytest.skip("the test server was not started by scripts/neo4j.sh, so it cannot be killed")
    nodes, edges = sample_graph().records()
    load(nodes, edges, neo4j_db, batch_size=5, progress=False)
    clean = snapshot(neo4j_db)
    clear(neo4j_db)

    killed = []

    def kill_after_some_batches(what, done, total):
        if not killed and done >= total // 2:  # some nodes and relationships are committed
            subprocess.run(["bash", SCRIPT, "kill"], check=True, capture_output=True)
            killed.append(what)

    try:
        with pytest.raises(Neo4jLoadError) as failure:
            load(nodes, edges, with_changes(neo4j_db, max_retry_time=2.0), batch_size=5,
                 progress=False, on_batch=kill_after_some_batches)
        assert killed
        assert "cannot reach Neo4j" in str(failure.value) or "while writing" in str(failure.value)
    finally:
        subprocess.run(["bash", SCRIPT, "start"], check=True, capture_output=True)
    partial = snapshot(neo4j_db)
    assert 0 < len(partial[0]) + len(partial[1]) < len(clean[0]) + len(clean[1])
    load(nodes, edges, neo4j_db, batch_size=5, progress=False)
    assert snapshot(neo4j_db) == clean


def test_wrong_password_is_a_clear_error_without_the_password(neo4j_settings):
    secret = "not-the-password-8c1f"
    bad = with_changes(neo4j_settings, password=secret)
    with pytest.raises(Neo4jLoadError) as failure:
        load([], [], bad, progress=False)
    message = str(failure.value)
    assert "wrong user or password" in message and "\n" not in message
    assert secret not in message and secret not in repr(bad)

    env = {**os.environ, "NEO4J_PASSWORD": secret, "NEO4J_URI": neo4j_settings.uri}
    result = subprocess.run([sys.executable, "-m", "kg.cli", "query", "person_timeline"],
                            capture_output=True, text=True, env=env, cwd=REPO)
    assert result.returncode == 1
    assert "wrong user or password" in result.stderr and secret not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


def test_server_not_running_is_a_clear_error_before_any_work():
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password="whatever-pass")
    nodes, edges = sample_graph().records()
    started = time.monotonic()
    with pytest.raises(Neo4jLoadError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:\d+.*is it running"):
        load(nodes, edges, settings, progress=False)
    assert time.monotonic() - started < 5


def test_bad_uri_and_missing_database_are_named(neo4j_settings):
    with pytest.raises(Neo4jLoadError, match="bad Neo4j URI 'http://localhost:7474'"):
        load([], [], with_changes(neo4j_settings, uri="http://localhost:7474"), progress=False)
    with pytest.raises(Neo4jLoadError, match="database 'no_such_db' does not exist"):
        load([], [], with_changes(neo4j_settings, database="no_such_db"), progress=False)


def test_records_outside_the_schema_are_refused_before_writing(neo4j_db):
    nodes, edges = sample_graph().records()
    bad_label = NodeRecord("X:1", "Person) DETACH DELETE (n", (("name", "x"),))
    with pytest.raises(Neo4jLoadError, match="not one of the schema's"):
        load(nodes + [bad_label], edges, neo4j_db, progress=False)
    no_evidence = EdgeRecord("e1", edges[0].source, edges[0].target, edges[0].type,
                             tuple((k, v) for k, v in edges[0].props if k != "evidence"))
    with pytest.raises(Neo4jLoadError, match=r"lacks its provenance \['evidence'\]"):
        load(nodes, [no_evidence], neo4j_db, progress=False)
    assert sum(counts(neo4j_db).values()) == 0


def test_constraint_violation_names_the_offending_key(neo4j_db):
    nodes, edges = sample_graph().records()
    load(nodes, edges, neo4j_db, progress=False)
    # The same relationship id between other endpoints breaks the id uniqueness constraint.
    held = next(e for e in edges if e.type == "HELD_IN")
    other_place = next(n.id for n in nodes if n.label == "Place" and n.id != held.target)
    clash = EdgeRecord(held.id, held.source, other_place, held.type, held.props)
    with pytest.raises(Neo4jLoadError) as failure:
        load([], [clash], neo4j_db, progress=False)
    assert "constraint violation" in str(failure.value) and held.id in str(failure.value)

    # A user's own constraint: one person per name and city, while the resolver told two
    # people of that name apart (the discriminator gives the second a different id).
    with connect(neo4j_db) as driver:
        driver.execute_query("CREATE CONSTRAINT test_person_name IF NOT EXISTS "
                             "FOR (p:Person) REQUIRE (p.name, p.city) IS UNIQUE", database_=neo4j_db.database)
    try:
        twin = NodeRecord(node_id("Person", name="王明", city="河清市", discriminator="2"), "Person",
                          (("city", "河清市"), ("name", "王明")))
        with pytest.raises(Neo4jLoadError, match=r"constraint violation.*'王明'"):
            load([twin], [], neo4j_db, progress=False)
    finally:
        with connect(neo4j_db) as driver:
            driver.execute_query("DROP CONSTRAINT test_person_name IF EXISTS", database_=neo4j_db.database)
