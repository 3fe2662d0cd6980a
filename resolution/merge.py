"""Step 2 of resolution: merge the articles' contributions into nodes and edges.

The merge is cut into pure functions of one *group* each, so that every engine runs the
same rules and gets the same bytes:

- `sightings(contribution)`: the keys an article brings, as rows to group by;
- `person_ids(name, rows)`, `event_id(key, types)`, `short_forms_in_scope(scope, names)`:
  the identity decisions, each over all articles of one person name, one event key or one
  organization scope (city) — nothing else can change them; `class_ids` is person_ids
  over a name's classes of alike rows (what the store keeps summed);
- `article_share(contribution, ids)`: the article's edges and node mentions under those ids;
- `merge_node(nid, mentions)`: one node from all its mentions, in article order (a
  mention may stand for several articles that said the same: its weight).

`resolve()` composes them in memory (kg build); the store's incremental path
(graph/) and the Spark engine group the same rows by the same keys. Inputs are put in
article-id order inside each function, so the order rows arrive in never matters.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.extraction.organizations import units as org_units
from kg.graph import schema
from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import (
    ARTICLE,
    EVENT,
    HELD_IN,
    HOLDS_POSITION,
    LOCATED_IN,
    MENTIONED_IN,
    ORGANIZATION,
    PERSON,
    PLACE,
    PROJECT,
)
from kg.resolution import naming
from kg.resolution.resolve import EVENT_TAIL, Contribution, key_parts, make_key, org_root

ARTICLE_PROPS = ("title", "date", "newspaper", "file", "city", "reporters")


# --------------------------------------------------------------------------- rows
@dataclass(frozen=True)
class PersonRow:
    """One article's use of a person key (grouped by name: a national key and a city key of
    one name decide each other)."""

    name: str
    key: str
    article: str
    roots: tuple[str, ...]      # org_root of each body the article says the person holds a post in


@dataclass(frozen=True)
class EventRow:
    key: str
    article: str
    type: str


@dataclass(frozen=True)
class OrgRow:
    scope: str
    name: str


@dataclass
class Sightings:
    persons: list[PersonRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    orgs: list[OrgRow] = field(default_factory=list)


def sightings(c: Contribution) -> Sightings:
    """The keys one article brings, as rows for the identity decisions."""
    out = Sightings()
    aid = c.article_id
    roots: dict[str, set[str]] = defaultdict(set)
    for e in c.edges:
        if e.type == HOLDS_POSITION:
            roots[e.source].add(org_root(key_parts(e.target)[1]))
    for n in c.nodes:
        parts = key_parts(n.key)
        if n.label == PERSON:
            out.persons.append(PersonRow(parts[1], n.key, aid, tuple(sorted(roots.get(n.key, ())))))
        elif n.label == EVENT:
            out.events.append(EventRow(n.key, aid, n.props.get("type") or "other"))
        elif n.label == ORGANIZATION:
            out.orgs.append(OrgRow(parts[2], parts[1]))
    return out


# --------------------------------------------------------------------------- identity
class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def vote(values: Iterable[Any]) -> Any:
    """Most frequent value; ties go to the earliest seen (inputs are in article order)."""
    return weighted_vote((v, 1) for v in values)


def weighted_vote(pairs: Iterable[tuple[Any, int]]) -> Any:
    """vote() of (value, how many times it was seen there) pairs, in order of first sight."""
    counts: Counter = Counter()
    first: dict[Any, int] = {}
    for i, (v, n) in enumerate(pairs):
        if v in (None, "", ()):
            continue
        counts[v] += n
        first.setdefault(v, i)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], first[v]))


def national_person(name: str) -> str:
    return schema.node_id(PERSON, name=name, city="")


@dataclass(frozen=True)
class PersonClass:
    """The rows of one name that share a key and the roots of the posts they state: the
    articles of a class always get the same id, so a busy name is decided over its few
    classes (how many articles, the earliest one) instead of its thousands of rows."""

    key: str
    roots: tuple[str, ...]
    count: int
    first: str      # the earliest article id


def person_ids(rows: Iterable[PersonRow]) -> dict[tuple[str, str], str]:
    """(article id, person key) -> node id, for all rows of ONE name (see class_ids)."""
    rows = list(rows)
    classes: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for r in rows:
        classes[(r.key, r.roots)].append(r.article)
    ids = class_ids(PersonClass(key, roots, len(arts), min(arts)) for (key, roots), arts in classes.items())
    return {(r.article, r.key): ids[(r.key, r.roots)] for r in rows}


def class_ids(classes: Iterable[PersonClass]) -> dict[tuple[str, tuple[str, ...]], str]:
    """(person key, roots) -> node id, for all classes of ONE name.

    One person per name and city unless their organizations never meet (then the smaller
    groups get a discriminator named after their root place, so they stay put as other
    groups grow); a city key of a name that also has a national key, in articles stating
    no post, is the national leader.
    """
    by_key: dict[str, list[PersonClass]] = defaultdict(list)
    for c in classes:
        by_key[c.key].append(c)
    national = any(not key_parts(k)[2] for k in by_key)
    ids: dict[tuple[str, tuple[str, ...]], str] = {}
    for key, group in sorted(by_key.items()):
        _, name, city = key_parts(key)
        posted = [c for c in group if c.roots]
        if city and national and not posted:
            # a national leader a local article names without a title: not the city's
            for c in group:
                ids[(key, c.roots)] = national_person(name)
            continue
        # articles whose posts share an organization root are one person
        uf = _UnionFind()
        for c in posted:
            for org in c.roots:
                uf.union(("c", c.roots), ("o", org))
        people: dict[Any, list[PersonClass]] = defaultdict(list)
        for c in posted:
            people[uf.find(("c", c.roots))].append(c)
        # the person most articles state (ties: the earliest) keeps the plain id
        rank = {root: (-sum(c.count for c in members), min(c.first for c in members))
                for root, members in people.items()}
        main = min(rank, key=rank.__getitem__) if rank else None
        base = schema.node_id(PERSON, name=name, city=city)
        for root, members in people.items():
            if root == main:
                pid = base
            else:
                places = sorted(set().union(*(c.roots for c in members)))
                pid = schema.node_id(PERSON, name=name, city=city, discriminator=places[0])
            for c in members:
                ids[(key, c.roots)] = pid
        for c in group:   # articles stating no position: the main person
            ids.setdefault((key, c.roots), base)
    return ids


def event_id(key: str, rows: Iterable[EventRow]) -> tuple[str, str]:
    """An event key's node id and type; the type is voted across its articles (a specific
    kind beats "other") and is part of the id."""
    specific = [r.type for r in sorted(rows, key=lambda r: r.article) if r.type != "other"]
    kind = vote(specific) or "other"
    _, date, ident, scope = key_parts(key)
    return schema.node_id(EVENT, type=kind, date=date, name=ident, discriminator=scope), kind


def short_forms_in_scope(scope: str, names: Iterable[str]) -> dict[str, str]:
    """Organization key -> the key of the full name it abbreviates in the same scope
    (古都集团 -> 洛阳古都发展集团 in 洛阳市): only when exactly one full name fits."""
    unique = sorted(set(names))
    out: dict[str, str] = {}
    for short in unique:
        suffix = short_suffix(short)
        if suffix is None:
            continue
        fulls = [f for f in unique if naming.short_form_of(short, f, suffix)]
        if (full := full_name_key(scope, fulls)) is not None:
            out[make_key(ORGANIZATION, short, scope)] = full
    return out


def short_suffix(name: str) -> str | None:
    """The body word (集团) an organization name must share with a full name to be its short
    form; None when the name cannot be one (it ends in a place)."""
    units = org_units(name)
    if not units or units[-1].is_place:
        return None
    return units[-1].suffix


def full_name_key(scope: str, fulls: Iterable[str]) -> str | None:
    """The key of the full name a short form stands for: only when exactly one fits."""
    found = sorted(set(fulls))
    return make_key(ORGANIZATION, found[0], scope) if len(found) == 1 else None


def abbreviations(names: Mapping[str, str | None], new: Iterable[str]) -> set[tuple[str, str]]:
    """The (short, full) pairs of one scope that involve a new name, by the rule of
    short_forms_in_scope: `names` is every name of the scope (the new ones too) with its
    short_suffix. An increment checks only its new names against the scope, so a big scope
    costs (new names x names sharing a suffix), never names x names again.

    Pairs are tried only where short_form_of can hold: the full name ends with the short's
    suffix, and holds the short's stem (the core it compares is a tail of the full name)."""
    suffixes = {s for s in names.values() if s is not None}
    shorts_by: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, suffix in names.items():
        if suffix is not None:
            shorts_by[suffix].append((name, name[:-len(suffix)] if suffix else name))
    ending: dict[str, list[str]] = {}

    def ending_with(suffix: str) -> list[str]:
        if suffix not in ending:
            ending[suffix] = [f for f in names if f.endswith(suffix)]
        return ending[suffix]

    out: set[tuple[str, str]] = set()
    for x in set(new):
        sx = names[x]
        if sx is not None:
            stem = x[:-len(sx)] if sx else x
            out.update((x, f) for f in ending_with(sx) if stem in f and naming.short_form_of(x, f, sx))
        for suffix in suffixes:
            if x.endswith(suffix):
                out.update((s, x) for s, stem in shorts_by[suffix]
                           if stem in x and naming.short_form_of(s, x, suffix))
    return out


def short_forms(keys: Iterable[str]) -> dict[str, str]:
    """short_forms_in_scope over every scope the keys name."""
    by_scope: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        parts = key_parts(key)
        if parts[0] == ORGANIZATION:
            by_scope[parts[2]].append(parts[1])
    out: dict[str, str] = {}
    for scope, names in by_scope.items():
        out.update(short_forms_in_scope(scope, names))
    return out


@dataclass
class IdMaps:
    """The identity decisions an article's share needs (all of them, or just its keys')."""

    persons: dict[tuple[str, str], str] = field(default_factory=dict)   # (article, key) -> id
    events: dict[str, tuple[str, str]] = field(default_factory=dict)    # key -> (id, type)
    full_name: dict[str, str] = field(default_factory=dict)             # short org key -> full key

    def final_id(self, article_id: str, key: str) -> str:
        label = key_parts(key)[0]
        if label == PERSON:
            return self.persons[(article_id, key)]
        if label == EVENT:
            return self.events[key][0]
        return static_id(self.full_name.get(key, key))


def static_id(key: str) -> str:
    """The node id of a key whose identity needs no other article."""
    parts = key_parts(key)
    label = parts[0]
    if label == ORGANIZATION:
        return schema.node_id(ORGANIZATION, name=parts[1], discriminator=parts[2])
    if label == PLACE:
        return schema.node_id(PLACE, name=parts[1], parent=parts[2])
    if label == PROJECT:
        return schema.node_id(PROJECT, name=parts[1], city=parts[2])
    if label == ARTICLE:
        return schema.node_id(ARTICLE, id=parts[1])
    raise ValueError(f"no static id for {label}")


def id_maps(contributions: Iterable[Contribution]) -> IdMaps:
    """Every identity decision over a whole set of articles, in memory."""
    persons: dict[str, list[PersonRow]] = defaultdict(list)
    events: dict[str, list[EventRow]] = defaultdict(list)
    orgs: dict[str, list[str]] = defaultdict(list)
    for c in contributions:
        seen = sightings(c)
        for p in seen.persons:
            persons[p.name].append(p)
        for e in seen.events:
            events[e.key].append(e)
        for o in seen.orgs:
            orgs[o.scope].append(o.name)
    maps = IdMaps()
    for rows in persons.values():
        maps.persons.update(person_ids(rows))
    for key, erows in events.items():
        maps.events[key] = event_id(key, erows)
    for scope, names in orgs.items():
        maps.full_name.update(short_forms_in_scope(scope, names))
    return maps


# --------------------------------------------------------------------------- shares
@dataclass(frozen=True)
class Mention:
    """What one article says of one node, in the order the merge reads it.

    `node` mentions come from the article's nodes (a name variant and properties);
    the others from its edges (a title held, the name of where it was held or lies).
    """

    nid: str
    label: str
    article: str
    seq: int
    node: bool = True
    name: str | None = None                   # display-name candidate
    props: tuple[tuple[str, Any], ...] = ()   # (property, value) in order; a key may repeat
    national: bool = False                    # a person resolved to the national leader
    event_type: str | None = None             # an event's type, voted over its key (event_id)
    position: str | None = None               # HOLDS_POSITION title
    held_in: str | None = None                # HELD_IN target as written
    located_in: str | None = None             # LOCATED_IN target as written
    weight: int = 1                           # how many articles said exactly this (a stored summary)

    @property
    def order(self) -> tuple[str, int]:
        return (self.article, self.seq)


@dataclass
class ArticleShare:
    """One article's part of the graph under given identity decisions."""

    article: str
    edges: list[EdgeRecord]
    mentions: list[Mention]


def article_share(c: Contribution, ids: IdMaps) -> ArticleShare:
    """The article's edges (one per id) and node mentions under the ids decided."""
    aid = c.article_id
    article_node = schema.node_id(ARTICLE, id=aid)
    mentions = [Mention(article_node, ARTICLE, aid, -1, name=c.article.get("title") or aid,
                        props=tuple((k, c.article.get(k)) for k in ARTICLE_PROPS))]
    edges: dict[str, EdgeRecord] = {}
    local_name: dict[str, str] = {}
    seq = 0
    for n in c.nodes:
        nid = ids.final_id(aid, n.key)
        local_name[n.key] = n.name
        if n.label == ARTICLE:
            continue
        props: list[tuple[str, Any]] = []
        name: str | None = None
        if n.key in ids.full_name:   # a short form: the full name is the node's name
            props.append(("aliases", (n.name,)))
        else:   # an event's display name drops the 召开/举行 a headline adds
            name = EVENT_TAIL.sub("", n.name) or n.name if n.label == EVENT else n.name
        props.extend(n.props.items())
        national = False
        if n.label == PERSON:
            props.append(("city", key_parts(n.key)[2] or None))
            national = nid == national_person(key_parts(n.key)[1])
        kind = ids.events[n.key][1] if n.label == EVENT else None
        mentions.append(Mention(nid, n.label, aid, seq, name=name, props=tuple(props), national=national,
                                event_type=kind))
        seq += 1
        edge = {"article": aid, "evidence": n.evidence, "confidence": n.confidence}
        record = EdgeRecord(schema.edge_id(nid, MENTIONED_IN, article_node, aid),
                            nid, article_node, MENTIONED_IN, props_tuple(edge))
        edges.setdefault(record.id, record)
    for e in c.edges:
        src, dst = ids.final_id(aid, e.source), ids.final_id(aid, e.target)
        eprops: dict[str, Any] = dict(e.props)
        eprops.update(article=aid, evidence=e.evidence, confidence=e.confidence)
        if e.also_evidence:
            eprops["also_evidence"] = tuple(e.also_evidence)
        record = EdgeRecord(schema.edge_id(src, e.type, dst, aid, e.qualifier),
                            src, dst, e.type, props_tuple(eprops))
        edges.setdefault(record.id, record)
        if e.type == HOLDS_POSITION and e.props.get("title"):
            mentions.append(Mention(src, "", aid, seq, node=False, position=e.props["title"]))
        elif e.type == HELD_IN:
            mentions.append(Mention(src, "", aid, seq, node=False, held_in=local_name.get(e.target, "")))
        elif e.type == LOCATED_IN:
            mentions.append(Mention(src, "", aid, seq, node=False, located_in=local_name.get(e.target, "")))
        seq += 1
    return ArticleShare(aid, list(edges.values()), mentions)


# --------------------------------------------------------------------------- nodes
def props_tuple(props: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    head = [("name", props["name"])] if "name" in props else []
    rest = sorted((k, v) for k, v in props.items() if k != "name" and v is not None)
    return tuple(head + rest)


def merge_node(mentions: Iterable[Mention]) -> NodeRecord | None:
    """One node from all its mentions (any order; read in article order); None when no
    article names it as a node (an edge end only).

    A mention of weight n stands for n articles that said the same, the first of them at
    its place in the order: every vote counts it n times and every "first seen" rule sees
    it where the first one was, so the store can merge a busy node from a summary."""
    ms = sorted(mentions, key=lambda m: m.order)
    named = [m for m in ms if m.node]
    if not named:
        return None
    nid, label = named[0].nid, named[0].label
    bag: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for m in named:
        for k, v in m.props:
            bag[k].append((v, m.weight))
    merged: dict[str, Any] = {k: weighted_vote(pairs) for k, pairs in bag.items()}
    names = [(m.name, m.weight) for m in named if m.name is not None]
    merged["name"] = display_name(names or [(a, n) for v, n in bag.get("aliases", ()) for a in (v or ())])
    for k in ("aliases", "no_post"):   # every article's, not the most frequent
        union = tuple(dict.fromkeys(x for v, _ in bag.get(k, ()) for x in (v or ()) if x != merged["name"]))
        merged[k] = union or None
    if label == PERSON:
        if any(m.national for m in named):
            merged.pop("city", None)   # a national leader, however a local article named him
        # titles stated with an organization, then those without one
        titles = [t for value, _ in bag.get("titles", ()) for t in (value or ())]
        merged.pop("titles", None)
        positions = [m.position for m in ms if m.position]
        merged["positions"] = tuple(dict.fromkeys([*positions, *titles]))
    if label == EVENT:
        merged["type"] = named[0].event_type
        merged["place"] = weighted_vote((m.held_in, m.weight) for m in ms if m.held_in is not None) \
            or merged.get("place")
    if label == PLACE:
        merged["parent"] = weighted_vote((m.located_in, m.weight) for m in ms if m.located_in is not None) \
            or merged.get("parent")
    return NodeRecord(nid, label, props_tuple(merged))


def display_name(variants: list[tuple[str, int]]) -> str:
    """The most frequent of (name, weight) variants; ties: the longest, then by code points."""
    counts: Counter = Counter()
    for v, n in variants:
        counts[v] += n
    return min(counts, key=lambda v: (-counts[v], -len(v), v))


# --------------------------------------------------------------------------- in memory
def resolve(contributions: Iterable[Contribution]) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Merge all articles' contributions into nodes and edges, deterministically."""
    contribs = sorted(contributions, key=lambda c: c.article_id)
    ids = id_maps(contribs)
    by_node: dict[str, list[Mention]] = defaultdict(list)
    edges: list[EdgeRecord] = []
    for c in contribs:
        share = article_share(c, ids)
        edges.extend(share.edges)
        for m in share.mentions:
            by_node[m.nid].append(m)
    nodes = [node for ms in by_node.values() if (node := merge_node(ms)) is not None]
    nodes.sort(key=lambda n: n.id)
    return nodes, sorted(edges, key=lambda e: e.id)
