"""A person's activities as a dated timeline, read from the store by index (no graph load).

One line per event, with every role the person had at it (主持、讲话), the event's place,
the others there, the positions the person held as of that date (answers.careers), and
the sources: each article and evidence sentence behind the line. Articles the person
reported (记者, 通讯员) are lines of their own. A summary heads it: articles, events,
first and last seen, positions held. Several people of one name: `AmbiguousPerson` lists
them with city and positions so the caller can pick one (by city or id).
"""
from __future__ import annotations

from typing import Any, NamedTuple

from kg.answers.careers import CareerRow, career_rows, position_label, positions_as_of
from kg.answers.scope import Articles, Scope, city_matches, is_partial
from kg.graph.elements import NodeRecord
from kg.graph.schema import (
    ARTICLE,
    EVENT,
    MENTIONED_IN,
    PERSON,
    PERSON_EVENT_ROLES,
    REPORTED,
    ROLE_WORDS,
    node_id,
)

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


# The immutable answers are NamedTuples, as in answers.scope: a dataclass takes a lookup's
# start over a millisecond to create, a NamedTuple a fifth of that (bench/person_latency.py).
class PersonSummary(NamedTuple):
    id: str
    name: str
    city: str | None
    positions: list[str]
    mentions: int


class Participant(NamedTuple):
    name: str
    role: str          # role words, e.g. 出席、讲话


class Source(NamedTuple):
    article_id: str
    article_title: str
    evidence: str


class TimelineLine(NamedTuple):
    """One line of the timeline, made whole at once (only the lines shown are made)."""

    date: str | None
    roles: list[str]                  # 主持, 讲话 … (graph.schema.ROLE_WORDS), in schema order
    relations: list[str]              # CHAIRED, SPOKE_AT …
    event: str                        # event name (the article title for 报道)
    event_id: str | None
    event_type: str | None
    place: str | None
    co_participants: list[Participant]
    positions: list[str]              # held as of the date: "title (body)" or title
    sources: list[Source]             # article and evidence, one per sentence

    @property
    def role(self) -> str:
        return "、".join(self.roles)

    @property
    def partial_date(self) -> bool:
        return is_partial(self.date)

    def to_json(self) -> dict[str, Any]:
        # the participants and sources are tuples, which JSON would make lists
        row: dict[str, Any] = {"date": self.date, "partial_date": self.partial_date, "role": self.role}
        row.update(self._asdict())
        row["co_participants"] = [p._asdict() for p in self.co_participants]
        row["sources"] = [s._asdict() for s in self.sources]
        return row


class TimelineSummary(NamedTuple):
    articles: int                     # articles naming the person (in the period)
    events: int                       # events the person had a role at (in the period)
    reported: int                     # articles the person reported
    first_seen: str | None
    last_seen: str | None
    positions: list[str]              # every position held, in the order first seen


class PersonTimeline(NamedTuple):
    person: PersonSummary
    summary: TimelineSummary
    positions: list[CareerRow]        # the person's rows of the career table
    lines: list[TimelineLine]
    omitted: int = 0                  # earlier lines left out by the limit

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person._asdict(), "summary": self.summary._asdict(),
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
    own = own_relationships(store, person.id)
    # the Article nodes are the targets of the person's mentions and reports: no digests to make
    nodes = {o.article: o.target for o in own if o.type in (MENTIONED_IN, REPORTED)}
    nodes.update((o.article, node_id(ARTICLE, id=o.article)) for o in own if o.article not in nodes)
    dates = store.article_dates(nodes)
    careers = career_rows(store, person_ids=[person.id], mentioned={o.article for o in own if o.type == MENTIONED_IN})

    grouped: dict[str, list[Own]] = {}
    for o in own:
        if o.type in PERSON_EVENT_ROLES:
            grouped.setdefault(o.target, []).append(o)
        elif o.type == REPORTED:
            grouped.setdefault(f"{REPORTED}:{o.article}", []).append(o)

    # Every line is dated and ordered; only the lines kept are filled in (sources, evidence,
    # positions, the others there): a busy official has thousands of lines and shows 50.
    dated: list[_Dated] = []
    for key, edges in grouped.items():
        edges.sort(key=lambda o: (_ROLE_ORDER[o.type], o.article, o.id))
        first = edges[0]
        if first.type == REPORTED:
            # one report line per article: its title never decides the order, it is read when kept
            date, event = dates.get(first.article), ""
        else:
            found = sorted(d for o in edges if (d := dates.get(o.article)))
            date = first.event_date or (found[0] if found else None)
            event = first.event_name if first.event_name is not None else key
        if scope.dated(date):
            dated.append(_Dated(date, first.article, _ROLE_ORDER[first.type], event, key, edges))
    dated.sort(key=lambda d: (d.date or "9999-99-99", d.article, d.order, d.event))

    seen = sorted({d for o in own if o.type in (MENTIONED_IN, REPORTED)
                   if (d := dates.get(o.article)) and scope.dated(d)})
    in_scope = {o.article for o in own if o.type == MENTIONED_IN and scope.dated(dates.get(o.article))}
    events = sum(1 for d in dated if d.edges[0].type != REPORTED)
    summary = TimelineSummary(
        articles=len(in_scope), events=events, reported=len(dated) - events,
        first_seen=seen[0] if seen else None, last_seen=seen[-1] if seen else None,
        positions=list(dict.fromkeys(position_label(r) for r in
                                     sorted(careers, key=lambda r: (r.first_seen or "9999", r.title)))))
    omitted = 0
    if limit and len(dated) > limit:
        omitted = len(dated) - limit
        dated = dated[-limit:]
    lines = _filled_lines(store, dated, nodes, careers, person.id)
    return PersonTimeline(person, summary, careers, lines, omitted)


class _Dated(NamedTuple):
    """A line before it is filled in: what orders it, and its relationships."""

    date: str | None
    article: str                      # its first relationship's
    order: int                        # that relationship's place in TIMELINE_TYPES
    event: str
    key: str                          # the event's id, or REPORTED:article
    edges: list[Own]


def _filled_lines(store, dated: list[_Dated], nodes: dict[str, str], careers: list[CareerRow],
                  person_id: str) -> list[TimelineLine]:
    """The lines kept, with their roles, the others there, positions and sources (title and
    evidence)."""
    kept = [o for d in dated for o in d.edges]
    evidence = {row[0]: str(row[4] or "") for row in store.edge_table(props=("evidence",), ids={o.id for o in kept})}
    articles = Articles.of_nodes(store, {o.article: nodes[o.article] for o in kept})
    # the people of all the kept lines' events, in one more join
    others = co_participants(store, [d.key for d in dated if d.edges[0].type != REPORTED], person_id)
    lines = []
    for date, _, _, event, key, edges in dated:
        sources: list[Source] = []
        for o in edges:
            info = articles.get(o.article)
            source = Source(o.article, info.title if info else "", evidence.get(o.id, ""))
            if source not in sources:
                sources.append(source)
        positions = positions_as_of(careers, date)
        first = edges[0]
        if first.type == REPORTED:
            info = articles.get(first.article)
            lines.append(TimelineLine(date, [ROLE_WORDS[REPORTED]], [REPORTED], info.title if info else "",
                                      None, None, None, [], positions, sources))
        else:
            relations = list(dict.fromkeys(o.type for o in edges))
            lines.append(TimelineLine(date, [ROLE_WORDS[r] for r in relations], relations, event, key,
                                      first.event_type, first.event_place, others.get(key, []), positions, sources))
    return lines


# --- the store's rows (graph.store reads them by index): the few columns a timeline shows ----

class Own(NamedTuple):
    """One of the person's timeline relationships, with its event's columns (None when the
    target is no event). A tuple: a busy official has thousands, made in one go."""

    id: str
    type: str
    target: str
    article: str
    event_name: str | None
    event_date: str | None
    event_type: str | None
    event_place: str | None


def own_relationships(store, person_id: str) -> list[Own]:
    """The person's events (with their name, date, type, place), reports and mentions: the
    relationships by the index of their source, then each event once by its id (a join
    would read an event's node again for every article that reports it)."""
    rows = store.relationship_rows(person_id, (*TIMELINE_TYPES, MENTIONED_IN))
    targets = {target for _, rel, target, _ in rows if rel in PERSON_EVENT_ROLES}
    events = {eid: (name, *map(_text, columns))
              for eid, (name, *columns) in store.node_columns(EVENT, targets, ("date", "type", "place")).items()}
    none = (None, None, None, None)
    return [Own(eid, rel, target, str(article), *(events.get(target, none) if rel in PERSON_EVENT_ROLES else none))
            for eid, rel, target, article in rows]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def co_participants(store, event_ids: list[str], person_id: str) -> dict[str, list[Participant]]:
    """The other people at each event (over all articles), each once, with all their roles."""
    found: dict[str, list[tuple[int, str, str, str | None]]] = {}
    for event, source, rel, name in store.participant_rows(event_ids, PERSON_EVENT_ROLES, but=person_id):
        found.setdefault(event, []).append((_ROLE_ORDER[rel], source, rel, name))
    result: dict[str, list[Participant]] = {}
    for event, rows in found.items():
        roles: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for _, source, rel, name in sorted(rows):
            kept = roles.setdefault(source, [])
            names[source] = name if name is not None else source
            if ROLE_WORDS[rel] not in kept:
                kept.append(ROLE_WORDS[rel])
        result[event] = [Participant(names[pid], "、".join(words)) for pid, words in roles.items()]
    return result
