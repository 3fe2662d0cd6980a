"""`extract(article) -> Extraction`: entities and facts of one article, each with evidence.

One jieba pass over the article's text; everything else is regexes compiled once from
the lexicons (persons, organizations, places, events). Every fact carries the article id,
the sentence it came from verbatim and a confidence that says how direct the pattern is.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from graph import schema
from graph.records import Article, Entity, Extraction, Fact, Mention
from loaders import events as ev
from loaders import organizations, persons, places, segment, sentences

# How sure each pattern is: a title before a name is the most direct evidence.
CONFIDENCE = {"title": 0.9, "enumeration": 0.85, "name_title": 0.75, "actor": 0.6,
              "byline": 0.95, "known": 0.8}


class _Builder:
    def __init__(self, article: Article):
        self.article = article
        self.text = article.text
        self.city = article.city
        self.sentences = sentences.split(self.text)
        self._starts = [s.start for s in self.sentences]
        self.entities: dict[tuple[str, str], Entity] = {}
        self.facts: dict[tuple, Fact] = {}
        self.article_entity = Entity(schema.ARTICLE, article.title or article.id,
                                     (("id", article.id), ("date", article.date)))

    def evidence(self, pos: int) -> str:
        i = bisect.bisect_right(self._starts, pos) - 1
        if 0 <= i < len(self.sentences) and pos < self.sentences[i].end:
            return self.sentences[i].text
        return self.text[max(0, pos - 40):pos + 40].strip()

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
        self.facts[key] = Fact(subject, schema.check_type(predicate), obj, self.article.id,
                               evidence if evidence is not None else self.evidence(pos), confidence, items)


def extract(article: Article) -> Extraction:
    """Entities and facts of one article (see the module docstring of each pattern family)."""
    b = _Builder(article)
    text, city = b.text, b.city
    tokens = segment.tokens(text)

    titled, unidentified = persons.find_titled(text, tokens, city)
    reporters = {name: "记者" for name in article.reporters}
    reporters.update({name: "通讯员" for name in article.correspondents if name not in reporters})
    known = {p.name for p in titled} | set(reporters)
    by_tokens = [p for p in persons.find_by_tokens(text, tokens, known, city)
                 if not any(u.start <= p.start < u.end for u in unidentified)]
    found = titled + by_tokens
    taken = [(p.start, p.end) for p in found]
    found += persons.find_known(text, {p.name for p in found}, taken)
    found.sort(key=lambda p: p.start)
    persons.find_elected(text, tokens, found, city)

    mentions: list[Mention] = [Mention(p.start, p.end, p.name, "PERSON") for p in found]

    # People and their positions.
    titles_of: dict[str, list[str]] = {}
    for person in found:
        for position in person.positions:
            titles_of.setdefault(person.name, [])
            if position.title not in titles_of[person.name]:
                titles_of[person.name].append(position.title)
    for name, role in reporters.items():
        titles_of.setdefault(name, []).append(role)
    person_entity = {name: b.entity(schema.PERSON, name, city=city, titles=tuple(titles_of.get(name, ())))
                     for name in dict.fromkeys([p.name for p in found] + list(reporters))}
    for person in found:
        for position in person.positions:
            if position.org:
                org = b.entity(schema.ORGANIZATION, position.org, kind=position.org_kind)
                b.fact(person_entity[person.name], schema.HOLDS_POSITION, org, person.start,
                       CONFIDENCE[person.how], title=position.title)
    byline = "、".join(f"{role}{name}" for name, role in reporters.items())
    for name, role in reporters.items():
        b.fact(person_entity[name], schema.REPORTED, b.article_entity, 0, CONFIDENCE["byline"],
               evidence=byline, title=role)

    # Places, each inside the one before it in a chain (东湖区柳岸街道).
    spans = [(s.start, s.end) for s in b.sentences]
    for place in places.find(text, city, tokens, {p.name for p in found}):
        entity = b.entity(schema.PLACE, place.name, level=place.level, parent=place.parent)
        mentions.append(Mention(place.start, place.end, place.name, "PLACE"))
        if place.parent:
            parent = b.entity(schema.PLACE, place.parent, level=places.level_of(place.parent))
            b.fact(entity, schema.LOCATED_IN, parent, place.start, 0.8)

    # Events, roles, signings.
    headline_end = len(article.title) + len(article.subtitle) + 2
    found_events = ev.analyse(text, headline_end, spans, found, article.date)
    event_entity: dict[int, Entity] = {}

    def event_of(mention: ev.EventMention) -> Entity:
        if id(mention) not in event_entity:
            event_entity[id(mention)] = b.entity(schema.EVENT, _event_name(mention.name),
                                                 type=mention.type, date=mention.date)
        return event_entity[id(mention)]

    for role in found_events.roles:
        if role.person in person_entity:
            b.fact(person_entity[role.person], role.predicate, event_of(role.event), role.start, role.confidence)
    for venue in found_events.venues:
        label, name = ev.body_kind(venue.name, city)
        if label == schema.ORGANIZATION:   # a unit visited is where the event was held
            label, name = schema.PLACE, organizations.normalise(venue.name, city)
        place = b.entity(schema.PLACE, name, level=places.level_of(name))
        b.fact(event_of(venue.event), schema.HELD_IN, place, venue.start, 0.75)
    for agreement in found_events.agreements:
        left_label, left = ev.body_kind(agreement.left, city)
        right_label, right = ev.body_kind(agreement.right, city)
        left_e = b.entity(left_label, left, **({"kind": organizations.kind(left)} if left_label == schema.ORGANIZATION else {}))
        right_e = b.entity(right_label, right, **({"kind": organizations.kind(right)} if right_label == schema.ORGANIZATION else {}))
        b.fact(left_e, agreement.predicate, right_e, agreement.start, 0.8,
               project=agreement.project, investment=agreement.investment)
        if agreement.project and agreement.project.endswith(("项目", "中心", "园")):
            project = b.entity(schema.PROJECT, agreement.project, city=city, investment=agreement.investment)
            b.fact(left_e, agreement.predicate, project, agreement.start, 0.75)

    # Everything named is mentioned in the article.
    for entity in list(b.entities.values()):
        b.fact(entity, schema.MENTIONED_IN, b.article_entity, 0, 1.0, evidence=article.title or "")
    mentions.sort(key=lambda m: (m.start, -m.end))
    return Extraction(article=article, mentions=mentions,
                      entities=[b.article_entity] + list(b.entities.values()),
                      facts=list(b.facts.values()))




def _event_name(name: str) -> str:
    return name.strip()
