"""The full-text index `kg load` creates (Neo4j's `cjk` analyzer) and queries/search.cypher,
on the seed pages: a person is found by part of the name, an organization by the short
name the paper uses for it (市法学会 for 许昌市法学会).

Names are picked from the store, so the tests follow the extractor.
"""
from __future__ import annotations

from collections import Counter

import pytest
from seed_neo4j import SEEDS, load_seeds

from kg.graph.schema import NODE_LABELS, ORGANIZATION, PERSON
from kg.loaders import cypher
from kg.loaders.neo4j_connection import connect
from kg.queries import runner

pytestmark = [pytest.mark.neo4j, pytest.mark.seeds]


@pytest.fixture(scope="module")
def seeds(neo4j_settings, tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS}")
    with connect(neo4j_settings) as driver:  # so that this `kg load` has to create it
        driver.execute_query(f"DROP INDEX {cypher.FULLTEXT_INDEX} IF EXISTS", database_=neo4j_settings.database)
    nodes = load_seeds(neo4j_settings, tmp_path_factory.mktemp("fulltext"))
    return neo4j_settings, nodes


def search(settings, text: str) -> list[tuple[str, str]]:
    """(kind, name) rows of queries/search.cypher for `text`, best first."""
    query = runner.get("search")
    _, rows = runner.run(query, runner.bind(query, {"text": text, "limit": 50}), settings)
    return [(row["kind"], row["name"]) for row in rows]


def test_kg_load_creates_the_cjk_index_over_every_label(seeds):
    settings, _ = seeds
    with connect(settings) as driver:
        records = driver.execute_query(
            "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options WHERE name = $name "
            "RETURN type, labelsOrTypes, properties, options.indexConfig AS config",
            {"name": cypher.FULLTEXT_INDEX}, database_=settings.database).records
    assert len(records) == 1
    index = records[0]
    assert index["type"] == "FULLTEXT"
    assert sorted(index["labelsOrTypes"]) == sorted(NODE_LABELS)
    assert index["properties"] == ["name", "title"]
    assert index["config"]["fulltext.analyzer"] == "cjk"


def test_a_person_is_found_by_part_of_the_name(seeds):
    settings, nodes = seeds
    names = [n.prop("name") or "" for n in nodes]
    # Three-character names whose last two characters (the given name) are in no other name:
    # the person must then be the best match of all.
    people = sorted({n.prop("name") for n in nodes if n.label == PERSON and len(n.prop("name") or "") == 3})
    unique = [p for p in people if sum(p[1:] in name for name in names) == 1]
    assert len(unique) >= 5, "the seeds should hold some people to look for"
    for person in unique:
        assert search(settings, person[1:])[0] == (PERSON, person), person


def test_an_organization_is_found_by_the_short_name_the_paper_uses(seeds):
    settings, nodes = seeds
    orgs = sorted({n.prop("name") for n in nodes if n.label == ORGANIZATION})
    cities = {n.prop("city") for n in nodes if n.prop("city")}
    # 许昌市法学会 is 市法学会 in 许昌日报: the name without the city's own name before 市.
    short = {org: org[len(city) - 1:] for org in orgs for city in cities
             if city.endswith("市") and org.startswith(city) and len(org) > len(city)}
    taken = Counter(s for org in orgs for s in set(short.values()) if s in org)
    unambiguous = {org: s for org, s in short.items() if taken[s] == 1}
    assert len(unambiguous) >= 3, "the seeds should hold organizations named after their city"
    for org, abbreviation in unambiguous.items():
        found = [name for kind, name in search(settings, abbreviation) if kind == ORGANIZATION]
        assert found[:1] == [org], (abbreviation, found[:3])


def test_one_character_finds_nothing_and_lucene_syntax_is_only_text(seeds):
    settings, nodes = seeds
    # The cjk analyzer indexes pairs of characters; a single one is no term (search.cypher says so).
    assert search(settings, "的") == []
    assert search(settings, "   ") == []
    # Operators and brackets are escaped, so a half-typed query is searched, not refused.
    org = next(n.prop("name") for n in nodes if n.label == ORGANIZATION and len(n.prop("name") or "") >= 4)
    for text in (f"({org}", f"{org} AND", f'"{org}', f"{org}~*", f"{org}:/"):
        assert (ORGANIZATION, org) in search(settings, text), text
