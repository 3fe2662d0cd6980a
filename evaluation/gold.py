"""Score the resolved graph (or the extractor alone) against hand annotations, per kind of
fact and per kind of event (what is scored: evaluation/resolved.py and gold_mapping.md).

A gold folder is either
- a folder of gold `*.json` files whose `seed` names a page in a seeds folder
  (`../shared/gold/` with `../shared/corpus/seeds/` beside it), or
- a corpus folder holding articles (`*.jsonl`, `*.txt`) and a `gold/` folder whose files'
  `seed` is the JSONL `id` of one article (`../shared/corpus/dev-news/`).

How gold fields and relation types map onto the graph schema, and why, is written down in
evaluation/gold_mapping.md; the matching rules in short:

- persons: gold `persons[].name` against Person entities, after `schema.normalise`; OCR
  spaces inside a name are not part of it (崔 霞 is 崔霞). Set comparison over the page.
- person-position pairs: same person, titles equal or one ending with the other (副主任 /
  市政府副主任), since gold writes the organization into a title sometimes and sometimes not.
- event roles: (person, role, event). Gold `chair` -> CHAIRED, `speakers` -> SPOKE_AT,
  `leaders` -> LED and the other `attendees` -> ATTENDED. A gold file without `leaders`
  (the shared gold) lists the leader among the attendees: there a predicted LED counts as
  ATTENDED. Events match by name (one contains the other, or character-bigram Dice >= 0.5),
  or, for a gold event no predicted name matches, by kind when the page has exactly one
  unmatched event of that kind on each side (gold names of 会见 and 调研 are composed by
  the annotator: 韩正会见…主席, 在天津调研).
- organization relations: gold relations with an Organization at one end, mapped onto the
  schema (gold_mapping.md); Event -> Organization ORGANIZED_BY matches by event name.
- places: gold `places[].name` against Place entities, equal after normalisation or one
  being the other plus a place suffix (西岭 / 西岭市).
Event roles are also scored per kind of event (KINDS): meeting, inspection (调研/考察/视察),
会见 (会见/会谈/接见), signing, activity (everything else with roles). Precision, recall and
F1 are micro-averaged over all gold files.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kg.extraction import lexicon, organizations, places
from kg.graph import schema
from kg.graph.records import Article, Extraction, Fact
from kg.resolution import naming

# What is scored: the resolved graph (what users see) or the extractor's output.
GRAPH, EXTRACTION = "graph", "extraction"
STAGES = (GRAPH, EXTRACTION)
TYPES = ("persons", "positions", "event_roles", "org_relations", "places")
KINDS = ("meeting", "inspection", "会见", "signing", "activity")

_ROLE_KEYS = (("chair", schema.CHAIRED), ("speakers", schema.SPOKE_AT))
_ROLES = frozenset({schema.CHAIRED, schema.ATTENDED, schema.SPOKE_AT, schema.LED})
_GOLD_RELATION = {"LEADS": schema.HOLDS_POSITION, "MEMBER_OF": schema.HOLDS_POSITION,
                  "HOLDS_POSITION": schema.HOLDS_POSITION,
                  "SIGNED_WITH": schema.SIGNED, "SIGNED": schema.SIGNED,
                  "COOPERATES_WITH": schema.COOPERATES_WITH, "FUNDS": schema.COOPERATES_WITH,
                  "HELPED": schema.COOPERATES_WITH, "LOCATED_IN": schema.LOCATED_IN,
                  "ORGANIZED_BY": schema.ORGANIZED_BY, "INSPECTED": "INSPECTED"}
_SYMMETRIC = {schema.SIGNED, schema.COOPERATES_WITH}
_QUOTES = re.compile(r"[“”\"'‘’「」『』《》〈〉\s]")
_MEETING_WORDS = ("会见", "会谈", "接见")
# Gold events of these types are things, not gatherings: no roles, no kind.
_NOT_GATHERINGS = ("project",)


class GoldError(ValueError):
    """A gold file or folder that cannot be used, with the file named."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    # predicted facts the gold's schema cannot tell right from wrong: neither hit nor invention
    unscored: list[str] = field(default_factory=list)

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

    def add(self, other: Score, page: str = "") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        tag = f"[{page}] " if page else ""
        self.missed += [tag + m for m in other.missed]
        self.spurious += [tag + s for s in other.spurious]
        self.unscored += [tag + s for s in other.unscored]

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


_Item = TypeVar("_Item")


def _match(gold: Sequence[_Item], predicted: Sequence[_Item], same: Callable[[_Item, _Item], bool],
           show: Callable[[_Item], str] = str,
           unscored: Callable[[_Item], bool] = lambda _item: False) -> Score:
    """One-to-one greedy matching in gold order, an equal item before one `same` accepts
    (中心医院家属院东院 takes its equal, not 中心医院家属院); a predicted item left over
    that `unscored` holds for is listed apart, not counted as an invention."""
    score = Score()
    free = list(predicted)
    for item in gold:
        hit = next((i for i, p in enumerate(free) if p == item), None)
        if hit is None:
            hit = next((i for i, p in enumerate(free) if same(item, p)), None)
        if hit is None:
            score.fn += 1
            score.missed.append(show(item))
        else:
            score.tp += 1
            free.pop(hit)
    score.unscored = [show(p) for p in free if unscored(p)]
    score.spurious = [show(p) for p in free if not unscored(p)]
    score.fp = len(score.spurious)
    return score


def _n(text: str | None) -> str:
    return schema.normalise(text)


def _person(name: str) -> str:
    """A person's name for comparison: OCR spaces inside a Chinese name are not part of it."""
    return re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])", "", _n(name))


def org_names_match(gold: str, predicted: str, city: str | None) -> bool:
    """Names of one body, both read by the graph's naming rules (kg.resolution.naming):
    equal, one ending with the other (政法委 / 青川市委政法委, a bare 县委 / 故城县委), or
    the shorter a short form of the longer (古都集团 / 洛阳古都发展集团)."""
    g, p = _canon_org(gold, city), _canon_org(predicted, city)
    if g == p:
        return True
    short, long_ = sorted((g, p), key=len)
    if len(short) >= 2 and long_.endswith(short):
        return True
    parts = organizations.units(short)
    return bool(parts) and not parts[-1].is_place and naming.short_form_of(short, long_, parts[-1].suffix)


def _canon_org(name: str, city: str | None) -> str:
    """An organization's name as the graph writes it: 中共 dropped, a leading 市 read as the
    gold file's city, 市政府 as 市人民政府 (naming.government_name)."""
    name = _n(name)
    if name.startswith("中共"):
        name = name[2:]
    if city and name.startswith("市") and not name.startswith("市场"):
        name = city + name[1:]
    return naming.government_name(name)


def event_names_match(gold: str, predicted: str) -> bool:
    g, p = _QUOTES.sub("", _n(gold)), _QUOTES.sub("", _n(predicted))
    if not g or not p:
        return False
    if g in p or p in g:
        return True
    return _dice(g, p) >= 0.5


def _dice(a: str, b: str) -> float:
    ba = {a[i:i + 2] for i in range(len(a) - 1)}
    bb = {b[i:i + 2] for i in range(len(b) - 1)}
    return 2 * len(ba & bb) / (len(ba) + len(bb)) if ba and bb else 0.0


def _titles_match(gold: str, predicted: str) -> bool:
    g, p = _n(gold), _n(predicted)
    return g == p or g.endswith(p) or p.endswith(g)


def _places_match(gold: str, predicted: str) -> bool:
    """Equal; or one is the other with a place suffix (西岭 / 西岭市); or both name one site
    once the place names they open with are left out (naming.strip_places: 北京中华世纪坛 /
    中华世纪坛, 洛阳灰熊科技园 / 灰熊科技园)."""
    g, p = _n(gold), _n(predicted)
    if g == p:
        return True
    bare_g, bare_p = naming.strip_places(g), naming.strip_places(p)
    if (bare_g != g or bare_p != p) and bare_g == bare_p:
        return True
    suffixes = lexicon.load().place_suffixes
    short, long_ = sorted((g, p), key=len)
    return long_.startswith(short) and long_[len(short):] in suffixes


def event_kind(name: str, type_: str | None) -> str:
    """meeting | inspection | 会见 | signing | activity (KINDS) of a gold or predicted event."""
    if type_ == "signing":
        return "signing"
    if any(word in (name or "") for word in _MEETING_WORDS):
        return "会见"
    if type_ == "inspection":
        return "inspection"
    if type_ == "meeting":
        return "meeting"
    return "activity"


# ---------------------------------------------------------------- one page


@dataclass(frozen=True)
class _Event:
    name: str
    kind: str


@dataclass(frozen=True)
class _Role:
    person: str
    role: str
    event: _Event
    evidence: str = ""

    def __str__(self) -> str:
        where = f"  « {self.evidence[:70]}" if self.evidence else ""
        return f"{self.person} {self.role} {self.event.name} ({self.event.kind}){where}"


def _extended(gold: dict) -> bool:
    """The dev-news schema: events carry `leaders`, relations may be ORGANIZED_BY."""
    return any("leaders" in e for e in gold.get("events", []))


def _gold_roles(gold: dict) -> tuple[list[_Role], bool]:
    """Gold roles, and whether the file tells leaders apart (`leaders` on its events)."""
    events = [e for e in gold.get("events", []) if e.get("type") not in _NOT_GATHERINGS]
    strict = any("leaders" in e for e in events)
    out: list[_Role] = []
    for event in events:
        ev = _Event(event["name"], event_kind(event["name"], event.get("type")))
        leaders = [_person(p) for p in event.get("leaders") or []] if strict else []
        for key, role in _ROLE_KEYS:
            out += [_Role(_person(p), role, ev) for p in event.get(key) or []]
        out += [_Role(p, schema.LED, ev) for p in leaders]
        out += [_Role(_person(p), schema.ATTENDED, ev) for p in event.get("attendees") or []
                if _person(p) not in leaders]
    return list(dict.fromkeys(out)), strict


def _predicted_roles(facts: list[Fact], strict: bool) -> list[_Role]:
    out: dict[tuple[str, str, _Event], _Role] = {}
    for f in facts:
        if f.predicate not in _ROLES:
            continue
        role = f.predicate if strict or f.predicate != schema.LED else schema.ATTENDED
        ev = _Event(f.object.name, event_kind(f.object.name, f.object.prop("type")))
        key = (_person(f.subject.name), role, ev)
        out.setdefault(key, _Role(key[0], role, ev, f.evidence))
    return sorted(out.values(), key=lambda r: (r.event.name, r.role, r.person))


def _align_events(gold: list[_Role], predicted: list[_Role]) -> dict[_Event, _Event]:
    """Gold event -> predicted event for gold events no predicted name matches: by kind,
    when exactly one unmatched event of that kind is left on each side."""
    gold_events = list(dict.fromkeys(r.event for r in gold))
    pred_events = list(dict.fromkeys(r.event for r in predicted))
    named = {g for g in gold_events if any(_same_event(g, p) for p in pred_events)}
    used = {p for p in pred_events if any(_same_event(g, p) for g in gold_events)}
    out = {}
    for kind in KINDS:
        left = [g for g in gold_events if g.kind == kind and g not in named]
        right = [p for p in pred_events if p.kind == kind and p not in used]
        if len(left) == 1 and len(right) == 1:
            out[left[0]] = right[0]
    return out


def _same_event(gold: _Event, predicted: _Event) -> bool:
    """Names match, and a 会见 is never the gathering whose members it met (会见某大会代表
    names 某大会, another event)."""
    if (gold.kind == "会见") != (predicted.kind == "会见"):
        return False
    return event_names_match(gold.name, predicted.name)


def _score_roles(gold: dict, facts: list[Fact]) -> tuple[Score, dict[str, Score]]:
    gold_roles, strict = _gold_roles(gold)
    pred_roles = _predicted_roles(facts, strict)
    aligned = _align_events(gold_roles, pred_roles)

    def same(g: _Role, p: _Role) -> bool:
        return g.person == p.person and g.role == p.role and (
            aligned.get(g.event) == p.event or _same_event(g.event, p.event))

    total = Score()
    free = list(pred_roles)
    by_kind = {k: Score() for k in KINDS}
    for item in gold_roles:
        hit = next((i for i, p in enumerate(free) if same(item, p)), None)
        score = by_kind[item.event.kind]
        if hit is None:
            for s in (total, score):
                s.fn += 1
                s.missed.append(str(item))
        else:
            for s in (total, score):
                s.tp += 1
            free.pop(hit)
    for p in free:
        # an invention counts against the kind of the gold event it was put on, if any
        kind = next((g.kind for g, q in aligned.items() if q == p.event), None) or next(
            (r.event.kind for r in gold_roles if _same_event(r.event, p.event)), p.event.kind)
        for s in (total, by_kind[kind]):
            s.fp += 1
            s.spurious.append(str(p))
    return total, by_kind


def score_page(gold: dict, extractions: Iterable[Extraction]) -> dict[str, Score]:
    """Scores of one gold page against the extractions of its articles: the TYPES, and
    `roles:<kind>` for each kind of event."""
    city = gold.get("city")
    extractions = list(extractions)
    entities = [e for x in extractions for e in x.entities]
    facts = [f for x in extractions for f in x.facts]
    evidence = _first_evidence(facts)

    gold_persons = sorted({_person(p["name"]) for p in gold.get("persons", [])})
    pred_persons = sorted({_person(e.name) for e in entities if e.type == schema.PERSON})
    scores = {"persons": _match(gold_persons, pred_persons, lambda g, p: g == p,
                                lambda name: _cited(name, evidence))}

    gold_pairs = [(_person(p["name"]), t) for p in gold.get("persons", []) for t in p.get("positions", [])]
    pred_pairs = sorted({(_person(e.name), t) for e in entities if e.type == schema.PERSON
                         for t in (e.prop("titles") or ())})
    scores["positions"] = _match(gold_pairs, pred_pairs,
                                 lambda g, p: g[0] == p[0] and _titles_match(g[1], p[1]),
                                 lambda pair: _cited(f"{pair[0]} {pair[1]}", {}))

    roles, by_kind = _score_roles(gold, facts)
    scores["event_roles"] = roles
    for kind, score in by_kind.items():
        scores[f"roles:{kind}"] = score

    predicted = _predicted_org_relations(facts)
    if not _extended(gold):   # the shared gold's schema has no ORGANIZED_BY to score against
        predicted = [p for p in predicted if p[2] != schema.ORGANIZED_BY]
    # A post read off a bare title (市长 -> 市人民政府) is the gold's persons[].positions
    # entry, scored there; the gold names the body only sometimes, so a body it does not
    # name is neither a hit nor an invention here (gold_mapping.md).
    inferred = _inferred_posts(facts)
    scores["org_relations"] = _match(_gold_org_relations(gold), predicted,
                                     lambda g, p: _relations_match(g, p, city), _show_relation,
                                     unscored=lambda p: p in inferred)

    # one place, one name: the graph's canonical one (北京 and 北京市 are one node, so one place)
    gold_places = sorted({places.canonical(_n(p["name"])) for p in gold.get("places", [])})
    # a unit visited is HELD_IN a place named as the unit: it is scored as INSPECTED
    visited = {f.object.name for f in facts if f.predicate == schema.HELD_IN and _unit_named(f.object.name)}
    pred_places = sorted({places.canonical(_n(e.name)) for e in entities
                          if e.type == schema.PLACE and e.name not in visited})
    scores["places"] = _match(gold_places, pred_places, _places_match,
                              lambda name: _cited(name, evidence))
    return scores


def _unit_named(name: str) -> bool:
    """A place named as an organization (某县人民武装部, 某有限公司): where an event was held,
    which the gold records as the organization visited."""
    parts = organizations.units(name)
    return bool(parts) and sum(len(u.text) for u in parts) == len(name) and not parts[-1].is_place


def _first_evidence(facts: list[Fact]) -> dict[str, str]:
    """The sentence each entity was first cited by (what --explain shows of an invention)."""
    out: dict[str, str] = {}
    for f in facts:
        if f.predicate == schema.MENTIONED_IN:
            out.setdefault(_person(f.subject.name), f.evidence)
    return out


def _cited(name: str, evidence: dict[str, str]) -> str:
    cited = evidence.get(name)
    return f"{name}  « {cited[:70]}" if cited else name


_Relation = tuple[str, str, str, str, str]


def _show_relation(rel: _Relation) -> str:
    return f"{rel[0]} -{rel[2]}-> {rel[3]}"


def _gold_org_relations(gold: dict) -> list[_Relation]:
    out: list[_Relation] = []
    for rel in gold.get("relations", []):
        types = (rel.get("subject_type"), rel.get("object_type"))
        if schema.ORGANIZATION not in types:
            continue
        predicate = _GOLD_RELATION.get(rel["predicate"])
        if predicate is None:
            continue
        if rel["predicate"] == "MEMBER_OF" and types == (schema.ORGANIZATION, schema.ORGANIZATION):
            predicate = schema.COOPERATES_WITH
        item = (rel["subject"], str(types[0]), predicate, rel["object"], str(types[1]))
        if item not in out:
            out.append(item)
    return out


def _inferred_posts(facts: list[Fact]) -> set[_Relation]:
    """HOLDS_POSITION edges whose body the resolver read off a bare title, and not also
    stated by a sentence naming the body."""
    posts: dict[_Relation, bool] = {}
    for f in facts:
        if f.predicate == schema.HOLDS_POSITION:
            rel = (f.subject.name, f.subject.type, f.predicate, f.object.name, f.object.type)
            posts[rel] = posts.get(rel, True) and bool(f.prop("inferred_from_title"))
    return {rel for rel, inferred in posts.items() if inferred}


def _predicted_org_relations(facts: list[Fact]) -> list[_Relation]:
    wanted = {schema.HOLDS_POSITION, schema.SIGNED, schema.COOPERATES_WITH, schema.LOCATED_IN,
              schema.ORGANIZED_BY}
    ends = {schema.PERSON, schema.ORGANIZATION, schema.PLACE, schema.EVENT}
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
                out.add((person, schema.PERSON, "INSPECTED", f.object.name, schema.ORGANIZATION))
    return sorted(out)


def _relations_match(g: _Relation, p: _Relation, city: str | None) -> bool:
    if g[2] != p[2]:
        return False

    def same(a: str, b: str, a_type: str) -> bool:
        if a_type == schema.PERSON:
            return _person(a) == _person(b)
        if a_type == schema.EVENT:
            return event_names_match(a, b)
        return org_names_match(a, b, city) or _places_match(a, b)

    if same(g[0], p[0], g[1]) and same(g[3], p[3], g[4]):
        return True
    return g[2] in _SYMMETRIC and same(g[0], p[3], g[1]) and same(g[3], p[0], g[4])


# ---------------------------------------------------------------- folders


@dataclass
class Report:
    totals: dict[str, Score]
    kinds: dict[str, Score]
    pages: dict[str, dict[str, Score]]
    folders: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"folders": self.folders,
                "totals": {k: v.as_dict() for k, v in self.totals.items()},
                "event_kinds": {k: v.as_dict() for k, v in self.kinds.items()},
                "pages": {page: {k: v.as_dict() for k, v in s.items()} for page, s in self.pages.items()}}


def load_gold(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc})") from exc
    if not isinstance(data, dict) or "seed" not in data:
        raise GoldError(f"{path}: not a gold file (no 'seed' key)")
    return data


@dataclass
class GoldPage:
    """One gold file and the articles it annotates."""

    name: str
    gold: dict
    articles: list[Article]


def gold_pages(folder: Path, seeds_dir: Path | None = None) -> list[GoldPage]:
    """The gold files of a folder (either layout, see the module docstring) with their articles."""
    from kg.reading import reader

    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such gold folder")
    corpus = (folder / "gold").is_dir()
    files = sorted((folder / "gold" if corpus else folder).glob("*.json"))
    if not files:
        raise GoldError(f"{folder}: no gold *.json files (in it or in its gold/ folder)")
    by_id: dict[str, Article] = {}
    if corpus:
        inputs = sorted(p for p in folder.iterdir() if p.suffix in (".jsonl", ".txt") and p.is_file())
        for item in reader.read_paths(inputs):
            if isinstance(item, Article):
                by_id.setdefault(str(dict(item.extra).get("id") or item.id), item)
    seeds = Path(seeds_dir) if seeds_dir else folder.parent / "corpus" / "seeds"
    out = []
    for path in files:
        gold = load_gold(path)
        seed = str(gold["seed"])
        if seed in by_id:
            articles = [by_id[seed]]
        elif (seeds / seed).is_file():
            articles = [a for a in reader.read_paths([seeds / seed], city=gold.get("city"))
                        if isinstance(a, Article)]
        else:
            raise GoldError(f"{path}: its seed {seed!r} is neither an article id in {folder} "
                            f"nor a page in {seeds}")
        out.append(GoldPage(str(gold.get("id") or Path(seed).stem), gold, articles))
    return out


def evaluate(gold_dir: Path | Sequence[Path], seeds_dir: Path | None = None,
             extract: Callable[[Article], Extraction] | None = None, stage: str = GRAPH) -> Report:
    """Score the articles of every gold file of the folder(s): by default the resolved graph
    (`stage` GRAPH: what `kg build` makes of each folder's articles, see evaluation.resolved),
    or the extractor's own output (`stage` EXTRACTION)."""
    if stage not in STAGES:
        raise GoldError(f"unknown stage {stage!r} (one of {', '.join(STAGES)})")
    if extract is None:
        from kg.extraction.extract import extract as default_extract
        extract = default_extract
    folders = [Path(gold_dir)] if isinstance(gold_dir, (str, Path)) else [Path(f) for f in gold_dir]
    totals = {t: Score() for t in TYPES}
    kinds = {k: Score() for k in KINDS}
    pages: dict[str, dict[str, Score]] = {}
    for folder in folders:
        folder_pages = gold_pages(folder, seeds_dir)
        articles = list({a.id: a for page in folder_pages for a in page.articles}.values())
        if stage == GRAPH:
            from kg.evaluation.resolved import resolved_extractions
            by_article = resolved_extractions(articles, extract)
        else:
            by_article = {a.id: extract(a) for a in articles}
        for page in folder_pages:
            scores = score_page(page.gold, (by_article[a.id] for a in page.articles))
            pages[page.name] = scores
            for t in TYPES:
                totals[t].add(scores[t], page.name)
            for k in KINDS:
                kinds[k].add(scores[f"roles:{k}"], page.name)
    return Report(totals, kinds, pages, [str(f) for f in folders])

