"""The graph of the five real seed pages: one node per person, known facts, reproducible builds."""
from __future__ import annotations

import io
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from kg.answers.careers import career_rows
from kg.answers.timeline import person_timeline
from kg.graph import ingest as pipeline
from kg.graph import schema
from kg.graph.store import Store
from kg.loaders import export

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"

pytestmark = [pytest.mark.seeds,
              pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed pages not found at {SEEDS}")]


@pytest.fixture(scope="module")
def seeds_store(seed_store_dir):
    with Store(seed_store_dir) as st:
        yield st


def exported(store_dir) -> str:
    buf = io.StringIO()
    with Store(store_dir) as st:
        export.write_triples(st, buf)
        export.write_entities(st, buf)
    return buf.getvalue()


def test_each_person_named_in_two_or_more_articles_is_one_node(seeds_store):
    articles_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    nodes_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    people = {n.id: n for n in seeds_store.nodes(schema.PERSON)}
    for e in seeds_store.edges(schema.MENTIONED_IN):
        if e.source in people:
            key = (people[e.source].prop("name"), people[e.source].prop("city"))
            articles_of[key].add(e.prop("article"))
            nodes_of[key].add(e.source)
    repeated = {k for k, arts in articles_of.items() if len(arts) >= 2}
    assert len(repeated) >= 4        # 马正兰, 赵鹏, reporters ... (guards against an empty graph)
    assert {k: nodes_of[k] for k in repeated if len(nodes_of[k]) != 1} == {}


def test_ma_zhenglan_is_one_person_with_two_positions_at_two_meetings_on_one_day(seeds_store):
    [ma] = seeds_store.find("马正兰", schema.PERSON)
    assert ma.prop("city") == "许昌市"
    assert {"市委副书记", "政法委书记"} <= set(ma.prop("positions"))
    attended = seeds_store.edges_from(ma.id, [schema.ATTENDED])
    events = seeds_store.nodes_by_id(e.target for e in attended)
    on_day = {n.prop("name") for n in events.values() if n.prop("date") == "2022-06-15"}
    assert len(on_day) >= 2
    assert "全市中招考试安全工作视频会" in on_day
    assert any("法学会" in name for name in on_day)


def test_the_exam_meeting_is_one_event_with_its_chair_and_speaker(seeds_store):
    meetings = [n for n in seeds_store.nodes(schema.EVENT) if n.prop("name") == "全市中招考试安全工作视频会"]
    assert len(meetings) == 1
    roles = {(seeds_store.node(e.source).prop("name"), e.type) for e in seeds_store.edges_to(meetings[0].id)
             if e.type in schema.PERSON_EVENT_ROLES}
    assert {("赵鹏", "CHAIRED"), ("马正兰", "ATTENDED"), ("马正兰", "SPOKE_AT")} <= roles


def test_zhao_peng_timeline_links_two_meetings_with_evidence(seeds_store):
    t = person_timeline(seeds_store, "赵鹏")
    assert "主持" in {r for l in t.lines if l.event == "全市中招考试安全工作视频会" for r in l.roles}
    assert "出席" in {r for l in t.lines if l.event == "市政府常务会议" for r in l.roles}
    for line in t.lines:
        assert line.date == "2022-06-15" and line.sources
        assert all(s.evidence and s.article_title for s in line.sources)


def test_the_career_table_holds_liu_tao_as_mayor_of_xuchang_with_his_date(seeds_store):
    # 市长刘涛主持…: a row dated by its article, whether the extractor names the body or not
    rows = [r for r in career_rows(seeds_store) if r.person == "刘涛"]
    assert [(r.city, r.title, r.first_seen, r.last_seen) for r in rows] == [
        ("许昌市", "市长", "2022-06-15", "2022-06-15")]
    row = rows[0]
    assert (row.basis == "title only") == (row.organization == "")
    assert row.first_article and "刘涛" in row.first_evidence
    # stated positions keep their body
    ma = {(r.title, r.organization) for r in career_rows(seeds_store, person="马正兰")}
    assert ("市委副书记", "许昌市委") in ma


def test_a_reporter_of_two_articles_is_one_node(seeds_store):
    [wu] = seeds_store.find("武芳", schema.PERSON)
    reported = seeds_store.edges_from(wu.id, [schema.REPORTED])
    assert len({e.prop("article") for e in reported}) == 2


def test_place_chain_street_in_district_in_city(seeds_store):
    [xiguan] = list(seeds_store.find("西关街道", schema.PLACE))
    parents = {seeds_store.node(e.target).prop("name") for e in seeds_store.edges_from(xiguan.id, [schema.LOCATED_IN])}
    assert parents == {"魏都区"}
    [weidu] = seeds_store.find("魏都区", schema.PLACE)
    grand = {seeds_store.node(e.target).prop("name") for e in seeds_store.edges_from(weidu.id, [schema.LOCATED_IN])}
    assert grand == {"许昌市"}


def test_building_twice_gives_byte_identical_exports(seeds_store, tmp_path):
    first = exported(seeds_store.path)
    again = tmp_path / "again"
    shutil.copytree(seeds_store.path, again)
    pipeline.ingest([SEEDS], again, jobs=1, progress=False)
    assert exported(again) == first
    pipeline.ingest([SEEDS], tmp_path / "fresh", jobs=1, progress=False)
    assert exported(tmp_path / "fresh") == first


def test_two_halves_give_the_graph_of_one_build(seeds_store, tmp_path):
    files = sorted(SEEDS.glob("*.txt"))
    pipeline.ingest(files[2:], tmp_path, jobs=1, progress=False)
    pipeline.ingest(files[:2], tmp_path, jobs=1, progress=False)
    assert exported(tmp_path) == exported(seeds_store.path)


def test_two_jobs_give_the_graph_of_one(seeds_store, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)
    summary = pipeline.ingest([SEEDS], tmp_path, jobs=2, progress=False)
    assert summary.jobs == 2
    assert exported(tmp_path) == exported(seeds_store.path)
