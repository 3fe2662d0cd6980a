"""`kg view ...` from the command line: paths printed, one-line errors."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import views
from kg.cli import app
from kg.graph import schema

runner = CliRunner()


def test_missing_store_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["view", "person", "马正兰", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no store at" in result.output and len(result.output.strip().splitlines()) == 1
    assert not list(Path.cwd().glob("view-person-*.html.partial"))


@pytest.fixture(scope="module")
def seed_store(seed_store_dir):
    from kg.graph.store import Store

    store = seed_store_dir
    with Store(store) as opened:
        graph = opened.to_networkx()
    return store, graph


@pytest.mark.seeds
def test_each_view_command_writes_the_page_and_prints_its_path(seed_store, tmp_path):
    store, graph = seed_store
    person = views.node_name(graph, views.most_active_person(graph))
    first = {label: next(views.node_name(graph, n) for n, a in sorted(graph.nodes(data=True))
                         if a["label"] == label)
             for label in (schema.EVENT, schema.ORGANIZATION, schema.PLACE)}
    commands = {
        "person": ["person", person, "--depth", "1"],
        "event": ["event", first[schema.EVENT]],
        "org": ["org", first[schema.ORGANIZATION]],
        "place": ["place", first[schema.PLACE]],
        "graph": ["graph", "--type", "Person,Event", "--min-degree", "1"],
    }
    for kind, args in commands.items():
        out = tmp_path / f"{kind}.html"
        result = runner.invoke(app, ["view", *args, "--store", str(store), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == str(out)
        page = out.read_text(encoding="utf-8")
        assert 'id="kg-legend"' in page and 'id="kg-data"' in page


@pytest.mark.seeds
def test_unknown_name_suggests_close_names(seed_store):
    store, graph = seed_store
    person = views.node_name(graph, views.most_active_person(graph))
    typo = person[:-1] + ("甲" if person[-1] != "甲" else "乙")
    result = runner.invoke(app, ["view", "person", typo, "--store", str(store)])
    assert result.exit_code == 1
    assert f"no Person (人物) named {typo!r}" in result.output and person in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.seeds
def test_cap_is_reported_on_stderr(seed_store, tmp_path):
    store, graph = seed_store
    out = tmp_path / "g.html"
    result = runner.invoke(app, ["view", "graph", "--store", str(store), "--out", str(out), "--max-nodes", "5"])
    assert result.exit_code == 0
    assert "drew 5 of" in result.output and "--max-nodes" in result.output
    assert 'id="kg-cap-note"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["graph", "--from", "June"], "--from 'June' is not a date"),
    (["graph", "--type", "Meeting"], "unknown node type 'Meeting'"),
    (["graph", "--from", "2022-07", "--to", "2022-06"], "--from 2022-07 is after --to 2022-06"),
    (["person", "某人", "--depth", "-1"], "--depth must be 0 or more"),
])
def test_bad_options_are_usage_errors_told_before_reading_the_store(tmp_path, args, message):
    result = runner.invoke(app, ["view", *args, "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert message in result.output and "no store" not in result.output
