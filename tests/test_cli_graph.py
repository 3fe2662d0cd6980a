"""The real `kg` CLI: build, person, search, stats, export; errors; a build killed mid-write."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph.writer import FAULT_ENV, BuildWriter
from tests.graph_samples import generated_corpus

REPO = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg.cli"]


def kg(*args, env=None, cwd=None):
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=cwd or REPO,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generated_corpus(tmp_path_factory, 24, seed=5, papers=1)


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    run = kg("build", corpus, "--store", store, "--jobs", "1")
    assert run.returncode == 0, run.stderr
    return store, run


def some_person(store):
    run = kg("search", "", "--type", "Person", "--json", "--store", store)
    rows = [json.loads(l) for l in run.stdout.splitlines()]
    return max(rows, key=lambda r: (r["mentions"], r["name"]))["name"]


def test_build_prints_the_summary_table(built):
    _, run = built
    for row in ("articles built now", "persons", "organizations", "places", "events", "facts", "files skipped"):
        assert row in run.stdout
    assert "articles extracted" in run.stderr   # the progress bar


def test_build_with_a_skipped_file_exits_3_and_names_it(corpus, tmp_path):
    bad = tmp_path / "garbage.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage\x00" * 50)
    run = kg("build", corpus, bad, "--store", tmp_path / "s", "--no-progress")
    assert run.returncode == 3
    assert "garbage.txt" in run.stderr


def test_person_timeline_text_and_json(built):
    store, _ = built
    name = some_person(store)
    run = kg("person", name, "--store", store)
    assert run.returncode in (0, 1)
    if run.returncode == 1:   # several people of that name: a list to pick from
        assert "pick one" in run.stderr
        return
    assert name in run.stdout and "证据" in run.stdout and "来源" in run.stdout
    data = json.loads(kg("person", name, "--json", "--store", store).stdout)
    assert data["person"]["name"] == name
    assert {"articles", "events", "first_seen", "last_seen", "positions"} <= set(data["summary"])
    for line in data["timeline"]:
        assert {"date", "partial_date", "role", "roles", "event", "place", "co_participants", "positions",
                "sources"} <= set(line)
        assert line["role"] == "、".join(line["roles"]) and line["sources"]
        assert {"article_id", "article_title", "evidence"} <= set(line["sources"][0])


def test_person_errors_are_one_clear_line(built, tmp_path):
    store, _ = built
    run = kg("person", "不存在的人", "--store", store)
    assert run.returncode == 1 and run.stderr.strip() == "error: no person named 不存在的人 in the store"
    run = kg("person", "张三", "--store", tmp_path / "none")
    assert run.returncode == 1 and "no store at" in run.stderr
    run = kg("person", "张三", "--from", "2022-02-30", "--store", store)
    assert run.returncode == 2 and "bad date for --from" in run.stderr


def test_search_stats_and_exports(built, tmp_path):
    store, _ = built
    name = some_person(store)
    run = kg("search", name[:1], "--store", store)
    assert run.returncode == 0 and name in run.stdout
    run = kg("stats", "--store", store)
    assert run.returncode == 0 and "Person" in run.stdout and "most active officials" in run.stdout
    assert "most active journalists" in run.stdout
    out = tmp_path / "t.jsonl"
    assert kg("export", "triples", "--out", out, "--store", store).returncode == 0
    assert kg("export", "triples", "--store", store).stdout == out.read_text(encoding="utf-8")
    assert kg("export", "graphml", "--out", tmp_path / "g.graphml", "--store", store).returncode == 0
    assert kg("export", "csv", "--out", tmp_path / "csv", "--store", store).returncode == 0
    assert (tmp_path / "csv" / "nodes_Person.csv").is_file()
    run = kg("export", "xml", "--store", store)
    assert run.returncode == 2 and "unknown export format" in run.stderr


def test_a_second_build_on_a_busy_store_is_refused(corpus, tmp_path):
    with BuildWriter(tmp_path):
        run = kg("build", corpus, "--store", tmp_path, "--no-progress")
    assert run.returncode == 1 and "being built by kg build pid" in run.stderr


@pytest.mark.parametrize("point", ["after-put:5", "mid-graph"])  # every point: tests/test_store.py
def test_kg_build_killed_mid_write_keeps_the_previous_store_and_a_rerun_converges(corpus, tmp_path, point):
    files = sorted(corpus.rglob("*.txt"))
    store = tmp_path / "store"
    assert kg("build", *files[:2], "--store", store, "--no-progress").returncode == 0
    before = kg("export", "triples", "--store", store).stdout
    killed = kg("build", *files[2:], "--store", store, "--no-progress", env={FAULT_ENV: point})
    assert killed.returncode == -9
    assert kg("export", "triples", "--store", store).stdout == before
    assert kg("build", *files[2:], "--store", store, "--no-progress").returncode == 0
    assert kg("build", *files, "--store", tmp_path / "clean", "--no-progress").returncode == 0
    assert kg("export", "triples", "--store", store).stdout \
        == kg("export", "triples", "--store", tmp_path / "clean").stdout


def test_person_shows_a_title_given_without_its_body(tmp_path):
    # 市长X: the text names no organization, so there is no HOLDS_POSITION edge, yet the
    # timeline's header must still say who this is.
    page = tmp_path / "page.txt"
    page.write_text("本报讯(记者 甲乙)3月7日,市长柏云舟主持召开市政府常务会议。\n", encoding="utf-8")
    store = tmp_path / "s"
    assert kg("build", page, "--store", store, "--city", "漯河市", "--jobs", "1", "--no-progress").returncode == 0
    run = kg("person", "柏云舟", "--store", store)
    assert run.returncode == 0, run.stderr
    header = run.stdout.splitlines()[:3]
    # the body: none (title only), or the one the resolver reads off the title (inferred)
    assert any(line.strip().startswith("市长 · ") and ("title only" in line or "inferred" in line)
               for line in header), run.stdout


def test_build_neo4j_with_the_server_down_says_so_before_any_work(tmp_path):
    store = tmp_path / "s"
    run = kg("build", REPO / "corpus" / "sample", "--store", store, "--neo4j", "--no-progress",
             env={"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "secret-not-shown"})
    assert run.returncode == 1
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach Neo4j" in lines[0], run.stderr
    assert "secret-not-shown" not in run.stderr + run.stdout
    assert not store.exists()          # nothing was built: the error came first


def test_a_uri_is_for_the_spark_engine_and_said_so_in_one_line(tmp_path):
    done = kg("build", "s3a://bucket/pages", "--store", tmp_path / "store")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == "error: s3a://bucket/pages: a URI is read by --engine spark only " \
                                  "(or mount it and give its path)"
    done = kg("build", tmp_path, "--parquet", "hdfs://nn/out", "--store", tmp_path / "store")
    assert done.returncode == 2 and done.stderr.strip() == "error: --parquet is for --engine spark"
    assert not (tmp_path / "store").exists()
