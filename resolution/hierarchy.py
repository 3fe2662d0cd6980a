"""Places in a hierarchy: a site inside its street, the street inside its district.

- A place written as a chain (`魏都区西关街道中心医院家属院东院`) is the last place of
  the chain (`中心医院家属院东院`), LOCATED_IN the one before it, and so on up.
- A site or community written right after a place of higher rank (`西关街道三高家属院`)
  is LOCATED_IN that place; the places listed after it with a 、 (`三高家属院、防疫站家属院`)
  are in the same one.
- A place's level comes from its name's suffix when the extractor stated none (a
  `北大街道` is a town-level street, not a site).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extraction.organizations import units as org_units
from kg.graph import schema
from kg.lexicons import rows
from kg.reading.city import gazetteer

# Units of a chain below the district: 西关街道, 长春社区, 张庄村, 刘集镇.
_ADMIN_UNIT = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:街道|镇|乡|社区|村)")
_MIN_SITE = 2


@cache
def _suffix_levels() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in rows("place_suffixes.txt") if len(r) > 1),
                        key=lambda r: -len(r[0])))


def level_from_name(name: str) -> str | None:
    """The level a place's suffix says (街道 -> town, 社区 -> community), or None."""
    for suffix, level in _suffix_levels():
        if name.endswith(suffix) and len(name) > len(suffix):
            return level if level in schema.PLACE_RANK else None
    return None


def place_level(stated: str | None, name: str) -> str:
    """The level the extractor stated, else the one the name's suffix says, else site."""
    if stated in schema.PLACE_RANK and stated != "site":
        return str(stated)
    return level_from_name(name) or (str(stated) if stated in schema.PLACE_RANK else "site")


@cache
def _districts() -> tuple[str, ...]:
    place_city, _, _ = gazetteer()
    return tuple(sorted(place_city, key=len, reverse=True))


def known_districts() -> frozenset[str]:
    """The districts, counties and county-level cities of the gazetteer."""
    return frozenset(_districts())


@cache
def _district_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(d) for d in _districts() if d[-1] in "区县"))


def districts_named(text: str) -> list[str]:
    """The gazetteer's districts and counties a text names, in order of first mention."""
    return list(dict.fromkeys(m.group() for m in _district_pattern().finditer(text)))


def split_chain(name: str) -> list[str]:
    """The places of a name written as a chain, outermost first (魏都区西关街道中心医院家属院东院
    -> [魏都区, 西关街道, 中心医院家属院东院]); [name] when it is one place. A chain opens
    with a district or county of the gazetteer and ends with a place, not a body."""
    head = next((d for d in _districts() if name.startswith(d) and len(name) > len(d)), None)
    if head is None:
        return [name]
    parts = [head]
    rest = name[len(head):]
    while rest:
        unit = _ADMIN_UNIT.match(rest)
        if not unit:
            break
        parts.append(unit.group())
        rest = rest[unit.end():]
    if rest:
        tail = org_units(rest)
        if len(rest) < _MIN_SITE or (tail and not tail[-1].is_place):
            return [name]   # 伊川县人民武装部 is a body of the county, not a place in it
        parts.append(rest)
    return parts if len(parts) > 1 else [name]


@dataclass(frozen=True)
class Inside:
    """`child` is LOCATED_IN `parent`, as `evidence` (the sentence) writes them side by side."""

    child: str
    parent: str
    evidence: str


def written_inside(text: str, levels: dict[str, str], sentence_of) -> list[Inside]:
    """Places written right after a place of higher rank (西关街道三高家属院), and those listed
    after them with 、. `levels`: the article's places and their levels; `sentence_of(a, b)`
    gives the sentence holding the text a..b."""
    names = sorted(levels, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in names))
    hits = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    found: dict[str, Inside] = {}
    parent_at: dict[int, str] = {}   # end of a hit -> the parent it was given
    for i, (start, end, name) in enumerate(hits):
        if i == 0:
            continue
        rank = schema.PLACE_RANK[levels[name]]
        p_start, p_end, p_name = hits[i - 1]
        parent = None
        if p_end == start and schema.PLACE_RANK[levels[p_name]] < rank:
            parent = p_name
        elif p_end == start - 1 and text[p_end] == "、" and p_end in parent_at:
            parent = parent_at[p_end]
        if parent is None or parent == name:
            continue
        parent_at[end] = parent
        if name not in found and rank >= schema.PLACE_RANK["town"]:
            found[name] = Inside(name, parent, sentence_of(p_start, end))
    return list(found.values())
