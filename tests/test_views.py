"""Views: selection (ego, filters, cap), rendering (legend, roles, hovers), escaping, and
big views (layout in Python, compact data, shared sentences stored once)."""
from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import pytest
from test_views_data import HOSTILE_NAMES, GraphMaker, city_graph, hostile_graph, sample_graph, star_graph

from kg import views
from kg.graph import schema
from kg.views.layout import UNIT_PX, compute_layout
from kg.views.page import script_json, vendor_assets
from kg.views.rendering import BIG_VIEW_EVIDENCE, canvas_label
from kg.views.style import PHYSICS_MAX_NODES

DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def page_data(html: str) -> dict:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def unpack(data: dict) -> dict:
    """The page's compact data with every reference resolved: nodes and edges as dicts
    named by nodeFields / edgeFields, rows as [name, value], evidence as dicts."""
    def record(rec, fields, defaults):
        return {f: rec[i] if i < len(rec) else defaults.get(f) for i, f in enumerate(fields)}

    def evidence(ev):
        text, article = data["sentences"][ev[0]]
        text = data["texts"][text]
        title, paper, date = data["articles"][article]
        return {"text": text, "title": title, "paper": data["papers"][paper] if paper >= 0 else None,
                "date": data["dates"][date] if date >= 0 else None, "confidence": ev[1],
                "type": data["types"][ev[2]], "ends": ev[3:]}

    defaults = {"centre": 0, "x": None, "y": None, "date": -1, "rows": [], "evidence": [], "more": 0,
                "facts": 0, "articles": 0, "dates": []}
    nodes = [record(rec, data["nodeFields"], defaults) for rec in data["nodes"]]
    for n in nodes:
        n["rows"] = [[data["keys"][k], v] for k, v in n["rows"]]
        n["evidence"] = [evidence(ev) for ev in n["evidence"]]
        for ev in n["evidence"]:
            ev["ends"] = [nodes[e]["name"] if isinstance(e, int) else e for e in ev["ends"]]
        n["date"] = data["dates"][n["date"]] if n["date"] >= 0 else None
        n["canvas"] = n["canvas"] or n["name"]
    edges = [record(rec, data["edgeFields"], defaults) for rec in data["edges"]]
    for e in edges:
        e["from"], e["to"] = nodes[e["from"]]["name"], nodes[e["to"]]["name"]
        e["label"], e["short"] = data["labels"][e["label"]]
        e["types"] = [data["types"][t] for t in e["types"]]
        e["rows"] = [[data["keys"][k], v] for k, v in e.get("rows") or []]
        e["evidence"] = [evidence(ev) for ev in e["evidence"]]
        e["dates"] = [data["dates"][d] for d in e["dates"]]
    return {"nodes": nodes, "edges": edges}


def rendered(graph, selection) -> dict:
    return unpack(page_data(views.render(graph, selection)))


def node_named(graph, name: str) -> str:
    return next(n for n, a in graph.nodes(data=True) if a.get("name") == name)


class Tags(HTMLParser):
    """Every start tag with its attributes; script and style bodies are not parsed as HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def page_without_vendor(html: str) -> str:
    js, css = vendor_assets()
    assert html.count(js) == 1 and html.count(css) == 1
    return html.replace(js, "").replace(css, "")


# --------------------------------------------------------------------------- escaping

@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_person_view_adds_no_markup_and_keeps_the_name_literally(name):
    graph = hostile_graph()
    html = views.render(graph, views.select_ego(graph, schema.PERSON, name))
    tags = parse(html)
    # exactly the page's own three scripts: the data block, vis-network, the page script
    assert [t for t, _ in tags.tags].count("script") == 3
    assert not [t for t, _ in tags.tags if t in ("img", "iframe", "object", "embed", "b", "i", "u")]
    for tag, attrs in tags.tags:
        assert not [a for a in attrs if a.lower().startswith("on")], (tag, attrs)
        assert tag != "svg" or set(attrs) <= {"width", "height", "viewbox", "aria-hidden"}
    # the heading shows the name as text, whatever it holds
    assert f"人物：{name}" in "".join(tags.text)
    data = unpack(page_data(html))
    names = {n["name"] for n in data["nodes"]}
    assert name in names
    evidence = [e["text"] for n in data["nodes"] for e in n["evidence"]]
    assert f"{name}出席<img src=x onerror=alert(5)>会议。" in evidence
    titles = [e["title"] for edge in data["edges"] for e in edge["evidence"]]
    assert "<b>标题</b></script><script>alert(3)</script>" in titles


def test_hostile_graph_view_raw_strings_never_reach_the_page():
    graph = hostile_graph()
    html = page_without_vendor(views.render(graph, views.select_graph(graph)))
    for raw in ("<script>alert", "<img", "<svg onload", "</script><script>", "<!--", "<i>机构", "<u>书记"):
        assert raw not in html
    assert html.lower().count("</script>") == 3


def test_script_json_cannot_close_or_comment_its_script():
    text = script_json({"k": "</script><!-- <script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(str(text)) == {"k": "</script><!-- <script> & \u2028"}


# --------------------------------------------------------------------------- offline

def test_page_fetches_nothing_from_the_network():
    graph = sample_graph()
    html = views.render(graph, views.select_graph(graph))
    own = page_without_vendor(html)
    assert "http" not in own.lower()
    assert "//" not in re.sub(r"<script>.*?</script>", "", own, flags=re.S)  # no protocol-relative links
    for tag, attrs in parse(html).tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    js, css = vendor_assets()
    # the inlined bundle mentions URLs only in its licence comment and the SVG namespace
    for asset in (js, css):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import|<link|<script\s+src", asset, re.I)


# --------------------------------------------------------------------------- readable

def test_legend_lists_the_drawn_types_with_counts():
    graph = sample_graph()
    html = views.render(graph, views.select_ego(graph, schema.PERSON, "甲乙丙", depth=1))
    legend = re.search(r'<div class="legend" id="kg-legend">(.*?)</div>', html, re.S).group(1)
    assert re.search(r'data-label="Person".*?人物 <span class="count">1</span>', legend, re.S)
    assert re.search(r'data-label="Event".*?事件 <span class="count">2</span>', legend, re.S)
    assert re.search(r'data-label="Organization".*?机构 <span class="count">1</span>', legend, re.S)
    assert "Project" not in legend  # nothing of that type is drawn
    shapes = {label: kind["shape"] for label, kind in page_data(html)["kinds"].items()}
    assert shapes == {"Person": "dot", "Event": "diamond", "Organization": "square"}


def test_edges_read_as_chinese_role_words_and_titles():
    graph = sample_graph()
    data = rendered(graph, views.select_graph(graph))
    labels = {(e["from"], e["to"]): e["label"] for e in data["edges"]}
    assert labels[("甲乙丙", "全市中招考试安全工作视频会")] == "出席、讲话"
    assert labels[("赵丁", "全市中招考试安全工作视频会")] == "主持"
    assert labels[("甲乙丙", "重点项目建设调研")] == "调研"
    assert labels[("甲乙丙", "许昌市委")] == "市委副书记"
    assert labels[("洛阳市", "某新能源有限公司")] == "签约"
    # two articles state 甲乙丙's position: one drawn edge, both sentences in its hover
    position = next(e for e in data["edges"] if e["label"] == "市委副书记")
    assert [ev["title"] for ev in position["evidence"]] == ["全市中招考试安全工作视频会召开", "市领导调研重点项目建设"]
    assert position["facts"] == 2 and position["articles"] == 2
    signing = next(e for e in data["edges"] if e["label"] == "签约")
    assert signing["rows"] == [["项目", "新能源电池项目"]]


def test_events_are_labelled_with_their_dates():
    graph = sample_graph()
    data = rendered(graph, views.select_graph(graph))
    canvas = {n["name"]: n["canvas"] for n in data["nodes"]}
    assert canvas["全市中招考试安全工作视频会"] == "全市中招考试安全工作视频会 · 2022-06-15"
    assert canvas["新能源项目签约仪式"] == "新能源项目签约仪式 · 2022-07-02"
    assert canvas["甲乙丙"] == "甲乙丙"  # people are not dated on the canvas
    long = GraphMaker()
    event = long.node(schema.EVENT, "全市" + "重点项目" * 8 + "推进会", type="meeting", date="2022-06-15")
    person = long.node(schema.PERSON, "某甲", city="许昌市")
    long.fact(person, schema.ATTENDED, event, long.article("x", "标题", "2022-06-15"), "某甲出席推进会。")
    label = canvas_label(long.graph, event)
    assert label.endswith("… · 2022-06-15") and len(label) < 40  # the name shortened, the date whole


def test_node_hover_has_type_positions_dates_and_evidence_with_article_title():
    graph = sample_graph()
    data = page_data(views.render(graph, views.select_ego(graph, schema.PERSON, "甲乙丙")))
    assert data["kinds"]["Person"]["name"] == "人物"
    tip = next(n for n in unpack(data)["nodes"] if n["name"] == "甲乙丙")
    rows = dict(tip["rows"])
    assert tip["label"] == "Person"
    assert rows["职务"] == "市委副书记（许昌市委）"
    assert rows["日期"] == "2022-06-15 至 2022-06-20"
    assert rows["活动"] == "出席 1、讲话 1、调研 1"
    assert rows["城市"] == "许昌市"
    assert {"text": "甲乙丙到魏都区调研重点项目建设。", "title": "市领导调研重点项目建设", "paper": "许昌日报",
            "date": "2022-06-20", "confidence": 90, "type": schema.LED,
            "ends": ["甲乙丙", "重点项目建设调研"]} in tip["evidence"]
    event = next(n for n in unpack(data)["nodes"] if n["name"] == "全市中招考试安全工作视频会")
    assert dict(event["rows"])["日期"] == "2022-06-15" and dict(event["rows"])["类型"] == "会议"
    assert event["date"] == "2022-06-15"


def test_node_size_follows_degree_over_the_whole_graph():
    graph = sample_graph()
    html = views.render(graph, views.select_graph(graph))
    value = {n["name"]: n["value"] for n in rendered(graph, views.select_graph(graph))["nodes"]}
    assert value["甲乙丙"] == 3          # 许昌市委, the meeting, the inspection (articles not counted)
    assert value["全市中招考试安全工作视频会"] == 3  # 甲乙丙, 赵丁, 许昌市委
    assert value["钱戊"] == 1
    # an ego view of depth 1 draws fewer nodes but the same sizes
    ego = rendered(graph, views.select_ego(graph, schema.PERSON, "赵丁", depth=1))
    assert {n["name"]: n["value"] for n in ego["nodes"]}["全市中招考试安全工作视频会"] == 3
    options = page_data(html)["options"]
    assert options["nodes"]["scaling"]["max"] > options["nodes"]["scaling"]["min"]
    # a filtered graph view sizes (and ranks) by the degree inside what it keeps
    filtered = rendered(graph, views.select_graph(graph, types=["Person", "Event"]))
    assert {n["name"]: n["value"] for n in filtered["nodes"]}["甲乙丙"] == 2


def test_small_view_settles_once_in_the_page_and_is_the_same_every_time():
    graph = sample_graph()
    selection = views.select_graph(graph)
    first, second = views.render(graph, selection), views.render(graph, selection)
    assert first == second
    data = page_data(first)
    assert data["layout"] == "physics" and data["options"]["physics"]["stabilization"]["enabled"]
    assert "randomSeed" in data["options"]["layout"]
    assert all(n["x"] is None for n in unpack(data)["nodes"])  # vis-network places them
    assert "setOptions({physics: {enabled: false}})" in first
    # small views draw every node when the page opens
    assert re.search(r'<input type="checkbox" id="kg-unconnected" checked>', first)


# --------------------------------------------------------------------------- cap

def test_cap_keeps_the_centre_and_the_page_says_what_was_left_out():
    graph = star_graph(400)
    selection = views.select_ego(graph, schema.PERSON, "人员0007", max_nodes=300)
    assert len(selection.nodes) == 300 and selection.candidates == 401
    assert selection.nodes[0] == node_named(graph, "人员0007")
    assert selection.nodes[1] == node_named(graph, "全市大会")  # nearer first
    assert selection.omitted == {schema.PERSON: 101}
    html = views.render(graph, selection)
    note = re.search(r'<div class="note" id="kg-cap-note">(.*?)</div>', html, re.S).group(1)
    assert "共 401 个" in note and "未显示 101 个（人物 101）" in note
    assert "<code>--max-nodes 401</code>" in note and "<code>--depth 1</code>" in note
    assert len(page_data(html)["nodes"]) == 300


def test_no_cap_note_when_everything_fits():
    graph = star_graph(10)
    html = views.render(graph, views.select_graph(graph))
    assert "kg-cap-note" not in html and len(page_data(html)["nodes"]) == 11


def test_graph_view_cap_keeps_the_most_connected():
    graph = star_graph(50)
    selection = views.select_graph(graph, max_nodes=5)
    assert selection.nodes[0] == node_named(graph, "全市大会")
    assert selection.omitted == {schema.PERSON: 46}
    assert "--min-degree 2" in selection.narrow


# --------------------------------------------------------------------------- selection

def test_ego_depth():
    graph = sample_graph()
    def names(sel):
        return {views.node_name(graph, n) for n in sel.nodes}

    assert names(views.select_ego(graph, schema.PERSON, "甲乙丙", depth=0)) == {"甲乙丙"}
    assert names(views.select_ego(graph, schema.PERSON, "甲乙丙", depth=1)) == {
        "甲乙丙", "许昌市委", "全市中招考试安全工作视频会", "重点项目建设调研"}
    assert names(views.select_ego(graph, schema.PERSON, "甲乙丙", depth=2)) == {
        "甲乙丙", "许昌市委", "全市中招考试安全工作视频会", "重点项目建设调研", "赵丁", "魏都区"}
    assert names(views.select_ego(graph, schema.PLACE, "洛阳市", depth=1)) == {
        "洛阳市", "新能源项目签约仪式", "某新能源有限公司", "新能源电池项目"}
    assert names(views.select_ego(graph, schema.ORGANIZATION, "许昌市委", depth=1)) == {
        "许昌市委", "甲乙丙", "全市中招考试安全工作视频会"}


def test_articles_are_drawn_only_when_asked():
    graph = sample_graph()
    plain = views.select_ego(graph, schema.EVENT, "全市中招考试安全工作视频会", depth=1)
    assert all(views.node_label(graph, n) != schema.ARTICLE for n in plain.nodes)
    with_articles = views.select_ego(graph, schema.EVENT, "全市中招考试安全工作视频会", depth=1, articles=True)
    drawn = {views.node_name(graph, n) for n in with_articles.nodes}
    assert "全市中招考试安全工作视频会召开" in drawn
    data = rendered(graph, with_articles)
    assert "MENTIONED_IN" in {t for e in data["edges"] for t in e["types"]}


def test_lookup_by_id_by_unique_part_and_suggestions():
    graph = sample_graph()
    meeting = node_named(graph, "全市中招考试安全工作视频会")
    assert views.find_nodes(graph, schema.EVENT, meeting) == [meeting]
    assert views.find_nodes(graph, schema.EVENT, "中招考试") == [meeting]
    assert views.find_nodes(graph, schema.PERSON, " 甲乙丙 ") == [node_named(graph, "甲乙丙")]
    with pytest.raises(views.ViewError, match=r"no Person \(人物\) named '甲乙丁'.*did you mean: 甲乙丙"):
        views.find_nodes(graph, schema.PERSON, "甲乙丁")
    with pytest.raises(views.ViewError, match="no Event .*; 新能源电池项目 is a Project$"):
        views.find_nodes(graph, schema.EVENT, "新能源电池项目")  # a project, not an event
    with pytest.raises(views.ViewError) as caught:
        views.find_nodes(graph, schema.EVENT, "项目")  # two events contain it
    assert "新能源项目签约仪式" in str(caught.value) and "\n" not in str(caught.value)


def test_same_name_in_two_cities_is_two_centres_and_city_picks_one():
    g = GraphMaker()
    g.graph = sample_graph()
    other = g.node(schema.PERSON, "甲乙丙", city="安阳市")
    event = g.node(schema.EVENT, "安阳会议", type="meeting", date="2022-06-01")
    article = g.article("ay", "安阳会议召开", "2022-06-01", newspaper="安阳日报")
    g.fact(other, schema.ATTENDED, event, article, "甲乙丙出席安阳会议。")
    both = views.select_ego(g.graph, schema.PERSON, "甲乙丙", depth=1)
    assert len(both.centres) == 2 and "--city" in both.notes[0]
    one = views.select_ego(g.graph, schema.PERSON, "甲乙丙", depth=1, city="安阳")
    assert one.centres == (other,)


def test_filters_type_dates_city_min_degree():
    graph = sample_graph()
    def names(**kw):
        return {views.node_name(graph, n) for n in views.select_graph(graph, **kw).nodes}

    assert names(types=["Event"]) == {"全市中招考试安全工作视频会", "重点项目建设调研", "新能源项目签约仪式"}
    assert names(types=["人物,org"]) == {"甲乙丙", "赵丁", "钱戊", "许昌市委", "许昌市人民政府", "某新能源有限公司"}
    july = names(date_from="2022-07")
    assert july == {"钱戊", "新能源项目签约仪式", "洛阳市", "某新能源有限公司", "新能源电池项目"}
    june = names(date_from="2022-06-01", date_to="2022-06")
    assert "新能源项目签约仪式" not in june and {"甲乙丙", "魏都区", "许昌市"} <= june
    assert names(date_from="2022-06-16", date_to="2022-06-30") == {"甲乙丙", "重点项目建设调研", "魏都区",
                                                                  "许昌市", "许昌市委"}
    luoyang = names(city="洛阳市")
    assert luoyang == {"钱戊", "新能源项目签约仪式", "洛阳市", "某新能源有限公司", "新能源电池项目"}
    assert names(city="许昌") == names() - luoyang
    assert names(min_degree=3) == {"甲乙丙", "全市中招考试安全工作视频会", "洛阳市"}
    # degree among what the other filters keep: 甲乙丙 has 2 events, the meeting 2 people
    assert names(types=["Person", "Event"], min_degree=2) == {"全市中招考试安全工作视频会", "甲乙丙"}
    assert names(types=["Event"], min_degree=1) == set()
    assert schema.ARTICLE in {views.node_label(graph, n) for n in views.select_graph(graph, types=["文章"]).nodes}


@pytest.mark.parametrize("kwargs, message", [
    ({"types": ["Meeting"]}, "unknown node type 'Meeting'"),
    ({"date_from": "June"}, "--from 'June' is not a date"),
    ({"date_to": "2022/06/01"}, "--to '2022/06/01' is not a date"),
    ({"min_degree": -1}, "--min-degree must be 0 or more"),
    ({"max_nodes": 0}, "--max-nodes must be 1 or more"),
    ({"max_nodes": 8703}, "--max-nodes 8703 is more than a browser can draw (5000 at most); narrow the view"),
])
def test_bad_filters_are_one_line_errors(kwargs, message):
    with pytest.raises(views.ViewError, match=re.escape(message)):
        views.select_graph(sample_graph(), **kwargs)


def test_empty_selection_still_writes_a_page(tmp_path):
    graph = sample_graph()
    result = views.graph_view(graph, tmp_path / "empty.html", date_from="2030")
    html = result.path.read_text(encoding="utf-8")
    assert result.nodes == 0 and page_data(html)["nodes"] == []


def test_write_view_writes_the_file_whole(tmp_path):
    graph = sample_graph()
    result = views.person_view(graph, "甲乙丙", tmp_path / "sub" / "p.html")
    assert result.path.is_file() and result.nodes == 6 and result.edges == 6
    assert not list((tmp_path / "sub").glob("*.partial"))
    assert result.path.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_store_properties_positions_and_also_evidence_are_shown_once():
    graph = sample_graph()
    person = node_named(graph, "甲乙丙")
    graph.nodes[person]["positions"] = ("市委副书记",)           # as graph/resolve.py stores them
    key = next(k for _, v, k, t in graph.out_edges(person, keys=True, data="type") if t == schema.LED)
    graph.edges[person, node_named(graph, "重点项目建设调研"), key]["also_evidence"] = ("甲乙丙一行察看了施工现场。",)
    data = rendered(graph, views.select_ego(graph, schema.PERSON, "甲乙丙", depth=1))
    tip = next(n for n in data["nodes"] if n["name"] == "甲乙丙")
    assert [row for row in tip["rows"] if row[0] == "职务"] == [["职务", "市委副书记（许昌市委）"]]
    led = next(e for e in data["edges"] if e["types"] == [schema.LED])
    assert [ev["text"] for ev in led["evidence"]] == ["甲乙丙到魏都区调研重点项目建设。", "甲乙丙一行察看了施工现场。"]


# --------------------------------------------------------------------------- big views

def test_big_view_comes_laid_out_without_physics_and_hides_unconnected_nodes():
    graph = city_graph()
    selection = views.select_graph(graph)
    assert len(selection.nodes) > PHYSICS_MAX_NODES
    html = views.render(graph, selection)
    assert html == views.render(graph, selection)  # the same picture every time
    data = page_data(html)
    assert data["layout"] == "fixed" and data["options"]["physics"]["enabled"] is False
    nodes = unpack(data)["nodes"]
    spots = {(n["x"], n["y"]) for n in nodes}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)
    assert len(spots) == len(nodes)  # no two nodes on one spot
    # the twelve companies no fact ties to anything: hidden when the page opens, and said so
    assert re.search(r'<input type="checkbox" id="kg-unconnected">', html)
    note = re.search(r'<div class="note" id="kg-note-\d+">(.*?)</div>', html, re.S).group(1)
    assert "12 个节点与图中其他节点没有关系，默认隐藏" in note
    # and they are drawn below the rest, out of the way
    lonely = [n for n in nodes if "科技有限公司" in n["name"]]
    assert len(lonely) == 12
    assert min(n["y"] for n in lonely) > max(n["y"] for n in nodes if n not in lonely)


def test_big_view_stores_each_shared_sentence_once_and_lists_fewer_per_edge():
    graph = city_graph()
    html = views.render(graph, views.select_graph(graph))
    data = page_data(html)
    assert len(data["texts"]) == len(set(data["texts"]))
    assert len(data["sentences"]) == len({tuple(s) for s in data["sentences"]})
    # one sentence states a meeting's chair and its three guests, and three meetings have
    # the same four people: twelve edges (and the chair's position), the sentence stored
    # once; likewise one sentence of many articles
    sentence = "副市长赵一明主持会议，钱二明、孙三明、李四明出席。"
    assert html.count(sentence) == 1 and html.count("会议在东城区举行。") == 1
    edges = unpack(data)["edges"]
    users = [e for e in edges if any(ev["text"] == sentence for ev in e["evidence"])]
    assert len(users) == 13
    assert all(len(e["evidence"]) <= BIG_VIEW_EVIDENCE for e in edges)
    busiest = max(edges, key=lambda e: e["facts"])
    assert busiest["more"] == busiest["facts"] - len(busiest["evidence"]) > 0
    # every node's hover sentence is one the page holds for an edge already
    edge_texts = {ev["text"] for e in edges for ev in e["evidence"]}
    assert {ev["text"] for n in unpack(data)["nodes"] for ev in n["evidence"]} <= edge_texts


def test_big_view_edges_carry_their_dates_for_the_date_filter():
    graph = city_graph()
    data = unpack(page_data(views.render(graph, views.select_graph(graph))))
    held = [e for e in data["edges"] if e["types"] == [schema.HELD_IN]]
    assert held and all(len(e["dates"]) >= 1 for e in held)
    meetings = [n for n in data["nodes"] if n["name"] == "全市工作会议"]
    assert len({n["date"] for n in meetings}) == len(meetings) > 1  # one name, many dates ...
    assert all(n["canvas"] == f"全市工作会议 · {n['date']}" for n in meetings)  # ... told apart


def test_vendor_stylesheet_keeps_its_rules_without_the_unused_images():
    js, css = vendor_assets()
    assert "data:image" not in css and "div.vis-tooltip{" in css
    assert len(css) < 30_000 and len(js) > 400_000


# --------------------------------------------------------------------------- layout

def bipartite(people: int, events: int, per_event: int = 3) -> list[tuple[str, str]]:
    """Events each attended by `per_event` people, the busy ones more often."""
    return [(f"p{(e * (k + 1) * 7) % people if k else e % 5}", f"e{e}")
            for e in range(events) for k in range(per_event)]


def spread(positions: dict[str, tuple[int, int]], pairs) -> tuple[float, float]:
    """(mean edge length, mean distance between all nodes)."""
    points = list(positions.values())
    edge = sum(math.dist(positions[u], positions[v]) for u, v in pairs) / len(pairs)
    every = sum(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    return edge, every / (len(points) * (len(points) - 1) / 2)


@pytest.mark.parametrize("people, events", [(20, 60), (60, 340)])  # one component; then one past the skeleton
def test_layout_keeps_neighbours_near_and_nodes_apart(people, events):
    pairs = bipartite(people, events)
    nodes = sorted({n for pair in pairs for n in pair})
    positions = compute_layout(nodes, pairs, seed=7)
    assert set(positions) == set(nodes)
    assert positions == compute_layout(nodes, pairs, seed=7)
    edge, every = spread(positions, pairs)
    assert edge < 0.6 * every
    # nobody sits on anybody: nearly every node's nearest neighbour is a third of a unit away
    points = list(positions.values())
    nearest = sorted(min(math.dist(p, q) for q in points if q is not p) for p in points)
    assert nearest[len(nearest) // 20] > UNIT_PX / 3


def test_layout_packs_components_apart_and_unconnected_nodes_below():
    pairs = bipartite(10, 30) + [(f"x{i}", f"y{i % 4}") for i in range(12)] + [("solo-a", "solo-b")]
    lonely = [f"alone{i}" for i in range(7)]
    nodes = sorted({n for pair in pairs for n in pair}) + lonely
    positions = compute_layout(nodes, pairs, seed=7)

    def box(members):
        xs, ys = [positions[n][0] for n in members], [positions[n][1] for n in members]
        return min(xs), min(ys), max(xs), max(ys)

    parts = [[n for n in nodes if n[0] in "pe"], [n for n in nodes if n[0] in "xy"], ["solo-a", "solo-b"]]
    boxes = [box(part) for part in parts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]  # no overlap
    assert min(positions[n][1] for n in lonely) > max(b[3] for b in boxes)
    assert len({positions[n] for n in lonely}) == len(lonely)
