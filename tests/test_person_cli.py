"""`kg person` the light way (kg.cmd_person, no typer, click or rich) and the typer way read
command lines alike; the light way loads nothing heavy and prints the same words.
How fast: bench/person_latency.py.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

from kg import cmd_graph, cmd_person
from kg.answers import timeline
from kg.answers.timeline import PersonSummary, PersonTimeline, TimelineLine, TimelineSummary
from kg.common import check_period
from kg.graph import schema
from kg.graph.ingest import resolve_into
from kg.graph.store import Store
from kg.graph.writer import BuildWriter
from kg.resolution.resolve import localise
from tests.graph_samples import samples

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store")
    with BuildWriter(path) as w:
        for x in samples():
            w.put(localise(x))
        resolve_into(w)
    return path


def kg(*args, env=None, importtime=False) -> subprocess.CompletedProcess:
    """`python -m kg.cli ARGS` piped, as a script would run it."""
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "kg.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, **(env or {})}, timeout=120)


def person_command():
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("person")(cmd_graph.person_cmd)
    return typer.main.get_command(app).commands["person"]


def typer_reads(args: list[str]) -> cmd_person.PersonQuery:
    """What the typer command makes of `kg person ARGS` (click's parse, then its date check)."""
    p = person_command().make_context("person", list(args)).params
    date_from, date_to = check_period(p["date_from"], p["date_to"])
    return cmd_person.PersonQuery(p["name"], p["city"], p["person_id"], date_from, date_to, p["limit"],
                                  p["as_json"], Path(p["store"]))   # typer makes the Path


@pytest.mark.parametrize("args", [
    ["马正兰"],
    ["马正兰", "--store", "/s", "--json"],
    ["--store=/s", "马正兰", "-n", "0"],
    ["马正兰", "--city", "洛阳", "--id", "Person:1", "--limit", "7"],
    ["马正兰", "--from", "2022-06-01", "--to=2022-06-30"],
    ["马正兰", "--from", "20220601"],                     # an ISO form Python reads: both normalise it
    ["马正兰", "--city", "--json"],                       # a value that looks like an option is a value
    ["马正兰", "--limit", "05", "--limit", "3"],          # the last one counts
    ["-", "--store", ""],
])
def test_the_light_parser_reads_a_command_line_as_typer_does(args, monkeypatch):
    monkeypatch.delenv(cmd_person.STORE_ENV, raising=False)
    assert cmd_person.parse(args, {}) == typer_reads(args)


def test_the_store_comes_from_kg_store_unless_given(monkeypatch):
    monkeypatch.setenv(cmd_person.STORE_ENV, "/from-env")
    env = {cmd_person.STORE_ENV: "/from-env"}
    for args in (["甲"], ["甲", "--store", "/given"]):
        assert cmd_person.parse(args, env) == typer_reads(args)
    assert cmd_person.parse(["甲"], env).store == Path("/from-env")


@pytest.mark.parametrize("args", [
    [], ["甲", "乙"], ["甲", "--help"], ["-h"], ["甲", "--limit", "x"], ["甲", "-n", "-1"], ["甲", "-n5"],
    ["甲", "--from", "2022-02-30"], ["甲", "--from", "2022-07-01", "--to", "2022-06-01"], ["甲", "--sto", "/s"],
    ["甲", "--json=yes"], ["甲", "--city"], ["--", "甲"],
])
def test_what_the_light_parser_does_not_take_goes_to_typer(args):
    assert cmd_person.parse(args, {}) is None


def test_both_ways_know_the_same_options():
    declared = {opt for p in person_command().params if p.param_type_name == "option"
                for opt in (*p.opts, *p.secondary_opts)}
    assert declared - {"--help"} == cmd_person.options()
    store = next(p for p in person_command().params if p.name == "store")
    assert store.envvar == cmd_person.STORE_ENV


def loaded_modules(importtime_stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in importtime_stderr.splitlines()
            if line.startswith("import time:") and "|" in line} - {"package"}


HEAVY = ("typer", "click", "rich", "jieba", "numpy", "networkx", "pandas", "neo4j", "kg.resolution",
         "kg.extraction", "kg.graph.increment", "kg.app", "kg.common", "kg.cmd_graph")


def test_kg_person_loads_neither_typer_nor_rich_nor_anything_heavy(store):
    run = kg("person", "赵鹏", "--store", store, importtime=True)
    assert run.returncode == 0 and run.stdout.startswith("赵鹏"), run.stdout + run.stderr
    loaded = loaded_modules(run.stderr)
    assert {"kg.cmd_person", "kg.answers.timeline", "kg.graph.store", "sqlite3"} <= loaded
    assert not {m for m in loaded if m.startswith(HEAVY)}
    assert "logging" not in loaded   # loaded when there is something to say (below)
    # the errors a user meets take the light way too
    run = kg("person", "不存在的人", "--store", store, importtime=True)
    assert run.returncode == 1 and "error: no person named 不存在的人 in the store" in run.stderr
    assert not {m for m in loaded_modules(run.stderr) if m.startswith(HEAVY)}


def test_help_and_usage_errors_are_typer_s(store):
    run = kg("person", "--help")
    assert run.returncode == 0 and "Usage:" in run.stdout and "--limit" in run.stdout
    run = kg("person", "赵鹏", "--limit", "x", "--store", store)
    assert run.returncode == 2 and "--limit" in run.stderr and "Traceback" not in run.stderr
    run = kg("person", "赵鹏", "--from", "2022-07-01", "--to", "2022-06-01", "--store", store)
    assert run.returncode == 2 and run.stderr.strip() == "error: --from 2022-07-01 is after --to 2022-06-01"


def test_the_light_way_and_typer_print_the_same(store):
    light = kg("person", "赵鹏", "--store", store)
    # -n5 is not the light parser's: typer reads it, and the same code prints
    both = kg("person", "赵鹏", "--store", store, "-n50")
    assert light.returncode == both.returncode == 0 and light.stdout == both.stdout and light.stdout
    light = kg("person", "赵鹏", "--json", "--store", store)
    typer_way = kg("person", "赵鹏", "--json", "--store", store, "--limit=0", "-n0")
    assert json.loads(light.stdout) == json.loads(typer_way.stdout)


def test_several_people_of_one_name_are_listed_to_pick_from(store):
    run = kg("person", "马正兰", "--store", store)
    assert run.returncode == 1, run.stdout + run.stderr
    found = json.loads(kg("person", "马正兰", "--json", "--store", store).stdout)["ambiguous"]
    lines = run.stderr.splitlines()
    assert lines[0] == "people named 马正兰" and lines[-1].startswith(f"error: {len(found)} people are named 马正兰")
    header, *rows = lines[1:-1]
    assert header.split() == ["city", "positions", "mentions", "id"] and len(rows) == len(found) > 1
    assert [r.split()[-1] for r in rows] == [c["id"] for c in found]
    # the id column starts at one terminal column on every row (a Chinese character is two wide)
    starts = {cmd_person.width(line[:line.index(part)]) for line, part in
              [(header, "id")] + [(r, r.split()[-1]) for r in rows]}
    assert len(starts) == 1


def sample_timeline(event: str) -> PersonTimeline:
    line = TimelineLine("2022-06-15", ["主持"], ["CHAIRED"], event, "Event:1", "meeting", None, [], [], [])
    return PersonTimeline(PersonSummary("Person:1", "甲乙", "许昌市", [], 1),
                          TimelineSummary(1, 1, 0, "2022-06-15", "2022-06-15", []), [], [line])


def test_text_from_pages_is_printed_as_it_is_and_styled_only_on_a_terminal():
    # brackets and colons of page text are neither markup nor emoji codes
    event = "[bold]会议[/] :smile: 召开"
    plain = cmd_person.timeline_text(sample_timeline(event), cmd_person.Styles(False))
    assert f"2022-06-15 主持 {event}\n" in plain and "\x1b" not in plain
    styled = cmd_person.timeline_text(sample_timeline(event), cmd_person.Styles(True))
    assert "\x1b[1m2022-06-15\x1b[0m \x1b[36m主持\x1b[0m " + event in styled
    assert cmd_person.Styles.for_stream(io.StringIO()).on is False   # piped: no styles
    # control characters of a page (an older store may keep them) never reach the terminal
    shown = cmd_person.timeline_text(sample_timeline("会议\x1b[2J召开\x07\n第二行\x9b"), cmd_person.Styles(False))
    assert "2022-06-15 主持 会议[2J召开 第二行\n" in shown


def test_a_reader_that_stops_early_gets_no_traceback(store):
    # `kg person ... | head -1`: the pipe closes before the output is written
    cmd = [sys.executable, "-m", "kg.cli", "person", "赵鹏", "--store", str(store)]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
    assert "Traceback" not in err and "BrokenPipe" not in err


@pytest.mark.parametrize("label", [schema.ARTICLE, schema.EVENT])
def test_nodes_are_looked_up_by_id_not_through_the_label_index(store, label):
    # SQLite without statistics would walk every Article of the label index for a chunk of
    # 500 ids (a busy official's articles): 4x slower at 16k articles
    with Store(store) as st:
        sql: list[str] = []
        st.db.set_trace_callback(sql.append)
        st.node_columns(label, [f"{label}:{i}" for i in range(500)], ("title", "date"))
        st.db.set_trace_callback(None)
        plan = str(st.db.execute("EXPLAIN QUERY PLAN " + sql[-1]).fetchall())
    assert "nodes_label" not in plan and "sqlite_autoindex_nodes_1" in plan


def test_a_person_lookup_reads_no_table_whole(store):
    # every statement of a timeline goes by key or index: its cost is the person's, not the store's
    with Store(store) as st:
        sql: list[str] = []
        st.db.set_trace_callback(sql.append)
        found = timeline.person_timeline(st, "赵鹏")
        st.db.set_trace_callback(None)
        assert found.lines and found.positions
        plans = {q: [row[3] for row in st.db.execute("EXPLAIN QUERY PLAN " + q)] for q in sql}
    assert any("title_sightings" in q for q in plans) and any("article_dates" in q for q in plans)
    scans = {q: p for q, p in plans.items() if any(step.startswith("SCAN") for step in p)}
    assert not scans
    # the person's thousands of relationships come from the index alone
    relationships = [p for q, p in plans.items() if q.startswith("SELECT id, type, target, article FROM edges")]
    assert relationships and all("COVERING INDEX edges_source" in step for p in relationships for step in p)


def test_a_name_is_looked_up_by_the_name_index(store):
    # `kg person NAME` starts by finding the name; through the label index it walked every person
    with Store(store) as st:
        sql: list[str] = []
        st.db.set_trace_callback(sql.append)
        assert st.find("赵鹏", schema.PERSON)
        st.db.set_trace_callback(None)
        plan = str(st.db.execute("EXPLAIN QUERY PLAN " + sql[-1]).fetchall())
    assert "nodes_name" in plan and "nodes_label" not in plan
