"""What the store keeps of each article beside its contribution, written in the same
transaction: the article's date, and the titles it gives persons without naming the body
(市长刘涛: a "title-only sighting").

Why at write time: the resolved graph keeps such a title only on the Person node
(`positions`), with no article and no date, so the career table had to decode each
article's contribution to find them, and a cache of that needed a checksum of every
article read on every lookup (most of `kg person`'s time for a busy official). Rows
written with their contribution can never disagree with it: nothing to check or redo.

A store of format 2 (before these tables) is read by decoding the contributions
(`Store.title_sightings` falls back) until its next build adds them (`fill`).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from kg.graph import schema

if TYPE_CHECKING:   # a reader of the rows does not create the pipeline's record classes
    from kg.graph.records import Contribution

DDL = """
CREATE TABLE IF NOT EXISTS article_dates (article TEXT PRIMARY KEY, date TEXT) WITHOUT ROWID;
-- keyed by name: one person's sightings are one range of the table, read in order; the
-- article's date is kept in the row (written with it from the same contribution)
CREATE TABLE IF NOT EXISTS title_sightings (
    name_key TEXT NOT NULL, article TEXT NOT NULL, pos INTEGER NOT NULL, date TEXT,
    name TEXT NOT NULL, city TEXT, title TEXT NOT NULL, evidence TEXT NOT NULL,
    PRIMARY KEY (name_key, article, pos)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS title_sightings_article ON title_sightings(article);
"""


class TitleSighting(NamedTuple):
    """An article gives the person named `name` (of `city`) the title, without its body."""

    article: str
    date: str | None
    name: str
    city: str | None
    title: str
    evidence: str


def title_only(c: Contribution) -> list[tuple[str, str | None, str, str]]:
    """(name, city, title, evidence) of each title-only sighting in one article.

    Titles the article also states with a body (a HOLDS_POSITION fact) and byline roles
    (the title of a REPORTED fact: 记者, 通讯员) are not title-only.
    """
    found = []
    for local in c.nodes:
        titles = local.props.get("titles") or ()
        if local.label != schema.PERSON or not titles:
            continue
        named = {str(e.props.get("title") or "") for e in c.edges
                 if e.source == local.key and e.type in (schema.HOLDS_POSITION, schema.REPORTED)}
        # the evidence: a sentence with the title and the name when the article has one
        texts = [local.evidence, *(e.evidence for e in c.edges if e.source == local.key)]
        for title in dict.fromkeys(str(t) for t in titles):
            if title and title not in named:
                evidence = next((t for t in texts if title in t and local.name in t), local.evidence)
                found.append((local.name, local.props.get("city"), title, evidence))
    return found


def of_contribution(c: Contribution) -> list[TitleSighting]:
    date = c.article.get("date")
    return [TitleSighting(c.article_id, date, *seen) for seen in title_only(c)]


def write(db: sqlite3.Connection, c: Contribution) -> None:
    """Replace what the store keeps of this article's date and sightings."""
    forget(db, [c.article_id])
    date = c.article.get("date")
    db.execute("INSERT INTO article_dates VALUES (?, ?)", (c.article_id, date))
    db.executemany("INSERT INTO title_sightings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [(schema.normalise(name), c.article_id, pos, date, name, city, title, evidence)
                    for pos, (name, city, title, evidence) in enumerate(title_only(c))])


def forget(db: sqlite3.Connection, article_ids: Iterable[str]) -> None:
    rows = [(aid,) for aid in article_ids]
    db.executemany("DELETE FROM article_dates WHERE article = ?", rows)
    db.executemany("DELETE FROM title_sightings WHERE article = ?", rows)


def fill(db: sqlite3.Connection, contributions: Iterable[Contribution]) -> None:
    """Write the rows of every stored contribution (a format-2 store's upgrade)."""
    for c in contributions:
        write(db, c)
