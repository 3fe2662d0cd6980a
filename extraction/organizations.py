"""Organizations: cutting a written name into units, normalising it with the paper's city.

`市委组织部` in a 青川 paper is 青川市委组织部: a leading 市 (or 我市) means the paper's own
city. A bare party department (宣传部, 政法委) after a committee title belongs to that
committee. Sub-units (科, 处, 股) are part of a title, not organizations of their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extraction import lexicon

# Departments of a party committee: written without their committee after `市委常委、`.
_PARTY_DEPARTMENTS = ("组织部", "宣传部", "统战部", "政法委", "纪委", "政研室", "办公室")


@dataclass(frozen=True)
class Unit:
    text: str
    suffix: str
    is_place: bool
    kind: str       # organization kind or place level
    sub: bool = False


@lru_cache(maxsize=4096)
def units(text: str) -> tuple[Unit, ...]:
    """Cut `text` into consecutive units from its start (市委|党史研究室|第一研究科)."""
    lex = lexicon.load()
    pat = lexicon.patterns().org_unit
    out: list[Unit] = []
    pos = 0
    while pos < len(text):
        match = pat.match(text, pos)
        if not match:
            break
        unit = match.group()
        suffix = _suffix(unit)
        if suffix in lex.org_suffixes:
            kind, sub = lex.org_suffixes[suffix]
            out.append(Unit(unit, suffix, False, kind, sub))
        else:
            out.append(Unit(unit, suffix, True, lex.place_suffixes[suffix]))
        pos = match.end()
        # 市 + 委: a bare level before a suffix-only unit is that unit's stem (市委, 区政府).
        if len(out) >= 2 and out[-2].is_place and len(out[-2].text) == 1:
            merged = out[-2].text + out[-1].text
            out[-2:] = [Unit(merged, out[-1].suffix, out[-1].is_place, out[-1].kind, out[-1].sub)]
    return tuple(out)


def _suffix(unit: str) -> str:
    lex = lexicon.load()
    for size in range(min(len(unit), 6), 0, -1):
        tail = unit[-size:]
        if tail in lex.org_suffixes or tail in lex.place_suffixes:
            return tail
    return unit[-1:]


def org_part(text: str) -> str:
    """The organization a written phrase names: units up to the last one that is not a
    sub-unit and not a place ("" when there is none)."""
    parts = units(text)
    end = 0
    length = 0
    for unit in parts:
        length += len(unit.text)
        if not unit.is_place and not unit.sub:
            end = length
    return text[:end]


def kind(name: str) -> str:
    """Kind from graph.schema.ORG_KINDS, by the strongest word the name holds."""
    for word, value in (("人大", "congress"), ("政协", "cppcc"), ("检察院", "procuratorate"),
                        ("法院", "court"), ("军分区", "military"), ("军区", "military"),
                        ("武装部", "military"), ("党", "party"), ("政治局", "party")):
        if word in name:
            return value
    parts = units(name)
    if parts and not parts[-1].is_place:
        return parts[-1].kind
    return "other"


def normalise(written: str, city: str | None, parent: str = "") -> str:
    """The graph name of an organization: qualified by the paper's city or by its parent."""
    name = written.strip()
    if name.startswith("中共") and len(name) > 3:
        name = name[2:]
    if name.startswith(_PARTY_DEPARTMENTS):
        if parent:
            return parent + name
        return f"{city}委{name}" if city else name
    if city:
        if name.startswith("我市"):
            return city + name[2:]
        if name.startswith("市") and not name.startswith("市场"):
            return city + name[1:]
    return name


def names_body(text: str) -> bool:
    """An organization or place: the text cuts into units that end with a known suffix."""
    parts = units(text)
    return bool(parts) and sum(len(u.text) for u in parts) == len(text)
