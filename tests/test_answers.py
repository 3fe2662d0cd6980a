"""kg.answers: the career table, rankings, co-appearance, signings and who is an official.

Two stores: the graph samples (extraction records written for the graph tests), and two
pages written here in the style of a city paper, read and extracted for real, in which
one official is 副市长 on one date and 市长 on a later one.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from kg.answers import careers, coappearance, people, rankings, signings
from kg.answers.scope import Scope, city_matches, is_partial
from kg.answers.timeline import UnknownPerson
from kg.graph import schema, sightings
from kg.graph.ingest import ingest, resolve_into
from kg.graph.records import Article, Entity, Extraction, Fact
from kg.graph.store import DB_NAME, STORE_FORMAT, Store
from kg.graph.writer import BuildWriter
from kg.resolution.resolve import localise
from tests.graph_samples import LY, XC, article, event, fact, org, person, place, samples

# Two pages of one paper, a year apart: the same man, first 副市长, then 市长.
PAGE_2022 = """副市长王建设主持召开全市安全生产工作会议

本报讯(记者 李明远)3月1日，全市安全生产工作会议召开。副市长王建设主持会议并讲话。市政府副秘书长赵红霞出席会议。

王建设强调，各级各部门要压实责任，抓好安全生产各项工作。
"""
PAGE_2023 = """市长王建设到魏都区调研重点项目建设

本报讯(记者 李明远)5月10日，市长王建设到魏都区调研重点项目建设。市政府副秘书长赵红霞陪同调研。

王建设要求，要加快项目建设进度，确保项目早日投产见效。
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("answers")
    with BuildWriter(path) as w:
        for x in [*samples(), *signing_samples()]:
            w.put(localise(x))
        resolve_into(w)
    with Store(path) as st:
        yield st


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The two pages above, each built with its paper's date."""
    root = tmp_path_factory.mktemp("pages")
    (root / "2022.txt").write_text(PAGE_2022, encoding="utf-8")
    (root / "2023.txt").write_text(PAGE_2023, encoding="utf-8")
    ingest([root / "2022.txt"], root / "store", jobs=1, date="2022-03-01", city=XC, progress=False)
    ingest([root / "2023.txt"], root / "store", jobs=1, date="2023-05-10", city=XC, progress=False)
    with Store(root / "store") as st:
        yield st


def signing_samples() -> list[Extraction]:
    """A district body signs two projects (one with its investment), on two dates."""
    s1 = "魏都区政府与新材料公司签约新材料产业园项目,总投资20亿元。"
    a = article("s1", "魏都区签约新材料产业园项目", s1, XC, "2022-07-01", "s1.txt")
    gov, firm = org("魏都区政府", "government"), org("新材料公司", "company")
    s2 = "魏都区与物流公司签订智慧物流园项目合作协议。"
    b = article("s2", "智慧物流园项目落户魏都", s2, XC, "2022-09-01", "s2.txt")
    district = place("魏都区", "district")
    return [
        Extraction(a, entities=[gov, firm], facts=[
            fact(gov, "SIGNED", firm, "s1", s1, 0.8, project="新材料产业园项目", investment="20亿元")]),
        Extraction(b, entities=[district], facts=[
            fact(district, "SIGNED", org("物流公司", "company"), "s2", s2, 0.8, project="智慧物流园项目"),
            fact(district, "LOCATED_IN", place(XC, "city"), "s2", s2)]),
    ]


# ---------------------------------------------------------------- careers
def test_a_man_seen_as_vice_mayor_then_mayor_gives_two_rows_in_order(pages):
    rows = careers.career_rows(pages, person="王建设")
    assert [(r.title, r.first_seen, r.last_seen, r.articles) for r in rows] == [
        ("副市长", "2022-03-01", "2022-03-01", 1),
        ("市长", "2023-05-10", "2023-05-10", 1),
    ]
    # the text names no body: the rows say so (no body, or one read off the title)
    for r in rows:
        assert r.basis in (careers.TITLE_ONLY, careers.INFERRED) and r.city == XC
        assert (r.organization == "") == (r.basis == careers.TITLE_ONLY)
    assert "副市长王建设" in rows[0].first_evidence and "市长王建设" in rows[1].last_evidence
    assert rows[0].first_article != rows[1].first_article


def test_a_position_seen_twice_spans_both_dates(pages):
    [row] = careers.career_rows(pages, person="赵红霞")
    assert (row.title, row.basis) == ("市政府副秘书长", careers.STATED)
    assert row.organization.startswith("许昌市") and row.organization.endswith("政府")
    assert (row.first_seen, row.last_seen, row.articles) == ("2022-03-01", "2023-05-10", 2)
    assert row.first_article != row.last_article


def test_bylines_are_not_positions(pages):
    assert careers.career_rows(pages, person="李明远") == []


def test_the_period_keeps_the_sightings_inside_it(pages):
    rows = careers.career_rows(pages, scope=Scope(date_from="2023-01-01"), person="王建设")
    assert [r.title for r in rows] == ["市长"]
    [row] = careers.career_rows(pages, scope=Scope(date_to="2022-12-31"), person="赵红霞")
    assert (row.first_seen, row.last_seen, row.articles) == ("2022-03-01", "2022-03-01", 1)


def test_positions_as_of_a_date_follow_the_sightings(pages):
    rows = careers.career_rows(pages, person="王建设")

    def titles_on(date):
        return [label.split(" (")[0] for label in careers.positions_as_of(rows, date)]

    assert titles_on("2022-03-01") == ["副市长"]
    assert titles_on("2022-08-01") == ["副市长"]   # the latest sighting before
    assert titles_on("2023-06-01") == ["市长"]
    assert titles_on("2021-01-01") == []


def test_stated_positions_with_body_and_city_filter(store):
    rows = careers.career_rows(store)
    zhao = [(r.title, r.organization, r.basis) for r in rows if r.person == "赵鹏"]
    assert zhao == [("副市长", "许昌市人民政府", careers.STATED)]
    assert {r.city for r in careers.career_rows(store, scope=Scope(city="洛阳"))} == {LY}
    # same name, same city, two people: two persons' rows, told apart by id
    ma = careers.career_rows(store, person="马正兰", scope=Scope(city=XC))
    assert {r.title for r in ma} == {"市委副书记", "政法委书记", "村党支部书记"}
    assert len({r.person_id for r in ma}) == 2


def test_a_title_only_sighting_joins_the_one_body_the_person_is_stated_at(tmp_path):
    s1, s2 = "许昌市副市长李卫东出席会议。", "副市长李卫东主持会议。"
    a1 = article("t1", "会议", s1, XC, "2022-01-05", "t1.txt")
    a2 = Article(id="t2", title="会议二", body=s2, file="t2.txt", date="2022-04-05", city=XC)
    gov = org("许昌市人民政府", "government")
    bare = Entity("Person", "李卫东", (("city", XC), ("titles", ("副市长",))))
    with BuildWriter(tmp_path) as w:
        w.put(localise(Extraction(a1, entities=[person("李卫东")], facts=[
            fact(person("李卫东"), "HOLDS_POSITION", gov, "t1", s1, title="副市长")])))
        w.put(localise(Extraction(a2, entities=[bare], facts=[
            fact(bare, "CHAIRED", event("会议二", "2022-04-05"), "t2", s2)])))
        resolve_into(w)
    with Store(tmp_path) as st:
        [row] = careers.career_rows(st, person="李卫东")
    assert (row.organization, row.basis, row.articles) == ("许昌市人民政府", careers.INFERRED, 2)
    assert (row.first_seen, row.last_seen, row.last_evidence) == ("2022-01-05", "2022-04-05", s2)


# ---------------------------------------------------------------- rankings
def test_chairs_count_events_not_articles(store):
    rows = rankings.top(store, "chairs")
    assert [(r.rank, r.name, r.count) for r in rows] == [(1, "赵鹏", 1)]
    speakers = rankings.top(store, "speakers")
    assert {(r.name, r.count, r.articles) for r in speakers} == {("马正兰", 1, 1), ("赵鹏", 1, 1)}


def test_rankings_follow_period_and_city(store):
    attendees = rankings.top(store, "attendees")
    assert {(r.name, r.city) for r in attendees if r.count == 2} == {("马正兰", XC), ("刘保新", XC)}
    # 刘保新's two activities have no date: outside any period asked for
    june = rankings.top(store, "attendees", scope=Scope("2022-06-01", "2022-06-30"))
    assert "刘保新" not in {r.name for r in june} and june[0].first_seen == "2022-06-15"
    assert {r.city for r in rankings.top(store, "attendees", scope=Scope(city="洛阳"))} == {LY}
    assert rankings.top(store, "attendees", scope=Scope(date_from="2022-06-16")) == []


def test_organizations_and_districts_by_articles(store):
    orgs = rankings.top(store, "organizations")
    assert orgs[0].name == "许昌市委" and orgs[0].count == 2
    districts = rankings.top(store, "districts")
    wei = next(r for r in districts if r.name == "魏都区")
    assert "2 signings" in wei.detail
    with pytest.raises(rankings.RankingError, match="unknown ranking 'mayors'"):
        rankings.top(store, "mayors")


# ---------------------------------------------------------------- co-appearance
def test_coappearance_counts_shared_events_with_roles(store):
    found = coappearance.coappearances(store, "赵鹏")
    assert found.events == 1
    [ma] = found.rows
    assert (ma.name, ma.events, ma.roles) == ("马正兰", 1, "出席×1、讲话×1")
    assert ma.event_names == "2022-06-15 全市中招考试安全工作视频会"
    with pytest.raises(UnknownPerson):
        coappearance.coappearances(store, "王五")


def test_coappearance_matrix_is_symmetric_with_own_events_on_the_diagonal(store):
    zhao = store.find("赵鹏", schema.PERSON)[0].id
    ma = schema.node_id("Person", name="马正兰", city=XC)
    m = coappearance.coappearance_matrix(store, [zhao, ma])
    assert m.names == ["赵鹏", "马正兰"]
    assert m.counts == [[1, 1], [1, 2]]


# ---------------------------------------------------------------- signings
def test_signings_name_parties_project_investment_and_district(store):
    rows = signings.signings(store)
    assert [(r.date, r.counterpart, r.project, r.investment, r.district) for r in rows] == [
        ("2022-07-01", "新材料公司", "新材料产业园项目", "20亿元", "魏都区"),
        ("2022-09-01", "物流公司", "智慧物流园项目", "", "魏都区"),
    ]
    # a district's government (its name as the resolver normalises it), then the district
    assert rows[0].signer.startswith("魏都区") and rows[0].signer_type == "Organization"
    assert (rows[1].signer, rows[1].signer_type) == ("魏都区", "Place")
    assert signings.by_district(rows) == [("魏都区", 2)]
    assert [r.project for r in signings.signings(store, scope=Scope(date_to="2022-08-01"))] == ["新材料产业园项目"]


# ---------------------------------------------------------------- people and scope
def test_reporters_are_journalists_not_officials(store):
    kinds = people.person_kinds(store)
    by_name = {store.node(pid).prop("name"): kind for pid, kind in kinds.items()}
    assert by_name["武芳"] == people.JOURNALIST and by_name["李新"] == people.JOURNALIST
    assert by_name["赵鹏"] == people.OFFICIAL
    stats = people.store_stats(store, top=3)
    assert "武芳" not in {o.name for o in stats.officials}
    assert {j.name for j in stats.journalists} == {"武芳", "李新"}
    assert stats.persons[people.JOURNALIST] == 2


def test_scope_rules():
    assert city_matches("许昌市", "许昌") and not city_matches("洛阳市", "许昌") and not city_matches(None, "许昌")
    period = Scope("2022-06-01", "2022-06-30")
    assert period.dated("2022-06-15") and not period.dated("2022-07-01") and not period.dated(None)
    assert Scope().dated(None)
    assert is_partial("--06-15") and is_partial("2022-06") and not is_partial("2022-06-15")


def test_facts_outside_the_schema_never_reach_the_answers(tmp_path):
    # an answer reads the graph, so a dropped fact (wrong endpoints) is in no table
    s = "记者赵某参加活动。"
    a = article("x1", "活动", s, XC, "2022-01-01", "x.txt")
    with BuildWriter(tmp_path) as w:
        w.put(localise(Extraction(a, entities=[person("赵某")], facts=[
            Fact(person("赵某"), "SIGNED", org("某公司"), "x1", s, 0.5)])))
        resolve_into(w)
    with Store(tmp_path) as st:
        assert signings.signings(st) == [] and careers.career_rows(st) == []


def _bare(tmp_path, aid: str, title: str, date: str) -> None:
    """One article in which 王某 has a title and no body."""
    s = f"{title}王某出席会议。"
    a = article(aid, "会议", s, XC, date, f"{aid}.txt")
    who = Entity("Person", "王某", (("city", XC), ("titles", (title,))))
    with BuildWriter(tmp_path) as w:
        w.put(localise(Extraction(a, entities=[who], facts=[fact(who, "ATTENDED", event("会议", date), aid, s)])))
        resolve_into(w)


def test_title_only_sightings_follow_their_articles(tmp_path):
    # kept with each article as it is written (graph/sightings.py): rebuilt, added, removed
    _bare(tmp_path, "w1", "局长", "2022-01-01")
    with Store(tmp_path) as st:
        assert [(r.title, r.first_seen) for r in careers.career_rows(st)] == [("局长", "2022-01-01")]
    _bare(tmp_path, "w1", "处长", "2022-01-01")        # the same article rebuilt: its sighting is replaced
    _bare(tmp_path, "w2", "处长", "2022-03-01")        # a new article: added
    with Store(tmp_path) as st:
        assert [(r.title, r.first_seen, r.last_seen, r.basis) for r in careers.career_rows(st)] == [
            ("处长", "2022-01-01", "2022-03-01", careers.TITLE_ONLY)]
        assert [(s.article, s.date, s.title) for s in st.title_sightings(names=["王某"])] == [
            ("w1", "2022-01-01", "处长"), ("w2", "2022-03-01", "处长")]
        assert st.title_sightings(names=["别人"]) == []
    with BuildWriter(tmp_path) as w:
        w.remove_files(["w1.txt"])
        resolve_into(w)
    with Store(tmp_path) as st:
        assert [(r.first_seen, r.articles) for r in careers.career_rows(st)] == [("2022-03-01", 1)]
        assert st.article_dates(["w1", "w2"]) == {"w2": "2022-03-01"}


def test_stored_sightings_are_what_the_contributions_say(tmp_path):
    # the rows written at build time equal a fresh reading of every stored contribution
    with BuildWriter(tmp_path) as w:
        for x in [*samples(), *signing_samples()]:
            w.put(localise(x))
        resolve_into(w)
    _bare(tmp_path, "w1", "局长", "2022-01-01")
    _bare(tmp_path, "w2", "处长", "2022-03-01")
    with Store(tmp_path) as st:
        fresh = sorted(s for c in st.contributions() for s in sightings.of_contribution(c))
        assert [s.title for s in fresh] == ["局长", "处长"]
        assert st.title_sightings() == fresh
        assert st.title_sightings(names={"王某", "赵某"}) == fresh
        dates = {c.article_id: c.article.get("date") for c in st.contributions()}
        assert len(dates) > 2 and st.article_dates() == dates


def _as_format_2(path) -> None:
    """Make a store of this kg look as a format-2 store does (no derived tables, narrow index)."""
    with closing(sqlite3.connect(path / DB_NAME)) as db:
        db.executescript("""DROP TABLE article_dates; DROP TABLE title_sightings; DROP INDEX edges_source;
            CREATE INDEX edges_source ON edges(source, type);
            UPDATE meta SET value = '2' WHERE key = 'store_format';""")


def test_a_format_2_store_is_read_as_it_is_and_brought_up_to_date_by_its_next_build(tmp_path):
    _bare(tmp_path, "w1", "局长", "2022-01-01")
    with Store(tmp_path) as st:
        before = careers.career_rows(st)
        tables = {row[0] for row in st.db.execute("SELECT name FROM sqlite_master")}
    _as_format_2(tmp_path)
    (tmp_path / "title-sightings.sqlite").write_text("an earlier version's cache")
    with Store(tmp_path) as st:   # read from the contributions until it is built again
        assert st.format == 2 and careers.career_rows(st) == before
        assert st.article_dates(["w1"]) == {"w1": "2022-01-01"}
    _bare(tmp_path, "w2", "处长", "2022-03-01")
    with Store(tmp_path) as st:
        assert st.format == STORE_FORMAT
        assert {row[0] for row in st.db.execute("SELECT name FROM sqlite_master")} == tables
        assert [(s.article, s.title) for s in st.title_sightings()] == [("w1", "局长"), ("w2", "处长")]
        plan = str(st.db.execute("EXPLAIN QUERY PLAN SELECT target, article, id FROM edges "
                                 "WHERE source = ? AND type = ?", ("x", "ATTENDED")).fetchall())
        assert "COVERING INDEX edges_source" in plan
    assert not (tmp_path / "title-sightings.sqlite").exists()
