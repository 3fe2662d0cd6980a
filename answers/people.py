"""Who the persons of a store are, and the store's counts: what `kg stats` prints.

Officials and journalists are told apart by what the graph says they did, not by a list
of titles: a journalist (reporter, correspondent) is linked to articles only, by REPORTED
(the byline) and MENTIONED_IN edges; an official holds a position or has a role at an
event. Everyone else (a villager quoted, a volunteer) is only mentioned.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.graph import schema

OFFICIAL, JOURNALIST, MENTIONED = "official", "journalist", "mentioned"
_ACTING = frozenset({schema.HOLDS_POSITION, *schema.PERSON_EVENT_ROLES})


@dataclass
class ActiveEntry:
    name: str
    city: str | None
    articles: int          # articles naming them (reported, for journalists)
    detail: str            # positions, or kind / level
    id: str


@dataclass
class StoreStats:
    articles: int
    labels: dict[str, int]
    relationships: dict[str, int]
    persons: dict[str, int]                     # official / journalist / mentioned -> count
    officials: list[ActiveEntry] = field(default_factory=list)
    journalists: list[ActiveEntry] = field(default_factory=list)
    organizations: list[ActiveEntry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def person_kinds(store: Any) -> dict[str, str]:
    """Each person's id -> official, journalist or mentioned."""
    acting: set[str] = set()
    for rel in sorted(_ACTING):
        acting.update(e.source for e in store.edges(rel))
    reporting = {e.source for e in store.edges(schema.REPORTED)}
    kinds = {}
    for node in store.nodes(schema.PERSON):
        kinds[node.id] = OFFICIAL if node.id in acting else JOURNALIST if node.id in reporting else MENTIONED
    return kinds


def store_stats(store: Any, top: int = 10) -> StoreStats:
    kinds = person_kinds(store)
    counts = dict.fromkeys((OFFICIAL, JOURNALIST, MENTIONED), 0)
    for kind in kinds.values():
        counts[kind] += 1
    mentions = store.mention_counts()
    reported: dict[str, set[str]] = defaultdict(set)
    for e in store.edges(schema.REPORTED):
        reported[e.source].add(str(e.prop("article")))

    people = list(store.nodes(schema.PERSON))
    officials = sorted((p for p in people if kinds[p.id] == OFFICIAL),
                       key=lambda p: (-mentions.get(p.id, 0), str(p.prop("name")), p.id))[:top]
    journalists = sorted((p for p in people if kinds[p.id] == JOURNALIST),
                         key=lambda p: (-len(reported[p.id]), str(p.prop("name")), p.id))[:top]

    def entry(node, articles: int) -> ActiveEntry:
        detail = "、".join(node.prop("positions") or ()) or node.prop("kind") or node.prop("level") or ""
        return ActiveEntry(str(node.prop("name")), node.prop("city"), articles, str(detail), node.id)

    return StoreStats(
        articles=store.article_count(), labels=store.count_labels(), relationships=store.count_types(),
        persons=counts,
        officials=[entry(p, mentions.get(p.id, 0)) for p in officials],
        journalists=[entry(p, len(reported[p.id])) for p in journalists],
        organizations=[entry(n, m) for n, m in store.top(schema.ORGANIZATION, top)])
