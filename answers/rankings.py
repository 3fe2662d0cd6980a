"""Rankings over a period and a city: who chairs most, who speaks, who attends; which
organizations and districts the papers name most.

- chairs / speakers / attendees: persons by the number of events they CHAIRED / SPOKE_AT /
  ATTENDED (an event reported by two articles counts once), dated by the event.
- organizations / districts: by the number of articles naming them (MENTIONED_IN), dated
  by the article; districts (places of level `district`) also count the events held in
  them and the signings they or their bodies made (answers.signings says how a body is
  placed in a district).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from kg.answers.scope import Articles, Scope, fact_city, fact_date
from kg.answers.signings import signings
from kg.graph import schema

ROLE_RANKINGS = {"chairs": schema.CHAIRED, "speakers": schema.SPOKE_AT, "attendees": schema.ATTENDED}
RANKINGS = (*ROLE_RANKINGS, "organizations", "districts")
COUNTED = {"chairs": "events chaired", "speakers": "events spoken at", "attendees": "events attended",
           "organizations": "articles naming it", "districts": "articles naming it"}

COLUMNS = ("rank", "name", "city", "count", "articles", "first_seen", "last_seen", "detail", "id")


class RankingError(ValueError):
    """An unknown ranking; the message lists the known ones."""


@dataclass
class TopRow:
    rank: int
    name: str
    city: str | None
    count: int                 # what COUNTED[kind] says
    articles: int              # distinct articles behind the count
    first_seen: str | None
    last_seen: str | None
    detail: str                # positions; kind; events and signings of a district
    id: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_ranking(kind: str) -> str:
    if kind not in RANKINGS:
        raise RankingError(f"unknown ranking {kind!r}; choose one of {', '.join(RANKINGS)}")
    return kind


def top(store: Any, kind: str, *, scope: Scope | None = None, limit: int = 20) -> list[TopRow]:
    """The `limit` first of a ranking, most first (ties by name)."""
    check_ranking(kind)
    scope = scope or Scope()
    articles = Articles(store)
    if kind in ROLE_RANKINGS:
        rows = _by_role(store, ROLE_RANKINGS[kind], scope, articles)
    else:
        label = schema.ORGANIZATION if kind == "organizations" else schema.PLACE
        rows = _by_mentions(store, label, scope, articles, districts=kind == "districts")
    rows.sort(key=lambda r: (-r.count, -r.articles, r.name, r.id))
    for i, row in enumerate(rows[:limit], 1):
        row.rank = i
    return rows[:limit]


class _Tally:
    def __init__(self) -> None:
        self.items: set[str] = set()
        self.articles: set[str] = set()
        self.dates: list[str] = []

    def add(self, item: str, article: str, date: str | None) -> None:
        self.items.add(item)
        self.articles.add(article)
        if date:
            self.dates.append(date)


def _by_role(store: Any, rel: str, scope: Scope, articles: Articles) -> list[TopRow]:
    edges = list(store.edges(rel))
    events = store.nodes_by_id({e.target for e in edges})
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for e in edges:
        date = fact_date(e, events.get(e.target), articles)
        if scope.dated(date) and scope.of_city(fact_city(e, articles)):
            tallies[e.source].add(e.target, str(e.prop("article")), date)
    people = store.nodes_by_id(tallies)
    return [_row(people[pid], t, len(t.items), "、".join(people[pid].prop("positions") or ()))
            for pid, t in tallies.items() if pid in people]


def _by_mentions(store: Any, label: str, scope: Scope, articles: Articles, districts: bool) -> list[TopRow]:
    nodes = {n.id: n for n in store.nodes(label)
             if not districts or n.prop("level") == "district"}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for e in store.edges(schema.MENTIONED_IN):
        if e.source not in nodes:
            continue
        info = articles.of(e)
        date = info.date if info else None
        if scope.dated(date) and scope.of_city(info.city if info else None):
            tallies[e.source].add(str(e.prop("article")), str(e.prop("article")), date)
    if not districts:
        return [_row(nodes[nid], t, len(t.articles), str(nodes[nid].prop("kind") or ""))
                for nid, t in tallies.items()]
    signed: dict[str, int] = defaultdict(int)
    for s in signings(store, scope=scope):
        if s.district_id:
            signed[s.district_id] += 1
    held_in = [e for e in store.edges(schema.HELD_IN) if e.target in nodes]
    events = store.nodes_by_id({e.source for e in held_in})
    held: dict[str, set[str]] = defaultdict(set)
    for e in held_in:
        # the event is the source here: its date, else the article's
        date = fact_date(e, events.get(e.source), articles)
        if scope.dated(date) and scope.of_city(fact_city(e, articles)):
            held[e.target].add(e.source)
    rows = []
    for nid in set(tallies) | set(signed):
        t = tallies[nid]
        rows.append(_row(nodes[nid], t, len(t.articles),
                         f"{len(held[nid])} events held, {signed[nid]} signings"))
    return rows


def _row(node, tally: _Tally, count: int, detail: str) -> TopRow:
    return TopRow(rank=0, name=str(node.prop("name")), city=node.prop("city") or node.prop("parent"),
                  count=count, articles=len(tally.articles),
                  first_seen=min(tally.dates) if tally.dates else None,
                  last_seen=max(tally.dates) if tally.dates else None, detail=detail, id=node.id)
