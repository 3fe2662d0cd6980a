"""The extractor's domain knowledge, loaded once from the data files in lexicons/.

Each rule lives in one file (titles, organization and place suffixes, event triggers and
nouns, honorifics, surnames, words that close a name); this module only reads them,
expands title compositions ({L}委|书记 -> 市委书记, 区委书记 ...) and compiles the regexes
the extractor shares. Nothing here names a person or a place of any page.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg import lexicons

CJK = "\u4e00-\u9fff\u3400-\u4dbf"


@dataclass(frozen=True)
class Title:
    """One expanded title: its text, where the organization ends inside it, implied body."""

    text: str
    org_end: int = 0            # 市委书记 -> 2: the first 2 characters name the body (市委)
    implied_org: str = ""       # 副市长 -> 市政府 (never written, so never an edge)
    role: bool = False          # 学生, 居民: said of a person like a title, but no office held


@dataclass(frozen=True)
class Trigger:
    word: str
    predicate: str
    event_type: str
    strong: bool


@dataclass(frozen=True)
class Lexicon:
    titles: dict[str, Title]
    levels: tuple[str, ...]
    org_suffixes: dict[str, tuple[str, bool]]   # suffix -> (kind, is a sub-unit)
    place_suffixes: dict[str, str]              # suffix -> level
    places_known: dict[str, str]                # name -> level
    triggers: dict[str, Trigger]
    event_nouns: dict[str, str]                 # noun -> event type
    named_events: frozenset[str]                # nouns that name an event alone
    honorifics_after: tuple[str, ...]
    honorifics_before: tuple[str, ...]
    surnames: tuple[str, ...]
    name_followers: tuple[str, ...]
    eponym_titles: tuple[str, ...] = ()   # 院士 in 某某院士工作站
    eponym_units: tuple[str, ...] = ()    # 工作站, 工作室


def _sections(name: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in lexicons.lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def _expand_titles(patterns: list[str], levels: list[str], roles: Sequence[str] = ()) -> dict[str, Title]:
    titles: dict[str, Title] = {word: Title(word, role=True) for word in roles}
    for row in patterns:
        pattern, _, implied = row.partition("\t")
        for level in (levels if "{L}" in row else [""]):
            text = pattern.replace("{L}", level)
            org_end = text.find("|")
            plain = text.replace("|", "")
            titles[plain] = Title(plain, max(org_end, 0), implied.strip().replace("{L}", level))
    return titles


def _pairs(name: str) -> list[list[str]]:
    return [line.split("\t") for line in lexicons.lines(name)]


def _surnames() -> tuple[str, ...]:
    # Shared with kg.reading.bylines: lines of single-character surnames written together,
    # compound surnames separated by spaces.
    out: list[str] = []
    for line in lexicons.lines("surnames.txt"):
        out.extend(line.split() if " " in line.strip() else list(line.strip()))
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The lexicon, read once per process."""
    title_sections = _sections("titles.txt")
    levels = title_sections["levels"]
    honor = _sections("honorifics.txt")
    eponyms = _sections("eponyms.txt")
    triggers = {}
    for word, predicate, event_type, strength in _pairs("triggers.txt"):
        triggers[word] = Trigger(word, predicate, event_type, strength == "strong")
    return Lexicon(
        titles=_expand_titles(title_sections["titles"], levels, title_sections.get("roles", [])),
        levels=tuple(levels),
        org_suffixes={row[0]: (row[1], len(row) > 2 and row[2] == "sub") for row in _pairs("org_suffixes.txt")},
        place_suffixes={row[0]: row[1] for row in _pairs("place_suffixes.txt")},
        places_known={row[0]: row[1] for row in _pairs("places_known.txt")},
        triggers=triggers,
        event_nouns={row[0]: row[1] for row in _pairs("event_nouns.txt")},
        named_events=frozenset(row[0] for row in _pairs("event_nouns.txt") if row[2:] == ["named"]),
        honorifics_after=tuple(honor["after"]),
        honorifics_before=tuple(honor["before"]),
        surnames=_surnames(),
        name_followers=tuple(lexicons.lines("name_followers.txt")),
        eponym_titles=tuple(eponyms["titles"]),
        eponym_units=tuple(eponyms["units"]),
    )


def alternation(words) -> str:
    """A regex alternation, longest first so that 常务副市长 wins over 副市长."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Patterns:
    """Regexes compiled once from the lexicon and shared by every extraction module."""

    title: re.Pattern[str]
    surname: re.Pattern[str]
    follower: re.Pattern[str]
    trigger: re.Pattern[str]
    event_noun: re.Pattern[str]
    org_unit: re.Pattern[str]
    eponym: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    lex = load()
    units = list(lex.org_suffixes) + list(lex.place_suffixes)
    return Patterns(
        title=re.compile(f"(?:{alternation(lex.titles)})"),
        surname=re.compile(f"(?:{alternation(lex.surnames)})"),
        follower=re.compile(f"(?:{alternation(list(lex.name_followers) + list(lex.triggers))})"),
        trigger=re.compile(f"(?:{alternation(lex.triggers)})"),
        event_noun=re.compile(f"(?:{alternation(lex.event_nouns)})"),
        # An organization or place unit: a short stem and a suffix (市委, 党史研究室, 柳岸街道).
        org_unit=re.compile(f"[{CJK}A-Za-z0-9()（）]{{0,14}}?(?:{alternation(units)})"),
        eponym=re.compile(f"(?P<title>{alternation(lex.eponym_titles)})(?:{alternation(lex.eponym_units)})"),
    )


def is_honorific(name: str, lex: Lexicon | None = None) -> bool:
    """张同志, 李阿姨, 老王, 小李: a surname with a form of address, not a person we can identify."""
    lex = lex or load()
    surnames = _surname_set()
    for size in (1, 2):
        if name[:size] in surnames and name[size:] in lex.honorifics_after:
            return True
    return len(name) >= 2 and name[0] in lex.honorifics_before and name[1:] in surnames


@lru_cache(maxsize=1)
def _surname_set() -> frozenset[str]:
    return frozenset(load().surnames)
