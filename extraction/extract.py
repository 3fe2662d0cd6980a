"""`extract(article) -> Extraction`: entities and facts of one article, each with evidence.

One segmentation of the article's text (extraction/segment.py: jieba's words, the
recogniser's names around the words that may be names); everything else is regexes
compiled once from the lexicons (persons, organizations, places, events). Every fact carries the article id,
the sentence it came from verbatim and a confidence that says how direct the pattern is.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from kg.extraction import agreements, article_events, events, organizations, persons, places, segment, sentences
from kg.graph import schema
from kg.graph.records import FURNITURE_KEYS, Article, Entity, Extraction, Fact, Mention

# How sure each pattern is: a title before a name is the most direct evidence.
CONFIDENCE = {"title": 0.9, "enumeration": 0.85, "name_title": 0.75, "actor": 0.6,
              "byline": 0.95, "known": 0.8, "eponym": 0.7}
# A 导读 line names an event of another page: a mention, less sure than the article's own.
DIGEST_CONFIDENCE = 0.6


class _Builder:
    def __init__(self, article: Article):
        self.article = article
        self.text = article.text
        self.city = article.city
        self.sentences = sentences.split(self.text)
        self._starts = [s.start for s in self.sentences]
        self.entities: dict[tuple[str, str], Entity] = {}
        self.facts: dict[tuple, Fact] = {}
        self.first_evidence: dict[tuple[str, str], str] = {}
        self._citable_lines = [line.strip() for line in article.citable.splitlines() if line.strip()]
        self.article_entity = Entity(schema.ARTICLE, article.title or article.id,
                                     (("id", article.id), ("date", article.date)))

    def evidence(self, pos: int) -> str:
        i = bisect.bisect_right(self._starts, pos) - 1
        if 0 <= i < len(self.sentences) and pos < self.sentences[i].end:
            return self.sentences[i].text
        return self.text[max(0, pos - 40):pos + 40].strip()

    def cite(self, name: str) -> str | None:
        """The first line of the article's citable text that holds `name` (furniture first:
        a name found nowhere else came from a byline or a caption)."""
        furniture = [line.strip() for line in self.article.furniture if line.strip()]
        for line in furniture + self._citable_lines:
            if name and name in line:
                return line
        return None

    def entity(self, label: str, name: str, **props: Any) -> Entity:
        key = (label, name)
        if key not in self.entities:
            items = [("name", name)] + [(k, v) for k, v in props.items() if v not in (None, "", ())]
            self.entities[key] = Entity(schema.check_label(label), name, tuple(items))
        return self.entities[key]

    def fact(self, subject: Entity, predicate: str, obj: Entity, pos: int, confidence: float,
             evidence: str | None = None, **props: Any) -> None:
        items = tuple((k, v) for k, v in props.items() if v not in (None, ""))
        key = (subject.type, subject.name, predicate, obj.type, obj.name, items)
        if key in self.facts:
            return
        cited = evidence if evidence is not None else self.evidence(pos)
        for end in (subject, obj):
            if end is not self.article_entity:
                self.first_evidence.setdefault((end.type, end.name), cited)
        self.facts[key] = Fact(subject, schema.check_type(predicate), obj, self.article.id,
                               cited, confidence, items)


def _people(text: str, tokens: list, city: str | None, *, skip: frozenset[str] = frozenset(),
            known: frozenset[str] = frozenset(), label: bool = False) -> list[persons.PersonMention]:
    """Every person pattern over one text: titled, tagged, eponyms, then repeats of the
    names found. `skip`: names not to look for by tag (bylines); `known`: names already
    identified elsewhere in the article; `label`: a furniture line (总编辑:邓雷)."""
    headed = persons.find_headed(text, tokens, city)
    titled, unidentified = persons.find_titled(text, tokens, city, label=label)
    by_tokens = [p for p in persons.find_by_tokens(text, tokens, {p.name for p in titled} | skip | known)
                 if not any(u.start <= p.start < u.end for u in unidentified)]
    # a head of a group is named whole between 以 and 为: other readings of that span give way
    found = headed + [p for p in titled + by_tokens if not any(h.start < p.end and p.start < h.end for h in headed)]
    taken = [(p.start, p.end) for p in found]
    found += [p for p in persons.find_listed(text, tokens, taken) if p.name not in skip]
    taken = [(p.start, p.end) for p in found] + [(u.start, u.end) for u in unidentified]
    found += [p for p in persons.find_tagged(text, tokens, taken) if p.name not in skip]
    if label:
        found += [p for p in persons.find_line_actor(text, tokens)
                  if p.name not in known and not any(q.start < p.end and p.start < q.end for q in found)]
    found += [p for p in persons.find_eponyms(text, tokens)
              if not any(q.start < p.end and p.start < q.end for q in found)]
    taken = [(p.start, p.end) for p in found]
    found += persons.find_known(text, {p.name for p in found} | known, taken)
    found.sort(key=lambda p: p.start)
    persons.add_titles_after(text, tokens, found)
    persons.find_elected(text, tokens, found, city)
    persons.find_appointed(text, tokens, found, city)
    return persons.merge_aliases(text, found)


def _furniture_lines(article: Article) -> list[tuple[str, str]]:
    """(kind, line) of the page lines outside the text that may name people; author names
    alone are left to the byline line that holds them."""
    lines = [("caption", line) for line in article.captions]
    for key, value in article.extra:
        if key in FURNITURE_KEYS and key != "authors":
            for line in (value.splitlines() if isinstance(value, str) else value):
                if isinstance(line, str) and line.strip():
                    lines.append((key, line))
    return list(dict.fromkeys(lines))


def _written_roles(article: Article, reporters: dict[str, str]) -> dict[str, str]:
    """The byline role of each credited name that a byline line writes out (记者 王明):
    a bare end-of-article credit, (王明 李华), credits the article but states no position."""
    bylines = [line for key, value in article.extra if key == "byline"
               for line in ((value,) if isinstance(value, str) else value) if isinstance(line, str)]
    if not bylines:   # nothing to check against: keep the reader's decision
        return dict(reporters)
    return {name: role for name, role in reporters.items()
            if any(name in line and role in line for line in bylines)}


def _authors(article: Article) -> tuple[str, ...]:
    for key, value in article.extra:
        if key == "authors":
            return tuple(v for v in ((value,) if isinstance(value, str) else value) if isinstance(v, str) and v)
    return ()


def extract(article: Article) -> Extraction:
    """Entities and facts of one article (see the module docstring of each pattern family)."""
    b = _Builder(article)
    text, city = b.text, b.city
    furniture = _furniture_lines(article)
    # one run of the recogniser over the text and the page lines around it
    tokens, *line_tokens = segment.tokens_many([text] + [line for _, line in furniture])

    # the reader's credits, checked: a unit (新华社) credited like a reporter is no person
    reporters = dict.fromkeys((n for n in article.reporters if persons.plausible_credit(n)), "记者")
    reporters.update({name: "通讯员" for name in article.correspondents
                      if name not in reporters and persons.plausible_credit(name)})
    written_roles = _written_roles(article, reporters)
    found = _people(text, tokens, city, skip=frozenset(reporters))
    mentions: list[Mention] = [Mention(p.start, p.end, p.name, "PERSON") for p in found]

    # Lines outside the text (masthead, 导读, bylines, captions): people and positions, cited
    # by the line. 导读 lines summarise articles printed on other pages: their events are kept
    # with a low confidence and no date (the other page's dateline is not known here).
    body_names = frozenset(p.name for p in found) | frozenset(reporters)
    authors = [name for name in _authors(article) if name not in reporters and persons.plausible_credit(name)]
    credited = set(reporters) | set(authors)
    lines = []
    for (kind, line), toks in zip(furniture, line_tokens):
        people = _people(line, toks, city, known=body_names, label=True)
        if kind == "byline":   # the reader already cut the names of a byline: it decides,
            # and a reporter's role is the byline's (记者), not 本报记者 read as a title
            people = [p if p.name not in reporters else
                      persons.PersonMention(p.name, p.start, p.end, [], p.how)
                      for p in people if p.name in credited]
        lines.append((kind, line, people))

    # People and their positions.
    titles_of: dict[str, list[str]] = {}
    for person in found + [p for _, _, people in lines for p in people]:
        titles_of.setdefault(person.name, [])
        for position in person.positions:
            if position.title not in titles_of[person.name]:
                titles_of[person.name].append(position.title)
    for name, byline_role in written_roles.items():
        if byline_role not in titles_of.setdefault(name, []):
            titles_of[name].append(byline_role)
    for name in reporters:
        titles_of.setdefault(name, [])
    for name in authors:
        titles_of.setdefault(name, [])
    person_entity = {name: b.entity(schema.PERSON, name, city=city, titles=tuple(titles))
                     for name, titles in titles_of.items()}
    found_places = places.find(text, city, tokens, {p.name for p in found})
    for person in found:
        _positions(b, person, person_entity[person.name], None, found_places)
    for _, line, people in lines:
        for person in people:
            _positions(b, person, person_entity[person.name], line, [])
    for name, byline_role in list(reporters.items()) + [(name, "作者") for name in authors]:
        cited = b.cite(name)
        if cited:
            b.fact(person_entity[name], schema.REPORTED, b.article_entity, 0, CONFIDENCE["byline"],
                   evidence=cited, title=byline_role)

    # Places, each inside the one before it in a chain (东湖区柳岸街道).
    spans = [(s.start, s.end) for s in b.sentences]
    for place in found_places:
        name, parent_name = places.canonical(place.name), places.canonical(place.parent) if place.parent else ""
        entity = b.entity(schema.PLACE, name, level=place.level, parent=parent_name)
        mentions.append(Mention(place.start, place.end, place.name, "PLACE"))
        if place.parent:
            parent = b.entity(schema.PLACE, parent_name, level=places.level_of(place.parent))
            b.fact(entity, schema.LOCATED_IN, parent, place.start, 0.8)

    # the place a news opening names (本报北京1月1日讯): the reader keeps it apart from the body
    written = str(dict(article.extra).get("filed_from") or "")
    filed = places.filed_from(written)
    opening = b.cite(written) if filed else None
    if filed and opening:
        b.entity(schema.PLACE, filed, level=places.level_of(filed))
        b.first_evidence.setdefault((schema.PLACE, filed), opening)   # 郑州 as written there

    for place, org_name, pos in _units_in(text, found_places, tokens):
        org = b.entity(schema.ORGANIZATION, organizations.normalise(org_name, city), kind=organizations.kind(org_name))
        b.fact(org, schema.LOCATED_IN, b.entity(schema.PLACE, places.canonical(place.name), level=place.level),
               pos, 0.75)

    # Events, roles, signings.
    headline_end = len(article.title) + len(article.subtitle) + 2
    found_events = article_events.analyse(text, headline_end, spans, found, article.date)
    event_entity: dict[int, Entity] = {}

    def event_of(mention: events.EventMention) -> Entity:
        if id(mention) not in event_entity:
            event_entity[id(mention)] = b.entity(schema.EVENT, _event_name(mention.name),
                                                 type=mention.type, date=mention.date)
        return event_entity[id(mention)]

    for role in found_events.roles:
        if role.person in person_entity:
            b.fact(person_entity[role.person], role.predicate, event_of(role.event), role.start, role.confidence)
    # A speech printed in full (——在…座谈会上的讲话): its authors spoke at that meeting.
    for line in (article.title, article.subtitle):
        spoken = events.speech_headline(line, article.date) if authors and line else None
        if spoken:
            for name in authors:
                b.fact(person_entity[name], schema.SPOKE_AT, event_of(spoken), 0, 0.8, evidence=line.strip())
    for kind, line, people in lines:
        if kind != "digest" or not people:
            continue
        for role in article_events.analyse(line, len(line), [(0, len(line))], people, None).roles:
            event = b.entity(schema.EVENT, _event_name(role.event.name), type=role.event.type)
            b.fact(person_entity[role.person], role.predicate, event, 0,
                   round(role.confidence * DIGEST_CONFIDENCE, 2), evidence=line)
    for mention in found_events.events:
        # a bare noun (活动由市文化局主办) is the article's main event; a relayed event is
        # held by whom its name says too (中央政治局会议)
        held = found_events.main if mention.generic else mention
        if held is None:
            continue
        for body in mention.organizers:
            org = b.entity(schema.ORGANIZATION, organizations.normalise(body, city), kind=organizations.kind(body))
            b.fact(event_of(held), schema.ORGANIZED_BY, org, mention.start, 0.75)
    for venue in found_events.venues:
        label, name = agreements.body_kind(venue.name, city)
        if label == schema.ORGANIZATION:   # a unit visited is where the event was held
            label, name = schema.PLACE, organizations.normalise(venue.name, city)
        held_in = b.entity(schema.PLACE, name, level=places.level_of(name))
        b.fact(event_of(venue.event), schema.HELD_IN, held_in, venue.start, 0.75)
    for agreement in found_events.agreements:
        left_label, left = agreements.body_kind(agreement.left, city)
        right_label, right = agreements.body_kind(agreement.right, city) if agreement.right else ("", "")
        if agreements.unresolved(left) or agreements.unresolved(right):
            continue   # 我区与某公司签约: which district the page does not say
        left_e = b.entity(left_label, left,
                          **({"kind": organizations.kind(left)} if left_label == schema.ORGANIZATION else {}))
        if agreement.right:   # (甲代表乙签约某项目: one party, and the project it signed)
            right_e = b.entity(right_label, right,
                               **({"kind": organizations.kind(right)} if right_label == schema.ORGANIZATION else {}))
            b.fact(left_e, agreement.predicate, right_e, agreement.start, 0.8,
                   project=agreement.project, investment=agreement.investment)
        if agreement.project and agreement.project.endswith(("项目", "中心", "园")):
            project = b.entity(schema.PROJECT, agreement.project, city=city, investment=agreement.investment)
            b.fact(left_e, agreement.predicate, project, agreement.start, 0.75)

    # Everything named is mentioned in the article, cited where it was first seen.
    for entity in list(b.entities.values()):
        cited = b.first_evidence.get((entity.type, entity.name)) or b.cite(entity.name)
        if cited:
            b.fact(entity, schema.MENTIONED_IN, b.article_entity, 0, 1.0, evidence=cited)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return Extraction(article=article, mentions=mentions,
                      entities=[b.article_entity] + list(b.entities.values()),
                      facts=list(b.facts.values()))




# 东湖区辖区企业青川远航科技有限公司: a unit of the place written before 辖区.
_IN_AREA = re.compile(r"辖区内?的?(?:央企|国企|民企|重点企业|企业|单位)?")
_UNIT_SPAN = 30


def _units_in(text: str, found_places: list, tokens: list):
    """(place, organization name, position) for each organization said to be in a place's
    area: the longest run of jieba's words after 辖区, up to punctuation, that is made of
    organization units and ends with one (中国电建集团河南省电力勘测设计院有限公司)."""
    starts = [t.start for t in tokens]
    for place in found_places:
        area = _IN_AREA.match(text, place.end)
        if not area or area.end() == place.end:
            continue
        i = bisect.bisect_left(starts, area.end())
        if i >= len(tokens) or tokens[i].start != area.end():
            continue
        best = ""
        while i < len(tokens) and tokens[i].flag != "x" and tokens[i].end - area.end() <= _UNIT_SPAN:
            name = text[area.end():tokens[i].end]
            parts = organizations.units(name)
            if len(name) >= 4 and parts and sum(len(u.text) for u in parts) == len(name) \
                    and not parts[-1].is_place and not parts[-1].sub:
                best = name
            i += 1
        if best:
            yield place, best, place.start


def _positions(b: _Builder, person: persons.PersonMention, entity: Entity, line: str | None,
               before: list) -> None:
    """HOLDS_POSITION for each position naming its organization; cited by `line` when the
    person was found in a furniture line, else by the sentence."""
    for position in person.positions:
        if position.org:
            name = _qualify_bare_place(position.org, person.start, before)
            org = b.entity(schema.ORGANIZATION, name, kind=position.org_kind)
            b.fact(entity, schema.HOLDS_POSITION, org, person.start, CONFIDENCE[person.how],
                   evidence=line, title=position.title)


def _qualify_bare_place(org: str, pos: int, found_places: list) -> str:
    """社区党委书记 in an article about 柳岸社区: the bare 社区 is the last one named before."""
    parts = organizations.units(org)
    if not parts or not parts[0].is_place or parts[0].text != parts[0].suffix:
        return org
    named = [p for p in found_places if p.end <= pos and p.name.endswith(parts[0].suffix)]
    return named[-1].name + org[len(parts[0].text):] if named else org


def _event_name(name: str) -> str:
    return name.strip()
