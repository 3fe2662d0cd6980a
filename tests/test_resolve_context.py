"""Bodies, posts, places and dates the resolver reads from context, on records written for
these tests (the extractor's output is not needed to know the right answer)."""
from __future__ import annotations

from kg.graph import schema
from kg.graph.records import Article, Entity, Extraction
from kg.resolution.merge import resolve
from kg.resolution.naming import government_name, is_national_body, org_kind, short_form_of
from kg.resolution.resolve import localise
from kg.resolution.titles import BYLINE, COLLECTIVE, NO_DISTRICT, Body, body_for_title
from tests.graph_samples import XC, event, fact, org, person, place

LY = "洛阳市"


def art(aid: str, body: str, *, city: str = XC, title: str = "t", date: str | None = "2022-06-15",
        file: str | None = None, extra: tuple = (), page_date: str | None = None, partial: str | None = None,
        newspaper: str | None = None) -> Article:
    return Article(id=aid, title=title, body=body, file=file or f"{aid}.txt", date=date,
                   page_date=page_date if page_date is not None else date, date_partial=partial, city=city,
                   newspaper=newspaper or city[:-1] + "日报", extra=extra)


def titled(name: str, *titles: str) -> Entity:
    return Entity("Person", name, (("titles", tuple(titles)),))


def build(*extractions: Extraction):
    return resolve([localise(x) for x in extractions])


def nodes_named(nodes, label, name):
    return [n for n in nodes if n.label == label and n.prop("name") == name]


def posts(nodes, edges, person_name):
    by_id = {n.id: n for n in nodes}
    return {(e.prop("title"), by_id[e.target].prop("name"), bool(e.prop("inferred_from_title")))
            for e in edges if e.type == schema.HOLDS_POSITION and by_id[e.source].prop("name") == person_name}


# ------------------------------------------------------------------ bodies named by context

def test_a_bare_county_committee_is_the_county_the_article_is_about():
    a = "舞阳县召开项目建设推进会。县委书记王明出席会议,县委要求各乡镇加快进度。"
    b = "临颍县召开乡村振兴工作会议。县委书记李强出席会议,县委强调要抓好落实。"
    c = "县委召开理论学习中心组会议。"   # names no county: the article's own 县委
    nodes, edges = build(
        Extraction(art("a", a), entities=[org("县委")], facts=[
            fact(titled("王明", "县委书记"), "MENTIONED_IN", org("县委"), "a", a)]),
        Extraction(art("b", b), entities=[org("县委"), titled("李强", "县委书记")]),
        Extraction(art("c", c), entities=[org("县委")]),
    )
    names = sorted(n.prop("name") for n in nodes if n.label == schema.ORGANIZATION)
    assert names.count("舞阳县委") == 1 and names.count("临颍县委") == 1
    [bare] = nodes_named(nodes, schema.ORGANIZATION, "县委")   # not merged with either county's
    assert posts(nodes, edges, "李强") == {("县委书记", "临颍县委", True)}


def test_two_districts_named_leave_a_bare_district_body_to_its_article():
    text = "魏都区和建安区联合召开会议。区委书记张华出席。"
    nodes, edges = build(Extraction(art("d", text), entities=[titled("张华", "区委书记"), org("区委")]))
    [bare] = nodes_named(nodes, schema.ORGANIZATION, "区委")
    assert "#d" in bare.id or bare.id != schema.node_id(schema.ORGANIZATION, name="区委", discriminator=XC)
    [zhang] = nodes_named(nodes, schema.PERSON, "张华")
    assert zhang.prop("no_post") == (f"区委书记: {NO_DISTRICT}",)


def test_city_government_and_city_peoples_government_are_one_body():
    s1 = "市政府秘书长吴川出席会议。"
    s2 = "市人民政府副秘书长陈立出席会议。"
    nodes, edges = build(
        Extraction(art("g1", s1), facts=[fact(person("吴川"), "HOLDS_POSITION", org("许昌市政府", "government"),
                                               "g1", s1, title="市政府秘书长")]),
        Extraction(art("g2", s2), facts=[fact(person("陈立"), "HOLDS_POSITION", org("许昌市人民政府", "government"),
                                               "g2", s2, title="副秘书长")]),
    )
    [gov] = [n for n in nodes if n.label == schema.ORGANIZATION]
    assert gov.prop("name") == "许昌市人民政府" and gov.prop("aliases") == ("许昌市政府",)
    assert {e.source for e in edges if e.type == schema.HOLDS_POSITION and e.target == gov.id} == {
        n.id for n in nodes if n.label == schema.PERSON}


def test_a_short_form_is_the_full_name_its_city_gives():
    s1 = "洛阳河图发展集团与城建集团合作建设遗址公园项目。"
    s2 = "河图集团负责项目建设运营。"
    s3 = "河图集团在郑州开设门店。"   # another city's 河图集团: not the same body
    nodes, _ = build(
        Extraction(art("s1", s1, city=LY), entities=[org("洛阳河图发展集团", "company")]),
        Extraction(art("s2", s2, city=LY), entities=[org("河图集团", "company")]),
        Extraction(art("s3", s3, city="郑州市"), entities=[org("河图集团", "company")]),
    )
    [full] = nodes_named(nodes, schema.ORGANIZATION, "洛阳河图发展集团")
    assert full.prop("aliases") == ("河图集团",)
    assert len(nodes_named(nodes, schema.ORGANIZATION, "河图集团")) == 1   # 郑州's stays apart


def test_naming_rules():
    assert government_name("许昌市政府") == "许昌市人民政府"
    assert government_name("区政府办公室") == "区人民政府办公室"
    assert government_name("许昌市人民政府") == "许昌市人民政府"
    # a special administrative region's government is not a 人民政府; an autonomous region's is
    assert government_name("香港特区政府") == "香港特区政府"
    assert government_name("澳门特别行政区政府") == "澳门特别行政区政府"
    assert government_name("宁夏回族自治区政府") == "宁夏回族自治区人民政府"
    assert short_form_of("河图集团", "洛阳河图发展集团", "集团")
    assert not short_form_of("河图集团", "洛阳文旅集团", "集团")
    assert not short_form_of("市委", "许昌市委组织部", "委")
    assert is_national_body("中共中央") and is_national_body("国务院办公厅")
    assert not is_national_body("国家洛阳高新技术产业开发区党工委")   # a city's zone of national rank
    assert org_kind("许昌市建安区绿源花卉中心", "government") == "other"
    assert org_kind("许昌市政务服务中心", "government") == "government"
    assert org_kind("许昌市委", "party") == "party"


# ------------------------------------------------------------------ bare titles get their body

def test_bare_titles_hold_a_post_in_the_body_they_name():
    s = "6月15日,市长周立新主持召开会议,市委书记韩松出席。魏都区区长吴明、记者韩晓参加。"
    x = Extraction(art("t1", s, newspaper="许昌日报"), entities=[
        titled("周立新", "市长"), titled("韩松", "市委书记"), titled("吴明", "区长"), titled("韩晓", "记者"),
        place("魏都区", "district")])
    nodes, edges = build(x)
    assert posts(nodes, edges, "周立新") == {("市长", "许昌市人民政府", True)}
    assert posts(nodes, edges, "韩松") == {("市委书记", "许昌市委", True)}
    assert posts(nodes, edges, "吴明") == {("区长", "魏都区人民政府", True)}
    assert posts(nodes, edges, "韩晓") == set()
    [reporter] = nodes_named(nodes, schema.PERSON, "韩晓")
    assert reporter.prop("no_post") == (f"记者: {BYLINE}",)
    for e in edges:   # every inferred post cites a sentence of its article that names both
        if e.prop("inferred_from_title"):
            assert e.prop("evidence") in s and e.prop("title") in e.prop("evidence")


def test_a_title_stated_with_its_body_is_not_inferred_again():
    s = "市委副书记林慧出席会议。"
    nodes, edges = build(Extraction(art("t2", s), facts=[
        fact(titled("林慧", "市委副书记"), "HOLDS_POSITION", org("许昌市委"), "t2", s, title="市委副书记")]))
    assert posts(nodes, edges, "林慧") == {("市委副书记", "许昌市委", False)}


def test_title_rules():
    kw = {"city": XC, "districts": {"区": "魏都区"}, "newspaper": "许昌日报"}
    assert body_for_title("常务副市长", **kw) == Body("许昌市人民政府", "government")
    assert body_for_title("区委副书记", **kw) == Body("魏都区委", "party")
    assert body_for_title("县长", **kw) == NO_DISTRICT
    assert body_for_title("总编辑", **kw) == Body("许昌日报社", "media")
    assert body_for_title("市领导", **kw) == COLLECTIVE
    assert body_for_title("通讯员", **kw) == BYLINE
    assert body_for_title("总书记", **kw) == Body("中共中央", "party", national=True)


# ------------------------------------------------------------------ national leaders

def test_a_national_leader_is_filed_under_no_city_and_relayed_speeches_keep_their_own_date():
    s = "会议传达学习了习近平总书记在全国科技大会上的重要讲话和4月28日中央政治局会议精神。"
    relayed, politburo = event("全国科技大会", "2022-06-15"), event("中央政治局会议", "2022-04-28")
    leader = titled("习近平", "总书记")
    a1 = Extraction(art("n1", s), entities=[leader], facts=[
        fact(leader, "SPOKE_AT", relayed, "n1", s), fact(leader, "SPOKE_AT", politburo, "n1", s)])
    s2 = "要深入学习贯彻习近平新时代中国特色社会主义思想。"
    a2 = Extraction(art("n2", s2, city=LY), entities=[person("习近平")])   # named without a title
    nodes, edges = build(a1, a2)
    [xi] = nodes_named(nodes, schema.PERSON, "习近平")
    assert xi.prop("city") is None
    assert posts(nodes, edges, "习近平") == {("总书记", "中共中央", True)}
    [central] = nodes_named(nodes, schema.ORGANIZATION, "中共中央")
    assert central.id == schema.node_id(schema.ORGANIZATION, name="中共中央", discriminator="")
    dates = {n.prop("name"): n.prop("date") for n in nodes if n.label == schema.EVENT}
    assert dates == {"全国科技大会": None, "中央政治局会议": "2022-04-28"}


# ------------------------------------------------------------------ index lines, dates

def test_index_lines_give_no_events_but_keep_their_people():
    line = "钱文博参加全市节水宣传周活动"
    body = "6月10日,市直单位开展结对帮扶活动。"
    indexed, own = event("全市节水宣传周活动", None, "activity"), event("结对帮扶活动", "2022-06-10", "activity")
    x = Extraction(art("i1", body, extra=(("digest", (line,)),)), entities=[person("钱文博"), indexed, own], facts=[
        fact(person("钱文博"), "ATTENDED", indexed, "i1", line, 0.54),
        fact(indexed, "MENTIONED_IN", Entity("Article", "t", (("id", "i1"),)), "i1", line),
        fact(person("钱文博"), "MENTIONED_IN", Entity("Article", "t", (("id", "i1"),)), "i1", line)])
    nodes, edges = build(x)
    assert [n.prop("name") for n in nodes if n.label == schema.EVENT] == ["结对帮扶活动"]
    assert nodes_named(nodes, schema.PERSON, "钱文博")
    assert not [e for e in edges if e.prop("evidence") == line and e.type in schema.PERSON_EVENT_ROLES]


def test_a_partial_date_keeps_an_event_to_its_page():
    s = "11月11日上午,区委召开理论学习中心组会议。"
    meeting = event("区委理论学习中心组会议", None)
    same_page = [Extraction(art(aid, s, date=None, partial="--11-11", file="p3.txt"), entities=[meeting])
                 for aid in ("p1", "p2")]
    other_page = Extraction(art("q1", s, date=None, partial="--11-11", file="other.txt"), entities=[meeting])
    nodes, _ = build(*same_page, other_page)
    events = [n for n in nodes if n.label == schema.EVENT]
    assert len(events) == 2 and {n.prop("date") for n in events} == {"--11-11"}
    [article] = [n for n in nodes if n.label == schema.ARTICLE and n.prop("title") == "t"][:1]
    assert article.prop("date") == "--11-11"


# ------------------------------------------------------------------ places in a hierarchy

def test_sites_are_placed_in_their_street_and_district():
    s = "孙建带领干部深入魏都区东城街道粮校家属院、水利局家属院开展活动;周宁来到魏都区东城街道人民医院家属院西院走访。"
    x = Extraction(art("h1", s), entities=[
        place("魏都区", "district"), place("东城街道", "town"), place("粮校家属院", "site"),
        place("水利局家属院", "site"), place("魏都区东城街道人民医院家属院西院", "site"), place("南关街道", "site")])
    nodes, edges = build(x)
    by_id = {n.id: n.prop("name") for n in nodes}
    inside = {(by_id[e.source], by_id[e.target]) for e in edges if e.type == schema.LOCATED_IN}
    assert {("粮校家属院", "东城街道"), ("水利局家属院", "东城街道"), ("人民医院家属院西院", "东城街道"),
            ("东城街道", "魏都区")} <= inside
    assert not nodes_named(nodes, schema.PLACE, "魏都区东城街道人民医院家属院西院")
    [street] = nodes_named(nodes, schema.PLACE, "南关街道")
    assert street.prop("level") == "town"   # its suffix says so
    for e in edges:
        if e.type == schema.LOCATED_IN:
            assert e.prop("evidence") in s
