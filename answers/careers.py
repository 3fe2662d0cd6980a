"""The career table: one row per person × title × body, with when it was seen and the evidence.

The shape of the official career datasets researchers build (CPED and its kind): person,
city, title, organization, first and last sighting, number of articles, and the sentence
and article of the first and last sighting. A 副市长 seen later as 市长 is two rows, in
the order they were first seen.

Where the rows come from (docs/answers.md says it for users):
- `stated`: a HOLDS_POSITION edge, the text names title and body (市委副书记 → 许昌市委);
  the date of a sighting is its article's.
- title only: the text gives the title without the body (市长刘涛). The graph keeps such
  titles on the Person node without dates, so the store keeps each article's, written
  with it (graph/sightings.py): which person, which title, where.
- `inferred`: some sightings do not name the body: the resolver read it off the title
  (市长 in 许昌日报 -> 许昌市人民政府, a HOLDS_POSITION fact flagged `inferred_from_title`),
  or a title-only sighting of a title the same person is also stated to hold at exactly
  one body is counted in that body's row.
- `title only`: no body is known; the organization is empty and the city is the paper's.
Titles the byline gives (记者, 通讯员 of a REPORTED edge) are not positions.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kg.answers.scope import Scope
from kg.graph import schema
from kg.graph.sightings import TitleSighting

STATED, INFERRED, TITLE_ONLY = "stated", "inferred", "title only"
# A HOLDS_POSITION fact whose body the resolver read off the title, not off the sentence.
INFERRED_FLAG = "inferred_from_title"

# Columns of the table, in the order exports write them.
COLUMNS = ("person", "city", "title", "organization", "basis", "first_seen", "last_seen", "articles",
           "first_evidence", "first_article", "last_evidence", "last_article", "person_id", "organization_id")


class Sighting(NamedTuple):
    """One article that gives the person this title (a NamedTuple: thousands are made, and a
    dataclass costs every lookup's start over a millisecond to create)."""

    date: str | None
    article: str
    evidence: str
    stated: bool                # the body is named in this article
    edge: str | None = None     # the HOLDS_POSITION fact, when stated


@dataclass
class CareerRow:
    person: str
    city: str | None
    title: str
    organization: str                # "" when no article names the body
    basis: str                       # stated | inferred | title only
    first_seen: str | None
    last_seen: str | None
    articles: int
    first_evidence: str
    first_article: str
    last_evidence: str
    last_article: str
    person_id: str
    organization_id: str | None
    sightings: list[Sighting] = field(default_factory=list, repr=False)
    first_sighting: Sighting | None = field(default=None, repr=False)
    last_sighting: Sighting | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        # the table's columns only: asdict would deep-copy every sighting first
        return {name: getattr(self, name) for name in COLUMNS}


class _Person(NamedTuple):
    id: str
    name: str
    city: str | None


def career_rows(store: Any, *, scope: Scope | None = None, person: str | None = None,
                person_ids: Iterable[str] | None = None, mentioned: Iterable[str] | None = None) -> list[CareerRow]:
    """The career table of the store (or of the persons named `person`, or with these ids).

    Read as tables (graph.store's node_table / edge_table), not as records: the whole
    table of a 10,000-article store is built in about a second. `mentioned`: the articles
    that mention these persons, when the caller has read them already (a timeline has).
    """
    scope = scope or Scope()
    whole = person is None and person_ids is None
    people = _people(store, scope, person, person_ids)
    if not people:
        return []
    if whole:
        seen_titles = store.title_sightings()
    else:   # the sightings of their names in the articles that mention them
        wanted = set(_articles_of(store, people) if mentioned is None else mentioned)
        seen_titles = [s for s in store.title_sightings(names={p.name for p in people.values()}, article_ids=wanted)
                       if s.article in wanted]
    # the columns wanted, not whole records: a busy official has thousands of facts
    held = [r for r in store.edge_table(schema.HOLDS_POSITION, ("title", INFERRED_FLAG),
                                        sources=None if whole else people) if r[1] in people]
    dates = store.article_dates(None if whole else {str(r[3]) for r in held})

    sightings: dict[tuple[str, str, str | None], list[Sighting]] = defaultdict(list)
    for edge_id, source, target, article, title, inferred in held:
        if title:   # a body the resolver took from the title (市长 -> 市人民政府) is not stated
            sightings[(source, str(title), target)].append(
                Sighting(dates.get(article), str(article), "", not inferred, edge_id))

    # the bodies each person is stated to hold each title at: one decides an inference
    bodies: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pid, title, org in list(sightings):
        bodies[(pid, title)].add(str(org))
    for pid, title, sighting in _title_only(store, people, seen_titles):
        known = bodies.get((pid, title), set())
        body = next(iter(known)) if len(known) == 1 else None
        sightings[(pid, title, body)].append(sighting)

    orgs = _org_names(store, {org for _, _, org in sightings if org}, whole)
    rows = []
    dated = scope.date_from is not None or scope.date_to is not None
    for (pid, title, org_id), found in sightings.items():
        seen = [s for s in found if scope.dated(s.date)] if dated else found
        if seen:
            rows.append(_row(people[pid], title, orgs.get(org_id, "") if org_id else "", org_id, seen))
    _fill_evidence(store, rows)
    rows.sort(key=lambda r: (r.person, r.city or "", r.person_id, r.first_seen or "9999", r.last_seen or "9999",
                             r.title, r.organization))
    return rows


def _people(store: Any, scope: Scope, person: str | None, person_ids: Iterable[str] | None) -> dict[str, _Person]:
    if person_ids is not None or person is not None:
        nodes = store.nodes_by_id(person_ids).values() if person_ids is not None else store.find(person, schema.PERSON)
        found = [_Person(n.id, str(n.prop("name")), n.prop("city")) for n in nodes if n.label == schema.PERSON]
    else:
        found = [_Person(pid, name, city) for pid, name, city in store.node_table(schema.PERSON, ("city",))]
    return {p.id: p for p in found if scope.of_city(p.city)}


def _org_names(store: Any, ids: set[str], whole: bool) -> dict[str, str]:
    if whole:
        return dict(store.node_table(schema.ORGANIZATION))
    return {oid: str(n.prop("name")) for oid, n in store.nodes_by_id(ids).items()}


def _articles_of(store: Any, people: dict[str, _Person]) -> set[str]:
    return {str(row[3]) for row in store.edge_table(schema.MENTIONED_IN, sources=people)}


def _title_only(store: Any, people: dict[str, _Person],
                found: list[TitleSighting]) -> Iterable[tuple[str, str, Sighting]]:
    """(person id, title, sighting) for each title an article gives a person without its body."""
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in people.values():
        by_name[(schema.normalise(p.name), schema.normalise(p.city))].append(p.id)
    norm: dict[str | None, str] = {}   # a few thousand names, met tens of thousands of times
    mentioned: dict[str, set[str]] | None = None   # article -> persons, read once if a name is shared
    shared = [pids for pids in by_name.values() if len(pids) > 1]
    for seen in found:
        for text in (seen.name, seen.city):
            if text not in norm:
                norm[text] = schema.normalise(text)
        pids = by_name.get((norm[seen.name], norm[seen.city]))
        if not pids:
            continue
        if len(pids) > 1:   # several people of one name and city: the one this article mentions
            if mentioned is None:
                mentioned = defaultdict(set)
                ambiguous = [pid for pids in shared for pid in pids]
                for _id, source, _target, article in store.edge_table(schema.MENTIONED_IN, sources=ambiguous):
                    mentioned[str(article)].add(source)
            pids = [pid for pid in pids if pid in mentioned[seen.article]]
            if len(pids) != 1:
                continue
        yield pids[0], seen.title, Sighting(seen.date, seen.article, seen.evidence, False)


def _row(person: _Person, title: str, organization: str, org_id: str | None, seen: list[Sighting]) -> CareerRow:
    # the earliest and latest sighting (by date, then article; a stated one first)
    dated = [s for s in seen if s.date] or seen
    first = min(dated, key=lambda s: (s.date or "", s.article, not s.stated))
    last = max(dated, key=lambda s: (s.date or "", s.article, s.stated))
    if org_id is None:
        basis = TITLE_ONLY
    elif all(s.stated for s in seen):
        basis = STATED
    else:
        basis = INFERRED
    return CareerRow(
        person=person.name, city=person.city, title=title, organization=organization, basis=basis,
        first_seen=first.date, last_seen=last.date, articles=len({s.article for s in seen}),
        first_evidence=first.evidence, first_article=first.article,
        last_evidence=last.evidence, last_article=last.article,
        person_id=person.id, organization_id=org_id, sightings=seen, first_sighting=first, last_sighting=last)


def _fill_evidence(store: Any, rows: list[CareerRow]) -> None:
    """The sentences of the first and last sightings, read for those facts only."""
    edges = {s.edge for r in rows for s in (r.first_sighting, r.last_sighting) if s is not None and s.edge}
    if not edges:
        return
    text = {row[0]: str(row[4] or "") for row in store.edge_table(props=("evidence",), ids=edges)}
    for r in rows:
        if r.first_sighting is not None and r.first_sighting.edge:
            r.first_evidence = text.get(r.first_sighting.edge, r.first_evidence)
        if r.last_sighting is not None and r.last_sighting.edge:
            r.last_evidence = text.get(r.last_sighting.edge, r.last_evidence)


def positions_as_of(rows: Iterable[CareerRow], date: str | None) -> list[str]:
    """The titles one person holds on `date`, as far as the articles tell.

    A title whose sightings span the date (first ≤ date ≤ last) is held then; when none
    does, the titles of the latest sighting before the date. Undated: the titles seen
    without a date. Each as `title` or `title (organization)` when a body is known.
    """
    rows = list(rows)
    if not date:
        return _labels(r for r in rows if r.first_seen is None)
    held = [r for r in rows if r.first_seen and r.last_seen and r.first_seen <= date <= r.last_seen]
    if not held:
        before = [r for r in rows if r.last_seen and r.last_seen <= date]
        if before:
            latest = max(r.last_seen for r in before if r.last_seen)
            held = [r for r in before if r.last_seen == latest]
    return _labels(held)


def _labels(rows: Iterable[CareerRow]) -> list[str]:
    return list(dict.fromkeys(position_label(r) for r in rows))


def position_label(row: CareerRow) -> str:
    return f"{row.title} ({row.organization})" if row.organization else row.title
