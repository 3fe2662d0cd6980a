"""Every query in queries/ against the real Neo4j, on a small graph whose answers are known.

The graph is made up (a city 河清市 that is in no seed page) and small enough to work out
each query's rows by hand; tests/test_neo4j_seeds.py runs the same library on the seeds.
"""
from __future__ import annotations

import html
import re

import pytest

from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import KEY_PROPERTIES, NODE_LABELS, edge_id, node_id
from kg.loaders.neo4j_writer import load
from kg.queries import guide, runner

CITY = "河清市"


class SampleGraph:
    """Builds NodeRecords/EdgeRecords the way graph/ does (schema ids, provenance)."""

    def __init__(self) -> None:
        self.nodes: dict[str, NodeRecord] = {}
        self.edges: dict[str, EdgeRecord] = {}
        self.titles: dict[str, str] = {}
        self.article_nodes: dict[str, str] = {}

    def node(self, label: str, name: str, **props) -> str:
        props = {"name": name, **props}
        key = {k: props.get(k) for k in KEY_PROPERTIES[label] if k != "id"}
        nid = node_id(label, **key) if label != "Article" else node_id(label, id=props["id"])
        self.nodes[nid] = NodeRecord(nid, label, tuple(sorted((k, v) for k, v in props.items() if k != "id")))
        return nid

    def article(self, aid: str, title: str, date: str) -> str:
        """Returns the article's own id: edges name it (the node id is a digest of it)."""
        nid = self.node("Article", title, id=aid, title=title, date=date, newspaper="河清日报",
                        file=f"{aid}.txt", reporters=("孙丽",))
        self.titles[aid] = title
        self.article_nodes[aid] = nid
        return aid

    def fact(self, source: str, rel: str, target: str, article: str, evidence: str | None = None,
             confidence: float = 0.9, **props) -> str:
        qualifier = props.get("title", "")
        eid = edge_id(source, rel, target, article, qualifier)
        all_props = {"article": article, "evidence": evidence or self.titles[article],
                     "confidence": confidence, **props}
        self.edges[eid] = EdgeRecord(eid, source, target, rel, tuple(sorted(all_props.items())))
        if rel not in ("MENTIONED_IN", "REPORTED"):
            for end in (source, target):
                self.fact(end, "MENTIONED_IN", self.article_nodes[article], article, confidence=1.0)
        return eid

    def records(self) -> tuple[list[NodeRecord], list[EdgeRecord]]:
        return list(self.nodes.values()), list(self.edges.values())


def sample_graph() -> SampleGraph:
    g = SampleGraph()
    a0 = g.article("art-0", "河清市召开全市经济工作会议", "2022-12-20")
    a1 = g.article("art-1", "全市安全生产工作会议召开", "2023-03-01")
    a2 = g.article("art-2", "东城区与华创科技签约智能制造产业园", "2023-05-10")
    a3 = g.article("art-3", "王明到东城街道调研", "2023-06-02")

    person = {n: g.node("Person", n, city=CITY) for n in ("王明", "李华", "张强", "陈刚", "赵敏", "孙丽")}
    party = g.node("Organization", "河清市委", kind="party")
    gov = g.node("Organization", "河清市人民政府", kind="government")
    district_party = g.node("Organization", "东城区委", kind="party")
    company = g.node("Organization", "华创科技有限公司", kind="company")
    school = g.node("Organization", "河清市第一中学", kind="school")
    city = g.node("Place", CITY, level="city")
    district = g.node("Place", "东城区", level="district", parent=CITY)
    street = g.node("Place", "东城街道", level="town", parent="东城区")
    project = g.node("Project", "智能制造产业园", city=CITY, investment="10亿元")
    e0 = g.node("Event", "全市经济工作会议", type="meeting", date="2022-12-20")
    e1 = g.node("Event", "全市安全生产工作会议", type="meeting", date="2023-03-01")
    e2 = g.node("Event", "智能制造产业园签约仪式", type="signing", date="2023-05-10")
    e3 = g.node("Event", "王明调研东城街道", type="inspection", date="2023-06-02", place="东城街道")

    g.fact(person["孙丽"], "REPORTED", g.article_nodes[a1], a1)
    g.fact(person["王明"], "CHAIRED", e0, a0, "市委书记王明主持会议。")
    g.fact(person["李华"], "SPOKE_AT", e0, a0)
    g.fact(person["张强"], "ATTENDED", e0, a0)
    g.fact(e0, "HELD_IN", city, a0)
    g.fact(e0, "ORGANIZED_BY", party, a0)
    g.fact(person["王明"], "HOLDS_POSITION", party, a0, title="市委书记")

    g.fact(person["李华"], "CHAIRED", e1, a1, "市长李华主持会议。")
    g.fact(person["王明"], "SPOKE_AT", e1, a1)
    g.fact(person["张强"], "ATTENDED", e1, a1)
    g.fact(person["陈刚"], "ATTENDED", e1, a1)
    g.fact(e1, "HELD_IN", city, a1)
    g.fact(e1, "ORGANIZED_BY", gov, a1)
    g.fact(person["王明"], "HOLDS_POSITION", party, a1, title="市委书记")
    g.fact(person["李华"], "HOLDS_POSITION", gov, a1, title="市长")
    g.fact(person["李华"], "HOLDS_POSITION", party, a1, title="市委副书记")
    g.fact(person["张强"], "HOLDS_POSITION", gov, a1, title="副市长")
    g.fact(person["陈刚"], "HOLDS_POSITION", gov, a1, title="副市长")
    g.fact(school, "LOCATED_IN", city, a1)

    g.fact(person["赵敏"], "ATTENDED", e2, a2)
    g.fact(person["张强"], "ATTENDED", e2, a2)
    g.fact(e2, "HELD_IN", district, a2)
    g.fact(person["赵敏"], "HOLDS_POSITION", district_party, a2, title="区委书记")
    g.fact(district_party, "LOCATED_IN", district, a2)
    g.fact(district, "LOCATED_IN", city, a2)
    g.fact(project, "LOCATED_IN", district, a2)
    g.fact(company, "SIGNED", project, a2, investment="10亿元")
    g.fact(company, "COOPERATES_WITH", district, a2, project="智能制造产业园")

    g.fact(person["王明"], "LED", e3, a3, "王明到东城街道调研。")
    g.fact(person["赵敏"], "ATTENDED", e3, a3)
    g.fact(e3, "HELD_IN", street, a3)
    g.fact(street, "LOCATED_IN", district, a3)
    return g


def test_library_has_the_promised_queries():
    names = {q.name for q in runner.list_queries()}
    promised = {"person_timeline", "chaired_meetings", "co_attendance", "district_events",
                "district_partners", "person_positions", "shortest_path", "most_active_officials",
                "article_facts", "places_inspected", "city_organizations", "new_since", "search"}
    assert promised <= names
    for query in runner.list_queries():
        assert query.title and query.shows, query.name
        assert query.text.lstrip().startswith("// Title:"), query.name
        lines = query.text.splitlines()
        for name, value in query.params:  # what Browser runs: its own line, ended by ';'
            assert f":param {name} => {runner.cypher_text(value)};" in lines, (query.name, name)
        assert ":param" not in query.cypher and "//   :param" not in query.text


def test_a_file_reads_as_browser_runs_it():
    text = """// Title: Events of a person
// Shows: what they did,
//   over several lines.
:param name => '王明';
:param limit => 5;
:param since => null;
:param kinds => ['meeting', 'it\\'s'];
:param strict => false;

MATCH (p:Person {name: $name})-[:CHAIRED]->(e:Event)
WHERE ($since IS NULL OR e.date >= $since) AND e.type IN $kinds AND NOT $strict
// a comment inside the query stays in it
RETURN e.name AS event LIMIT $limit;
"""
    query = runner.parse_text("events", text)
    assert query.title == "Events of a person"
    assert query.shows == "what they did, over several lines."
    assert query.defaults == {"name": "王明", "limit": 5, "since": None, "kinds": ["meeting", "it's"],
                              "strict": False}
    assert query.cypher.startswith("MATCH (p:Person") and query.cypher.endswith("LIMIT $limit")
    assert "// a comment inside the query stays in it" in query.cypher
    assert query.text == text


@pytest.mark.parametrize("value", ["'马正兰'", "'it\\'s'", '"双引号"', "12", "-3", "1.5", "true", "FALSE", "null",
                                   "[]", "['a', null, [1, 2.5]]", "'\\u4e2d'"])
def test_cypher_literals_read_back(value):
    parsed = runner.cypher_literal(value)
    assert runner.cypher_literal(runner.cypher_text(parsed)) == parsed


@pytest.mark.parametrize("value", ["", "'open", "abc", "1 2", "[1, 2", "{a: 1}", "'\\q'"])
def test_a_value_that_is_no_literal_is_named(value):
    with pytest.raises(runner.QueryError, match="cannot read the value"):
        runner.cypher_literal(value)


def test_bind_types_command_line_values_and_rejects_unknown():
    query = runner.get("most_active_officials")
    params = runner.bind(query, runner.parse_assignments(["limit=3", "from_date=2023-01-01"]))
    assert params == {"from_date": "2023-01-01", "to_date": None, "limit": 3}
    assert runner.bind(query, {"from_date": "null"})["from_date"] is None
    assert runner.bind(runner.get("shortest_path"), {"via_articles": "true"})["via_articles"] is True
    with pytest.raises(runner.QueryError, match="true or false"):
        runner.bind(runner.get("shortest_path"), {"via_articles": "maybe"})
    with pytest.raises(runner.QueryError, match="no parameter"):
        runner.bind(query, {"nme": "x"})
    with pytest.raises(runner.QueryError, match="wants a int"):
        runner.bind(query, {"limit": "many"})
    with pytest.raises(runner.QueryError, match="out of range for an integer"):  # once an OverflowError
        runner.bind(query, {"limit": "99999999999999999999"})
    with pytest.raises(runner.QueryError, match="no query named"):
        runner.get("nope")
    with pytest.raises(runner.QueryError, match="key=value"):
        runner.parse_assignments(["name"])


USES_NAME = "MATCH (n {name: $name}) RETURN n\n"


@pytest.mark.parametrize(("text", "error"), [
    ("// Shows: y\nMATCH (n) RETURN n\n", r"bad.cypher: the header has no '// Title:' line"),
    ("// Title: x\nMATCH (n {name: $name}) RETURN n\n", r"\['name'\] are used but not set"),
    ("// Title: x\n:param name => 'a';\nMATCH (n) RETURN n\n", r"\['name'\] are set with :param but not used"),
    ("// Title: x\n//   :param name => 'a'\n" + USES_NAME, r"bad.cypher:2: ':param' inside a comment"),
    ("// Title: x\n:param name => 'a'\n" + USES_NAME, r"bad.cypher:2: end the :param line with ';'"),
    ("// Title: x\nMATCH (n {name: $name}) RETURN n\n:param name => 'a';\n", r"bad.cypher:3: a Browser command inside"),
    ("// Title: x\n:param name => 'a';\n:param name => 'b';\nMATCH (n {name: $name}) RETURN n\n", "set twice"),
    ("// Title: x\n:param name => upper('a');\nMATCH (n {name: $name}) RETURN n\n", r"bad.cypher:2: cannot read"),
    ("// Title: x\n:play movies;\nMATCH (n) RETURN n\n", r"only ':param name => value;' lines"),
    ("// Title: x\nMATCH (n) RETURN n;\nMATCH (m) RETURN m\n", "one statement"),
    ("// Title: x\n:param a => 1;\n", "no query after the header"),
])
def test_a_file_browser_would_run_differently_is_an_error(tmp_path, text, error):
    (tmp_path / "bad.cypher").write_text(text, encoding="utf-8")
    with pytest.raises(runner.QueryError, match=error):
        runner.parse(tmp_path / "bad.cypher")


def test_the_guide_in_the_repository_is_made_from_the_library():
    # scripts/neo4j.sh serves queries/guide.html; `python -m kg.queries.guide` rewrites it.
    assert guide.GUIDE.read_text(encoding="utf-8") == guide.render()
    page = guide.render()
    for query in runner.list_queries():
        assert html.escape(query.cypher, quote=False) in page and html.escape(query.title, quote=False) in page
        if query.params:
            assert html.escape(guide.params_command(query), quote=False) in page


def test_the_style_gives_every_label_a_colour_and_a_name_caption():
    style = (runner.QUERY_DIR / "style.grass").read_text(encoding="utf-8")
    for label in NODE_LABELS:
        block = re.search(rf"^node\.{label} \{{\n(.*?)\n\}}$", style, re.S | re.M)
        assert block, label
        assert re.search(r"color: #[0-9A-F]{6};", block.group(1)) and "caption: '{name}';" in block.group(1)
    colours = re.findall(r"node\.\w+ \{[^}]*?\n  color: (#[0-9A-F]{6});", style)
    assert len(set(colours)) == len(NODE_LABELS)
    assert "/*" not in style  # Browser's GRASS reader has no comments: one would spoil a selector


@pytest.fixture(scope="module")
def sample_db(neo4j_settings):
    from kg.loaders.neo4j_writer import clear
    clear(neo4j_settings)
    nodes, edges = sample_graph().records()
    summary = load(nodes, edges, neo4j_settings, batch_size=7, progress=False)
    assert (summary.nodes, summary.edges, summary.missing_endpoints) == (len(nodes), len(edges), 0)
    return neo4j_settings


def rows(settings, query_name, /, **params):
    query = runner.get(query_name)
    columns, result = runner.run(query, runner.bind(query, params), settings)
    return result


def pick(result, *keys):
    return [tuple(sorted(r[k]) if isinstance(r[k], list) else r[k] for k in keys) for r in result]


@pytest.mark.neo4j
def test_person_timeline(sample_db):
    result = rows(sample_db, "person_timeline", name="王明")
    assert pick(result, "date", "role", "event") == [
        ("2022-12-20", "CHAIRED", "全市经济工作会议"),
        ("2023-03-01", "SPOKE_AT", "全市安全生产工作会议"),
        ("2023-06-02", "LED", "王明调研东城街道")]
    assert result[0]["evidence"] == "市委书记王明主持会议。"
    assert result[0]["article"] == "河清市召开全市经济工作会议"
    assert rows(sample_db, "person_timeline", name="无此人") == []


@pytest.mark.neo4j
def test_chaired_meetings(sample_db):
    assert pick(rows(sample_db, "chaired_meetings"), "date", "meeting", "chair", "participants") == [
        ("2022-12-20", "全市经济工作会议", "王明", 2),
        ("2023-03-01", "全市安全生产工作会议", "李华", 3)]
    assert pick(rows(sample_db, "chaired_meetings", from_date="2023-01-01"), "chair") == [("李华",)]


@pytest.mark.neo4j
def test_co_attendance(sample_db):
    result = {r["person"]: r["shared_events"] for r in rows(sample_db, "co_attendance", name="王明")}
    assert result == {"李华": 2, "张强": 2, "陈刚": 1, "赵敏": 1}
    ordered = [r["person"] for r in rows(sample_db, "co_attendance", name="王明")]
    assert ordered == sorted(result, key=lambda p: (-result[p], p))


@pytest.mark.neo4j
def test_district_events(sample_db):
    result = rows(sample_db, "district_events", district="东城区")
    assert pick(result, "event", "places", "leaders") == [
        ("智能制造产业园签约仪式", ["东城区"], []),
        ("王明调研东城街道", ["东城街道"], ["王明"])]
    assert pick(rows(sample_db, "district_events", district="东城区", from_date="2023-06-01",
                     to_date="2023-12-31"), "event") == [("王明调研东城街道",)]


@pytest.mark.neo4j
def test_district_partners(sample_db):
    result = rows(sample_db, "district_partners", district="东城区")
    assert pick(result, "organization", "relation", "project", "investment") == [
        ("华创科技有限公司", "COOPERATES_WITH", "智能制造产业园", None),
        ("华创科技有限公司", "SIGNED", "智能制造产业园", "10亿元")]
    assert {r["kind"] for r in result} == {"company"}


@pytest.mark.neo4j
def test_person_positions(sample_db):
    assert pick(rows(sample_db, "person_positions", name="张强"), "title", "organization", "others_with_title") == [
        ("副市长", "河清市人民政府", ["陈刚"])]
    wang = rows(sample_db, "person_positions", name="王明")
    assert pick(wang, "title", "first_reported", "last_reported", "reports", "others_with_title") == [
        ("市委书记", "2022-12-20", "2023-03-01", 2, [])]
    assert {r["title"] for r in rows(sample_db, "person_positions", name="李华")} == {"市长", "市委副书记"}


@pytest.mark.neo4j
def test_shortest_path(sample_db):
    result = rows(sample_db, "shortest_path", from_name="陈刚", to_name="赵敏")
    assert len(result) == 1
    assert result[0]["hops"] == 4
    assert result[0]["chain"][0] == "Person:陈刚" and result[0]["chain"][-1] == "Person:赵敏"
    assert result[0]["graph"].startswith("(Person:陈刚)") and result[0]["graph"].endswith("(Person:赵敏)")
    assert not {"MENTIONED_IN", "REPORTED"} & set(result[0]["links"])
    assert rows(sample_db, "shortest_path", from_name="陈刚", to_name="无此人") == []


@pytest.mark.neo4j
def test_shortest_path_goes_through_articles_only_when_asked(sample_db):
    # 孙丽 only reported an article: no fact joins her to anyone, her article does.
    assert rows(sample_db, "shortest_path", from_name="孙丽", to_name="陈刚") == []
    via = rows(sample_db, "shortest_path", from_name="孙丽", to_name="陈刚", via_articles=True)
    assert [(r["hops"], r["links"]) for r in via] == [(2, ["REPORTED", "MENTIONED_IN"])]


@pytest.mark.neo4j
def test_pictures_come_with_their_nodes_and_relationships(sample_db):
    """Queries that answer with a picture return paths in `graph` (what Browser draws)."""
    pictures = {"co_attendance": {"name": "王明"}, "event_participants": {"event": "安全生产"},
                "district_partners": {"district": "东城区"}, "district_events": {"district": "东城区"},
                "places_inspected": {"name": "王明"}, "organization_people": {"organization": "河清市委"},
                "person_positions": {"name": "王明"}, "article_facts": {"article": "art-1"},
                "shortest_path": {"from_name": "陈刚", "to_name": "赵敏"}}
    for name, params in pictures.items():
        result = rows(sample_db, name, **params)
        assert result, name
        for row in result:
            drawn = row[runner.GRAPH_COLUMN]
            drawn = drawn if isinstance(drawn, list) else [drawn]
            assert drawn and all(isinstance(p, str) and "-[:" in p for p in drawn), (name, row)


@pytest.mark.neo4j
def test_no_query_draws_a_warning_from_the_planner(sample_db):
    """Browser shows the server's notifications (cartesian products, exhaustive shortest paths)
    next to a result; the library's queries raise none."""
    from kg.loaders.neo4j_connection import connect
    with connect(sample_db) as driver:
        for query in runner.list_queries():
            _, summary, _ = driver.execute_query(query.cypher, query.defaults, database_=sample_db.database)
            notes = [s.gql_status for s in summary.gql_status_objects if s.gql_status[:2] not in ("00", "02")]
            assert notes == [], (query.name, notes)


@pytest.mark.neo4j
def test_most_active_officials(sample_db):
    result = rows(sample_db, "most_active_officials")
    assert pick(result, "person", "events", "articles") == [
        ("张强", 3, 3), ("王明", 3, 3), ("李华", 2, 2), ("赵敏", 2, 2), ("陈刚", 1, 1)]
    wang = next(r for r in result if r["person"] == "王明")
    assert (wang["chaired"], wang["spoke"], wang["led"], wang["attended"]) == (1, 1, 1, 0)
    in_2023 = rows(sample_db, "most_active_officials", from_date="2023-01-01", limit=2)
    assert pick(in_2023, "person", "events") == [("张强", 2), ("王明", 2)]


@pytest.mark.neo4j
def test_article_facts(sample_db):
    by_title = rows(sample_db, "article_facts", article="全市安全生产工作会议召开")
    assert len(by_title) == 12  # REPORTED and MENTIONED_IN are not facts of the article
    assert {r["relation"] for r in by_title} == {"CHAIRED", "SPOKE_AT", "ATTENDED", "HELD_IN",
                                                 "ORGANIZED_BY", "HOLDS_POSITION", "LOCATED_IN"}
    chair = next(r for r in by_title if r["relation"] == "CHAIRED")
    assert (chair["subject"], chair["object"], chair["evidence"], chair["confidence"]) == (
        "Person:李华", "Event:全市安全生产工作会议", "市长李华主持会议。", 0.9)
    assert rows(sample_db, "article_facts", article="art-1") == by_title
    assert rows(sample_db, "article_facts", article=node_id("Article", id="art-1")) == by_title


@pytest.mark.neo4j
def test_places_inspected(sample_db):
    assert pick(rows(sample_db, "places_inspected", name="王明"), "date", "places", "evidence") == [
        ("2023-06-02", ["东城街道"], "王明到东城街道调研。")]
    assert rows(sample_db, "places_inspected", name="李华") == []


@pytest.mark.neo4j
def test_city_organizations(sample_db):
    result = rows(sample_db, "city_organizations", city=CITY)
    assert pick(result, "kind", "organizations") == [("party", 2), ("government", 1), ("school", 1)]
    party = next(r for r in result if r["kind"] == "party")
    assert party["names_and_articles"] == ["东城区委 (1)", "河清市委 (2)"]


@pytest.mark.neo4j
def test_new_since(sample_db):
    result = rows(sample_db, "new_since", since="2023-05-01")
    assert pick(result, "first_seen", "kind", "name") == [
        ("2023-06-02", "Event", "王明调研东城街道"),
        ("2023-06-02", "Place", "东城街道"),
        ("2023-05-10", "Event", "智能制造产业园签约仪式"),
        ("2023-05-10", "Organization", "东城区委"),
        ("2023-05-10", "Organization", "华创科技有限公司"),
        ("2023-05-10", "Person", "赵敏"),
        ("2023-05-10", "Place", "东城区"),
        ("2023-05-10", "Project", "智能制造产业园")]
    assert rows(sample_db, "new_since", since="2024-01-01") == []


@pytest.mark.neo4j
def test_event_participants(sample_db):
    result = rows(sample_db, "event_participants", event="安全生产")
    assert {r["role"]: sorted(r["people"]) for r in result} == {
        "CHAIRED": ["李华"], "SPOKE_AT": ["王明"], "ATTENDED": ["张强", "陈刚"]}
    assert all(r["places"] == [CITY] and r["organizers"] == ["河清市人民政府"] for r in result)


@pytest.mark.neo4j
def test_organization_people(sample_db):
    result = rows(sample_db, "organization_people", organization="河清市人民政府")
    assert pick(result, "title", "person", "articles") == [
        ("副市长", "张强", 1), ("副市长", "陈刚", 1), ("市长", "李华", 1)]
    assert pick(rows(sample_db, "organization_people", organization="市委"), "organization", "person", "articles") == [
        ("河清市委", "王明", 2), ("河清市委", "李华", 1)]  # 市委书记 sorts before 市委副书记


@pytest.mark.neo4j
def test_every_library_query_runs_with_its_defaults(sample_db):
    for query in runner.list_queries():
        columns, _ = runner.run(query, query.defaults, sample_db)
        assert columns, query.name
