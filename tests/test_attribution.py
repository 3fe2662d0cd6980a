"""The evidence-attribution check (evaluation.attribution) and the build's date line and
the stats' post counts, on pages written for these tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluation.attribution import check, check_store
from kg.graph import ingest as pipeline
from kg.graph import schema
from kg.graph.elements import EdgeRecord
from kg.graph.records import Article
from kg.graph.store import Store
from kg.reading.reader import read_paths
from kg.resolution.coverage import date_coverage, position_coverage
from tests.test_columns import FLOOD, FLOOD_REST, FOOD, FOOD_REST, MASTHEAD, MEETING

REPO = Path(__file__).resolve().parents[1]
INDEX = "导读\n\n钱文博出席全市节水宣传周启动仪式\n\n02 | 要闻\n"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    path = folder / "qcrb-20230412-01.txt"
    path.write_text(MASTHEAD + MEETING + FLOOD_REST + FOOD_REST + FLOOD + "\n\n" + FOOD + "\n\n" + INDEX,
                    encoding="utf-8")
    return path


def edge(article_id: str, evidence: str, rel: str = schema.MENTIONED_IN) -> EdgeRecord:
    props = (("article", article_id), ("evidence", evidence), ("confidence", 0.9))
    return EdgeRecord(f"e:{evidence[:6]}", "Person:x", "Article:y", rel, props)


def test_the_check_tells_own_page_misplaced_and_absent_evidence(page):
    articles = [a for a in read_paths([page]) if isinstance(a, Article)]
    by_title = {a.title: a for a in articles}
    meeting, flood = by_title["周立新主持召开市政府常务会议"], by_title["全市防汛工作会议召开"]
    nodes = {schema.node_id(schema.ARTICLE, id=a.id): (str(page), a.title) for a in articles}
    report = check([
        edge(meeting.id, "副市长钱文博、孙丽出席会议。"),                   # its own text
        edge(meeting.id, "会上,孙丽向各县区防汛责任人颁发了防汛任务书。"),   # the flood article's
        edge(articles[0].id, "钱文博出席全市节水宣传周启动仪式"),           # the page's 导读 line
        edge(meeting.id, "市长周立新出席颁奖仪式。"),                       # on no page
    ], nodes)
    assert (report.facts, report.counts["own"], report.counts["misplaced"], report.counts["page"],
            report.counts["absent"]) == (4, 1, 1, 1, 1)
    [misplaced] = [f for f in report.findings if f.kind == "misplaced"]
    assert misplaced.found_in == flood.title and misplaced.article == meeting.title


def test_a_built_interleaved_page_has_every_fact_in_its_own_article(page, tmp_path):
    summary = pipeline.ingest([page], tmp_path / "store", jobs=1, progress=False)
    assert summary.problems == []
    with Store(tmp_path / "store") as st:
        report = check_store(st)
        events = [n.prop("name") for n in st.nodes(schema.EVENT)]
        dates = date_coverage(st.nodes(schema.ARTICLE))
        posts = position_coverage(st.nodes(schema.PERSON), st.edges(schema.HOLDS_POSITION))
    assert report.facts > 10 and report.counts["misplaced"] == report.counts["absent"] == 0
    assert not any("节水" in name for name in events)          # no event from the 导读 line
    assert (dates.articles, dates.dated) == (3, 3)
    assert posts.titled > 0 and posts.neither == []


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, "COLUMNS": "200"})


def test_build_says_how_many_articles_stayed_undated_and_stats_count_posts(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.txt").write_text(MEETING.replace("4月11日,", "近日,") + "\n", encoding="utf-8")
    (folder / "other.txt").write_text(FLOOD.replace("4月11日,", "11月11日上午,") + "。\n", encoding="utf-8")
    run = kg("build", folder, "--store", tmp_path / "store", "--jobs", "1", "--no-progress")
    assert run.returncode == 0, run.stderr
    assert "0 articles dated, 1 by month and day only (the page gives no year), 1 undated" in run.stdout
    assert "--date YYYY-MM-DD" in run.stdout
    stats = kg("stats", "--store", tmp_path / "store")
    assert stats.returncode == 0, stats.stderr
    assert "persons with a title" in stats.stdout and "with a post" in stats.stdout
