"""`kg.graph.ingest.ingest`: read -> extract -> resolve -> store, streaming, parallel, same output."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kg.graph import ingest as pipeline
from kg.graph.store import Store
from kg.loaders import export
from tests.graph_samples import generated_corpus

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generated_corpus(tmp_path_factory, 40, seed=3, papers=2)


def triples(store_dir) -> str:
    buf = io.StringIO()
    with Store(store_dir) as st:
        export.write_triples(st, buf)
        export.write_entities(st, buf)
    return buf.getvalue()


def test_build_summary_counts_what_the_store_holds(corpus, tmp_path):
    summary = pipeline.ingest([corpus], tmp_path, jobs=1, progress=False)
    assert summary.articles == summary.total_articles > 20
    assert summary.problems == []
    with Store(tmp_path) as st:
        assert summary.labels == st.count_labels()
        assert summary.labels["Person"] > 10 and summary.labels["Event"] > 0
        assert summary.facts == sum(n for t, n in st.count_types().items() if t != "MENTIONED_IN")


def test_two_jobs_give_the_same_graph_as_one(corpus, tmp_path, monkeypatch):
    pipeline.ingest([corpus], tmp_path / "one", jobs=1, progress=False)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)   # use the workers even on a small corpus
    used = []
    real = pipeline._in_workers
    monkeypatch.setattr(pipeline, "_in_workers", lambda items, jobs: used.append(jobs) or real(items, jobs))
    pipeline.ingest([corpus], tmp_path / "two", jobs=2, progress=True)
    assert used == [2]
    assert triples(tmp_path / "two") == triples(tmp_path / "one")


def test_workers_read_ahead_only_a_bounded_window(corpus):
    from kg.reading.reader import read_paths
    pulled = 0

    def counting():
        nonlocal pulled
        for item in read_paths([corpus]):
            if not isinstance(item, pipeline.ReadProblem):
                pulled += 1
                yield item

    results = pipeline._in_workers(counting(), 1)
    first = next(results)
    assert first and pulled <= pipeline.WINDOW_PER_JOB * pipeline.CHUNK
    results.close()


def test_files_built_in_two_runs_equal_one_run(corpus, tmp_path):
    files = sorted(p for p in corpus.rglob("*.txt"))
    pipeline.ingest(files, tmp_path / "one", jobs=1, progress=False)
    pipeline.ingest(files[len(files) // 2:], tmp_path / "halves", jobs=1, progress=False)
    pipeline.ingest(files[: len(files) // 2], tmp_path / "halves", jobs=1, progress=False)
    pipeline.ingest(files[:2], tmp_path / "halves", jobs=1, progress=False)   # and again: nothing changes
    assert triples(tmp_path / "halves") == triples(tmp_path / "one")


def test_unreadable_input_is_reported_and_the_rest_is_built(corpus, tmp_path):
    bad = tmp_path / "in" / "broken.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00\xff\xfe\x00" * 100)
    summary = pipeline.ingest([corpus, bad], tmp_path / "store", jobs=1, progress=False)
    assert [p.file for p in summary.problems] == [str(bad)]
    assert summary.articles > 20


def test_an_article_the_extractor_fails_on_is_a_problem_not_a_crash(corpus, tmp_path, monkeypatch):
    import kg.extraction.extract
    real = kg.extraction.extract.extract
    victims = []

    def flaky(article):
        if not victims:
            victims.append(article.id)
            raise ValueError("boom")
        return real(article)

    monkeypatch.setattr(kg.extraction.extract, "extract", flaky)
    summary = pipeline.ingest([corpus], tmp_path, jobs=1, progress=False)
    assert len(summary.problems) == 1 and victims[0] in summary.problems[0].reason
    assert "ValueError: boom" in summary.problems[0].reason
    assert summary.articles == summary.total_articles > 20
