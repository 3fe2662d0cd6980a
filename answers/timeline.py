"""A person's activities as a dated timeline, read from the store by index (no graph load).

Each line: date, role (the Chinese role word of graph.schema.ROLE_WORDS), event, place,
co-participants, the positions the article gives the person, and the source article with
the evidence sentence. Several people of one name: `AmbiguousPerson` lists them with
city and positions so the caller can pick one (by city).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kg.graph import schema
from kg.graph.records import EdgeRecord, NodeRecord
from kg.graph.schema import ARTICLE, HOLDS_POSITION, PERSON, PERSON_EVENT_ROLES, REPORTED, ROLE_WORDS, normalise

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
class TimelineLine:
    date: str | None
    role: str                      # 主持 / 出席 / 讲话 / 调研 / 报道
    relation: str                  # CHAIRED ...
    event: str                     # event name (the article title for 报道)
    event_type: str | None
    place: str | None
    co_participants: list[Participant] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)   # as this article states them
    article_id: str = ""
    article_title: str = ""
    evidence: str = ""
    confidence: float | None = None


@dataclass
class PersonTimeline:
    person: PersonSummary
    positions: list[dict[str, Any]]        # {"title", "organization", "first", "last"}
    lines: list[TimelineLine]

    def to_json(self) -> dict[str, Any]:
        return {"person": asdict(self.person), "positions": self.positions,
                "timeline": [asdict(line) for line in self.lines]}


def _summary(store, node: NodeRecord) -> PersonSummary:
    return PersonSummary(node.id, node.prop("name"), node.prop("city"),
                         list(node.prop("positions") or ()), store.mentions(node.id))


def _city_matches(city: str | None, wanted: str) -> bool:
    # --city 许昌 picks 许昌市
    have, want = normalise(city), normalise(wanted)
    return bool(have) and (have == want or have.startswith(want) or want.startswith(have))


def find_person(store, name: str, city: str | None = None,
                person_id: str | None = None) -> PersonSummary:
    """The one person of that name (and city, or id); raises UnknownPerson / AmbiguousPerson."""
    people = store.find(name, PERSON)
    if person_id:
        people = [p for p in people if p.id == person_id]
    if city:
        people = [p for p in people if _city_matches(p.prop("city"), city)]
    if not people:
        where = f" in {city}" if city else ""
        raise UnknownPerson(f"no person named {name}{where} in the store")
    if len(people) > 1:
        raise AmbiguousPerson(name, [_summary(store, p) for p in people])
    return _summary(store, people[0])


def person_timeline(store, name: str, *, city: str | None = None, person_id: str | None = None,
                    date_from: str | None = None, date_to: str | None = None) -> PersonTimeline:
    """The timeline of one person; dates are ISO strings, bounds inclusive."""
    person = find_person(store, name, city, person_id)
    own = store.edges_from(person.id, (*TIMELINE_TYPES, HOLDS_POSITION))
    roles = [e for e in own if e.type in TIMELINE_TYPES]
    held = [e for e in own if e.type == HOLDS_POSITION]

    articles = {schema.node_id(ARTICLE, id=str(e.prop("article"))) for e in own}
    nodes = store.nodes_by_id({e.target for e in own} | articles)

    def article_of(edge: EdgeRecord) -> NodeRecord | None:
        return nodes.get(schema.node_id(ARTICLE, id=str(edge.prop("article"))))

    titles_in: dict[str, list[str]] = {}
    for e in held:
        titles_in.setdefault(str(e.prop("article")), []).append(str(e.prop("title") or ""))

    lines: list[TimelineLine] = []
    participants: dict[str, list[Participant]] = {}  # an event met in several roles is read once
    for e in roles:
        article = article_of(e)
        target = nodes.get(e.target)
        if e.type == REPORTED:
            date = article.prop("date") if article else None
            event, event_type, place, others = (article.prop("title") if article else ""), None, None, []
        else:
            date = (target.prop("date") if target else None) or (article.prop("date") if article else None)
            if not _in_range(date, date_from, date_to):
                continue
            event = target.prop("name") if target else e.target
            event_type = target.prop("type") if target else None
            place = target.prop("place") if target else None
            if e.target not in participants:
                participants[e.target] = _co_participants(store, e.target, person.id)
            others = participants[e.target]
        if not _in_range(date, date_from, date_to):
            continue
        lines.append(TimelineLine(
            date=date, role=ROLE_WORDS[e.type], relation=e.type, event=event,
            event_type=event_type, place=place, co_participants=others,
            positions=[t for t in dict.fromkeys(titles_in.get(str(e.prop("article")), [])) if t],
            article_id=str(e.prop("article")),
            article_title=article.prop("title") if article else "",
            evidence=str(e.prop("evidence") or ""), confidence=e.prop("confidence")))
    lines.sort(key=lambda l: (l.date or "9999-99-99", l.article_id, _ROLE_ORDER[l.relation], l.event))
    return PersonTimeline(person, _positions(held, nodes, article_of), lines)


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


def _positions(held: list[EdgeRecord], nodes: dict[str, NodeRecord], article_of) -> list[dict[str, Any]]:
    spans: dict[tuple[str, str], list[str]] = {}
    for e in held:
        org = nodes.get(e.target)
        key = (str(e.prop("title") or ""), org.prop("name") if org else e.target)
        article = article_of(e)
        date = article.prop("date") if article else None
        spans.setdefault(key, [])
        if date:
            spans[key].append(date)
    out = [{"title": t, "organization": o, "first": min(d) if d else None, "last": max(d) if d else None}
           for (t, o), d in spans.items()]
    return sorted(out, key=lambda p: (p["first"] or "9999", p["title"], p["organization"]))


def _in_range(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    if not date_from and not date_to:
        return True
    if not date:
        return False
    return (not date_from or date >= date_from) and (not date_to or date <= date_to)
