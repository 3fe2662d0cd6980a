"""Signings: who signed what with whom, for how much when the text says, in which district.

One row per SIGNED fact (with `cooperation`, COOPERATES_WITH facts too): the signer, the
other party (a body, a place or a project), the project (the fact's `project`, or the
other party when that is a project), the investment the text states, the article's date and the evidence.

A signer's district, for "which districts sign most": a district itself; a place under a
district (by its LOCATED_IN chain); a body LOCATED_IN one of those; else the district of
the store whose name starts the body's name (老城区政府 → 老城区), among the districts of
the signer's city when it is known. Names come from the store, never from a list.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from kg.answers.scope import Articles, Scope
from kg.graph import schema
from kg.graph.elements import NodeRecord

COLUMNS = ("date", "district", "signer", "signer_type", "counterpart", "counterpart_type", "project",
           "investment", "relation", "evidence", "article", "district_id")
_DISTRICT = "district"


@dataclass
class SigningRow:
    date: str | None
    district: str
    signer: str
    signer_type: str
    counterpart: str
    counterpart_type: str
    project: str
    investment: str
    relation: str              # 签约 / 合作 (graph.schema.ROLE_WORDS)
    evidence: str
    article: str
    district_id: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def signings(store: Any, *, scope: Scope | None = None, cooperation: bool = False) -> list[SigningRow]:
    scope = scope or Scope()
    rels = (schema.SIGNED, schema.COOPERATES_WITH) if cooperation else (schema.SIGNED,)
    edges = [e for rel in rels for e in store.edges(rel)]
    if not edges:
        return []
    articles = Articles(store)
    nodes = store.nodes_by_id({e.source for e in edges} | {e.target for e in edges})
    placer = _Districts(store)
    rows = []
    for e in edges:
        info = articles.of(e)
        date = info.date if info else None
        if not (scope.dated(date) and scope.of_city(info.city if info else None)):
            continue
        signer, other = nodes.get(e.source), nodes.get(e.target)
        project = str(e.prop("project") or "")
        if not project and other is not None and other.label == schema.PROJECT:
            project = str(other.prop("name"))
        investment = e.prop("investment") or (other.prop("investment") if other is not None else None) or ""
        district = placer.of(signer, info.city if info else None)
        rows.append(SigningRow(
            date=date, district=str(district.prop("name")) if district else "",
            signer=_name(signer, e.source), signer_type=signer.label if signer else "",
            counterpart=_name(other, e.target), counterpart_type=other.label if other else "",
            project=project, investment=str(investment), relation=schema.ROLE_WORDS[e.type],
            evidence=str(e.prop("evidence") or ""), article=str(e.prop("article") or ""),
            district_id=district.id if district else None))
    rows.sort(key=lambda r: (r.date or "9999", r.district, r.signer, r.counterpart, r.project, r.article))
    return rows


def by_district(rows: list[SigningRow]) -> list[tuple[str, int]]:
    """Signings per district, most first (rows without a district are left out)."""
    counts = Counter(r.district for r in rows if r.district)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _name(node: NodeRecord | None, node_id: str) -> str:
    return str(node.prop("name")) if node is not None else node_id


class _Districts:
    """Which district a signer belongs to (the rule is in the module docstring)."""

    def __init__(self, store: Any):
        self.store = store
        self.places = {n.id: n for n in store.nodes(schema.PLACE)}
        self.by_name: dict[str, list[NodeRecord]] = {}
        for n in self.places.values():
            self.by_name.setdefault(schema.normalise(n.prop("name")), []).append(n)
        self.districts = sorted((n for n in self.places.values() if n.prop("level") == _DISTRICT),
                                key=lambda n: (-len(str(n.prop("name"))), str(n.prop("name")), n.id))
        self._cache: dict[str, NodeRecord | None] = {}

    def of(self, node: NodeRecord | None, city: str | None) -> NodeRecord | None:
        if node is None:
            return None
        if node.id not in self._cache:
            self._cache[node.id] = self._find(node, city)
        return self._cache[node.id]

    def _find(self, node: NodeRecord, city: str | None) -> NodeRecord | None:
        if node.label == schema.PLACE:
            return self._up(node)
        for e in self.store.edges_from(node.id, [schema.LOCATED_IN]):
            place = self.places.get(e.target)
            found = self._up(place) if place is not None else None
            if found is not None:
                return found
        name = schema.normalise(node.prop("name"))
        for district in self.districts:
            parent = district.prop("parent")
            if city and parent and schema.normalise(parent) != schema.normalise(city):
                continue
            if name.startswith(schema.normalise(district.prop("name"))):
                return district
        return None

    def _up(self, place: NodeRecord | None) -> NodeRecord | None:
        seen = set()
        while place is not None and place.id not in seen:
            if place.prop("level") == _DISTRICT:
                return place
            seen.add(place.id)
            parents = self.by_name.get(schema.normalise(place.prop("parent")), [])
            place = parents[0] if len(parents) == 1 else None
        return None
