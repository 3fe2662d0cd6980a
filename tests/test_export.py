"""Exports: triples/entities JSONL per the brief's contract, GraphML for Gephi, neo4j-admin CSV."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from kg.graph.ingest import resolve_into
from kg.graph.store import Store
from kg.graph.writer import BuildWriter
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
    # what kg load writes is imported (sources too); the mention count is for a reader only
    assert {"positions:string[]", "sources:string[]", "mentions:IGNORE"} <= set(rows[0])
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


# ---------------------------------------------------------------- dates and join keys
def test_a_fact_joins_to_its_article_node_and_carries_its_date(store):
    facts = [json.loads(l) for l in dump(store, export.write_triples).splitlines()]
    nodes = [json.loads(l) for l in dump(store, export.write_entities).splitlines()]
    articles = {n["properties"]["article"]: n for n in nodes if n["type"] == "Article"}
    assert set(articles) == {"a1", "a2", "a3", "a4", "a5", "a6", "a7"}
    for fact in facts:
        article = articles[fact["article"]]                  # every fact finds its article
        assert fact["date"] == article["properties"].get("date")
    chaired = next(f for f in facts if f["predicate"] == "CHAIRED")
    assert (chaired["article"], chaired["date"]) == ("a1", "2022-06-15")
    assert articles["a1"]["name"] == "全市中招考试安全工作视频会召开"
    undated = [f["date"] for f in facts if f["article"] == "a6"]     # a6 has no date at all
    assert undated and set(undated) == {None}


def test_graphml_labels_nodes_by_name_and_dates_edges_for_the_timeline(store, tmp_path):
    export.write_graphml(store, tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    zhao = next(a for _, a in g.nodes(data=True) if a.get("name") == "赵鹏")
    assert zhao["label"] == "赵鹏" and zhao["node_type"] == "Person"
    article = next(a for _, a in g.nodes(data=True) if a.get("node_type") == "Article" and a.get("article") == "a1")
    assert article["label"] == "全市中招考试安全工作视频会召开"
    chaired = [a for *_, a in g.edges(data=True) if a["type"] == "CHAIRED"]
    assert chaired and all((a["date"], a["start"], a["end"]) == ("2022-06-15",) * 3 for a in chaired)
    undated = [a for *_, a in g.edges(data=True) if a.get("article") == "a6"]
    assert undated and all("date" not in a and "start" not in a for a in undated)


def test_neo4j_admin_csv_carries_names_dates_and_the_article_key(store, tmp_path):
    export.write_csv(store, tmp_path)
    with open(tmp_path / "rels_HOLDS_POSITION.csv", encoding="utf-8") as fh:
        rels = list(csv.DictReader(fh))
    row = next(r for r in rels if r["start_name:IGNORE"] == "赵鹏")
    assert (row["end_name:IGNORE"], row["title"], row["date:IGNORE"], row["article"]) == \
        ("许昌市人民政府", "副市长", "2022-06-15", "a1")
    with open(tmp_path / "nodes_Article.csv", encoding="utf-8") as fh:   # Neo4j's join key, as kg load names it
        assert {r["article_id"] for r in csv.DictReader(fh)} == {"a1", "a2", "a3", "a4", "a5", "a6", "a7"}


# ---------------------------------------------------------------- research tables
ROWS = [{"person": "赵鹏", "title": "副市长", "articles": 2, "first_seen": "2022-06-15"},
        {"person": "马正兰", "title": "市委副书记", "articles": 1, "first_seen": None}]
COLUMNS = ("person", "title", "articles", "first_seen")


def test_tables_are_written_by_suffix_and_read_back_the_same(tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is the research extra")
    for name in ("t.csv", "t.jsonl", "t.xlsx"):
        assert export.write_table(ROWS, COLUMNS, tmp_path / name) == 2
    with open(tmp_path / "t.csv", encoding="utf-8") as fh:
        assert list(csv.reader(fh)) == [list(COLUMNS), ["赵鹏", "副市长", "2", "2022-06-15"],
                                         ["马正兰", "市委副书记", "1", ""]]
    lines = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(l) for l in lines] == ROWS
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert list(sheet.iter_rows(values_only=True)) == [COLUMNS, ("赵鹏", "副市长", 2, "2022-06-15"),
                                                      ("马正兰", "市委副书记", 1, None)]
    assert not list(tmp_path.glob("*.part"))      # no temp file left behind


def test_a_failed_table_write_leaves_no_file(tmp_path):
    class Broken(dict):
        def get(self, *_):
            raise RuntimeError("broken row")

    with pytest.raises(RuntimeError):
        export.write_table([ROWS[0], Broken()], COLUMNS, tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="name it .csv, .jsonl or .xlsx"):
        export.write_table(ROWS, COLUMNS, tmp_path / "t.txt")
