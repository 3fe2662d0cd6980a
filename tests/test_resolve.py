"""Entity resolution across articles, on extraction records written for these tests."""
from __future__ import annotations

import json
import random

import pytest

from kg.graph import schema
from kg.graph.records import Extraction
from kg.resolution.merge import resolve
from kg.resolution.resolve import Contribution, event_identity, localise, sentence_with
from tests.graph_samples import LY, XC, article, fact, person, samples


@pytest.fixture(scope="module")
def graph():
    nodes, edges = resolve([localise(x) for x in samples()])
    return nodes, edges


def named(nodes, label, name):
    return [n for n in nodes if n.label == label and n.prop("name") == name]


def edges_of(edges, source=None, rel=None, target=None):
    return [e for e in edges if (source is None or e.source == source) and (rel is None or e.type == rel)
            and (target is None or e.target == target)]


def test_a_person_in_two_articles_is_one_node_with_all_positions(graph):
    nodes, edges = graph
    xc = [n for n in named(nodes, "Person", "马正兰") if n.prop("city") == XC
          and "市委副书记" in n.prop("positions")]
    assert len(xc) == 1
    ma = xc[0]
    assert ma.id == schema.node_id("Person", name="马正兰", city=XC)   # the main one has the plain id
    assert ma.prop("positions") == ("市委副书记", "政法委书记")
    attended = edges_of(edges, ma.id, "ATTENDED")
    assert {e.prop("article") for e in attended} == {"a1", "a2"}
    events = {e.target for e in attended}
    assert len(events) == 2   # two different meetings on one day
    assert {n.prop("date") for n in nodes if n.id in events} == {"2022-06-15"}


def test_same_name_other_city_is_another_person(graph):
    nodes, _ = graph
    cities = sorted(n.prop("city") for n in named(nodes, "Person", "马正兰"))
    assert cities == sorted([XC, XC, LY])


def test_same_name_same_city_with_unrelated_positions_is_split(graph):
    nodes, edges = graph
    xc = [n for n in named(nodes, "Person", "马正兰") if n.prop("city") == XC]
    assert len(xc) == 2
    cadre = next(n for n in xc if n.prop("positions") == ("村党支部书记",))
    assert cadre.id == schema.node_id("Person", name="马正兰", city=XC, discriminator="张庄村")
    assert {e.prop("article") for e in edges_of(edges, cadre.id)} == {"a3"}


def test_positions_under_one_city_are_one_person():
    # 市长 (许昌市人民政府) in one article, 市委副书记 (许昌市委) in another: one 刘涛
    from tests.graph_samples import org
    xs = []
    for aid, o, title in (("b1", "许昌市人民政府", "市长"), ("b2", "许昌市委", "市委副书记")):
        s = f"{title}刘涛出席。"
        xs.append(Extraction(article(aid, "t", s, XC, "2022-06-01", f"{aid}.txt"), facts=[
            fact(person("刘涛"), "HOLDS_POSITION", org(o), aid, s, title=title)]))
    nodes, _ = resolve([localise(x) for x in xs])
    [liu] = [n for n in nodes if n.label == "Person"]
    assert liu.prop("positions") == ("市长", "市委副书记")


def test_mentions_without_positions_go_to_the_main_person():
    base = samples()
    s = "马正兰强调,要压实责任。"
    extra = Extraction(article("a9", "强调", s, XC, "2022-06-17", "p9.txt"), entities=[person("马正兰")])
    nodes, edges = resolve([localise(x) for x in base + [extra]])
    main = schema.node_id("Person", name="马正兰", city=XC)
    mentioned = [e for e in edges if e.type == "MENTIONED_IN" and e.prop("article") == "a9"]
    assert [e.source for e in mentioned] == [main]


def test_headline_and_body_are_one_event_and_every_sentence_is_kept(graph):
    nodes, edges = graph
    ma = schema.node_id("Person", name="马正兰", city=XC)
    meetings = [n for n in nodes if n.label == "Event" and "中招" in n.prop("name")]
    assert len(meetings) == 1
    assert meetings[0].prop("name") == "全市中招考试安全工作视频会"
    [attended] = list(edges_of(edges, ma, "ATTENDED", meetings[0].id))
    assert attended.prop("confidence") == 0.9
    assert attended.prop("also_evidence") == ("全市中招考试安全工作视频会召开",)


def test_two_articles_about_one_meeting_merge_with_both_articles_evidence(graph):
    nodes, edges = graph
    [meeting] = [n for n in nodes if n.label == "Event" and "中招" in n.prop("name")]
    # a5 typed it "other"; the specific type wins the vote and is part of the id
    assert meeting.prop("type") == "meeting"
    assert meeting.id == schema.node_id("Event", type="meeting", date="2022-06-15",
                                        name=event_identity("全市中招考试安全工作视频会"), discriminator=XC)
    articles = {e.prop("article") for e in edges_of(edges, target=meeting.id)}
    assert articles == {"a1", "a5"}
    mentioned = {e.prop("article") for e in edges_of(edges, meeting.id, "MENTIONED_IN")}
    assert mentioned == {"a1", "a5"}


def test_undated_events_of_one_name_stay_apart(graph):
    nodes, _ = graph
    undated = [n for n in nodes if n.label == "Event" and n.prop("name") == "主题党日活动" and not n.prop("date")]
    assert len(undated) == 2


def test_place_with_and_without_its_parent_is_one_node_in_a_chain(graph):
    nodes, edges = graph
    [xiguan] = named(nodes, "Place", "西关街道")
    assert xiguan.prop("parent") == "魏都区" and xiguan.prop("level") == "town"
    [weidu] = named(nodes, "Place", "魏都区")
    [city] = named(nodes, "Place", XC)
    assert edges_of(edges, xiguan.id, "LOCATED_IN", weidu.id)
    assert edges_of(edges, weidu.id, "LOCATED_IN", city.id)
    assert edges_of(edges, rel="HELD_IN", target=xiguan.id)   # from a2, which named no parent
    assert city.id == schema.node_id("Place", name=XC, parent="")


def test_every_edge_has_provenance_and_schema_endpoints(graph):
    nodes, edges = graph
    label = {n.id: n.label for n in nodes}
    for e in edges:
        src_labels, dst_labels = schema.REL_ENDPOINTS[e.type]
        assert label[e.source] in src_labels and label[e.target] in dst_labels, e
        assert e.prop("article") and isinstance(e.prop("confidence"), float)
        assert e.prop("evidence"), e
    # the fact Person-LOCATED_IN->Event is outside the schema: dropped, and counted
    assert localise(samples()[1]).dropped == 1


def test_evidence_is_verbatim_from_the_article_or_its_byline():
    for x in samples():
        bylines = {f"{role}{name}" for role, names in (("记者", x.article.reporters),
                                                       ("通讯员", x.article.correspondents)) for name in names}
        contribution = localise(x)
        for node in contribution.nodes:
            if node.label != "Article":
                assert node.evidence in x.article.text or node.evidence in bylines


def test_bylines_become_reported_edges(graph):
    nodes, edges = graph
    [wu] = named(nodes, "Person", "武芳")
    [rep] = edges_of(edges, wu.id, "REPORTED")
    assert rep.target == schema.node_id("Article", id="a1")
    assert "记者武芳" in rep.prop("evidence")


def test_output_is_independent_of_input_order_and_serialisation():
    contributions = [localise(x) for x in samples()]
    expected = resolve(contributions)
    shuffled = contributions[:]
    random.Random(7).shuffle(shuffled)
    assert resolve(shuffled) == expected
    round_trip = [Contribution.from_json(json.loads(json.dumps(c.to_json(), ensure_ascii=False)))
                  for c in contributions]
    assert resolve(round_trip) == expected
    nodes, edges = expected
    assert [n.id for n in nodes] == sorted(n.id for n in nodes)
    assert len({e.id for e in edges}) == len(edges)


def test_event_identity_drops_quotes_head_and_tail():
    assert event_identity("全市“五星”支部创建推进会召开") == "五星支部创建推进会"
    assert event_identity("召开") == "召开"


def test_sentence_with_finds_the_whole_sentence():
    text = "第一句。马正兰出席会议并讲话,赵鹏主持。第三句"
    assert sentence_with(text, "赵鹏") == "马正兰出席会议并讲话,赵鹏主持。"
    assert sentence_with(text, "第三") == "第三句"
    assert sentence_with(text, "王五") == ""


def test_a_page_is_its_folder_and_name_wherever_the_archive_lives():
    # events of a day of unknown year stay on their page; moving the archive, or reading it
    # by URI on Spark, must not make them other events
    from kg.resolution.resolve import page_of
    assert page_of("/data/xcrb/2022/p02.txt") == page_of("hdfs://nn:8020/archive/2022/p02.txt") == "2022/p02.txt"
    assert page_of("file:/tmp/seeds/001.txt") == page_of("seeds/001.txt") == "seeds/001.txt"
    assert page_of("C:\\papers\\xcrb\\p01.txt") == "xcrb/p01.txt"
    assert page_of("/data/a/p01.txt") != page_of("/data/b/p01.txt")
