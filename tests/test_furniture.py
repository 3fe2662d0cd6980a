"""People on page lines outside the body (masthead, 导读, author credits, captions) and
names inside organization names; sentences written for the test, fictional names."""
from kg.extraction import persons, segment
from kg.extraction.extract import extract
from kg.graph import schema
from kg.graph.records import Article

CITY = "青川市"


def _article(body="3月1日,市农业局召开会议。", **extra):
    return Article(id="f1", title="春耕生产有序推进", body=body, file="t.txt", city=CITY,
                   date="2023-03-02", extra=tuple(extra.items()))


def _held(x):
    return {(f.subject.name, f.prop("title"), f.object.name): f for f in x.facts
            if f.predicate == schema.HOLDS_POSITION}


def test_masthead_label_title_colon_name():
    x = extract(_article(masthead="青川日报\n总编辑:钱小川\n第100期"))
    person = next(e for e in x.entities if e.type == schema.PERSON)
    assert person.name == "钱小川" and "总编辑" in person.prop("titles")
    assert all(f.evidence in x.article.citable for f in x.facts)


def test_colon_after_a_title_in_the_body_is_no_name():
    found, _ = persons.find_titled("主任:钱小川", segment.tokens("主任:钱小川"), CITY)
    assert found == []


def test_digest_line_gives_person_position_and_a_low_confidence_event():
    x = extract(_article(digest=("孙明远出席全市春耕生产工作推进会",
                                 "——访青川高新技术产业开发区党工委书记、管委会主任李红")))
    held = _held(x)
    key = ("李红", "青川高新技术产业开发区党工委书记", "青川高新技术产业开发区党工委")
    assert key in held and held[key].evidence.startswith("——访")
    # a bare 管委会 after the area's 党工委 is that area's
    assert ("李红", "管委会主任", "青川高新技术产业开发区管委会") in held
    attended = [f for f in x.facts if f.predicate == schema.ATTENDED]
    assert [(f.subject.name, f.object.name) for f in attended] == [("孙明远", "全市春耕生产工作推进会")]
    assert attended[0].confidence < 0.6 and attended[0].object.prop("date") is None
    assert attended[0].evidence == "孙明远出席全市春耕生产工作推进会"


def test_author_credit_line_with_title_and_speech_headline():
    x = Article(id="f2", title="扛稳责任 抓好春耕", subtitle="——在全市春耕生产工作推进会上的表态发言",
                body="今年以来,我们抓住时机。", file="t.txt", city=CITY,
                extra=(("byline", ("市农业农村局党组书记、局长 周正",)), ("authors", ("周正",))))
    x = extract(x)
    held = _held(x)
    assert ("周正", "市农业农村局党组书记", "青川市农业农村局") in held
    assert ("周正", "局长", "青川市农业农村局") in held
    spoke = {(f.subject.name, f.object.name) for f in x.facts if f.predicate == schema.SPOKE_AT}
    assert spoke == {("周正", "全市春耕生产工作推进会")}
    reported = [f for f in x.facts if f.predicate == schema.REPORTED]
    assert reported and reported[0].evidence == "市农业农村局党组书记、局长 周正"


def test_photo_credit_authors_and_reporter_roles():
    article = Article(id="f3", title="春耕忙", body="田间地头一片繁忙。", file="t.txt", city=CITY,
                      reporters=("吴海波",),
                      extra=(("byline", ("本报记者吴海波", "郑国平 冯建设文/图")), ("authors", ("郑国平", "冯建设"))))
    x = extract(article)
    people = {e.name: e for e in x.entities if e.type == schema.PERSON}
    assert set(people) == {"吴海波", "郑国平", "冯建设"}
    assert people["吴海波"].prop("titles") == ("记者",)   # not 本报记者 read as a title
    assert all(f.evidence in article.citable for f in x.facts)


def test_name_inside_a_unit_named_after_a_person():
    text = "公司成立林冬梅院士工作站,建成省级专家工作站。"
    found = persons.find_eponyms(text, segment.tokens(text))
    assert [(p.name, p.positions[0].title) for p in found] == [("林冬梅", "院士")]


def test_mentioned_in_cites_a_line_holding_the_entity():
    x = extract(Article(id="f4", title="", body="副市长孙明远出席会议。", file="t.txt", city=CITY))
    mentioned = [f for f in x.facts if f.predicate == schema.MENTIONED_IN]
    assert mentioned and all(f.evidence and f.evidence in x.article.citable for f in mentioned)


def test_bare_community_committee_is_the_community_named_before():
    x = extract(Article(id="f5", title="邻里守望", body="近日,在东湖区柳岸社区内,社区党委书记钱小川走访群众。",
                        file="t.txt", city=CITY))
    assert ("钱小川", "社区党委书记", "柳岸社区党委") in _held(x)


def test_bare_end_credit_reports_but_states_no_position():
    # (郑国平 冯建设) closing an article credits it; only a byline that writes 记者 gives the role
    article = Article(id="f5", title="春耕忙", body="田间地头一片繁忙。", file="t.txt", city=CITY,
                      reporters=("郑国平", "冯建设", "吴海波"),
                      extra=(("byline", ("(郑国平 冯建设)", "记者 吴海波 摄")),))
    x = extract(article)
    people = {e.name: e for e in x.entities if e.type == schema.PERSON}
    assert people["郑国平"].prop("titles") in (None, ())
    assert people["吴海波"].prop("titles") == ("记者",)
    reported = {f.subject.name for f in x.facts if f.predicate == schema.REPORTED}
    assert reported == {"郑国平", "冯建设", "吴海波"}
