"""Exports: triples/entities JSONL per the brief's contract, GraphML for Gephi, neo4j-admin CSV."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from kg.graph.ingest import resolve_into
from kg.graph.store import BuildWriter, Store
from kg.loaders import export
from kg.resolution.resolve import localise
from tests.graph_samples import first_half, samples, second_half


def build(path, *batches):
    for batch in batches:
        with BuildWriter(path) as w:
            for x in batch:
                w.put(localise(x))
            resolve_into(w)
    return Store(path)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with build(tmp_path_factory.mktemp("s"), samples()) as st:
        yield st


def dump(store, writer):
    buf = io.StringIO()
    writer(store, buf)
    return buf.getvalue()


def test_triples_follow_the_contract(store):
    lines = [json.loads(l) for l in dump(store, export.write_triples).splitlines()]
    assert lines and all(l["predicate"] != "MENTIONED_IN" for l in lines)
    for l in lines:
        assert list(l)[:3] == ["subject", "predicate", "object"]
        assert list(l)[-3:] == ["article", "evidence", "confidence"]
        assert set(l["subject"]) >= {"type", "name"}
    attended = [l for l in lines if l["predicate"] == "ATTENDED" and l["subject"]["name"] == "马正兰"
                and l["object"]["name"] == "全市中招考试安全工作视频会"]
    assert attended[0]["object"] == {"type": "Event", "name": "全市中招考试安全工作视频会", "date": "2022-06-15"}
    assert attended[0]["confidence"] == 0.9 and attended[0]["article"] == "a1"
    pos = [l for l in lines if l["predicate"] == "HOLDS_POSITION" and l["subject"]["name"] == "马正兰"
           and l["article"] == "a1"]
    assert {(l["object"]["name"], l["title"]) for l in pos} == {("许昌市委", "市委副书记"),
                                                                ("许昌市委政法委", "政法委书记")}
    assert pos[0]["subject"] == {"type": "Person", "name": "马正兰"}
    keys = [(l["article"], l["predicate"]) for l in lines]
    assert keys == sorted(keys)


def test_entities_have_type_name_properties_and_mentions(store):
    rows = [json.loads(l) for l in dump(store, export.write_entities).splitlines()]
    assert len(rows) == len(list(store.nodes()))
    place = next(r for r in rows if r["name"] == "西关街道")
    assert place["type"] == "Place" and place["mentions"] == 2
    assert place["properties"]["parent"] == "魏都区"
    assert [(r["type"], r["name"]) for r in rows] == sorted((r["type"], r["name"]) for r in rows)


def test_exports_are_byte_identical_across_rebuilds_and_halves(store, tmp_path):
    with build(tmp_path / "again", samples()[::-1], samples()) as again, \
            build(tmp_path / "halves", second_half(), first_half()) as halves:
        for writer in (export.write_triples, export.write_entities):
            assert dump(again, writer) == dump(store, writer) == dump(halves, writer)
    export.write_graphml(store, tmp_path / "a.graphml")
    with Store(tmp_path / "halves") as halves:
        export.write_graphml(halves, tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()


def test_graphml_opens_and_holds_only_scalars(store, tmp_path):
    n, m = export.write_graphml(store, tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.number_of_nodes() == n and g.number_of_edges() == m
    for _, attrs in g.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values())
    people = [a for _, a in g.nodes(data=True)
              if a.get("node_type") == "Person" and "市委副书记" in a.get("positions", "")]
    assert people and people[0]["positions"] == "市委副书记; 政法委书记"
    assert all("evidence" in a and "type" in a for *_, a in g.edges(data=True))


def test_csv_has_neo4j_admin_headers_and_every_record(store, tmp_path):
    files = export.write_csv(store, tmp_path)
    names = {p.name for p in files}
    assert {"nodes_Person.csv", "rels_ATTENDED.csv", "rels_HOLDS_POSITION.csv", "IMPORT.txt"} <= names
    with open(tmp_path / "nodes_Person.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["id:ID", ":LABEL", "name"]
    assert "positions:string[]" in rows[0] and "mentions:long" in rows[0]
    assert len(rows) - 1 == len(list(store.nodes("Person")))
    with open(tmp_path / "rels_HOLDS_POSITION.csv", encoding="utf-8") as fh:
        rels = list(csv.DictReader(fh))
    assert list(rels[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "confidence:double" in rels[0] and all(r[":TYPE"] == "HOLDS_POSITION" for r in rels)
    node_ids = set()
    for p in tmp_path.glob("nodes_*.csv"):
        with open(p, encoding="utf-8") as fh:
            node_ids |= {r["id:ID"] for r in csv.DictReader(fh)}
    for p in tmp_path.glob("rels_*.csv"):
        with open(p, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                assert r[":START_ID"] in node_ids and r[":END_ID"] in node_ids
    def line_count(path):
        with open(path, encoding="utf-8") as fh:
            return sum(1 for _ in fh)

    total = sum(line_count(p) for p in tmp_path.glob("rels_*.csv")) - len(list(tmp_path.glob("rels_*.csv")))
    assert total == len(list(store.edges()))
    assert "--nodes=nodes_Person.csv" in (tmp_path / "IMPORT.txt").read_text(encoding="utf-8")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export.check_format("xml")
