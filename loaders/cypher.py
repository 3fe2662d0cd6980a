"""Every Cypher statement the loaders send, built in this one module.

Labels and relationship types cannot be Cypher parameters, so they are interpolated here
and only here, after graph.schema's check_label/check_type accepted them; every value is
a parameter ($rows, $articles, $limit). Each write statement returns `written`, the
count the writer adds up.
"""
from __future__ import annotations

from kg.graph.schema import ARTICLE, EVENT, NODE_LABELS, REL_TYPES, check_label, check_type

# Indexed for lookups by name (kg person, Browser queries) and by date (timelines).
NAME_INDEXED = tuple(sorted(NODE_LABELS))
DATE_INDEXED = (EVENT, ARTICLE)
# Node properties under a range index (the writer keeps them within its key size).
RANGE_INDEXED = ("name", "date", "article_id")

# Full-text search by part of a name (queries/search.cypher): every label's `name` and the
# articles' `title`. Neo4j's `cjk` analyzer makes every two adjacent characters a term, so
# 正兰 finds 马正兰 alone; the standard analyzer makes each character a term, so 正兰 also
# finds every name with 兰 in it.
FULLTEXT_INDEX = "entity_names"
FULLTEXT_ANALYZER = "cjk"
FULLTEXT_PROPERTIES = ("name", "title")

# `sources` grows as a union, so loading the same articles again changes nothing.
_ADD_SOURCES = ("n.sources = coalesce(n.sources, []) + "
                "[s IN row.sources WHERE NOT s IN coalesce(n.sources, [])]")

LIST_INDEXES = "SHOW INDEXES YIELD name RETURN name"
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
CLEAR_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS written"


def fulltext_index() -> str:
    """The full-text index over the names of every label (and article titles), `cjk` analyzer."""
    labels = "|".join(check_label(label) for label in sorted(NODE_LABELS))
    properties = ", ".join(f"n.{p}" for p in FULLTEXT_PROPERTIES)
    return (f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{properties}] "
            f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{FULLTEXT_ANALYZER}'}}}}")


def schema_statements() -> dict[str, str]:
    """Uniqueness constraints on `id` (nodes and relationships), lookup indexes and the
    full-text index, by name (the name `SHOW INDEXES` lists them under)."""
    statements = []
    for label in sorted(NODE_LABELS):
        check_label(label)
        statements.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
                          f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    for label in NAME_INDEXED:
        statements.append(f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{check_label(label)}) ON (n.name)")
    statements.append(f"CREATE INDEX article_article_id IF NOT EXISTS FOR (n:{ARTICLE}) ON (n.article_id)")
    for label in DATE_INDEXED:
        statements.append(f"CREATE INDEX {label.lower()}_date IF NOT EXISTS FOR (n:{check_label(label)}) ON (n.date)")
    for rel_type in sorted(REL_TYPES):
        check_type(rel_type)
        statements.append(f"CREATE CONSTRAINT {rel_type.lower()}_id IF NOT EXISTS "
                          f"FOR ()-[r:{rel_type}]-() REQUIRE r.id IS UNIQUE")
        # replace=True finds a source's facts by article
        statements.append(f"CREATE INDEX {rel_type.lower()}_article IF NOT EXISTS "
                          f"FOR ()-[r:{rel_type}]-() ON (r.article)")
    statements.append(fulltext_index())
    # CREATE [FULLTEXT] INDEX|CONSTRAINT <name> ...: the name follows INDEX or CONSTRAINT.
    named = {}
    for statement in statements:
        words = statement.split()
        kind = next(i for i, word in enumerate(words) if word in ("INDEX", "CONSTRAINT"))
        named[words[kind + 1]] = statement
    return named


def merge_nodes(label: str) -> str:
    """MERGE a batch of nodes of one label by id: $rows of {id, props, sources}."""
    check_label(label)
    return (f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
            f"SET n += row.props, {_ADD_SOURCES} "
            "RETURN count(n) AS written")


def merge_edges(rel_type: str, source_label: str, target_label: str) -> str:
    """MERGE a batch of relationships of one type between two labels: $rows of {id, source, target, props}."""
    check_type(rel_type)
    check_label(source_label)
    check_label(target_label)
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{source_label} {{id: row.source}}) MATCH (b:{target_label} {{id: row.target}}) "
            f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b) SET r += row.props "
            "RETURN count(r) AS written")


def delete_facts(rel_type: str) -> str:
    """Up to $limit relationships of one type that $articles loaded."""
    return (f"MATCH ()-[r:{check_type(rel_type)}]->() WHERE r.article IN $articles "
            "WITH r LIMIT $limit DELETE r RETURN count(*) AS written")


def count_supported(label: str) -> str:
    """How many (up to $limit) nodes of a label $articles still support."""
    return (f"MATCH (n:{check_label(label)}) WHERE any(s IN n.sources WHERE s IN $articles) "
            "WITH n LIMIT $limit RETURN count(n) AS written")


def drop_sources(label: str) -> str:
    """Drop $articles from up to $limit nodes' `sources`; delete the nodes nothing else supports."""
    return (f"MATCH (n:{check_label(label)}) WHERE any(s IN n.sources WHERE s IN $articles) "
            "WITH n LIMIT $limit SET n.sources = [s IN n.sources WHERE NOT s IN $articles] "
            "WITH n WHERE size(n.sources) = 0 DETACH DELETE n RETURN count(*) AS written")


def count_label(label: str) -> str:
    return f"MATCH (n:{check_label(label)}) RETURN count(n) AS c"


def count_type(rel_type: str) -> str:
    return f"MATCH ()-[r:{check_type(rel_type)}]->() RETURN count(r) AS c"
