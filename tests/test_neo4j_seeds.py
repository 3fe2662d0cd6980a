"""The five seed pages, built by the pipeline, loaded into the real Neo4j and queried.

Each query's answer is checked against the same question asked of the embedded store's
networkx graph, so the test follows the extractor as it improves instead of freezing
today's output. Parameters are picked from the store (the busiest person etc.).
"""
from __future__ import annotations

from collections import Counter

import pytest
from neo4j_snapshot import snapshot

from kg.graph.schema import node_id
from kg.loaders.neo4j_writer import clear, counts, load
from kg.queries import runner

ROLES = ("CHAIRED", "ATTENDED", "SPOKE_AT", "LED")

pytestmark = [pytest.mark.neo4j, pytest.mark.seeds]


@pytest.fixture(scope="module")
def seed_store(seed_store_dir):
    from kg.graph.store import Store
    with Store(seed_store_dir) as store:
        yield list(store.nodes()), list(store.edges()), store.to_networkx()


@pytest.fixture(scope="module")
def seeds_db(neo4j_settings, seed_store):
    nodes, edges, _ = seed_store
    clear(neo4j_settings)
    summary = load(nodes, edges, neo4j_settings, batch_size=50, progress=False)
    assert summary.missing_endpoints == 0
    return neo4j_settings


def run(settings, query_name, /, **params):
    query = runner.get(query_name)
    return runner.run(query, runner.bind(query, params), settings)[1]


def test_neo4j_holds_the_store(seeds_db, seed_store):
    nodes, edges, _ = seed_store
    in_db = counts(seeds_db)
    expected = {**Counter(n.label for n in nodes), **Counter(e.type for e in edges)}
    assert {k: v for k, v in in_db.items() if v} == expected


def test_loading_the_seeds_twice_changes_nothing(seeds_db, seed_store):
    nodes, edges, _ = seed_store
    before = snapshot(seeds_db)
    load(nodes, edges, seeds_db, progress=False)
    assert snapshot(seeds_db) == before


def _name(g, n):
    return g.nodes[n].get("name")


def _busiest(g, types, label="Person"):
    degree = Counter(u for u, _, d in g.edges(data=True) if d["type"] in types and g.nodes[u]["label"] == label)
    if not degree:
        return None
    return max(degree, key=lambda n: (degree[n], _name(g, n)))


def _unique_name(g, node):
    """True when no other node of the label has the node's name (queries take names)."""
    label, name = g.nodes[node]["label"], _name(g, node)
    return sum(1 for _, d in g.nodes(data=True) if d["label"] == label and d.get("name") == name) == 1


def test_person_timeline_and_co_attendance_match_the_store(seeds_db, seed_store):
    _, _, g = seed_store
    person = _busiest(g, ROLES)
    assert person is not None, "the seeds should give at least one person at an event"
    assert _unique_name(g, person)
    want = sorted((d["type"], _name(g, v)) for _, v, d in g.out_edges(person, data=True) if d["type"] in ROLES)
    rows = run(seeds_db, "person_timeline", name=_name(g, person))
    assert sorted((r["role"], r["event"]) for r in rows) == want
    assert all(r["evidence"] and r["article"] for r in rows)

    events = {v for _, v, d in g.out_edges(person, data=True) if d["type"] in ROLES}
    others = Counter()
    for other in {u for e in events for u, _, d in g.in_edges(e, data=True) if d["type"] in ROLES} - {person}:
        others[_name(g, other)] += len(events & {v for _, v, d in g.out_edges(other, data=True) if d["type"] in ROLES})
    rows = run(seeds_db, "co_attendance", name=_name(g, person))
    assert {r["person"]: r["shared_events"] for r in rows} == dict(others)


def test_chaired_meetings_and_most_active_match_the_store(seeds_db, seed_store):
    _, _, g = seed_store
    chaired = sorted((_name(g, v), _name(g, u)) for u, v, d in g.edges(data=True)
                     if d["type"] == "CHAIRED" and g.nodes[v].get("type") == "meeting")
    rows = run(seeds_db, "chaired_meetings")
    assert sorted((r["meeting"], r["chair"]) for r in rows) == chaired and chaired

    per_person = Counter()
    for person in {u for u, _, d in g.edges(data=True) if d["type"] in ROLES}:
        per_person[person] = len({v for _, v, d in g.out_edges(person, data=True) if d["type"] in ROLES})
    rows = run(seeds_db, "most_active_officials", limit=1000)
    assert sorted(r["events"] for r in rows) == sorted(per_person.values())
    assert rows[0]["events"] == max(per_person.values())


def test_positions_and_organization_people_match_the_store(seeds_db, seed_store):
    _, _, g = seed_store
    person = _busiest(g, ("HOLDS_POSITION",))
    want = {(d.get("title"), _name(g, v)) for _, v, d in g.out_edges(person, data=True)
            if d["type"] == "HOLDS_POSITION"}
    rows = run(seeds_db, "person_positions", name=_name(g, person))
    assert {(r["title"], r["organization"]) for r in rows} == want
    org = max(want, key=lambda t: t[1])[1]
    holders = {(d.get("title"), _name(g, u)) for u, v, d in g.edges(data=True)
               if d["type"] == "HOLDS_POSITION" and _name(g, v) == org}
    rows = run(seeds_db, "organization_people", organization=org)
    assert {(r["title"], r["person"]) for r in rows if r["organization"] == org} == holders


def test_article_facts_match_the_store(seeds_db, seed_store):
    _, _, g = seed_store
    facts = Counter(d["article"] for _, _, d in g.edges(data=True) if d["type"] not in ("MENTIONED_IN", "REPORTED"))
    article, n = facts.most_common(1)[0]
    rows = run(seeds_db, "article_facts", article=article)
    assert len(rows) == n and all(r["evidence"] for r in rows)
    title = g.nodes[node_id("Article", id=article)].get("title")
    if title and sum(1 for _, d in g.nodes(data=True) if d.get("title") == title) == 1:
        assert run(seeds_db, "article_facts", article=title) == rows


def test_partners_inspections_organizations_and_news_on_the_seeds(seeds_db, seed_store):
    _, _, g = seed_store
    # The organization with the most signing/cooperation facts, as its district's body.
    deals = Counter(u for u, _, d in g.edges(data=True) if d["type"] in ("SIGNED", "COOPERATES_WITH")
                    and g.nodes[u]["label"] == "Organization")
    if deals:
        body = _name(g, deals.most_common(1)[0][0])
        partners = {_name(g, x) for u, v, d in g.edges(data=True) if d["type"] in ("SIGNED", "COOPERATES_WITH")
                    for x in (u, v) if _name(g, u) == body or _name(g, v) == body
                    if g.nodes[x]["label"] == "Organization" and not _name(g, x).startswith(body)}
        rows = run(seeds_db, "district_partners", district=body)
        assert {r["organization"] for r in rows} >= partners and partners

    leader = _busiest(g, ("LED",))
    if leader:
        inspections = {_name(g, v) for _, v, d in g.out_edges(leader, data=True)
                       if d["type"] == "LED" and g.nodes[v].get("type") == "inspection"}
        rows = run(seeds_db, "places_inspected", name=_name(g, leader))
        assert {r["event"] for r in rows} == inspections

    city = Counter(d.get("city") for _, d in g.nodes(data=True) if d["label"] == "Person" and d.get("city"))
    city_name = city.most_common(1)[0][0]
    rows = run(seeds_db, "city_organizations", city=city_name)
    assert rows and all(r["organizations"] == len(r["names_and_articles"]) for r in rows)

    # first seen = the earliest dated article among the facts that touch a node
    first_seen = {}
    for u, v, d in g.edges(data=True):
        date = g.nodes[node_id("Article", id=d["article"])].get("date")
        for x in (u, v):
            if date and g.nodes[x]["label"] != "Article":
                first_seen[x] = min(first_seen.get(x, date), date)
    since = sorted(first_seen.values())[len(first_seen) // 2]
    want = sorted((day, g.nodes[x]["label"], _name(g, x)) for x, day in first_seen.items() if day >= since)
    rows = run(seeds_db, "new_since", since=since)
    assert sorted((r["first_seen"], r["kind"], r["name"]) for r in rows) == want and want
    assert run(seeds_db, "new_since", since="2999-01-01") == []


def test_every_query_runs_on_the_seeds(seeds_db, seed_store):
    _, _, g = seed_store
    person = _busiest(g, ROLES)
    people = [n for n in sorted(g.nodes, key=lambda n: -g.degree(n)) if g.nodes[n]["label"] == "Person"]
    for query in runner.list_queries():
        params = dict(query.defaults)
        if "name" in params:
            params["name"] = _name(g, person)
        if "from_name" in params:
            params["from_name"], params["to_name"] = _name(g, people[0]), _name(g, people[1])
        columns, rows = runner.run(query, params, seeds_db)
        assert columns, query.name
    # the busiest person and the farthest person reachable from them (names unique)
    import networkx as nx
    start = next(p for p in people if _unique_name(g, p))
    lengths = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), start, cutoff=10)
    end = max((p for p in lengths if p in people and p != start and _unique_name(g, p)),
              key=lambda p: (lengths[p], _name(g, p)))
    # via_articles: the networkx graph has the MENTIONED_IN/REPORTED edges the query skips by default
    rows = run(seeds_db, "shortest_path", from_name=_name(g, start), to_name=_name(g, end), via_articles=True)
    assert [r["hops"] for r in rows] == [lengths[end]]
    assert rows[0]["chain"][0] == f"Person:{_name(g, start)}" and rows[0]["chain"][-1] == f"Person:{_name(g, end)}"
