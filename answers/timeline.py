"""A person's activities as a dated timeline, read from the store by index (no graph load).

One line per event, with every role the person had at it (主持、讲话), the event's place,
the others there, the positions the person held as of that date (answers.careers), and
the sources: each article and evidence sentence behind the line. Articles the person
reported (记者, 通讯员) are lines of their own. A summary heads it: articles, events,
first and last seen, positions held. Several people of one name: `AmbiguousPerson` lists
them with city and positions so the caller can pick one (by city or id).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kg.answers.careers import CareerRow, career_rows, position_label, positions_as_of
from kg.answers.scope import Articles, Scope, city_matches, is_partial
from kg.graph.records import EdgeRecord, NodeRecord
from kg.graph.schema import MENTIONED_IN, PERSON, PERSON_EVENT_ROLES, REPORTED, ROLE_WORDS

TIMELINE_TYPES = (*PERSON_EVENT_ROLES, REPORTED)
_ROLE_ORDER = {t: i for i, t in enumerate(TIMELINE_TYPES)}


class PersonLookupError(LookupError):
    """No such person, or several: the message says which."""


class UnknownPerson(PersonLookupError):
    pass


class AmbiguousPerson(PersonLookupError):
    def __init__(self, name: str, candidates: list[PersonSummary]):
        self.name = name
        self.candidates = candidates
        one_city = len({c.city for c in candidates}) == 1
        how = "--id" if one_city else "--city (or --id)"
        super().__init__(f"{len(candidates)} people are named {name}; pick one with {how}")


@dataclass
class PersonSummary:
    id: str
    name: str
    city: str | None
    positions: list[str]
    mentions: int


@dataclass
class Participant:
    name: str
    role: str          # role words, e.g. 出席、讲话


@dataclass
class Source:
    article_id: str
    article_title: str
    evidence: str


@dataclass
class TimelineLine:
    date: str | None
    roles: list[str]                  # 主持, 讲话 … (graph.schema.ROLE_WORDS), in schema order
    relations: list[str]              # CHAIRED, SPOKE_AT …
    event: str                        # event name (the article title for 报道)
    event_id: str | None
    event_type: str | None
    place: str | None
    co_participants: list[Participant] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)   # held as of the date: "title (body)" or title
    sources: list[Source] = field(default_factory=list)   # article and evidence, one per sentence

    @property
    def role(self) -> str:
        return "、".join(self.roles)

    @property
    def partial_date(self) -> bool:
        return is_partial(self.date)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "partial_date": self.partial_date, "role": self.role, **asdict(self)}


@dataclass
class TimelineSummary:
    articles: int                     # articles naming the person (in the period)
    events: int                       # events the person had a role at (in the period)
    reported: int                     # articles the person reported
    first_seen: str | None
    last_seen: str | None
    positions: list[str]              # every position held, in the order first seen


@dataclass
class PersonTimeline:
    person: PersonSummary
    summary: TimelineSummary
    positions: list[CareerRow]        # the person's rows of the career table
    lines: list[TimelineLine]
    omitted: int = 0                  # earlier lines left out by the limit

    def to_json(self) -> dict[str, Any]:
        return {"person": asdict(self.person), "summary": asdict(self.summary),
                "positions": [r.to_json() for r in self.positions],
                "timeline": [line.to_json() for line in self.lines], "omitted": self.omitted}


def _summary(store, node: NodeRecord) -> PersonSummary:
    return PersonSummary(node.id, node.prop("name"), node.prop("city"),
                         list(node.prop("positions") or ()), store.mentions(node.id))


def find_person(store, name: str, city: str | None = None,
                person_id: str | None = None) -> PersonSummary:
    """The one person of that name (and city, or id); raises UnknownPerson / AmbiguousPerson."""
    people = store.find(name, PERSON)
    if person_id:
        people = [p for p in people if p.id == person_id]
    if city:
        people = [p for p in people if city_matches(p.prop("city"), city)]
    if not people:
        where = f" in {city}" if city else ""
        raise UnknownPerson(f"no person named {name}{where} in the store")
    if len(people) > 1:
        raise AmbiguousPerson(name, [_summary(store, p) for p in people])
    return _summary(store, people[0])


def person_timeline(store, name: str, *, city: str | None = None, person_id: str | None = None,
                    date_from: str | None = None, date_to: str | None = None,
                    limit: int | None = None) -> PersonTimeline:
    """The timeline of one person; dates are ISO strings, bounds inclusive; `limit` keeps
    the latest lines."""
    scope = Scope(date_from, date_to)
    person = find_person(store, name, city, person_id)
    own = store.edges_from(person.id, (*TIMELINE_TYPES, MENTIONED_IN))
    articles = Articles(store, (str(e.prop("article")) for e in own))
    events = store.nodes_by_id({e.target for e in own if e.type in PERSON_EVENT_ROLES})
    careers = career_rows(store, person_ids=[person.id])

    grouped: dict[str, list[EdgeRecord]] = {}
    for e in own:
        if e.type in PERSON_EVENT_ROLES:
            grouped.setdefault(e.target, []).append(e)
        elif e.type == REPORTED:
            grouped.setdefault(f"{REPORTED}:{e.prop('article')}", []).append(e)

    lines: list[TimelineLine] = []
    for key, edges in grouped.items():
        edges.sort(key=lambda e: (_ROLE_ORDER[e.type], str(e.prop("article")), e.id))
        first = articles.of(edges[0])
        event = events.get(key)
        if edges[0].type == REPORTED:
            date = first.date if first else None
            line = TimelineLine(date, [ROLE_WORDS[REPORTED]], [REPORTED], first.title if first else "",
                                None, None, None)
        else:
            dates = sorted(d for e in edges if (info := articles.of(e)) and (d := info.date))
            date = (event.prop("date") if event else None) or (dates[0] if dates else None)
            line = TimelineLine(date, [], [], str(event.prop("name")) if event else key, key,
                                event.prop("type") if event else None, event.prop("place") if event else None)
            for e in edges:
                if e.type not in line.relations:
                    line.relations.append(e.type)
                    line.roles.append(ROLE_WORDS[e.type])
        if not scope.dated(date):
            continue
        for e in edges:
            info = articles.of(e)
            source = Source(str(e.prop("article")), info.title if info else "", str(e.prop("evidence") or ""))
            if source not in line.sources:
                line.sources.append(source)
        line.positions = positions_as_of(careers, date)
        lines.append(line)
    lines.sort(key=lambda l: (l.date or "9999-99-99", l.sources[0].article_id if l.sources else "",
                              _ROLE_ORDER[l.relations[0]], l.event))

    seen = sorted({d for e in own if e.type in (MENTIONED_IN, REPORTED)
                   if (info := articles.of(e)) and (d := info.date) and scope.dated(d)})
    in_scope = {str(e.prop("article")) for e in own if e.type == MENTIONED_IN
                and scope.dated(info.date if (info := articles.of(e)) else None)}
    summary = TimelineSummary(
        articles=len(in_scope), events=sum(1 for l in lines if l.event_id),
        reported=sum(1 for l in lines if not l.event_id),
        first_seen=seen[0] if seen else None, last_seen=seen[-1] if seen else None,
        positions=list(dict.fromkeys(position_label(r) for r in
                                     sorted(careers, key=lambda r: (r.first_seen or "9999", r.title)))))
    omitted = 0
    if limit and len(lines) > limit:
        omitted = len(lines) - limit
        lines = lines[-limit:]
    for line in lines:   # only for the lines kept: each event's people are one more read
        if line.event_id:
            line.co_participants = _co_participants(store, line.event_id, person.id)
    return PersonTimeline(person, summary, careers, lines, omitted)


def _co_participants(store, event_id: str, person_id: str) -> list[Participant]:
    """The other people at the event (over all articles), each once, with all their roles."""
    edges = [e for e in store.edges_to(event_id, PERSON_EVENT_ROLES) if e.source != person_id]
    people = store.nodes_by_id(e.source for e in edges)
    roles: dict[str, list[str]] = {}
    for e in sorted(edges, key=lambda e: (_ROLE_ORDER[e.type], e.source)):
        kept = roles.setdefault(e.source, [])
        if ROLE_WORDS[e.type] not in kept:
            kept.append(ROLE_WORDS[e.type])
    return [Participant(people[pid].prop("name") if pid in people else pid, "、".join(words))
            for pid, words in roles.items()]

