"""Facts a reader would sign, on the five real seed pages: each evidence sentence in the
article it is attributed to, no event from 导读 lines, no national leader under a city, a
date on every article whose text gives one, a post or a reason for every titled person."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluation.attribution import check_store
from kg.graph import schema
from kg.graph.records import Article
from kg.graph.store import Store
from kg.reading.dates import find_dateline
from kg.reading.reader import read_paths
from kg.resolution.coverage import position_coverage
from kg.resolution.naming import is_national_body, is_national_title

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
PAGE_001 = SEEDS / "001_f7dda7cb8a471f7b.txt"

pytestmark = [pytest.mark.seeds,
              pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed pages not found at {SEEDS}")]


@pytest.fixture(scope="module")
def store(seed_store_dir):
    with Store(seed_store_dir) as st:
        yield st


def test_interleaved_columns_of_001_go_back_to_their_articles():
    found = {a.title: a for a in read_paths([PAGE_001]) if isinstance(a, Article)}
    meeting = found["刘涛主持召开市政府常务会议"]
    law = found["市法学会第三届理事会第二次(扩大)会议召开"]
    exam = found["全市中招考试安全工作视频会召开"]
    assert "马正兰" not in meeting.body and "中考" not in meeting.body and "法学会" not in meeting.body
    assert "法治实践有效对接与合作机制" in law.body and law.body.endswith("颁发了聘书。")
    assert "把防失泄密" in exam.body and exam.body.endswith("赵鹏对具体工作进行了安排。")


def test_every_evidence_is_in_its_own_article(store):
    report = check_store(store)
    assert report.facts > 200
    assert (report.counts["misplaced"], report.counts["absent"], report.counts["unread"]) == (0, 0, 0)


def test_no_event_comes_from_an_index_line(store):
    index = {line for a in read_paths([SEEDS]) if isinstance(a, Article)
             for key, value in a.extra if key == "digest" for line in value}
    assert index   # page 001 has a 导读 list
    events = {n.id for n in store.nodes(schema.EVENT)}
    cited = [e for e in store.edges() if (e.source in events or e.target in events)
             and str(e.prop("evidence") or "").strip() in index]
    assert cited == []


def test_no_national_leader_is_filed_under_a_city(store):
    persons = {n.id: n for n in store.nodes(schema.PERSON)}
    orgs = {n.id: n for n in store.nodes(schema.ORGANIZATION)}
    national = {e.source for e in store.edges(schema.HOLDS_POSITION)
                if is_national_body(str(orgs[e.target].prop("name"))) or is_national_title(str(e.prop("title")))}
    national |= {pid for pid, n in persons.items() if any(is_national_title(t) for t in n.prop("positions") or ())}
    assert national   # 习近平 总书记 is relayed on page 001
    assert [persons[p].prop("name") for p in national if persons[p].prop("city")] == []


def test_every_article_whose_text_gives_a_date_has_one(store):
    for article in read_paths([SEEDS]):
        assert isinstance(article, Article)
        first = article.body.split("\n", 1)[0]
        line = find_dateline(first, article.page_date)
        gives = bool(article.page_date) or bool(line and (line.iso or line.partial))
        stored = store.node(schema.node_id(schema.ARTICLE, id=article.id)).prop("date")
        assert bool(stored) == gives, (article.title, stored)


def test_every_titled_person_has_a_post_or_a_reason(store):
    posts = position_coverage(store.nodes(schema.PERSON), store.edges(schema.HOLDS_POSITION))
    assert posts.titled > 50 and posts.neither == []
    [liu] = [n for n in store.nodes(schema.PERSON) if n.prop("name") == "刘涛"]
    held = [(e.prop("title"), store.node(e.target).prop("name"), e.prop("inferred_from_title"))
            for e in store.edges_from(liu.id, [schema.HOLDS_POSITION])]
    assert held == [("市长", "许昌市人民政府", True)]
