"""Hostile strings go into Neo4j and come back literally; nothing else changes or runs."""
from __future__ import annotations

import pytest
from neo4j_snapshot import snapshot
from test_neo4j_queries import CITY, sample_graph

from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import edge_id, node_id
from kg.loaders.neo4j_connection import connect
from kg.loaders.neo4j_writer import load
from kg.queries import runner

pytestmark = pytest.mark.neo4j

HOSTILE = [
    "'})-[:X]->() DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "王明'; MATCH (n) DETACH DELETE n; //",
    "back\\slash \\' \\\" \\u0041",
    "line one\nline two\r\nline three",
    "零\u200b宽\u200d字\ufeff符",
    "<script>alert('x')</script>",
    "$name {id: 1} `Person` :Event",
    "${injection} %s {0}",
]


def hostile_records():
    nodes, edges = [], []
    article = "art-hostile"
    nodes.append(NodeRecord(node_id("Article", id=article), "Article", (("date", "2024-01-01"), ("name", HOSTILE[0]),
                                                 ("title", HOSTILE[0]))))
    event = node_id("Event", type="meeting", date="2024-01-01", name=HOSTILE[1])
    nodes.append(NodeRecord(event, "Event", (("date", "2024-01-01"), ("name", HOSTILE[1]), ("type", "meeting"))))
    for i, text in enumerate(HOSTILE):
        person = node_id("Person", name=text, city=CITY)
        nodes.append(NodeRecord(person, "Person", (("city", CITY), ("name", text), ("note", text))))
        props = (("article", article), ("confidence", 0.5), ("evidence", text), ("title", text))
        edges.append(EdgeRecord(edge_id(person, "ATTENDED", event, article, str(i)), person, event,
                                "ATTENDED", props))
    return nodes, edges


def test_hostile_strings_are_stored_literally_and_nothing_else_changes(neo4j_db):
    base_nodes, base_edges = sample_graph().records()
    load(base_nodes, base_edges, neo4j_db, progress=False)
    before_nodes, before_rels = snapshot(neo4j_db)

    nodes, edges = hostile_records()
    summary = load(nodes, edges, neo4j_db, batch_size=3, progress=False)
    assert (summary.nodes, summary.edges) == (len(nodes), len(edges))

    after_nodes, after_rels = snapshot(neo4j_db)
    assert len(after_nodes) == len(before_nodes) + len(nodes)
    assert len(after_rels) == len(before_rels) + len(edges)
    assert set(before_nodes) <= set(after_nodes) and set(before_rels) <= set(after_rels)

    with connect(neo4j_db) as driver:
        records = driver.execute_query(
            "MATCH (p:Person) WHERE p.id IN $ids RETURN p.id AS id, p.name AS name, p.note AS note",
            ids=[n.id for n in nodes if n.label == "Person"], database_=neo4j_db.database).records
        stored = {r["id"]: (r["name"], r["note"]) for r in records}
        rels = driver.execute_query(
            "MATCH ()-[r:ATTENDED]->() WHERE r.article = $a RETURN r.evidence AS e, r.title AS t",
            a="art-hostile", database_=neo4j_db.database).records
        labels = driver.execute_query("CALL db.labels() YIELD label RETURN collect(label) AS l",
                                      database_=neo4j_db.database).records[0]["l"]
        types = driver.execute_query("CALL db.relationshipTypes() YIELD relationshipType AS t "
                                     "RETURN collect(t) AS t", database_=neo4j_db.database).records[0]["t"]
    for node in nodes:
        if node.label == "Person":
            assert stored[node.id] == (node.prop("name"), node.prop("name"))
    assert sorted((r["e"], r["t"]) for r in rels) == sorted((t, t) for t in HOSTILE)
    assert "X" not in types and set(labels) <= {"Person", "Organization", "Place", "Event", "Project", "Article"}

    # Loading the hostile records again is as idempotent as anything else.
    load(nodes, edges, neo4j_db, progress=False)
    assert snapshot(neo4j_db) == (after_nodes, after_rels)


def test_hostile_query_parameters_are_only_data(neo4j_db):
    base_nodes, base_edges = sample_graph().records()
    nodes, edges = hostile_records()
    load(base_nodes + nodes, base_edges + edges, neo4j_db, progress=False)
    before = snapshot(neo4j_db)
    timeline = runner.get("person_timeline")
    for text in HOSTILE:
        _, rows = runner.run(timeline, runner.bind(timeline, {"name": text}), neo4j_db)
        assert [(r["role"], r["event"], r["evidence"]) for r in rows] == [("ATTENDED", HOSTILE[1], text)]
    for query in runner.list_queries():
        params = {k: HOSTILE[0] if isinstance(v, str) else v for k, v in query.defaults.items()}
        runner.run(query, params, neo4j_db)
    assert snapshot(neo4j_db) == before


def test_a_title_too_long_to_index_is_loaded_cut_with_the_whole_kept(neo4j_db):
    """An 8 kB title once stopped the whole load ("Property value is too large to index")."""
    from kg.graph.schema import ARTICLE, MENTIONED_IN, PERSON

    title = "关于加快推进重点项目建设的实施意见" * 170            # 2,890 characters, 8.5 kB
    article = NodeRecord(id=node_id(ARTICLE, id="long-title"), label=ARTICLE,
                         props=(("name", title), ("title", title)))
    person = NodeRecord(id=node_id(PERSON, name="李安然", city="许昌市"), label=PERSON,
                        props=(("name", "李安然"), ("city", "许昌市")))
    edge = EdgeRecord(id=edge_id(person.id, MENTIONED_IN, article.id, "long-title"), source=person.id,
                      target=article.id, type=MENTIONED_IN,
                      props=(("article", "long-title"), ("evidence", "李安然"), ("confidence", 0.9)))
    summary = load([article, person], [edge], neo4j_db, progress=False)
    assert (summary.nodes, summary.edges) == (2, 1)
    with connect(neo4j_db) as driver:
        record = driver.execute_query("MATCH (a:Article {article_id: $id}) RETURN a.name AS name, "
                                      "a.name_full AS full, a.title AS title", id="long-title",
                                      database_=neo4j_db.database).records[0]
    assert record["full"] == title and record["title"] == title
    assert record["name"].endswith("…") and title.startswith(record["name"][:-1])
    assert len(record["name"].encode("utf-8")) <= 4000
