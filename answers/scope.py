"""What every research answer shares: the period and city filters, and the articles facts cite.

A fact's date is its event's date when it is about a dated event, else its article's date
(the paper's date when the dateline had none). `--city` keeps what the papers of that city
say: the article's city, the paper's own (persons are keyed by it too). Bounds are
inclusive ISO dates; a fact with no date is outside any period that was asked for.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from kg.graph import schema
from kg.graph.elements import EdgeRecord, NodeRecord

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Small immutable records are NamedTuples: a dataclass costs a lookup's start-up 2-3 ms to
# create (bench/person_latency.py), a tuple type a fraction of that.
class Scope(NamedTuple):
    """The filters of one question: an inclusive period and a city (None: any)."""

    date_from: str | None = None
    date_to: str | None = None
    city: str | None = None

    def dated(self, date: str | None) -> bool:
        if not self.date_from and not self.date_to:
            return True
        if not date:
            return False
        # a partial date (2022-06, --06-15) compares by its known prefix
        return (not self.date_from or date >= self.date_from[:len(date)]) and \
               (not self.date_to or date[:len(self.date_to)] <= self.date_to)

    def of_city(self, city: str | None) -> bool:
        return not self.city or city_matches(city, self.city)


def city_matches(city: str | None, wanted: str) -> bool:
    """`--city 许昌` picks 许昌市: either name may be the other's prefix."""
    have, want = schema.normalise(city), schema.normalise(wanted)
    return bool(have) and (have == want or have.startswith(want) or want.startswith(have))


def is_partial(date: str | None) -> bool:
    """A date the store has only in part (no year, or no day), shown as it is."""
    return bool(date) and not _FULL_DATE.match(str(date))


class ArticleInfo(NamedTuple):
    id: str            # what facts call `article`
    title: str
    date: str | None
    city: str | None
    newspaper: str | None


class Articles:
    """The Article nodes of a store (or of these article ids), looked up by the id facts
    carry; read once."""

    def __init__(self, store: Any, article_ids: Iterable[str] | None = None):
        self._node_ids: dict[str, str] = {}   # article id -> its node id (a digest: made once each)
        if article_ids is None:
            self._by_node: dict[str, NodeRecord] = {n.id: n for n in store.nodes(schema.ARTICLE)}
        else:
            self._node_ids = {a: schema.node_id(schema.ARTICLE, id=a) for a in set(article_ids) if a}
            self._by_node = store.nodes_by_id(self._node_ids.values())
        self._cache: dict[str, ArticleInfo | None] = {}

    @classmethod
    def of_nodes(cls, store: Any, node_ids: dict[str, str]) -> Articles:
        """The articles of these Article nodes (article id -> node id, as the targets of a
        person's MENTIONED_IN edges give them): no node id to compute, and only the columns an
        ArticleInfo holds read by SQLite, not whole records."""
        articles = cls(store, ())
        by_node = {node: aid for aid, node in node_ids.items()}
        columns = store.node_columns(schema.ARTICLE, by_node, ("title", "date", "city", "newspaper"))
        for node, (_name, title, date, city, newspaper) in columns.items():
            aid = by_node[node]
            articles._cache[aid] = ArticleInfo(aid, str(title or ""), date, city, newspaper)
        return articles

    def get(self, article_id: str | None) -> ArticleInfo | None:
        if not article_id:
            return None
        if article_id in self._cache:
            return self._cache[article_id]
        node_id = self._node_ids.get(article_id) or schema.node_id(schema.ARTICLE, id=article_id)
        node = self._by_node.get(node_id)
        info = None if node is None else ArticleInfo(
            article_id, str(node.prop("title") or ""), node.prop("date"),
            node.prop("city"), node.prop("newspaper"))
        self._cache[article_id] = info
        return info

    def of(self, edge: EdgeRecord) -> ArticleInfo | None:
        return self.get(edge.prop("article"))


def fact_date(edge: EdgeRecord, target: NodeRecord | None, articles: Articles) -> str | None:
    """When a fact happened: its event's date, else its article's."""
    if target is not None and target.label == schema.EVENT and target.prop("date"):
        return str(target.prop("date"))
    info = articles.of(edge)
    return info.date if info else None


def fact_city(edge: EdgeRecord, articles: Articles) -> str | None:
    info = articles.of(edge)
    return info.city if info else None
