"""Where an inspection or activity went: the places and units its tour names.

先后前往甲、乙等单位, 深入甲街道乙家属院, 参观了甲、乙和丙, 视察某局时, 在某公司，甲察看…
A unit visited is where the event was held (a site; the evaluation reads it as the unit
inspected). A trip recalled in relayed words is not this one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extraction import organizations, places
from kg.extraction.events import EventMention, is_relayed
from kg.extraction.roles import Role
from kg.graph import schema


@dataclass
class Venue:
    """A place (or a unit visited as a place: 某区人民武装部) where an event was held."""

    event: EventMention
    name: str
    start: int


# 先后前往甲、乙等单位 / 深入甲街道乙家属院 / 参观了甲、乙和丙 / 视察某局时: where an
# inspection or activity went.
# (到 after 落实/统一/达/得/受 is no going: 落实到实处)
_VISIT = re.compile(r"(?:前往|来到|深入|走进|走访|(?<![落实达得受一])到|(?:考察|参观|视察|察看)了?(?!时))"
                    r"(?P<list>[^,，。;；:：!！?？\n（）()]+?)"
                    r"(?=等单位|等地|等处|等企业|[,，。;；]|时|开展|进行|调研|检查|走访|慰问|督导)")
# 在某公司，甲察看…: a unit named before the clause that says what was done there.
_AT_UNIT = re.compile(r"在(?P<list>[^,，。;；在]{2,24})[,，]")
_LAST_AND = re.compile(r"(?:和|及|以及)")
# A part of a unit that is visited in it (某中心运行控制室, 某公司生产车间): the unit is where.
_ROOMS = ("室", "厅", "房", "车间", "现场", "工地", "展区", "基地", "生产线")


def find_venues(text: str, sentence_spans: list[tuple[int, int]], events: list[EventMention],
                main: EventMention | None, roles: list[Role]) -> list[Venue]:
    out: list[Venue] = []
    for s_start, s_end in sentence_spans:
        here = [e for e in events if s_start <= e.start < s_end and not e.generic and not e.relayed]
        led = [r.event for r in roles if s_start <= r.start < s_end and r.predicate == schema.LED
               and not r.event.relayed]
        event = led[0] if led else here[0] if here else None
        if event is None and main is not None and main.type in ("inspection", "activity"):
            event = main
        if event is None:
            continue
        lists = list(_VISIT.finditer(text, s_start, s_end))
        opening = _AT_UNIT.match(text, s_start, s_end)
        if opening:
            lists.append(opening)
        for match in lists:
            if is_relayed(text, match.start(), match.end()) or \
                    any(e.relayed and e.start <= match.start() < e.end for e in events):
                continue   # 学习…在湖南考察时的讲话, …视察某公司时的讲话: a trip recalled, not this one
            pos = match.start("list")
            for item in match.group("list").split("、"):
                for name, at in _visited(item, pos):
                    out.append(Venue(event, name, at))
                pos += len(item) + 1
    return out


def _visited(item: str, pos: int) -> list[tuple[str, int]]:
    """The bodies or places one listed item names (with where each starts): the item
    whole, its two halves when it is 甲和乙, or the unit a room is in (某中心运行控制室)."""
    for joint in reversed(list(_LAST_AND.finditer(item))):
        left, right = item[: joint.start()], item[joint.end():]
        if _named_unit(left) and _named_unit(right):
            return [(left, pos), (right, pos + joint.end())]
    if _named_unit(item):
        return [(item, pos)]
    unit = organizations.org_part(item)
    if unit and item.endswith(_ROOMS) and _named_unit(unit) and not _LAST_AND.search(unit):
        return [(unit, pos)]
    return []


def _named_unit(item: str) -> bool:
    """A body or a place with a proper name before its suffix (街道辖区庭院 names no place,
    为街道 is no name, 宜昌市的部分企业 is a phrase)."""
    if "的" in item or not organizations.names_body(item) or item[0] in places.NOT_FIRST:
        return False
    first = organizations.units(item)[0]
    return len(first.text) > len(first.suffix)
