"""Score the extractor against hand annotations (../shared/gold/*.json), per type.

Each gold file names its seed page (`seed`) and the paper's city (`city`); the page is read
with `loaders.reader.read_paths(city=...)` and every article extracted. Matching rules:

- persons: gold `persons[].name` against Person entities; names compared after
  `schema.normalise`. Set comparison over the page.
- person-position pairs: one pair per gold position; predicted pairs are a person's titles
  (HOLDS_POSITION `title`, titles kept on the Person entity when no organization is written,
  REPORTED `title` for bylines). Same person, and titles equal or one ending with the other
  (副主任 matches 副主任; 政委 matches 西岭军分区政委), since gold writes the organization into a
  title sometimes and sometimes not. One-to-one.
- event roles: (person, role, event) with gold `chair` -> CHAIRED, `attendees` -> ATTENDED,
  `speakers` -> SPOKE_AT; a predicted LED counts as ATTENDED (gold lists who led an
  inspection among its attendees). Events match by name: after removing quotes and white
  space, one name contains the other or their character-bigram Dice >= 0.5 (surface names
  of one event vary). One-to-one.
- organization relations: gold `relations` with an Organization at either end. Gold
  predicates map onto the schema: MEMBER_OF/LEADS of a person -> HOLDS_POSITION;
  SIGNED_WITH -> SIGNED; COOPERATES_WITH, FUNDS, HELPED and MEMBER_OF between organizations
  -> COOPERATES_WITH (SIGNED and COOPERATES_WITH compared in either direction);
  LOCATED_IN -> LOCATED_IN; INSPECTED(person, unit) -> the person LED an event HELD_IN that
  unit (a held-in place whose name is an organization's). Predicted: facts of those types
  with an Organization at one end and a Person, Organization or Place at the other.
  Organization names match when equal after dropping 中共 and reading a leading 市 as the
  gold file's city, or when one ends with the other (政法委 matches 青川市委政法委).
  Deduplicated (subject, relation, object) sets.
- places: gold `places[].name` against Place entities, equal after normalisation or one
  being the other plus a place suffix (西岭 / 西岭市).
Precision, recall and F1 are micro-averaged over all gold files.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kg.extraction import lexicon, organizations
from kg.graph import schema
from kg.graph.records import Article, Extraction

TYPES = ("persons", "positions", "event_roles", "org_relations", "places")

_ROLE = {"chair": schema.CHAIRED, "attendees": schema.ATTENDED, "speakers": schema.SPOKE_AT}
_PREDICTED_ROLE = {schema.CHAIRED: schema.CHAIRED, schema.ATTENDED: schema.ATTENDED,
                   schema.SPOKE_AT: schema.SPOKE_AT, schema.LED: schema.ATTENDED}
_GOLD_RELATION = {"LEADS": schema.HOLDS_POSITION, "MEMBER_OF": schema.HOLDS_POSITION,
                  "SIGNED_WITH": schema.SIGNED, "SIGNED": schema.SIGNED,
                  "COOPERATES_WITH": schema.COOPERATES_WITH, "FUNDS": schema.COOPERATES_WITH,
                  "HELPED": schema.COOPERATES_WITH, "LOCATED_IN": schema.LOCATED_IN,
                  "INSPECTED": "INSPECTED", "HOLDS_POSITION": schema.HOLDS_POSITION}
_SYMMETRIC = {schema.SIGNED, schema.COOPERATES_WITH}
_QUOTES = re.compile(r"[“”\"'‘’「」『』《》\s]")


class GoldError(ValueError):
    """A gold file that cannot be used, with the file named."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.missed += other.missed
        self.spurious += other.spurious

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


_Item = TypeVar("_Item")


def _match(gold: list[_Item], predicted: list[_Item], same: Callable[[_Item, _Item], bool]) -> Score:
    """One-to-one greedy matching in gold order."""
    score = Score()
    free = list(predicted)
    for item in gold:
        hit = next((i for i, p in enumerate(free) if same(item, p)), None)
        if hit is None:
            score.fn += 1
            score.missed.append(str(item))
        else:
            score.tp += 1
            free.pop(hit)
    score.fp = len(free)
    score.spurious = [str(p) for p in free]
    return score


def _n(text: str | None) -> str:
    return schema.normalise(text)


def org_names_match(gold: str, predicted: str, city: str | None) -> bool:
    g, p = _canon_org(gold, city), _canon_org(predicted, city)
    if g == p:
        return True
    short, long_ = sorted((g, p), key=len)
    return len(short) >= 2 and long_.endswith(short)


def _canon_org(name: str, city: str | None) -> str:
    name = _n(name)
    if name.startswith("中共"):
        name = name[2:]
    if city and name.startswith("市") and not name.startswith("市场"):
        name = city + name[1:]
    return name


def _event_names_match(gold: str, predicted: str) -> bool:
    g, p = _QUOTES.sub("", _n(gold)), _QUOTES.sub("", _n(predicted))
    if not g or not p:
        return False
    if g in p or p in g:
        return True
    bg = {g[i:i + 2] for i in range(len(g) - 1)}
    bp = {p[i:i + 2] for i in range(len(p) - 1)}
    return bool(bg and bp) and 2 * len(bg & bp) / (len(bg) + len(bp)) >= 0.5


def _titles_match(gold: str, predicted: str) -> bool:
    g, p = _n(gold), _n(predicted)
    return g == p or g.endswith(p) or p.endswith(g)


def _places_match(gold: str, predicted: str) -> bool:
    g, p = _n(gold), _n(predicted)
    if g == p:
        return True
    suffixes = lexicon.load().place_suffixes
    short, long_ = sorted((g, p), key=len)
    return long_.startswith(short) and long_[len(short):] in suffixes


def score_page(gold: dict, extractions: Iterable[Extraction]) -> dict[str, Score]:
    """Scores of one gold page against the extractions of its articles."""
    city = gold.get("city")
    extractions = list(extractions)
    entities = [e for x in extractions for e in x.entities]
    facts = [f for x in extractions for f in x.facts]

    # persons
    gold_persons = sorted({_n(p["name"]) for p in gold.get("persons", [])})
    pred_persons = sorted({_n(e.name) for e in entities if e.type == schema.PERSON})
    scores = {"persons": _match(gold_persons, pred_persons, lambda g, p: g == p)}

    # person-position pairs
    gold_pairs = [(_n(p["name"]), t) for p in gold.get("persons", []) for t in p.get("positions", [])]
    pred_pairs = sorted({(_n(e.name), t) for e in entities if e.type == schema.PERSON
                         for t in (e.prop("titles") or ())})
    scores["positions"] = _match(gold_pairs, pred_pairs,
                                 lambda g, p: g[0] == p[0] and _titles_match(g[1], p[1]))

    # event roles
    gold_roles = [(_n(person), _ROLE[key], event["name"]) for event in gold.get("events", [])
                  for key in _ROLE for person in event.get(key, []) or []]
    pred_roles = sorted({(_n(f.subject.name), _PREDICTED_ROLE[f.predicate], f.object.name)
                         for f in facts if f.predicate in _PREDICTED_ROLE})
    scores["event_roles"] = _match(gold_roles, pred_roles,
                                   lambda g, p: g[:2] == p[:2] and _event_names_match(g[2], p[2]))

    # organization relations
    scores["org_relations"] = _match(_gold_org_relations(gold), _predicted_org_relations(facts),
                                     lambda g, p: _relations_match(g, p, city))

    # places
    gold_places = sorted({_n(p["name"]) for p in gold.get("places", [])})
    pred_places = sorted({_n(e.name) for e in entities if e.type == schema.PLACE})
    scores["places"] = _match(gold_places, pred_places, _places_match)
    return scores


def _gold_org_relations(gold: dict) -> list[tuple[str, str, str, str, str]]:
    out = []
    for rel in gold.get("relations", []):
        types = (rel.get("subject_type"), rel.get("object_type"))
        if schema.ORGANIZATION not in types:
            continue
        predicate = _GOLD_RELATION.get(rel["predicate"])
        if predicate is None:
            continue
        if rel["predicate"] == "MEMBER_OF" and types == (schema.ORGANIZATION, schema.ORGANIZATION):
            predicate = schema.COOPERATES_WITH
        item = (rel["subject"], types[0], predicate, rel["object"], types[1])
        if item not in out:
            out.append(item)
    return out


def _predicted_org_relations(facts) -> list[tuple[str, str, str, str, str]]:
    wanted = {schema.HOLDS_POSITION, schema.SIGNED, schema.COOPERATES_WITH, schema.LOCATED_IN}
    ends = {schema.PERSON, schema.ORGANIZATION, schema.PLACE}
    out = set()
    for f in facts:
        if f.predicate in wanted and schema.ORGANIZATION in (f.subject.type, f.object.type) \
                and f.subject.type in ends and f.object.type in ends:
            out.add((f.subject.name, f.subject.type, f.predicate, f.object.name, f.object.type))
    # INSPECTED: a person led an event held in a unit.
    led: dict[str, set[str]] = {}
    for f in facts:
        if f.predicate == schema.LED:
            led.setdefault(f.object.name, set()).add(f.subject.name)
    for f in facts:
        if f.predicate == schema.HELD_IN and f.subject.name in led \
                and organizations.org_part(f.object.name) == f.object.name:
            for person in led[f.subject.name]:
                out.add((person, schema.PERSON, "INSPECTED", f.object.name, f.object.type))
    return sorted(out)


def _relations_match(g, p, city) -> bool:
    if g[2] != p[2]:
        return False

    def same(a: str, b: str, a_type: str) -> bool:
        if a_type == schema.PERSON:
            return _n(a) == _n(b)
        return org_names_match(a, b, city) or _places_match(a, b)

    if same(g[0], p[0], g[1]) and same(g[3], p[3], g[4]):
        return True
    return g[2] in _SYMMETRIC and same(g[0], p[3], g[1]) and same(g[3], p[0], g[4])


@dataclass
class Report:
    totals: dict[str, Score]
    pages: dict[str, dict[str, Score]]

    def as_dict(self) -> dict:
        return {"totals": {k: v.as_dict() for k, v in self.totals.items()},
                "pages": {page: {k: v.as_dict() for k, v in s.items()} for page, s in self.pages.items()}}


def load_gold(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc})") from exc
    if not isinstance(data, dict) or "seed" not in data:
        raise GoldError(f"{path}: not a gold file (no 'seed' key)")
    return data


def evaluate(gold_dir: Path, seeds_dir: Path | None = None,
             extract: Callable[[Article], Extraction] | None = None) -> Report:
    """Read each gold file's seed page, extract its articles, score per type."""
    from kg.reading import reader
    if extract is None:
        from kg.extraction.extract import extract as default_extract
        extract = default_extract
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise GoldError(f"{gold_dir}: no gold *.json files")
    seeds_dir = Path(seeds_dir) if seeds_dir else Path(gold_dir).parent / "corpus" / "seeds"
    totals = {t: Score() for t in TYPES}
    pages = {}
    for path in files:
        gold = load_gold(path)
        page = seeds_dir / gold["seed"]
        if not page.exists():
            raise GoldError(f"{path}: its seed page {page} does not exist")
        articles = [a for a in reader.read_paths([page], city=gold.get("city")) if isinstance(a, Article)]
        scores = score_page(gold, (extract(a) for a in articles))
        pages[gold["seed"]] = scores
        for t in TYPES:
            totals[t].add(scores[t])
    return Report(totals, pages)
