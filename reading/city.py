"""The paper's city: 许昌日报 -> 许昌市. Later steps read 市委 in it as 许昌市委.

From the masthead (or a byline naming the paper, 郑报全媒体记者) through
lexicons/newspapers.txt; without one, from the places the page names, by the gazetteer
lexicons/districts.txt (文峰区 -> 安阳市); the user's `--city` overrides both.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kg.lexicons import rows

# A city wins the vote only with this much evidence and this lead over the next one.
_MIN_VOTES = 3
_MIN_LEAD = 1.5


@cache
def _papers() -> tuple[dict[str, str], dict[str, str]]:
    by_name: dict[str, str] = {}
    by_short: dict[str, str] = {}
    for row in rows("newspapers.txt"):
        paper, city = row[0], row[1]
        by_name[paper] = city
        for short in (row[2].split(",") if len(row) > 2 else []):
            if short.strip():
                by_short[short.strip()] = paper
    return by_name, by_short


@cache
def gazetteer() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """The district table: place -> its city, the weak names (common words too), city stems."""
    place_city: dict[str, str] = {}
    weak: set[str] = set()
    for row in rows("districts.txt"):
        place_city[row[0]] = row[1]
        if len(row) > 2 and row[2] == "weak":
            weak.add(row[0])
    # The short form of a city (洛阳 for 洛阳市) is how pages name it most.
    stems = {city[:-1]: city for city in set(place_city.values()) if city.endswith("市") and len(city) > 2}
    return place_city, frozenset(weak), stems


@cache
def _place_pattern() -> re.Pattern[str]:
    place_city, _, stems = gazetteer()
    names = sorted(set(place_city) | set(stems), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def normalise_city(name: str | None) -> str | None:
    """`许昌` -> `许昌市`; names already ending in 市/省/州/盟/区 are kept."""
    if not name:
        return None
    name = name.strip()
    if not name:
        return None
    if name[-1] in "市省州盟区县":
        return name
    _, _, stems = gazetteer()
    return stems.get(name, name + "市")


def is_newspaper_name(line: str) -> bool:
    """True for a line that is a newspaper's name (许昌日报, 洛阳晚报 ...)."""
    line = line.strip()
    if line in _papers()[0]:
        return True
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,6}(?:日报|晚报|晨报|商报|都市报)", line))


def paper_city(paper: str | None) -> str | None:
    """The city of a newspaper, from the list or its name (<city>日报)."""
    if not paper:
        return None
    by_name, _ = _papers()
    if paper in by_name:
        return by_name[paper]
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,5}?)(?:市)?(?:日报|晚报|晨报|商报|都市报)", paper)
    if m:
        _, _, stems = gazetteer()
        return stems.get(m.group(1))
    return None


def paper_from_short(short: str) -> str | None:
    """The paper a byline's short form names: 郑报 -> 郑州日报."""
    return _papers()[1].get(short)


def infer_city(text: str) -> str | None:
    """The city a page is about, by the places it names, or None when unclear.

    Districts and counties vote for their city (2 votes; 1 for names that are also
    common words), the city's own name votes once per mention.
    """
    place_city, weak, stems = gazetteer()
    votes: Counter[str] = Counter()
    for m in _place_pattern().finditer(text):
        name = m.group(0)
        if name in stems:
            votes[stems[name]] += 1
        elif place_city[name] == name:
            votes[name] += 1
        else:
            votes[place_city[name]] += 1 if name in weak else 2
    if not votes:
        return None
    ranked = votes.most_common(2)
    best, best_votes = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if best_votes >= _MIN_VOTES and best_votes >= _MIN_LEAD * runner_up:
        return best
    return None
