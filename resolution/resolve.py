"""Entity resolution: from per-article extractions to one node per real-world thing.

Two steps, so that the expensive, per-article part runs in parallel workers and the
store can keep each article's share and replace it when the article is rebuilt:

1. `localise(extraction) -> Contribution`: everything one article says, with each
   entity reduced to a *resolution key* (label + normalised name + scope) and the
   evidence sentence for each node and edge. Pure function of the article.
2. `resolution.merge`: merges the keys of all articles into nodes with ids from
   `graph.schema.node_id`, splits persons who share a name and city but whose positions
   never meet, votes the display name and properties, and emits edges with ids from
   `graph.schema.edge_id`. Pure function of the *set* of contributions, cut into
   functions of one group each (a name, an event key, a city's organizations, a node)
   so that the in-memory build, the store's increments and Spark share every rule.

Identity rules (one place each):
- Person: name + city (national leaders: no city); two people of one name and city are told apart when their
  organizations never share a root place (许昌市委 and 许昌市人民政府 share 许昌市; 张庄村党支部
  does not): union-find over the articles that state positions.
- Organization: name (the extractor qualifies it: 市委组织部 -> 许昌市委组织部) within its
  city; 市政府 is 市人民政府, a bare 区委/县政府 is the article's district's or county's
  (else the article's own), a short form is the full name its city gives, national
  bodies have no city (resolution.naming).
- Bare titles (市长, 区委书记) hold a post in the body they name (resolution.titles); a
  title that names none leaves the person a stated reason.
- Place: name within its city (a district's or street's city is found by walking the
  article's LOCATED_IN chain up to a city-level place, else the paper's city); places of
  city level and above are global. A chain written as one name, or a site written right
  after its street, is placed in it (resolution.hierarchy).
- Event: date + name (quotes and 召开/举行 dropped) within the city; the type is voted
  across articles. A partial date (--11-11: no year) keeps an event to its page; an event
  only national leaders take part in (a relayed speech) never takes the article's date.
  导读 (index) lines give no events: they point at articles on other pages. A headline
  and body (one name containing the other) merge inside an article; two articles naming
  the same meeting on the same date merge.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

from kg.graph import schema
from kg.graph.elements import freeze
from kg.graph.records import Contribution, Entity, Extraction, Fact, LocalEdge, LocalNode
from kg.graph.schema import (
    ARTICLE,
    EVENT,
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
from kg.resolution import hierarchy, naming, titles

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_SEP = "\x1f"

# Confidence of edges the resolver adds from article metadata rather than from a sentence.
BYLINE_CONFIDENCE = 0.95
# A post whose body the title names rather than the sentence (市长 -> 市人民政府).
INFERRED_CONFIDENCE = 0.7


# --------------------------------------------------------------------------- names
_QUOTES = re.compile(r"[“”‘’\"'「」『』《》〈〉【】]")
_EVENT_HEAD = re.compile(r"^(全市|我市|全区|我区|全县|我县|全省|我省)")
EVENT_TAIL = re.compile(r"(隆重召开|胜利召开|召开|举行|举办|开幕|闭幕|开展|启动)+$")
_SENTENCE_END = "。！？!?；;\n"
_MIN_CONTAINED = 4  # shorter event names (会议, 活动) are too generic to merge by containment


def event_identity(name: str) -> str:
    """The part of an event name that identifies it: no quotes, no 全市 head, no 召开 tail."""
    text = _QUOTES.sub("", normalise(name))
    text = _EVENT_HEAD.sub("", text)
    stripped = EVENT_TAIL.sub("", text)
    return stripped or text


def place_level(stated: Any, name: str = "") -> str:
    """The level the extractor states, else the one the name's suffix says (resolution.
    hierarchy), else a site, the lowest rank."""
    return hierarchy.place_level(stated, name)


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


def page_of(file: str) -> str:
    """A page's identity that survives moving the archive or reading it by URI (file:,
    hdfs:): its folder and file name, as article ids keep only the name."""
    return "/".join(PurePosixPath(file.replace("\\", "/")).parts[-2:])


def make_key(*parts: str) -> str:
    return _SEP.join(parts)


def key_parts(key: str) -> list[str]:
    return key.split(_SEP)


# --------------------------------------------------------------------------- step 1
class _ArticleScope:
    """Turns the entities of one extraction into local keys, consistently."""

    def __init__(self, extraction: Extraction):
        self.art = extraction.article
        self.city = normalise(self.art.city)
        # the dateline's day, else the paper's, else a partial --MM-DD
        self.date = self.art.best_date or ""
        self.text = self.art.text
        entities = list(extraction.entities)
        for fact in extraction.facts:
            entities += [fact.subject, fact.object]
        self.entities = entities
        # 导读 lines point at articles on other pages: no event comes from them
        self.index_lines = frozenset(line.strip() for key, value in self.art.extra if key == "digest"
                                     for line in ((value,) if isinstance(value, str) else value)
                                     if isinstance(line, str))
        self.chains = {normalise(e.name): parts for e in entities if e.type == PLACE
                       if len(parts := hierarchy.split_chain(normalise(e.name))) > 1}
        self.levels: dict[str, str] = {}
        for e in entities:
            if e.type == PLACE and e.prop("level"):
                self.levels.setdefault(self.place_name(e.name), e.prop("level"))
        self.place_parent = self._place_parents(entities, extraction.facts)
        for parts in self.chains.values():
            for child, parent in zip(parts[1:], parts, strict=False):
                self.place_parent.setdefault(child, parent)
        self.districts = self._home_districts(entities)
        self.national = self._national_people(entities, extraction.facts)
        self.relayed = self._relayed_events(extraction.facts)
        self.event_rep = self._event_groups(entities)
        self.nodes: dict[str, LocalNode] = {}

    def place_name(self, name: str) -> str:
        """The place a name stands for: the last of a chain (魏都区西关街道X院 -> X院)."""
        name = normalise(name)
        return self.chains[name][-1] if name in self.chains else name

    # bodies: the district or county a bare 区委 / 县政府 belongs to
    def _home_districts(self, entities: list[Entity]) -> dict[str, str]:
        """{区: the district, 县: the county} the article is about, where it names one: the
        one district (county) of the gazetteer its text names, else the one its headline
        names, else the one place of that kind the extractor found in it."""
        named = hierarchy.districts_named(self.art.citable)
        headline = f"{self.art.title} {self.art.subtitle}"
        found = list(dict.fromkeys(normalise(e.name) for e in entities if e.type == PLACE))
        out: dict[str, str] = {}
        for level in naming.BARE_LEVELS:
            for candidates in ([d for d in named if d.endswith(level)],
                               [d for d in named if d.endswith(level) and d in headline],
                               [p for p in found if p.endswith(level) and len(p) > 1]):
                if len(candidates) == 1:
                    out[level] = candidates[0]
                    break
                if candidates:
                    break   # several: the article is about no one of them
        return out

    def org_name(self, written: str) -> tuple[str, str]:
        """(graph name, scope) of an organization: 市政府 -> 市人民政府, a bare 区委 -> the
        article's district's (or the article's own when it names none), national bodies
        with no city."""
        name = naming.government_name(normalise(written))
        if naming.is_national_body(name):
            return name, ""
        if naming.is_bare(name):
            home = self.districts.get(name[0])
            if home:
                return home + name[1:], self.city
            return name, f"{self.city}#{self.art.id}"
        return name, self.city

    # people: national leaders belong to no city
    @staticmethod
    def _national_people(entities: list[Entity], facts: list[Fact]) -> frozenset[str]:
        out = {normalise(e.name) for e in entities if e.type == PERSON
               and any(naming.is_national_title(str(t)) for t in (e.prop("titles") or ()))}
        out |= {normalise(f.subject.name) for f in facts if f.predicate == HOLDS_POSITION
                and f.subject.type == PERSON and (naming.is_national_title(str(f.prop("title") or ""))
                                                  or naming.is_national_body(normalise(f.object.name)))}
        return frozenset(out)

    def _relayed_events(self, facts: list[Fact]) -> frozenset[str]:
        """Events only national leaders take part in: speeches the article relays, not
        held where and when the article's meeting was (they keep only a date of their own)."""
        people: dict[str, set[str]] = defaultdict(set)
        for f in facts:
            if f.predicate in schema.PERSON_EVENT_ROLES and f.object.type == EVENT:
                people[normalise(f.object.name)].add(normalise(f.subject.name))
        return frozenset(name for name, who in people.items() if who and who <= self.national)

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
        name = self.place_name(name)
        return place_level(self.levels.get(name), name)

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
        stated = str(e.prop("date") or "")
        if normalise(e.name) in self.relayed and (not stated or stated == self.art.date):
            return ""   # a relayed speech keeps only a date of its own (5月27日中央政治局会议)
        return stated or self.date

    # keys
    def key_of(self, e: Entity) -> str | None:
        label = e.type
        if label not in schema.NODE_LABELS or not normalise(e.name):
            return None
        name = normalise(e.name)
        if label == PERSON:
            city = e.prop("city", self.city) if "city" in dict(e.props) else self.city
            return make_key(PERSON, name, "" if name in self.national else normalise(city))
        if label == ORGANIZATION:
            name, scope = self.org_name(name)
            stated = normalise(e.prop("city"))
            return make_key(ORGANIZATION, name, stated if stated and scope == self.city else scope)
        if label == PLACE:
            name = self.place_name(name)
            return make_key(PLACE, name, self._place_scope(name, e))
        if label == EVENT:
            date = self._event_date(e)
            ident = self.event_rep[(date, event_identity(e.name))]
            scope = normalise(e.prop("city")) or self.city
            if not date:   # an undated event is only itself: scope it to its article
                scope = f"{scope}#{self.art.id}"
            elif not _FULL_DATE.match(date):   # a day of an unknown year: its page's only
                scope = f"{scope}#{page_of(self.art.file)}"
            return make_key(EVENT, date, ident, scope)
        if label == PROJECT:
            return make_key(PROJECT, name, normalise(e.prop("city")) or self.city)
        return make_key(ARTICLE, str(e.prop("id") or self.art.id))

    def add(self, e: Entity, evidence_hint: str = "", confidence: float = 1.0) -> str | None:
        key = self.key_of(e)
        if key is None:
            return None
        node = self.nodes.get(key)
        # a national leader has no city, whatever the extractor gave the person
        skip = {"name", "city"} if e.type == PERSON and not key_parts(key)[2] else {"name"}
        if node is None:
            props = {k: freeze(v) for k, v in e.props if v not in (None, "", ()) and k not in skip}
            if e.type == EVENT:
                props["date"] = self._event_date(e) or None
            name = e.name
            if e.type == PLACE:
                props["level"] = self.level(e.name)
                name = self.place_name(e.name)
                if name != normalise(e.name):
                    props.pop("parent", None)   # the chain says the parent
            if e.type == ORGANIZATION:
                name = self.org_name(e.name)[0]
                props["kind"] = naming.org_kind(name, props.get("kind"))
                if name != normalise(e.name):
                    props["aliases"] = (e.name,)
            evidence = sentence_with(self.text, e.name) or evidence_hint
            node = LocalNode(key=key, label=e.type, name=name, props=props,
                             evidence=evidence, confidence=confidence)
            self.nodes[key] = node
        else:
            for k, v in e.props:
                if v not in (None, "", ()) and k not in node.props and k not in skip:
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

    # events named only by 导读 lines: none (the article on the other page reports them)
    indexed = {normalise(f.object.name) for f in extraction.facts
               if f.object.type == EVENT and f.evidence.strip() in scope.index_lines}
    indexed -= {normalise(end.name) for f in extraction.facts if f.evidence.strip() not in scope.index_lines
                and f.predicate != MENTIONED_IN for end in (f.subject, f.object) if end.type == EVENT}

    def from_index(e: Entity) -> bool:
        return e.type == EVENT and normalise(e.name) in indexed

    for entity in extraction.entities:
        if not from_index(entity):
            scope.add(entity)
    for fact in extraction.facts:
        rel = fact.predicate
        if from_index(fact.subject) or from_index(fact.object):
            dropped += 1
            continue
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

    _places_inside(scope, put_edge)
    _posts_from_titles(scope, edges, put_edge)

    # bylines: reporters and correspondents are persons who REPORTED the article
    article_key = make_key(ARTICLE, art.id)
    city = normalise(art.city)
    reported = {e.source for e in edges.values() if e.type == REPORTED}
    for role, names in (("记者", art.reporters), ("通讯员", art.correspondents)):
        for name in names:
            if scope.key_of(Entity(PERSON, name, (("city", city),))) in reported:
                continue   # the extractor stated it already
            # the reader takes the byline out of the body; then the byline line is the evidence
            evidence = (next((line for line in art.furniture if name in line), "")
                        or sentence_with(art.text, name) or f"{role}{name}")
            person = scope.add(Entity(PERSON, name, (("city", city),)), evidence)
            if person is None:
                continue
            put_edge(person, REPORTED, article_key, evidence, BYLINE_CONFIDENCE, {"title": role})

    article = {
        "id": art.id, "title": art.title, "date": art.best_date,
        "newspaper": art.newspaper, "file": art.file, "city": art.city,
        "reporters": tuple(art.reporters),
    }
    nodes = sorted(scope.nodes.values(), key=lambda n: n.key)
    return Contribution(article=article, nodes=nodes,
                        edges=sorted(edges.values(), key=lambda e: (e.source, e.type, e.target, e.qualifier)),
                        dropped=dropped)


def _places_inside(scope: _ArticleScope, put_edge) -> None:
    """LOCATED_IN edges the text's writing says: the chains written as one name, and the
    places written right after a place of higher rank (resolution.hierarchy)."""
    text = scope.text
    for written, parts in scope.chains.items():
        evidence = sentence_with(text, written)
        keys = []
        for part in parts:
            keys.append(scope.add(Entity(PLACE, part, (("level", scope.level(part)),)), evidence, 0.8))
        for inner, outer in zip(keys[1:], keys, strict=False):
            if inner and outer and inner != outer:
                put_edge(inner, LOCATED_IN, outer, evidence, 0.8, {})
    places = {n.name: n for n in scope.nodes.values() if n.label == PLACE}
    has_parent = set(scope.place_parent)
    levels = {name: str(n.props.get("level") or "site") for name, n in places.items()}

    def sentence_of(start: int, end: int) -> str:
        head = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
        tails = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
        return text[head:(min(tails) + 1 if tails else len(text))].strip()

    for inside in hierarchy.written_inside(text, levels, sentence_of):
        if inside.child in has_parent:
            continue
        child, parent = places[inside.child], places[inside.parent]
        put_edge(child.key, LOCATED_IN, parent.key, inside.evidence, 0.75, {})


def _posts_from_titles(scope: _ArticleScope, edges: dict[tuple[str, str, str, str], LocalEdge], put_edge) -> None:
    """HOLDS_POSITION for each title written without its body (市长刘涛): the body the
    title names (resolution.titles), flagged `inferred_from_title`; a title that names
    none leaves the person its reason (`no_post`)."""
    art = scope.art
    stated = {(e.source, normalise(e.qualifier)) for e in edges.values() if e.type == HOLDS_POSITION}
    citable = art.citable
    for node in list(scope.nodes.values()):
        if node.label != PERSON:
            continue
        reasons = []
        for title in node.props.get("titles") or ():
            title = str(title)
            if not title or (node.key, normalise(title)) in stated:
                continue
            body = titles.body_for_title(title, city=scope.city, districts=scope.districts,
                                         newspaper=art.newspaper)
            if isinstance(body, str):
                reasons.append(f"{title}: {body}")
                continue
            evidence = (sentence_with(citable, f"{title}{node.name}") or _sentence_naming(citable, title, node.name)
                        or node.evidence)
            props: tuple[tuple[str, Any], ...] = (("kind", body.kind),)
            org = scope.add(Entity(ORGANIZATION, body.name, props), evidence, INFERRED_CONFIDENCE)
            if org is not None:
                put_edge(node.key, HOLDS_POSITION, org, evidence, INFERRED_CONFIDENCE,
                         {"title": title, "inferred_from_title": True})
        if reasons:
            node.props["no_post"] = tuple(reasons)


def _sentence_naming(text: str, title: str, name: str) -> str:
    """The first sentence holding both the title and the name (副市长A、B、C: C's title)."""
    for sentence in re.split(r"(?<=[。！？!?；;\n])", text):
        if name in sentence and title in sentence:
            return sentence.strip()
    return ""


# --------------------------------------------------------------------------- roots
_ROOT_END = re.compile(r"^.*?(?:街道|社区|[省市区县镇乡村])")


def org_root(name: str) -> str:
    """The place an organization belongs to, read from its name (许昌市委政法委 -> 许昌市,
    张庄村党支部 -> 张庄村); the whole name when it names none. Positions under one root
    can be one person's (市委副书记 and 市长); under different roots, two people's."""
    match = _ROOT_END.match(name)
    return match.group() if match else name
