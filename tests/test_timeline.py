"""`graph.timeline`: a person's dated activities from the store, with evidence and source."""
from __future__ import annotations

import pytest

from kg.answers.timeline import AmbiguousPerson, UnknownPerson, find_person, person_timeline
from kg.graph import schema
from kg.graph.ingest import resolve_into
from kg.graph.records import Extraction
from kg.graph.store import Store
from kg.graph.writer import BuildWriter
from kg.resolution.resolve import localise
from tests.graph_samples import LY, XC, article, event, fact, person, samples


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store")
    with BuildWriter(path) as w:
        for x in samples():
            w.put(localise(x))
        resolve_into(w)
    with Store(path) as st:
        yield st


def test_one_line_per_event_with_every_role_and_each_source(store):
    t = person_timeline(store, "赵鹏")
    assert t.person.city == XC and t.person.positions == ["副市长"]
    # chaired in a1, spoke in a5: one event, one line, both roles, both sources
    assert [(l.date, l.role, l.event) for l in t.lines] == [
        ("2022-06-15", "主持、讲话", "全市中招考试安全工作视频会"),
    ]
    line = t.lines[0]
    assert line.relations == ["CHAIRED", "SPOKE_AT"]
    assert line.positions == ["副市长 (许昌市人民政府)"]
    assert [(c.name, c.role) for c in line.co_participants] == [("马正兰", "出席、讲话")]
    assert [s.article_id for s in line.sources] == ["a1", "a5"]
    assert line.sources[0].article_title == "全市中招考试安全工作视频会召开"
    assert "赵鹏主持会议" in line.sources[0].evidence
    assert [(r.title, r.organization, r.first_seen, r.last_seen) for r in t.positions] == [
        ("副市长", "许昌市人民政府", "2022-06-15", "2022-06-15")]


def test_summary_counts_articles_events_and_span(store):
    t = person_timeline(store, "赵鹏")
    assert (t.summary.articles, t.summary.events, t.summary.reported) == (2, 1, 0)
    assert (t.summary.first_seen, t.summary.last_seen) == ("2022-06-15", "2022-06-16")
    assert t.summary.positions == ["副市长 (许昌市人民政府)"]


def test_limit_keeps_the_latest_lines_and_counts_the_rest(store):
    pid = schema.node_id("Person", name="马正兰", city=XC)
    full = person_timeline(store, "马正兰", person_id=pid)
    assert len(full.lines) == 2 and full.omitted == 0
    cut = person_timeline(store, "马正兰", person_id=pid, limit=1)
    assert cut.omitted == 1 and cut.lines == full.lines[-1:]


def test_a_person_at_two_events_on_one_day(store):
    t = person_timeline(store, "马正兰", person_id=schema.node_id("Person", name="马正兰", city=XC))
    assert t.person.positions == ["市委副书记", "政法委书记"]
    attended = [l for l in t.lines if "出席" in l.roles]
    assert len({l.event for l in attended}) == 2
    assert {l.date for l in attended} == {"2022-06-15"}
    place = {l.event: l.place for l in attended}
    assert place["市法学会第三届理事会第二次(扩大)会议"] == "西关街道"


def test_reporters_have_their_articles_as_timeline(store):
    t = person_timeline(store, "武芳")
    assert [(l.role, l.event, l.sources[0].article_id) for l in t.lines] == [
        ("报道", "全市中招考试安全工作视频会召开", "a1")]
    assert t.summary.reported == 1 and t.summary.events == 0


def test_from_to_filter_is_inclusive_and_drops_undated(store):
    assert person_timeline(store, "赵鹏", date_from="2022-06-16").lines == []
    assert len(person_timeline(store, "赵鹏", date_from="2022-06-15", date_to="2022-06-15").lines) == 1
    assert person_timeline(store, "刘保新").lines[0].date is None
    assert person_timeline(store, "刘保新", date_to="2030-01-01").lines == []


def test_same_name_lists_candidates_with_city_and_positions(store):
    with pytest.raises(AmbiguousPerson) as info:
        find_person(store, "马正兰")
    cands = {(c.city, tuple(c.positions)) for c in info.value.candidates}
    assert cands == {(XC, ("市委副书记", "政法委书记")), (XC, ("村党支部书记",)), (LY, ("市委常委",))}
    assert find_person(store, "马正兰", city="洛阳市").positions == ["市委常委"]
    # two of one city: the city does not decide, the id does
    with pytest.raises(AmbiguousPerson, match="--id"):
        find_person(store, "马正兰", city=XC)
    cadre = next(c for c in info.value.candidates if c.positions == ["村党支部书记"])
    assert find_person(store, "马正兰", person_id=cadre.id).id == cadre.id


def test_unknown_person(store):
    with pytest.raises(UnknownPerson, match="no person named 王五"):
        find_person(store, "王五")
    with pytest.raises(UnknownPerson, match="in 郑州"):
        find_person(store, "赵鹏", city="郑州")


def test_a_partial_date_is_shown_as_the_store_has_it(tmp_path):
    # the page gave 6月15日 and no year: the event keeps what is known, and says so
    s = "副市长赵鹏出席会议。"
    a = article("p1", "会议", s, XC, None, "p.txt")
    meeting = event("全市防汛工作会议", "--06-15")
    with BuildWriter(tmp_path) as w:
        w.put(localise(Extraction(a, entities=[person("赵鹏"), meeting],
                                  facts=[fact(person("赵鹏"), "ATTENDED", meeting, "p1", s)])))
        resolve_into(w)
    with Store(tmp_path) as st:
        [line] = person_timeline(st, "赵鹏").lines
        assert (line.date, line.partial_date) == ("--06-15", True)
        assert line.to_json()["partial_date"] is True
        assert person_timeline(st, "赵鹏", date_from="2022-01-01").lines == []   # no year: in no period
