"""Who appears with whom: persons with a role (主持, 出席, 讲话, 调研) at the same event.

`coappearances` answers for one person: each other person met at an event, how many
events they shared, their roles there and which events. `coappearance_matrix` counts
shared events for every pair of a set of persons (the notebook's heatmap). An event
reported by two articles is one event; its date is the event's, else the article's.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.answers.scope import Articles, Scope, fact_city, fact_date
from kg.answers.timeline import PersonSummary, find_person
from kg.graph import schema

COLUMNS = ("name", "city", "events", "roles", "first_seen", "last_seen", "event_names", "id")


@dataclass
class SharedEvent:
    name: str
    date: str | None
    id: str


@dataclass
class CoappearanceRow:
    name: str
    city: str | None
    events: int                     # events both had a role at
    roles: str                      # the other's roles there, with counts: 出席×3、讲话×1
    first_seen: str | None
    last_seen: str | None
    event_names: str                # the shared events, by date: 2022-06-15 市政府常务会议; ...
    id: str
    shared: list[SharedEvent] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["shared"] = [asdict(s) for s in self.shared]
        return row


@dataclass
class Coappearances:
    person: PersonSummary
    events: int                     # the person's events in the scope
    rows: list[CoappearanceRow]

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person._asdict(), "events": self.events, "with": [r.to_json() for r in self.rows]}


def _events_of(store: Any, person_id: str, scope: Scope, articles: Articles | None = None) -> dict[str, str | None]:
    """The person's events in scope -> date."""
    own = store.edges_from(person_id, schema.PERSON_EVENT_ROLES)
    articles = articles or Articles(store, (str(e.prop("article")) for e in own))
    nodes = store.nodes_by_id({e.target for e in own})
    events: dict[str, str | None] = {}
    for e in own:
        date = fact_date(e, nodes.get(e.target), articles)
        if scope.dated(date) and scope.of_city(fact_city(e, articles)):
            events[e.target] = date
    return events


def coappearances(store: Any, name: str, *, city: str | None = None, person_id: str | None = None,
                  scope: Scope | None = None, limit: int | None = None) -> Coappearances:
    """Everyone who had a role at an event of `name`'s, most shared events first."""
    scope = scope or Scope()
    person = find_person(store, name, city, person_id)
    events = _events_of(store, person.id, scope)
    event_nodes = store.nodes_by_id(events)
    shared: dict[str, dict[str, str | None]] = defaultdict(dict)
    roles: dict[str, Counter] = defaultdict(Counter)
    for event_id in events:
        seen: set[tuple[str, str]] = set()
        for e in store.edges_to(event_id, schema.PERSON_EVENT_ROLES):
            if e.source == person.id or (e.source, e.type) in seen:
                continue
            seen.add((e.source, e.type))
            shared[e.source][event_id] = events[event_id]
            roles[e.source][e.type] += 1
    people = store.nodes_by_id(shared)
    rows = []
    for pid, met in shared.items():
        node = people.get(pid)
        if node is None:
            continue
        dates = sorted(d for d in met.values() if d)
        listed = sorted((SharedEvent(str(event_nodes[eid].prop("name")) if eid in event_nodes else eid, d, eid)
                         for eid, d in met.items()), key=lambda s: (s.date or "9999", s.name))
        words = "、".join(f"{schema.ROLE_WORDS[rel]}×{n}" for rel in schema.PERSON_EVENT_ROLES
                         if (n := roles[pid][rel]))
        rows.append(CoappearanceRow(
            name=str(node.prop("name")), city=node.prop("city"), events=len(met), roles=words,
            first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
            event_names="; ".join(f"{s.date or '?'} {s.name}" for s in listed), id=pid, shared=listed))
    rows.sort(key=lambda r: (-r.events, r.name, r.id))
    return Coappearances(person, len(events), rows[:limit] if limit else rows)


@dataclass
class CoappearanceMatrix:
    names: list[str]                # row and column labels (name, or name (city) when two share it)
    ids: list[str]
    counts: list[list[int]]         # counts[i][j]: events i and j both had a role at; [i][i]: i's events

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def coappearance_matrix(store: Any, person_ids: list[str], *, scope: Scope | None = None) -> CoappearanceMatrix:
    """Shared events for every pair of these persons (in the order given)."""
    scope = scope or Scope()
    events = {pid: set(_events_of(store, pid, scope)) for pid in person_ids}
    nodes = store.nodes_by_id(person_ids)
    names = [str(nodes[p].prop("name")) if p in nodes else p for p in person_ids]
    twice = {n for n, c in Counter(names).items() if c > 1}
    names = [f"{n} ({nodes[p].prop('city')})" if n in twice and p in nodes else n
             for n, p in zip(names, person_ids)]
    counts = [[len(events[a] & events[b]) for b in person_ids] for a in person_ids]
    return CoappearanceMatrix(names, list(person_ids), counts)
