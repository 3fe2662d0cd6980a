"""Graphs for the view tests, built the way graph/ builds them (the networkx contract).

Names here are invented; the hostile ones are the strings issue 8 asks views to survive.
"""
from __future__ import annotations

import networkx as nx

from kg.graph import schema

HOSTILE_NAMES = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script><!--",
    "'})-[:X]->() DETACH DELETE n //",
    "王\u200b五\\\n\"引号\"",
)


class GraphMaker:
    """Adds nodes and facts with schema ids, as the store's to_networkx() returns them."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()

    def node(self, label: str, name: str, **props) -> str:
        key = {k: props.get(k) for k in schema.KEY_PROPERTIES[label] if k != "name"}
        node = schema.node_id(label, name=name, **key)
        self.graph.add_node(node, label=label, name=name, **props)
        return node

    def article(self, key: str, title: str, date: str, newspaper: str = "许昌日报") -> str:
        """Adds the Article node; returns the article id that facts carry in `article`."""
        node = schema.node_id(schema.ARTICLE, id=key)
        self.graph.add_node(node, label=schema.ARTICLE, name=title, title=title, date=date,
                            newspaper=newspaper, file=f"pages/{key}.txt", reporters=("记者甲",))
        return key

    def fact(self, source: str, rel: str, target: str, article: str, evidence: str,
             confidence: float = 0.9, **props) -> str:
        qualifier = str(props.get("title") or props.get("project") or "")
        key = schema.edge_id(source, rel, target, article, qualifier)
        self.graph.add_edge(source, target, key=key, type=rel, article=article,
                            evidence=evidence, confidence=confidence, **props)
        if rel not in (schema.MENTIONED_IN, schema.REPORTED):
            article_node = schema.node_id(schema.ARTICLE, id=article)
            for node in (source, target):
                mention = schema.edge_id(node, schema.MENTIONED_IN, article_node, article)
                self.graph.add_edge(node, article_node, key=mention, type=schema.MENTIONED_IN,
                                    article=article, evidence=evidence, confidence=1.0)
        return key


def sample_graph() -> nx.MultiDiGraph:
    """Two officials, three events in June 2022, organizations, places, a signing."""
    g = GraphMaker()
    a1 = g.article("a1", "全市中招考试安全工作视频会召开", "2022-06-15")
    a2 = g.article("a2", "市领导调研重点项目建设", "2022-06-20")
    a3 = g.article("a3", "洛阳签约新能源项目", "2022-07-02", newspaper="洛阳日报")
    ma = g.node(schema.PERSON, "甲乙丙", city="许昌市")
    zhao = g.node(schema.PERSON, "赵丁", city="许昌市")
    qian = g.node(schema.PERSON, "钱戊", city="洛阳市")
    party = g.node(schema.ORGANIZATION, "许昌市委", kind="party")
    gov = g.node(schema.ORGANIZATION, "许昌市人民政府", kind="government")
    company = g.node(schema.ORGANIZATION, "某新能源有限公司", kind="company")
    luoyang = g.node(schema.PLACE, "洛阳市", level="city")
    district = g.node(schema.PLACE, "魏都区", level="district", parent="许昌市")
    meeting = g.node(schema.EVENT, "全市中招考试安全工作视频会", type="meeting", date="2022-06-15")
    visit = g.node(schema.EVENT, "重点项目建设调研", type="inspection", date="2022-06-20")
    signing = g.node(schema.EVENT, "新能源项目签约仪式", type="signing", date="2022-07-02")
    project = g.node(schema.PROJECT, "新能源电池项目", city="洛阳市", investment="50亿元")

    s1 = "市委副书记、政法委书记甲乙丙出席会议并讲话。"
    g.fact(ma, schema.HOLDS_POSITION, party, a1, s1, title="市委副书记")
    g.fact(ma, schema.ATTENDED, meeting, a1, s1)
    g.fact(ma, schema.SPOKE_AT, meeting, a1, s1)
    g.fact(zhao, schema.HOLDS_POSITION, gov, a1, "副市长赵丁主持会议。", title="副市长")
    g.fact(zhao, schema.CHAIRED, meeting, a1, "副市长赵丁主持会议。")
    g.fact(meeting, schema.ORGANIZED_BY, party, a1, s1, confidence=0.7)
    g.fact(ma, schema.LED, visit, a2, "甲乙丙到魏都区调研重点项目建设。")
    g.fact(visit, schema.HELD_IN, district, a2, "甲乙丙到魏都区调研重点项目建设。")
    g.fact(ma, schema.HOLDS_POSITION, party, a2, "市委副书记甲乙丙指出……", title="市委副书记")
    g.fact(qian, schema.ATTENDED, signing, a3, "钱戊出席签约仪式。")
    g.fact(signing, schema.HELD_IN, luoyang, a3, "签约仪式在洛阳举行。")
    g.fact(luoyang, schema.SIGNED, company, a3, "洛阳市与某新能源有限公司签约新能源电池项目。",
           project="新能源电池项目")
    g.fact(project, schema.LOCATED_IN, luoyang, a3, "项目落户洛阳，总投资50亿元。")
    g.fact(district, schema.LOCATED_IN, g.node(schema.PLACE, "许昌市", level="city"), a2,
           "甲乙丙到魏都区调研重点项目建设。", confidence=0.6)
    return g.graph


def hostile_graph() -> nx.MultiDiGraph:
    """The sample graph plus people, an event and an article named with hostile strings."""
    g = GraphMaker()
    g.graph = sample_graph()
    bad_article = g.article("bad", "<b>标题</b></script><script>alert(3)</script>", "2022-06-16")
    meeting = g.node(schema.EVENT, '会议"><svg onload=alert(4)>', type="meeting", date="2022-06-16")
    party = g.node(schema.ORGANIZATION, "<i>机构</i>&amp;", kind="party")
    for name in HOSTILE_NAMES:
        person = g.node(schema.PERSON, name, city="许昌市")
        g.fact(person, schema.ATTENDED, meeting, bad_article, f"{name}出席<img src=x onerror=alert(5)>会议。")
        g.fact(person, schema.HOLDS_POSITION, party, bad_article, f"{name}任职。", title="<u>书记</u>")
    return g.graph


def star_graph(people: int) -> nx.MultiDiGraph:
    """One meeting attended by `people` persons: for the node cap."""
    g = GraphMaker()
    article = g.article("star", "大会召开", "2022-05-01")
    meeting = g.node(schema.EVENT, "全市大会", type="meeting", date="2022-05-01")
    for i in range(people):
        person = g.node(schema.PERSON, f"人员{i:04d}", city="许昌市")
        g.fact(person, schema.ATTENDED, meeting, article, f"人员{i:04d}出席大会。")
    return g.graph


SURNAMES = "赵钱孙李周吴郑王冯陈"
GIVEN = "一二三四五六七八九十"


def official(i: int) -> str:
    """An invented name per number: 赵一明, 钱一明 ... 陈十明."""
    return f"{SURNAMES[i % 10]}{GIVEN[i // 10 % 10]}明"


def city_graph(people: int = 60, events: int = 160, isolated: int = 12) -> nx.MultiDiGraph:
    """Half a year of a city's meetings, for big views: `events` meetings dated March to
    August 2022 (every tenth named 全市工作会议, so one name has many dates), each chaired
    by one of `people` officials (a 副市长 of 许昌市人民政府) and attended by three more
    (one sentence states all five facts), held in one of six districts; plus `isolated`
    companies that articles mention but no fact ties to anything."""
    g = GraphMaker()
    persons = [g.node(schema.PERSON, official(i), city="许昌市") for i in range(people)]
    government = g.node(schema.ORGANIZATION, "许昌市人民政府", kind="government")
    districts = [g.node(schema.PLACE, f"{name}区", level="district", parent="许昌市")
                 for name in ("魏都", "建安", "东城", "西城", "南湖", "北山")]
    for e in range(events):
        date = f"2022-{3 + e // 28 % 6:02d}-{1 + e % 28:02d}"
        name = "全市工作会议" if e % 10 == 0 else f"第{e}次专题工作会议"
        article = g.article(f"c{e:03d}", f"{name}召开", date)
        event = g.node(schema.EVENT, name, type="meeting", date=date)
        chair, *guests = (persons[(e * 7 + k * 11) % people] for k in range(4))
        sentence = (f"副市长{official((e * 7) % people)}主持会议，"
                    f"{'、'.join(official((e * 7 + k * 11) % people) for k in (1, 2, 3))}出席。")
        g.fact(chair, schema.CHAIRED, event, article, sentence)
        g.fact(chair, schema.HOLDS_POSITION, government, article, sentence, title="副市长")
        for guest in guests:
            g.fact(guest, schema.ATTENDED, event, article, sentence)
        district = districts[e % len(districts)]
        g.fact(event, schema.HELD_IN, district, article, f"会议在{g.graph.nodes[district]['name']}举行。")
    for i in range(isolated):
        company = g.node(schema.ORGANIZATION, f"{GIVEN[i % 10]}号科技有限公司{i}", kind="company")
        mention = schema.node_id(schema.ARTICLE, id="c000")
        g.graph.add_edge(company, mention, key=schema.edge_id(company, schema.MENTIONED_IN, mention, "c000"),
                         type=schema.MENTIONED_IN, article="c000", evidence="", confidence=1.0)
    return g.graph
