"""`kg load --bulk`: neo4j-admin on the CSV files of `kg export csv`, into a stopped database.

The neo4j tests run the real server and the real neo4j-admin (scripts/neo4j.sh): a
database made by the bulk path answers every query of queries/ with the rows a database
made by `kg load` answers, on the seed pages. The others check the CSV files against the
loader's rows and the swap journal, without a server.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import edge_id, node_id
from kg.loaders import export
from kg.loaders.neo4j_bulk import ARRAY_DELIMITER, SCRIPT, empty_list_rows
from kg.loaders.neo4j_writer import prepare

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


# ---------------------------------------------------------------- the CSV files, read back
def _typed(value: str, kind: str, delimiter: str):
    if kind.endswith("[]"):
        return [_typed(v, kind[:-2], delimiter) for v in value.split(delimiter)]
    return {"long": int, "double": float, "boolean": lambda v: v == "true"}.get(kind, str)(value)


def read_back(directory: Path, delimiter: str) -> tuple[dict, dict]:
    """The nodes and relationships neo4j-admin makes of the files: {id: (label, props)},
    {id: (type, start, end, props)}; an empty unquoted field is no property."""
    nodes, rels = {}, {}
    for path in sorted(directory.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            raw = fh.read()
        header, *rows = csv.reader(io.StringIO(raw, newline=""))
        quoted_rows = _quoted_cells(raw)
        assert len(quoted_rows) == len(rows) + 1
        for cells, quoted in zip(rows, quoted_rows[1:]):
            props, fixed = {}, {}
            for column, cell, was_quoted in zip(header, cells, quoted):
                name, _, kind = column.partition(":")
                if kind == "IGNORE":
                    continue
                if kind in ("ID", "LABEL", "START_ID", "END_ID", "TYPE"):
                    fixed[kind] = cell
                    if kind == "ID":
                        props[name] = cell
                    continue
                if cell == "" and not was_quoted:
                    continue
                if kind.endswith("[]") and cell == "":
                    continue  # neo4j-admin: an empty array field is no property
                props[name] = _typed(cell, kind or "string", delimiter)
            if "ID" in fixed:
                nodes[fixed["ID"]] = (fixed["LABEL"], props)
            else:
                rels[props["id"]] = (fixed["TYPE"], fixed["START_ID"], fixed["END_ID"], props)
    return nodes, rels


def _quoted_cells(text: str) -> list[list[bool]]:
    """For each record, whether each field was quoted (csv.reader does not say)."""
    records, fields, i, quoted_now = [], [], 0, False
    at_start = True
    while i < len(text):
        char = text[i]
        if at_start and char == '"':
            quoted_now = True
            i += 1
            while i < len(text):
                if text[i] == '"' and text[i + 1:i + 2] == '"':
                    i += 2
                elif text[i] == '"':
                    i += 1
                    break
                else:
                    i += 1
            at_start = False
            continue
        if char == ",":
            fields.append(quoted_now)
            quoted_now, at_start = False, True
        elif char == "\n":
            fields.append(quoted_now)
            records.append(fields)
            fields, quoted_now, at_start = [], False, True
        else:
            at_start = False
        i += 1
    return records


def hostile_records() -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Values a CSV can get wrong: quotes, commas, new lines, ';' inside list items, empty
    text, empty lists, numbers, booleans, a name too long for the index."""
    person = node_id("Person", name="李\"四\"", city="林石市")
    org = node_id("Organization", name="林石市,教育局")
    article = node_id("Article", id="a1")
    nodes = [NodeRecord(person, "Person", (("city", "林石市"), ("name", "李\"四\""),
                                            ("positions", ("局长;副书记", "主任")), ("no_post", ()))),
             NodeRecord(org, "Organization", (("aliases", ()), ("kind", ""), ("name", "林石市,教育局" * 300))),
             NodeRecord(article, "Article", (("date", "2022-06-15"), ("name", "标题"), ("title", "标题\n第二行"),
                                              ("reporters", ("王五",))))]
    props = (("article", "a1"), ("confidence", 0.9), ("evidence", "局长李\"四\"出席,\n讲话。"), ("title", "局长"),
             ("inferred_from_title", True))
    edges = [EdgeRecord(edge_id(person, "HOLDS_POSITION", org, "a1", "局长"), person, org, "HOLDS_POSITION", props),
             EdgeRecord(edge_id(person, "MENTIONED_IN", article, "a1"), person, article, "MENTIONED_IN",
                        (("article", "a1"), ("confidence", 1), ("evidence", "李四"), ("also_evidence", ())))]
    return nodes, edges


@pytest.mark.parametrize("delimiter", [export.ARRAY_DELIMITER, ARRAY_DELIMITER])
def test_the_csv_files_carry_what_kg_load_writes(tmp_path, delimiter):
    nodes, edges = hostile_records()
    prepared = prepare(nodes, edges)
    export.write_prepared_csv(prepared, tmp_path, mentions={}, dates={}, array_delimiter=delimiter)
    got_nodes, got_rels = read_back(tmp_path, delimiter)
    want_nodes = {row["id"]: (label, {**{k: v for k, v in row["props"].items() if v != []}, "id": row["id"],
                                      "sources": row["sources"]})
                  for label, rows in prepared.nodes.items() for row in rows}
    want_rels = {row["id"]: (key[0], row["source"], row["target"],
                             {**{k: v for k, v in row["props"].items() if v != []}, "id": row["id"]})
                 for key, rows in prepared.edges.items() for row in rows}
    if delimiter == ";":   # the readable delimiter cannot be escaped: ';' inside an item becomes '；'
        want_nodes[nodes[0].id][1]["positions"] = ["局长；副书记", "主任"]
    assert got_nodes == want_nodes
    assert got_rels == want_rels
    article = want_nodes[nodes[2].id][1]
    assert (article["article_id"], article["sources"]) == ("a1", ["a1"])
    assert want_nodes[nodes[0].id][1]["sources"] == ["a1"]


def test_empty_lists_are_given_after_the_import():
    nodes, edges = hostile_records()
    node_rows, edge_rows = empty_list_rows(prepare(nodes, edges))
    assert {row["id"]: row["props"] for rows in node_rows.values() for row in rows} == \
        {nodes[0].id: {"no_post": []}, nodes[1].id: {"aliases": []}}
    assert [row["props"] for rows in edge_rows.values() for row in rows] == [{"also_evidence": []}]


# ---------------------------------------------------------------- the swap journal
def test_an_interrupted_swap_is_finished_never_left_half_done(tmp_path):
    home = tmp_path / "home"
    live_db, live_tx = home / "data" / "databases" / "neo4j", home / "data" / "transactions" / "neo4j"
    new_db, new_tx = home / "bulk" / "data" / "databases" / "neo4j", home / "bulk" / "data" / "transactions" / "neo4j"
    old_db, old_tx = home / "bulk" / "old" / "databases", home / "bulk" / "old" / "transactions"
    for directory, text in ((live_db, "old"), (live_tx, "old"), (new_db, "new"), (new_tx, "new")):
        directory.mkdir(parents=True)
        (directory / "which").write_text(text)
    moves = [(live_db, old_db), (live_tx, old_tx), (new_db, live_db), (new_tx, live_tx)]
    (home / "bulk.swap").write_text("".join(f"{a}\t{b}\n" for a, b in moves))
    for source, target in moves[:3]:   # a crash after three of the four moves
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
    env = {**os.environ, "KG_NEO4J_HOME": str(home)}
    done = subprocess.run(["bash", str(SCRIPT), "finish-swap"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (live_db / "which").read_text() == (live_tx / "which").read_text() == "new"
    assert (old_db / "which").read_text() == (old_tx / "which").read_text() == "old"
    assert not (home / "bulk.swap").exists()


# ---------------------------------------------------------------- the real server and neo4j-admin
def kg(*args: str, settings) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USER": settings.user,
           "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=REPO, env=env, capture_output=True, text=True)


def server(action: str) -> None:
    done = subprocess.run(["bash", str(SCRIPT), action], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def unordered(value):
    """A value with its lists sorted: collect() and the order of tied rows are not defined in
    Cypher, and two databases store the same nodes in different places."""
    if isinstance(value, dict):
        return {k: unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((unordered(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def answers(settings) -> dict[str, list]:
    """Every query of the library with its default parameters: its rows, as JSON text."""
    from kg.queries import runner
    result = {}
    for query in runner.list_queries():
        _, rows = runner.run(query, runner.bind(query, {}), settings)
        result[query.name] = sorted(json.dumps(unordered(row), ensure_ascii=False, sort_keys=True) for row in rows)
    return result


def whole_graph(settings) -> tuple[list, list, list]:
    """Every node (labels, properties), relationship (type, ends, properties) and index."""
    from kg.loaders.neo4j_connection import connect
    with connect(settings) as driver:
        def rows(query):
            return sorted(json.dumps(r.data(), ensure_ascii=False, sort_keys=True)
                          for r in driver.execute_query(query, database_=settings.database).records)
        return (rows("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"),
                rows("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, "
                     "properties(r) AS props"),
                rows("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, state "
                     "RETURN name, type, labelsOrTypes, properties, options.indexConfig AS config, state"))


@pytest.mark.neo4j
def test_a_bulk_loaded_database_answers_every_query_as_kg_load(neo4j_db, tmp_path):
    settings = neo4j_db
    store = tmp_path / "seed-store"
    built = kg("build", str(SEEDS), "--store", str(store), "--no-progress", settings=settings)
    assert built.returncode == 0, built.stderr
    loaded = kg("load", "--store", str(store), "--no-progress", settings=settings)
    assert loaded.returncode == 0, loaded.stderr
    by_load, graph_by_load = answers(settings), whole_graph(settings)
    assert sum(map(len, by_load.values())) > 20   # the defaults find the seed pages' people

    running = kg("load", "--bulk", "--store", str(store), settings=settings)
    assert running.returncode == 1 and "is running" in running.stderr
    assert len(running.stderr.strip().splitlines()) <= 2   # the error (and the password warning): no traceback
    server("stop")
    try:
        written = kg("load", "--bulk", "--store", str(store), settings=settings)
        assert written.returncode == 1 and "not empty" in written.stderr and "--replace" in written.stderr
        bulk = kg("load", "--bulk", "--replace", "--store", str(store), settings=settings)
        assert bulk.returncode == 0, bulk.stderr
    finally:
        server("start")
    assert bulk.stdout.startswith("imported ")
    by_bulk, graph_by_bulk = answers(settings), whole_graph(settings)
    assert by_bulk == by_load
    assert graph_by_bulk == graph_by_load


def test_refusals_that_need_no_server_are_one_line(tmp_path):
    from kg.loaders.neo4j_connection import Neo4jSettings
    remote = kg("load", "--bulk", "--store", str(tmp_path), settings=Neo4jSettings(uri="bolt://example.org:7687"))
    assert remote.returncode == 1 and "another machine" in remote.stderr and "Traceback" not in remote.stderr
    missing = kg("load", "--bulk", "--store", str(tmp_path / "none"), settings=Neo4jSettings())
    assert missing.returncode == 1 and "no store at" in missing.stderr and "Traceback" not in missing.stderr
