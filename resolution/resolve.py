"""Entity resolution: from per-article extractions to one node per real-world thing.

Two steps, so that the expensive, per-article part runs in parallel workers and the
store can keep each article's share and replace it when the article is rebuilt:

1. `localise(extraction) -> Contribution`: everything one article says, with each
   entity reduced to a *resolution key* (label + normalised name + scope) and the
   evidence sentence for each node and edge. Pure function of the article.
2. `resolve(contributions) -> (nodes, edges)`: merges the keys of all articles into
   nodes with ids from `graph.schema.node_id`, splits persons who share a name and city
   but whose positions never meet, votes the display name and properties, and emits
   edges with ids from `graph.schema.edge_id`. Pure function of the *set* of
   contributions: sorted by article id first, so input order and job count do not
   change a byte of the output.

Identity rules (one place each):
- Person: name + city; two people of one name and city are told apart when their
  organizations never share a root place (许昌市委 and 许昌市人民政府 share 许昌市; 张庄村党支部
  does not): union-find over the articles that state positions.
- Organization: name (the extractor qualifies it: 市委组织部 -> 许昌市委组织部) within its
  city.
- Place: name within its city (a district's or street's city is found by walking the
  article's LOCATED_IN chain up to a city-level place, else the paper's city); places of
  city level and above are global.
- Event: date + name (quotes and 召开/举行 dropped) within the city; the type is voted
  across articles. A headline and body (one name containing the other) merge inside an
  article; two articles naming the same meeting on the same date merge.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.graph import schema
from kg.graph.records import EdgeRecord, Entity, Extraction, Fact, NodeRecord
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
    REPORTED,
    normalise,
)

_SEP = "\x1f"

# Confidence of edges the resolver adds from article metadata rather than from a sentence.
BYLINE_CONFIDENCE = 0.95


# --------------------------------------------------------------------------- records
@dataclass
class LocalNode:
    """One entity as one article names it, reduced to its resolution key."""

    key: str                       # label + normalised identity parts, joined by _SEP
    label: str
    name: str                      # as written (display name candidate)
    props: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""             # sentence naming it (for MENTIONED_IN)
    confidence: float = 1.0


@dataclass
class LocalEdge:
    """One fact of one article between two local keys."""

    source: str
    type: str
    target: str
    qualifier: str
    evidence: str
    confidence: float
    props: dict[str, Any] = field(default_factory=dict)   # extra edge props (title ...)
    also_evidence: list[str] = field(default_factory=list)


@dataclass
class Contribution:
    """Everything one article adds to the graph; what the store keeps per article."""

    article: dict[str, Any]        # id, title, date, newspaper, file, reporters, city
    nodes: list[LocalNode]
    edges: list[LocalEdge]
    dropped: int = 0               # facts outside the schema's endpoints

    @property
    def article_id(self) -> str:
        return self.article["id"]

    @property
    def file(self) -> str:
        return self.article.get("file") or ""

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article,
                "nodes": [asdict(n) for n in self.nodes],
                "edges": [asdict(e) for e in self.edges],
                "dropped": self.dropped}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Contribution:
        article = dict(data["article"])
        article["reporters"] = tuple(article.get("reporters") or ())
        nodes = [LocalNode(**n) for n in data["nodes"]]
        edges = [LocalEdge(**e) for e in data["edges"]]
        items: tuple[LocalNode | LocalEdge, ...] = (*nodes, *edges)
        for item in items:
            item.props = {k: freeze(v) for k, v in item.props.items()}
        return cls(article=article, nodes=nodes, edges=edges,
                   dropped=data.get("dropped", 0))


def freeze(value: Any) -> Any:
    """Property values as hashable scalars or tuples (JSON gives lists back)."""
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    return value


# --------------------------------------------------------------------------- names
_QUOTES = re.compile(r"[“”‘’\"'「」『』《》〈〉【】]")
_EVENT_HEAD = re.compile(r"^(全市|我市|全区|我区|全县|我县|全省|我省)")
_EVENT_TAIL = re.compile(r"(隆重召开|胜利召开|召开|举行|举办|开幕|闭幕|开展|启动)+$")
_SENTENCE_END = "。！？!?；;\n"
_MIN_CONTAINED = 4  # shorter event names (会议, 活动) are too generic to merge by containment


def event_identity(name: str) -> str:
    """The part of an event name that identifies it: no quotes, no 全市 head, no 召开 tail."""
    text = _QUOTES.sub("", normalise(name))
    text = _EVENT_HEAD.sub("", text)
    stripped = _EVENT_TAIL.sub("", text)
    return stripped or text


def place_level(stated: Any) -> str:
    """The extractor states a place's level (loaders/places.py reads it from the suffix);
    a place without one is a site, the lowest rank."""
    return stated if stated in schema.PLACE_LEVELS else "site"


def sentence_with(text: str, needle: str) -> str:
    """The sentence of `text` (verbatim) containing `needle`, or "" when absent."""
    if not needle:
        return ""
    at = text.find(needle)
    if at < 0:
        return ""
    start = max(text.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, at + len(needle)) for ch in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def _key(*parts: str) -> str:
    return _SEP.join(parts)


def _key_parts(key: str) -> list[str]:
    return key.split(_SEP)


# --------------------------------------------------------------------------- step 1
class _ArticleScope:
    """Turns the entities of one extraction into local keys, consistently."""

    def __init__(self, extraction: Extraction):
        self.art = extraction.article
        self.city = normalise(self.art.city)
        self.date = self.art.date or self.art.page_date or ""
        self.text = self.art.text
        entities = list(extraction.entities)
        for fact in extraction.facts:
            entities += [fact.subject, fact.object]
        self.entities = entities
        self.levels: dict[str, str] = {}
        for e in entities:
            if e.type == PLACE and e.prop("level"):
                self.levels.setdefault(normalise(e.name), e.prop("level"))
        self.place_parent = self._place_parents(entities, extraction.facts)
        self.event_rep = self._event_groups(entities)
        self.nodes: dict[str, LocalNode] = {}

    # places: the article's LOCATED_IN chains decide a place's city
    @staticmethod
    def _place_parents(entities: list[Entity], facts: list[Fact]) -> dict[str, str]:
        parents: dict[str, str] = {}
        for fact in facts:
            if (fact.predicate == LOCATED_IN and fact.subject.type == PLACE
                    and fact.object.type == PLACE):
                parents.setdefault(normalise(fact.subject.name), normalise(fact.object.name))
        for e in entities:
            if e.type == PLACE and e.prop("parent"):
                parents.setdefault(normalise(e.name), normalise(e.prop("parent")))
        return parents

    def level(self, name: str) -> str:
        return place_level(self.levels.get(normalise(name)))

    def _place_scope(self, name: str, entity: Entity) -> str:
        """"" for places of city level and above; else the city the article's chain of
        parents reaches, else the entity's or the paper's city."""
        if schema.PLACE_RANK[self.level(name)] <= schema.PLACE_RANK["city"]:
            return ""
        seen = {name}
        current = name
        while current in self.place_parent:
            current = self.place_parent[current]
            if current in seen:
                break
            seen.add(current)
            if self.level(current) == "city":
                return current
        return normalise(entity.prop("city")) or self.city

    # events: one name containing another (headline / body) on one date is one event
    def _event_groups(self, entities: list[Entity]) -> dict[tuple[str, str], str]:
        names: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            if e.type == EVENT:
                names[self._event_date(e)].add(event_identity(e.name))
        rep: dict[tuple[str, str], str] = {}
        for date, idents in names.items():
            ordered = sorted(idents, key=lambda s: (-len(s), s))
            for ident in ordered:
                target = ident
                if len(ident) >= _MIN_CONTAINED:
                    for longer in ordered:
                        if len(longer) > len(ident) and ident in longer:
                            target = rep[(date, longer)]
                            break
                rep[(date, ident)] = target
        return rep

    def _event_date(self, e: Entity) -> str:
        return e.prop("date") or self.date

    # keys
    def key_of(self, e: Entity) -> str | None:
        label = e.type
        if label not in schema.NODE_LABELS or not normalise(e.name):
            return None
        name = normalise(e.name)
        if label == PERSON:
            city = e.prop("city", self.city) if "city" in dict(e.props) else self.city
            return _key(PERSON, name, normalise(city))
        if label == ORGANIZATION:
            return _key(ORGANIZATION, name, normalise(e.prop("city")) or self.city)
        if label == PLACE:
            return _key(PLACE, name, self._place_scope(name, e))
        if label == EVENT:
            date = self._event_date(e)
            ident = self.event_rep[(date, event_identity(e.name))]
            scope = normalise(e.prop("city")) or self.city
            if not date:   # an undated event is only itself: scope it to its article
                scope = f"{scope}#{self.art.id}"
            return _key(EVENT, date, ident, scope)
        if label == PROJECT:
            return _key(PROJECT, name, normalise(e.prop("city")) or self.city)
        return _key(ARTICLE, str(e.prop("id") or self.art.id))

    def add(self, e: Entity, evidence_hint: str = "", confidence: float = 1.0) -> str | None:
        key = self.key_of(e)
        if key is None:
            return None
        node = self.nodes.get(key)
        if node is None:
            props = {k: freeze(v) for k, v in e.props if v not in (None, "", ()) and k != "name"}
            if e.type == EVENT:
                props["date"] = self._event_date(e) or None
            if e.type == PLACE:
                props["level"] = self.level(e.name)
            if e.type == ORGANIZATION:
                props.setdefault("kind", "other")
            name = e.name
            evidence = sentence_with(self.text, e.name) or evidence_hint
            node = LocalNode(key=key, label=e.type, name=name, props=props,
                             evidence=evidence, confidence=confidence)
            self.nodes[key] = node
        else:
            for k, v in e.props:
                if v not in (None, "", ()) and k not in node.props and k != "name":
                    node.props[k] = freeze(v)
            node.confidence = max(node.confidence, confidence)
            if not node.evidence:
                node.evidence = evidence_hint
        return key


def _qualifier(fact_props: dict[str, Any]) -> str:
    # facts of one article that differ in these properties are different edges
    return str(fact_props.get("title") or fact_props.get("project") or "")


def localise(extraction: Extraction) -> Contribution:
    """Reduce one article's extraction to local keys and evidence (step 1)."""
    scope = _ArticleScope(extraction)
    art = extraction.article
    edges: dict[tuple[str, str, str, str], LocalEdge] = {}
    dropped = 0

    def put_edge(source: str, rel: str, target: str, evidence: str, confidence: float,
                 props: dict[str, Any]) -> None:
        qualifier = _qualifier(props)
        ident = (source, rel, target, normalise(qualifier))
        edge = edges.get(ident)
        if edge is None:
            edges[ident] = LocalEdge(source, rel, target, qualifier, evidence, confidence, props)
            return
        # the same fact stated twice (headline and body): keep every sentence
        if confidence > edge.confidence:
            edge.evidence, evidence = evidence, edge.evidence
            edge.confidence = confidence
        if evidence and evidence != edge.evidence and evidence not in edge.also_evidence:
            edge.also_evidence.append(evidence)
        for k, v in props.items():
            edge.props.setdefault(k, v)

    for entity in extraction.entities:
        scope.add(entity)
    for fact in extraction.facts:
        rel = fact.predicate
        if rel == MENTIONED_IN:   # resolve draws these itself, with the sentence naming the entity
            scope.add(fact.subject)
            continue
        ends = schema.REL_ENDPOINTS.get(rel)
        if ends is None or fact.subject.type not in ends[0] or fact.object.type not in ends[1]:
            dropped += 1
            continue
        source = scope.add(fact.subject, fact.evidence, fact.confidence)
        target = scope.add(fact.object, fact.evidence, fact.confidence)
        if source is None or target is None or source == target:
            dropped += 1
            continue
        props = {k: freeze(v) for k, v in fact.props if v not in (None, "")}
        put_edge(source, rel, target, fact.evidence, fact.confidence, props)

    # bylines: reporters and correspondents are persons who REPORTED the article
    article_key = _key(ARTICLE, art.id)
    city = normalise(art.city)
    reported = {e.source for e in edges.values() if e.type == REPORTED}
    for role, names in (("记者", art.reporters), ("通讯员", art.correspondents)):
        for name in names:
            if scope.key_of(Entity(PERSON, name, (("city", city),))) in reported:
                continue   # the extractor stated it already
            # the reader takes the byline out of the body; then the byline is the evidence
            evidence = sentence_with(art.text, name) or f"{role}{name}"
            person = scope.add(Entity(PERSON, name, (("city", city),)), evidence)
            if person is None:
                continue
            put_edge(person, REPORTED, article_key, evidence, BYLINE_CONFIDENCE, {"title": role})

    article = {
        "id": art.id, "title": art.title, "date": art.date or art.page_date,
        "newspaper": art.newspaper, "file": art.file, "city": art.city,
        "reporters": tuple(art.reporters),
    }
    nodes = sorted(scope.nodes.values(), key=lambda n: n.key)
    return Contribution(article=article, nodes=nodes,
                        edges=sorted(edges.values(), key=lambda e: (e.source, e.type, e.target, e.qualifier)),
                        dropped=dropped)


# --------------------------------------------------------------------------- step 2
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


def _vote(values: Iterable[Any]) -> Any:
    """Most frequent value; ties go to the earliest seen (inputs are in article order)."""
    counts: Counter = Counter()
    first: dict[Any, int] = {}
    for i, v in enumerate(values):
        if v in (None, "", ()):
            continue
        counts[v] += 1
        first.setdefault(v, i)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], first[v]))


def _static_id(key: str) -> str:
    parts = _key_parts(key)
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


_ROOT_END = re.compile(r"^.*?(?:街道|社区|[省市区县镇乡村])")


def org_root(name: str) -> str:
    """The place an organization belongs to, read from its name (许昌市委政法委 -> 许昌市,
    张庄村党支部 -> 张庄村); the whole name when it names none. Positions under one root
    can be one person's (市委副书记 and 市长); under different roots, two people's."""
    match = _ROOT_END.match(name)
    return match.group() if match else name


def _person_ids(contribs: list[Contribution]) -> dict[tuple[str, str], str]:
    """(article id, person key) -> node id; one person per name and city unless their
    organizations never meet (then the smaller groups get a discriminator)."""
    orgs_in: dict[tuple[str, str], set[str]] = defaultdict(set)
    appearances: dict[str, list[str]] = defaultdict(list)
    for c in contribs:
        for n in c.nodes:
            if n.label == PERSON:
                appearances[n.key].append(c.article_id)
        for e in c.edges:
            if e.type == HOLDS_POSITION:
                orgs_in[(c.article_id, e.source)].add(org_root(_key_parts(e.target)[1]))

    ids: dict[tuple[str, str], str] = {}
    for key, articles in appearances.items():
        _, name, city = _key_parts(key)
        uf = _UnionFind()
        for art in articles:
            orgs = orgs_in.get((art, key))
            if orgs:
                for org in orgs:
                    uf.union(("a", art), ("o", org))
        groups: dict[Any, list[str]] = defaultdict(list)
        for art in articles:
            if orgs_in.get((art, key)):
                groups[uf.find(("a", art))].append(art)
        main = None
        if groups:
            main = min(groups, key=lambda g: (-len(groups[g]), min(groups[g])))
        base = schema.node_id(PERSON, name=name, city=city)
        for root, arts in groups.items():
            if root == main:
                pid = base
            else:   # named after its root place, so it stays put as other groups grow
                roots = sorted(set().union(*(orgs_in[(a, key)] for a in arts)))
                pid = schema.node_id(PERSON, name=name, city=city, discriminator=roots[0])
            for art in arts:
                ids[(art, key)] = pid
        for art in articles:   # articles stating no position: the main person
            ids.setdefault((art, key), base)
    return ids


def _event_ids(contribs: list[Contribution]) -> tuple[dict[str, str], dict[str, str]]:
    """Event key -> node id and voted type (the type is part of the id, voted across articles)."""
    types: dict[str, list[str]] = defaultdict(list)
    for c in contribs:
        for n in c.nodes:
            if n.label == EVENT:
                types[n.key].append(n.props.get("type") or "other")
    ids, voted = {}, {}
    for key, values in types.items():
        specific = [t for t in values if t != "other"]
        kind = _vote(specific) or "other"
        _, date, ident, scope = _key_parts(key)
        voted[key] = kind
        ids[key] = schema.node_id(EVENT, type=kind, date=date, name=ident, discriminator=scope)
    return ids, voted


def _props_tuple(props: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    head = [("name", props["name"])] if "name" in props else []
    rest = sorted((k, v) for k, v in props.items() if k != "name" and v is not None)
    return tuple(head + rest)


def resolve(contributions: Iterable[Contribution]) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Merge all articles' contributions into nodes and edges (step 2), deterministically."""
    contribs = sorted(contributions, key=lambda c: c.article_id)
    person_ids = _person_ids(contribs)
    event_ids, event_types = _event_ids(contribs)
    type_of_event = {event_ids[k]: event_types[k] for k in event_ids}

    def final_id(article_id: str, key: str) -> str:
        label = key.split(_SEP, 1)[0]
        if label == PERSON:
            return person_ids[(article_id, key)]
        if label == EVENT:
            return event_ids[key]
        return _static_id(key)

    names: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    positions: dict[str, list[str]] = defaultdict(list)
    linked_names: dict[tuple[str, str], list[str]] = defaultdict(list)  # (node, rel) -> target names
    edges: list[EdgeRecord] = []

    for c in contribs:
        aid = c.article_id
        article_node = schema.node_id(ARTICLE, id=aid)
        labels[article_node] = ARTICLE
        names[article_node].append(c.article.get("title") or aid)
        for k in ("title", "date", "newspaper", "file", "city", "reporters"):
            props[article_node][k].append(c.article.get(k))
        local_name: dict[str, str] = {}
        for n in c.nodes:
            nid = final_id(aid, n.key)
            local_name[n.key] = n.name
            if n.label == ARTICLE:
                continue
            labels[nid] = n.label
            # an event's display name drops the 召开/举行 a headline adds
            names[nid].append(_EVENT_TAIL.sub("", n.name) or n.name if n.label == EVENT else n.name)
            bag = props[nid]
            for k, v in n.props.items():
                bag[k].append(v)
            if n.label == PERSON:
                bag["city"].append(_key_parts(n.key)[2] or None)
            edge = {"article": aid, "evidence": n.evidence, "confidence": n.confidence}
            edges.append(EdgeRecord(schema.edge_id(nid, MENTIONED_IN, article_node, aid),
                                    nid, article_node, MENTIONED_IN, _props_tuple(edge)))
        for e in c.edges:
            src, dst = final_id(aid, e.source), final_id(aid, e.target)
            eprops: dict[str, Any] = dict(e.props)
            eprops.update(article=aid, evidence=e.evidence, confidence=e.confidence)
            if e.also_evidence:
                eprops["also_evidence"] = tuple(e.also_evidence)
            edges.append(EdgeRecord(schema.edge_id(src, e.type, dst, aid, e.qualifier),
                                    src, dst, e.type, _props_tuple(eprops)))
            if e.type == HOLDS_POSITION and e.props.get("title"):
                positions[src].append(e.props["title"])
            if e.type in (HELD_IN, LOCATED_IN):
                linked_names[(src, e.type)].append(local_name.get(e.target, ""))

    nodes: list[NodeRecord] = []
    for nid, label in labels.items():
        merged: dict[str, Any] = {}
        for k, values in props[nid].items():
            merged[k] = _vote(values)
        merged["name"] = _display_name(names[nid])
        if label == PERSON:   # titles stated with an organization, then those without one
            titles = [t for value in props[nid].get("titles", ()) for t in (value or ())]
            merged.pop("titles", None)
            merged["positions"] = tuple(dict.fromkeys([*positions.get(nid, ()), *titles]))
        if label == EVENT:
            merged["type"] = type_of_event[nid]
            merged["place"] = _vote(linked_names.get((nid, HELD_IN), ())) or merged.get("place")
        if label == PLACE:
            merged["parent"] = _vote(linked_names.get((nid, LOCATED_IN), ())) or merged.get("parent")
        nodes.append(NodeRecord(nid, label, _props_tuple(merged)))
    nodes.sort(key=lambda n: n.id)
    # several facts of one article can land on one edge id only if they were one fact
    unique: dict[str, EdgeRecord] = {}
    for record in edges:
        unique.setdefault(record.id, record)
    return nodes, sorted(unique.values(), key=lambda e: e.id)


def _display_name(variants: list[str]) -> str:
    counts = Counter(variants)
    return min(counts, key=lambda v: (-counts[v], -len(v), v))
