"""Places: chains like 东湖区柳岸街道 cut into places, each LOCATED_IN the one before.

A district, county or town written without its city belongs to the paper's city.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from graph import schema
from loaders import lexicon

# Words that end with a place suffix but name no place (全市, 我市, 辖区, 城市 ...): the
# stem before the suffix must be a proper name, so these stems are refused.
_GENERIC_STEMS = frozenset("全 我 该 本 各 此 这 那 其 每 城 辖 地 小 社 街 市 县 区 分 园 景 郊 老".split())
_BAD_FIRST = "全我该本各此这那其每和与及对向从为是了的等名个座"
# Verbs and prepositions a place chain may be glued to (深入东湖区, 在文峰区): cut off.
_LEAD = re.compile("^(?:深入|来到|前往|走进|位于|落户|先后|分别|在|到|赴|于|从|和|与|及|是|对|就)+")


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    parent: str = ""
    start: int = -1
    end: int = -1


@lru_cache(maxsize=1)
def _chain_re() -> re.Pattern[str]:
    lex = lexicon.load()
    suffixes = lexicon.alternation(lex.place_suffixes)
    known = lexicon.alternation(lex.places_known)
    unit = f"[{lexicon.CJK}]{{1,6}}?(?:{suffixes})"
    return re.compile(f"(?:{known})|(?:{unit})+")


def level_of(name: str) -> str:
    lex = lexicon.load()
    if name in lex.places_known:
        return lex.places_known[name]
    for size in range(min(len(name), 4), 0, -1):
        if name[-size:] in lex.place_suffixes:
            return lex.place_suffixes[name[-size:]]
    return "site"


def _split(chain: str) -> list[str]:
    lex = lexicon.load()
    suffixes = lexicon.alternation(lex.place_suffixes)
    return re.findall(f"[{lexicon.CJK}]{{1,6}}?(?:{suffixes})", chain) or [chain]


# A place chain starts on a word jieba reads as a name or a noun, never inside a word nor
# on a verb (听取了各县 is no place).
_START_FLAGS = frozenset({"ns", "nz", "j", "nt", "n", "nr", "nrt", "nrfg", "l", "m"})


def _token_cut(chain_start: int, chain_end: int, tokens, starts) -> int:
    i = bisect.bisect_right(starts, chain_start) - 1
    if i < 0:
        return 0
    if tokens[i].start < chain_start:
        i += 1
    while i < len(tokens) and tokens[i].start < chain_end - 1:
        if tokens[i].flag in _START_FLAGS:
            return tokens[i].start - chain_start
        i += 1
    return -1


def _trim_piece(start: int, end: int, tokens, starts, exclude: set[str]) -> int:
    """Start of the piece after the last word in it that cannot be part of a place name."""
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    new_start = start
    while i < len(tokens) and tokens[i].start < end:
        tok = tokens[i]
        if tok.end < end and (tok.flag not in _START_FLAGS or tok.word in exclude):
            new_start = max(new_start, tok.end)
        i += 1
    return new_start


def find(text: str, city: str | None = None, tokens=None, exclude: set[str] = frozenset()) -> list[Place]:
    """Places named in `text`, outermost first within each chain, with their parents.

    With jieba's `tokens` of the text, a chain must start on a name or noun token.
    """
    out: list[Place] = []
    starts = [t.start for t in tokens] if tokens else None
    for match in _chain_re().finditer(text):
        chain = match.group()
        lead = _LEAD.match(chain)
        cut = lead.end() if lead and lead.end() < len(chain) - 1 else 0
        if tokens:
            cut = _token_cut(match.start() + cut, match.end(), tokens, starts)
            if cut < 0:
                continue
            cut += (match.start() + (lead.end() if lead and lead.end() < len(chain) - 1 else 0)) - match.start()
        pos = match.start() + cut
        parent = ""
        # 东湖区柳岸街道一号家属院、二号家属院: an enumerated place shares its neighbour's parent.
        if out and text[out[-1].end:pos] == "、" and out[-1].parent:
            parent = out[-1].parent
        for piece in _split(chain[cut:]):
            start, end = pos, pos + len(piece)
            pos = end
            if tokens:
                trimmed = _trim_piece(start, end, tokens, starts, exclude)
                if trimmed > start:
                    parent = ""
                    piece, start = text[trimmed:end], trimmed
                    if len(piece) < 2:
                        continue
            suffix_len = len(piece) - len(piece.rstrip("".join(set("".join(lexicon.load().place_suffixes)))))
            stem = piece[: len(piece) - max(suffix_len, 1)]
            if piece[0] in _BAD_FIRST or stem in _GENERIC_STEMS or len(piece) < 2 or (len(stem) < 1):
                parent = ""
                continue
            level = level_of(piece)
            if not parent and city and piece != city and schema.PLACE_RANK.get(level, 9) > schema.PLACE_RANK["city"] \
                    and level in ("district", "town"):
                parent = city if level == "district" else ""
            out.append(Place(piece, level, parent, start, end))
            parent = piece
    return out
