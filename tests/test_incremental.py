"""Incremental builds: after any sequence of builds, replacements and removals, in any
batches, the store holds exactly merge.resolve() of the stored contributions; re-adding
the same articles changes and re-merges nothing; `kg remove` takes a file's facts away."""
from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.graph.ingest import extract_article, resolve_into
from kg.graph.records import ReadProblem
from kg.graph.store import DB_NAME, STORE_FORMAT, UPGRADED_FORMATS, Store, StoreError
from kg.graph.writer import BuildWriter
from kg.reading.reader import read_paths
from kg.resolution.merge import resolve
from kg.resolution.resolve import Contribution, localise
from tests.graph_samples import LY, Extraction, article, fact, generated_corpus, org, person, samples

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"   # ../shared beside the clone, as CI has it
KG = [sys.executable, "-m", "kg.cli"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generated_corpus(tmp_path_factory, 20, seed=11, papers=1)


def company(aid: str, name: str) -> Contribution:
    """An article on a company of 洛阳市 and its manager (written for this test)."""
    s = f"{name}负责人王建国介绍,项目进展顺利。"
    a = article(aid, "项目进展", s, LY, "2022-06-20", f"{aid}.txt")
    return localise(Extraction(a, entities=[person("王建国"), org(name, "enterprise")], facts=[
        fact(person("王建国"), "HOLDS_POSITION", org(name, "enterprise"), aid, s, title="负责人")]))


def decisive() -> list[Contribution]:
    """Articles whose arrival changes other articles' ids: one name, two people (samples a1-a3);
    a short form that stands for one full name until a second one fits (x1-x3)."""
    return [*(localise(x) for x in samples()),
            company("x1", "洛阳古都发展集团"), company("x2", "古都集团"), company("x3", "洛阳古都建设集团")]


DECISIVE = 10   # len(decisive()): the first articles of the corpus


@pytest.fixture(scope="module")
def corpus(generated) -> list[Contribution]:
    """The decisive articles, then generated pages and the seed pages (when present)."""
    paths = [generated, *([SEEDS] if SEEDS.is_dir() else [])]
    found = [extract_article(a) for a in read_paths(paths) if not isinstance(a, ReadProblem)]
    contributions = decisive() + [c for c in found if isinstance(c, Contribution)]
    assert len(decisive()) == DECISIVE and len(contributions) > 40
    return contributions


def variant(c: Contribution) -> Contribution:
    """The same article extracted differently (a rebuilt page): half its entities, and the
    edges between those."""
    nodes = c.nodes[: max(1, len(c.nodes) // 2)]
    keys = {n.key for n in nodes}
    edges = [e for e in c.edges if e.source in keys and e.target in keys]
    return dataclasses.replace(c, nodes=nodes, edges=edges)


def snapshot(path):
    with Store(path) as s:
        return list(s.nodes()), list(s.edges())


def build(path, contributions, batch):
    with BuildWriter(path, batch=batch) as w:
        for c in contributions:
            w.put(c)
        return resolve_into(w)


def expected(stored: dict[str, Contribution]):
    return resolve(list(stored.values()))


# A step: ("add", article indexes, which of them come as a variant) or ("remove", file indexes);
# indexes below DECISIVE come often, so the orders that move ids are tried.
index = st.one_of(st.integers(0, DECISIVE - 1), st.integers(0, 10_000))
steps = st.lists(st.one_of(
    st.tuples(st.just("add"), st.sets(index, min_size=1, max_size=25), st.sets(index, max_size=5)),
    st.tuples(st.just("remove"), st.sets(st.integers(0, 10_000), min_size=1, max_size=3), st.just(frozenset())),
), min_size=1, max_size=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps, batch=st.integers(1, 30))
def test_any_sequence_of_builds_and_removals_equals_resolving_what_is_stored(corpus, tmp_path_factory, steps, batch):
    store = tmp_path_factory.mktemp("store")
    files = sorted({c.file for c in corpus})
    stored: dict[str, Contribution] = {}
    for op, picks, variants in steps:
        if op == "add":
            chosen = sorted({i % len(corpus) for i in picks})
            alter = {i % len(corpus) for i in variants}
            put = [variant(corpus[i]) if i in alter else corpus[i] for i in chosen]
            build(store, put, batch)
            # a file built again replaces what it gave: its articles not built now are gone
            kept = {c.article_id for c in put}
            rebuilt = {c.file for c in put}
            stored = {a: c for a, c in stored.items() if c.file not in rebuilt or a in kept}
            stored.update((c.article_id, c) for c in put)
        else:
            gone = {files[i % len(files)] for i in picks}
            with BuildWriter(store, batch=batch) as w:
                w.remove_files(gone)
                resolve_into(w)
            stored = {a: c for a, c in stored.items() if c.file not in gone}
        assert snapshot(store) == expected(stored)
    # and a from-scratch build of what is stored gives the same bytes
    clean = tmp_path_factory.mktemp("clean")
    build(clean, sorted(stored.values(), key=lambda c: c.article_id, reverse=True), 1000)
    assert snapshot(store) == snapshot(clean)


def test_stored_articles_follow_the_decisions_a_new_article_changes(tmp_path):
    a1, a2, a3, *_ = [localise(x) for x in samples()]
    x1, x2, x3 = decisive()[-3:]
    stored = {c.article_id: c for c in (a3, x1, x2)}
    build(tmp_path, stored.values(), 10)
    assert snapshot(tmp_path) == expected(stored)
    before = {e.id for e in snapshot(tmp_path)[1]}
    # a1, a2 make the 许昌市委 马正兰 the main one: a3's cadre moves to another id;
    # x3 is a second full name 古都集团 could stand for: x2's short form stands for itself again
    for c in (a1, a2, x3):
        stored[c.article_id] = c
    build(tmp_path, [a1, a2, x3], 10)
    nodes, edges = snapshot(tmp_path)
    assert (nodes, edges) == expected(stored)
    moved = {e.id for e in edges if e.prop("article") in ("a3", "x2")} - before
    assert moved
    with BuildWriter(tmp_path) as w:
        w.remove_files(["p1.txt", "x3.txt"])
        resolve_into(w)
    for aid in ("a1", "a2", "x3"):
        del stored[aid]
    assert snapshot(tmp_path) == expected(stored)
    assert {e.id for e in snapshot(tmp_path)[1]} == before


def test_readding_the_same_articles_changes_and_merges_nothing(corpus, tmp_path):
    build(tmp_path, corpus, 7)
    before = snapshot(tmp_path)
    assert build(tmp_path, corpus[::-1], 5) == 0
    assert snapshot(tmp_path) == before


def test_one_new_article_merges_only_the_nodes_it_touches(corpus, tmp_path):
    *rest, last = corpus
    last = dataclasses.replace(last, article={**last.article, "file": "alone.txt"})   # its page's others stay
    build(tmp_path, rest, 50)
    with Store(tmp_path) as s:
        nodes_before = s.count_labels()
    merged = build(tmp_path, [last], 50)
    assert 0 < merged <= 3 * (len(last.nodes) + 1)   # its nodes, its article, a few whose ids moved
    assert sum(nodes_before.values()) > 10 * merged or len(corpus) < 10


def test_an_old_store_is_refused_with_one_line_and_left_alone(corpus, tmp_path):
    build(tmp_path, corpus[:3], 10)
    db = sqlite3.connect(tmp_path / DB_NAME)
    old = min(UPGRADED_FORMATS) - 1   # before the formats a build brings up to date
    db.execute("UPDATE meta SET value=? WHERE key='store_format'", (str(old),))
    db.execute("DROP TABLE mentions")
    db.commit()
    tables = db.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    db.close()
    message = f"has format {old}, this kg reads {STORE_FORMAT}; rebuild it into a new --store"
    with pytest.raises(StoreError, match=message):
        Store(tmp_path)
    with pytest.raises(StoreError, match=message):
        BuildWriter(tmp_path)
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert db.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == tables
    db.close()


def kg(*args):
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "COLUMNS": "200"})


def test_kg_remove_takes_away_what_only_those_files_gave(generated, tmp_path):
    files = sorted(generated.rglob("*.txt"))
    store, clean = tmp_path / "s", tmp_path / "clean"
    assert kg("build", *files, "--store", store, "--jobs", "1", "--no-progress").returncode == 0
    run = kg("remove", files[0], files[-1], "--store", store)
    assert run.returncode == 0, run.stderr
    assert "2 files" in run.stdout
    assert kg("build", *files[1:-1], "--store", clean, "--jobs", "1", "--no-progress").returncode == 0
    triples = kg("export", "triples", "--store", store).stdout
    assert triples and triples == kg("export", "triples", "--store", clean).stdout
    # the removed page's facts are gone unless another page states them too
    run = kg("remove", files[0], tmp_path / "never-built.txt", "--store", store)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f"error: not in store {store}: {files[0]}, {tmp_path / 'never-built.txt'} (name files as they were "
        f"given to kg build); nothing was removed"]
    assert kg("export", "triples", "--store", store).stdout == triples
    run = kg("remove", files[1], "--store", tmp_path / "none")
    assert run.returncode == 1 and "no store at" in run.stderr
