"""Places: chains like 东湖区柳岸街道 cut into places, each LOCATED_IN the one before.

A district, county or town written without its city belongs to the paper's city.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from kg.extraction import lexicon
from kg.extraction.segment import word_frequency
from kg.graph import schema
from kg.reading import city as districts

# Words that end with a place suffix but name no place (全市, 我市, 辖区, 城市 ...): the
# stem before the suffix must be a proper name, so these stems are refused.
_GENERIC_STEMS = frozenset(["全", "我", "该", "本", "各", "此", "这", "那", "其", "每", "城", "辖",
                            "地", "小", "社", "街", "市", "县", "区", "分", "园", "景", "郊",
                            "城市", "农村", "城乡", "乡村"])   # 在城市区: urban districts, no name
# Characters that cannot start a place name (为街道, 全市); venues.py checks places visited too.
NOT_FIRST = "全我该本各此这那其每和与及对向从为是了的等名个座"
# Verbs and prepositions a place chain may be glued to (深入东湖区, 在西岭区): cut off.
_LEAD = re.compile("^(?:深入|来到|前往|走进|位于|落户|助力|先后|分别|在|到|赴|于|从|和|与|及|是|对|就)+")


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    parent: str = ""
    start: int = -1
    end: int = -1


@lru_cache(maxsize=1)
def _suffix_chars() -> str:
    """Every character of a place suffix (what a place name's tail may be made of)."""
    return "".join(sorted(set("".join(lexicon.load().place_suffixes))))


@lru_cache(maxsize=1)
def _suffix_heads() -> str:
    """The first character of every place suffix."""
    return "".join(sorted({s[0] for s in lexicon.load().place_suffixes}))


@lru_cache(maxsize=1)
def _chain_re() -> re.Pattern[str]:
    lex = lexicon.load()
    suffixes = lexicon.alternation(lex.place_suffixes)
    known = lexicon.alternation(lex.places_known)
    unit = f"[{lexicon.CJK}]{{1,6}}?(?:{suffixes})"
    # 湖南省 is a chain with its suffix, not the known 湖南 and a stray 省
    return re.compile(f"(?:{known})(?![{_suffix_heads()}])|(?:{unit})+")


def level_of(name: str) -> str:
    lex = lexicon.load()
    if name in lex.places_known:
        return lex.places_known[name]
    for size in range(min(len(name), 4), 0, -1):
        if name[-size:] in lex.place_suffixes:
            return lex.place_suffixes[name[-size:]]
    return "site"


@lru_cache(maxsize=1)
def _piece_re() -> re.Pattern[str]:
    suffixes = lexicon.alternation(lexicon.load().place_suffixes)
    return re.compile(f"[{lexicon.CJK}]{{1,6}}?(?:{suffixes})")


def _split(chain: str) -> list[str]:
    return _piece_re().findall(chain) or [chain]


# A place chain starts on a word jieba reads as a name or a noun, never inside a word nor
# on a verb (听取了各县 is no place).
_START_FLAGS = frozenset({"ns", "nz", "j", "nt", "n", "nr", "nrt", "nrfg", "l", "m", "yg", "ng", "f"})
# A place is a name: its stem (before the suffix) holds a word jieba reads as a name, or a
# character it knows no word for (瀍河区: 瀍), and no numeral, pronoun, verb or particle
# (一个区, 该区, 回顾总结市, 市与区). A common noun before a suffix names a kind of place,
# not one place (中心城区, 住宅小区, 试验区, 农村).
_FUNCTION_FLAGS = frozenset({"m", "mq", "r", "v", "vd", "c", "p", "u", "uj", "ul", "uz", "uv", "ud",
                             "ug", "d", "q", "t", "y", "e", "o"})
# A word jieba's dictionary counts this often is a common word, not a place's own name.
_COMMON_FREQ = 1000


def _common(word: str, flag: str) -> bool:
    if flag.startswith(("ns", "nr")) or len(word) < 2:   # a lone character is no word
        return False
    return word_frequency(word) >= _COMMON_FREQ


def _opens_name(tokens, i: int) -> bool:
    """One adjective character jieba split off the name it opens (绿|博家苑社区)."""
    tok = tokens[i]
    return tok.flag == "a" and len(tok.word) == 1 and i + 1 < len(tokens) \
        and tokens[i + 1].start == tok.end and tokens[i + 1].flag.startswith("nr")


def _token_cut(chain_start: int, chain_end: int, tokens, starts) -> int:
    i = bisect.bisect_right(starts, chain_start) - 1
    if i < 0:
        return 0
    if tokens[i].start < chain_start:
        i += 1
    while i < len(tokens) and tokens[i].start < chain_end - 1:
        if tokens[i].flag in _START_FLAGS or _opens_name(tokens, i):
            return tokens[i].start - chain_start
        i += 1
    return -1


def _trim_piece(start: int, end: int, tokens, starts, exclude: AbstractSet[str]) -> int:
    """Start of the piece after the last word in it that cannot be part of a place name."""
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    new_start = start
    while i < len(tokens) and tokens[i].start < end:
        tok = tokens[i]
        if tok.end < end and (tok.flag not in _START_FLAGS and not _opens_name(tokens, i) or tok.word in exclude):
            new_start = max(new_start, tok.end)
        i += 1
    return new_start


def _opens_organization(text: str, pos: int, tokens=None, starts=None) -> bool:
    """Whether an organization's name goes on at `pos`; with tokens, only over words that
    can be part of a name (郑州等国家中心城市: 等 ends it)."""
    match = lexicon.patterns().org_unit.match(text, pos)
    if not match:
        return False
    unit = match.group()
    if tokens:
        i = max(bisect.bisect_right(starts, pos) - 1, 0)
        while i < len(tokens) and tokens[i].start < match.end():
            if tokens[i].end > pos and tokens[i].flag in _BREAKS_NAME:
                return False
            i += 1
    return any(unit[-size:] in lexicon.load().org_suffixes for size in range(1, min(len(unit), 6) + 1))


# Words that never stand inside an organization's name.
_BREAKS_NAME = frozenset({"u", "uj", "ul", "uz", "uv", "ud", "ug", "p", "r", "x", "d", "y", "e"})


def is_name(start: int, stem_end: int, end: int, tokens, starts, text: str) -> bool:
    """Whether text[start:end] (stem up to `stem_end`, then a suffix) names one place.

    A place is a name: no numeral, pronoun, verb or particle in its stem (一个区, 该区,
    市与区), and not only common words before the suffix (中心城区, 住宅小区, 文化产业园,
    农村): one word of the stem must be rare in jieba's dictionary or read as a name."""
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    words = []
    while i < len(tokens) and tokens[i].start < end:
        if tokens[i].end > start:
            words.append(tokens[i])
        i += 1
    lex = lexicon.load()
    piece = text[start:end]
    # 洛阳军分区: a piece that ends with an organization word is an organization
    if any(piece[-size:] in lex.org_suffixes for size in range(end - stem_end + 1, len(piece) + 1)):
        return False
    if len(words) == 1:   # one word: a name (伊川县), else a dictionary word that is no
        word = words[0]   # common noun (农村, 试验区; 市与区 is no word at all)
        if word.flag.startswith(("ns", "nr")):
            return True
        stem_freq = word_frequency(text[start:stem_end])   # 集镇: 集 is common
        return bool(word_frequency(word.word)) and not _common(word.word, word.flag) \
            and stem_freq < _COMMON_FREQ
    # a number is a name only as a house number (一号家属院), not a count (一个区, 两区)
    if any(w.flag in _FUNCTION_FLAGS and not (w.flag == "m" and w.word.endswith("号"))
           for w in words if w.start < stem_end):
        return False
    stem = [w for w in words if w.end <= stem_end]
    if end - stem_end == 1 and _opens_organization(text, end) and \
            not any(w.flag.startswith(("ns", "nr")) or w.flag == "j" for w in stem):
        return False   # 回顾总结市法学会: 市 opens the organization's name, no place
    return not stem or not all(_common(w.word, w.flag) for w in stem)


@lru_cache(maxsize=1)
def _bare_names() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Gazetteer names written without their suffix (洛阳 for 洛阳市, 登封 for 登封市):
    name -> "city" for a prefecture-level city, "county" for a county or county-level city
    (those only count inside an enumeration of places, since some are common words)."""
    place_city, weak, stems = districts.gazetteer()
    names: dict[str, str] = {}
    for name in place_city:
        if name not in weak and name[-1] in "市县" and len(name) >= 3 and name not in place_city.values():
            names[name[:-1]] = "county"
    names.update(dict.fromkeys(stems, "city"))
    if not names:
        return names, None
    return names, re.compile(lexicon.alternation(names))


def _home_city(name: str, city: str) -> str:
    """The paper's city for a district or county written without one, unless the gazetteer
    knows for sure that it is another city's (辉县 in a 郑州 paper): then none, since the
    text did not name that city."""
    place_city, weak, _ = districts.gazetteer()
    full = canonical(name)
    return "" if full in place_city and full not in weak and place_city[full] != city else city


def canonical(name: str) -> str:
    """The gazetteer's full name of a place written short (洛阳, 洛阳地区 -> 洛阳市; 登封 ->
    登封市), so that one place is one node however a page writes it."""
    place_city, _, stems = districts.gazetteer()
    if name.endswith("地区") and name[:-2] in stems:
        return stems[name[:-2]]
    if name in stems:
        return stems[name]
    for suffix in "市县":
        if name + suffix in place_city:
            return name + suffix
    return name


def filed_from(name: str) -> str | None:
    """The place a news opening names (北京 in 本报北京1月1日讯, 福州 in 新华社福州…电), by its
    canonical name, when it is a place: the gazetteer or the lexicon knows it, or it reads
    whole as a place (本报综合讯 names none)."""
    full = canonical(name)
    if full != name or name in lexicon.load().places_known or name in districts.gazetteer()[0]:
        return full
    return name if any(p.name == name and p.start == 0 for p in find(name)) else None


_LIST_MARKS = "、—－-"


def _bare(text: str, tokens, starts, taken: list[Place]) -> list[Place]:
    """Suffix-less gazetteer names standing as whole words (郑州—登封、上蔡): cities
    anywhere, counties only next to another place across an enumeration mark."""
    names, pattern = _bare_names()
    if pattern is None or not tokens:
        return []
    heads = _suffix_heads()
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        i = bisect.bisect_right(starts, start) - 1
        j = bisect.bisect_right(starts, end - 1) - 1
        if i < 0 or tokens[i].start != start or tokens[j].end != end:
            continue   # inside a longer word
        if end < len(text) and text[end] in heads or _opens_organization(text, end, tokens, starts):
            continue   # 洛阳市 is a chain's; 洛阳中信科技有限公司 an organization's
        if any(p.start < end and start < p.end for p in taken):
            continue
        found.append(Place(match.group(), "city" if names[match.group()] == "city" else "district",
                           "", start, end))
    spans = {(p.start, p.end) for p in found} | {(p.start, p.end) for p in taken}

    def listed(p: Place) -> bool:   # 信阳—固始、光山; 新乡卫辉 (a county right after its city)
        before = p.start > 0 and text[p.start - 1] in _LIST_MARKS and any(e == p.start - 1 for _, e in spans)
        after = p.end < len(text) and text[p.end] in _LIST_MARKS and any(s == p.end + 1 for s, _ in spans)
        return before or after or any(e == p.start for _, e in spans)

    return [p for p in found if names[p.name] == "city" or listed(p)]


def _split_at_places(pieces: list[str], pos: int, text: str, tokens, starts) -> list[str]:
    """A piece the recogniser reads as two places (江苏|淮阴市) is two pieces."""
    if not tokens:
        return pieces
    out = []
    for piece in pieces:
        start = text.find(piece, pos)
        pos = start + len(piece)
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        j = bisect.bisect_left(starts, pos)
        cuts = [t.start for t in tokens[i:j] if start < t.start < pos and t.entity == "LOC"
                and t.entity_start == t.start and _place_before(tokens, starts, t.start)]
        last = start
        for cut in cuts:
            out.append(text[last:cut])
            last = cut
        out.append(text[last:pos])
    return out


def _place_before(tokens, starts, pos: int) -> bool:
    i = bisect.bisect_right(starts, pos - 1) - 1
    return 0 <= i < len(tokens) and tokens[i].entity == "LOC"


def _cuts_word(end: int, tokens, starts, suffix_len: int = 2) -> bool:
    """A suffix inside a longer word is no suffix: the word starts with it (关林市场, 郑州区域)
    or, for a one-character suffix, holds it (福州旅台同乡会: 乡 of 同乡会)."""
    i = bisect.bisect_right(starts, end - 1) - 1
    first = end - 2 if suffix_len <= 1 else end - 1
    return 0 <= i < len(tokens) and tokens[i].start >= first and tokens[i].end > end


# Conjunctions: a stem holding one joins two words (应急营和县、区民兵: 营 and 县), it names no place.
_CONJUNCTIONS = frozenset("和与及或")


def _conjoined(piece: str, suffix_len: int) -> bool:
    """营和县: a one-character suffix after a stem holding a conjunction, a name the
    gazetteer does not know."""
    return suffix_len <= 1 and any(ch in _CONJUNCTIONS for ch in piece[:-1]) \
        and piece not in districts.gazetteer()[0] and canonical(piece) == piece \
        and piece not in lexicon.load().places_known


def find(text: str, city: str | None = None, tokens=None, exclude: AbstractSet[str] = frozenset()) -> list[Place]:
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
        again = _LEAD.match(chain[cut:])   # 有效助力辖区: the verb after the first word
        if again and cut + again.end() < len(chain) - 1:
            cut += again.end()
        pos = match.start() + cut
        parent = ""
        # 东湖区柳岸街道一号家属院、二号家属院: an enumerated place shares its neighbour's parent.
        if out and text[out[-1].end:pos] == "、" and out[-1].parent:
            parent = out[-1].parent
        for piece in _split_at_places(_split(chain[cut:]), match.start() + cut, text, tokens, starts):
            # _split may pass over characters between pieces: find each one where it stands.
            start = text.find(piece, pos, match.end())
            end = start + len(piece)
            pos = end
            if tokens:
                trimmed = _trim_piece(start, end, tokens, starts, exclude)
                if trimmed > start:
                    parent = ""
                    piece, start = text[trimmed:end], trimmed
                    if len(piece) < 2:
                        continue
            suffix_len = len(piece) - len(piece.rstrip(_suffix_chars()))
            stem = piece[: len(piece) - max(suffix_len, 1)]
            if piece[0] in NOT_FIRST or stem in _GENERIC_STEMS or len(piece) < 2 or (len(stem) < 1):
                parent = ""
                continue
            if tokens and piece not in lexicon.load().places_known \
                    and not is_name(start, end - max(suffix_len, 1), end, tokens, starts, text):
                parent = ""
                continue
            if tokens and _cuts_word(end, tokens, starts, suffix_len):
                parent = ""
                continue
            if not parent and end == match.end() and _opens_organization(text, end, tokens, starts):
                continue   # 河南省科技厅, 伊川县人民武装部: the organization's name, no place named
            if tokens and not _supported(piece, end, tokens, starts) or _quoted(text, start) or _generic_stem(piece) \
                    or _conjoined(piece, suffix_len):
                parent = ""
                continue   # 企联乡 of a slogan, 区试验区: the recogniser reads no place there
            level = level_of(piece)
            if not parent and city and piece != city and schema.PLACE_RANK.get(level, 9) > schema.PLACE_RANK["city"] \
                    and level in ("district", "town"):
                parent = _home_city(piece, city) if level == "district" else ""
            out.append(Place(piece, level, parent, start, end))
            parent = piece
    if tokens:
        out += _bare(text, tokens, starts, out)
        # a known name (中国) counts where it stands on its own
        out = [p for p in out if p.parent or p.name not in lexicon.load().places_known
               or standalone(text, p.start, p.end, tokens, starts)]
        out += _recognised(text, tokens, out, exclude)
        out = _venues(text, out)
        out = [site_in_city(p) for p in out]
        out.sort(key=lambda p: p.start)
    return out


def site_in_city(place: Place) -> Place:
    """洛阳灰熊科技园: a site written after its city is the site (灰熊科技园) inside that city,
    so that the page's 灰熊科技园 and 洛阳灰熊科技园 are one place (北京人民大会堂: 人民大会堂 in
    北京). Not when the rest is a common noun (上海图书馆, 苏州工业园): the city is part of
    the site's name."""
    if place.level != "site" or place.parent:
        return place
    names, _ = _bare_names()
    place_city = districts.gazetteer()[0]
    for size in range(min(4, len(place.name) - 3), 1, -1):
        head = place.name[:size]
        if head in place_city and level_of(head) == "city" and word_frequency(place.name[size - 1:size + 1]):
            continue   # 许昌市民之家: 市 opens a word (市民), the city is written short
        rest = place.name[size:]
        if _common_noun(rest) or rest in lexicon.load().place_suffixes:
            continue   # 上海图书馆, 苏州工业园: a library, a park, named by its city
        if names.get(head) == "city" or (head in place_city and level_of(head) == "city"):
            return Place(place.name[size:], "site", canonical(head), place.start + size, place.end)
    return place


def _supported(piece: str, end: int, tokens, starts) -> bool:
    """A place whose suffix is one character (市, 县, 区, 乡) is a place only where the
    recogniser reads a place or a body through its suffix, or the gazetteer knows it;
    longer suffixes (街道, 社区, 家属院) say enough on their own."""
    lex = lexicon.load()
    if piece in lex.places_known or canonical(piece) != piece or piece in districts.gazetteer()[0]:
        return True
    if piece.endswith(_SELF_EVIDENT):
        return True
    i = bisect.bisect_right(starts, end - 1) - 1
    return 0 <= i < len(tokens) and tokens[i].entity in ("LOC", "ORG")


def _in_title(text: str, pos: int) -> bool:
    """Inside the title of a work (《我爱你，中国》): a word of the title, no place named."""
    opened = text.rfind("《", max(0, pos - 30), pos)
    return opened >= 0 and text.find("》", opened, pos) < 0 and text.find("》", pos, pos + 30) >= 0


def _quoted(text: str, pos: int) -> bool:
    """Inside a quoted slogan or campaign name (“万人助企联乡帮村”活动): no place named."""
    opened = text.rfind("“", max(0, pos - 20), pos)
    return opened >= 0 and text.find("”", opened, pos) < 0 and text.find("”", pos, pos + 20) >= 0


_ENDS_NAME = frozenset({"x", "v", "vd", "p", "c", "u", "f", "d", "r", "m", "t", "q", "ns", "nr"})
# Suffixes that make a place on their own (a 街道 or 社区 is named as one); 地区, 区, 市 and
# the like also end phrases (一部分地区, 城市区) and need the recogniser's word.
_SELF_EVIDENT = ("街道", "社区", "家属院", "东院", "西院", "小区")


def _abbreviations() -> frozenset[str]:
    from kg import lexicons
    return frozenset(lexicons.lines("ner_abbreviations.txt"))


def standalone(text: str, start: int, end: int, tokens, starts) -> bool:
    """A place named on its own, not one qualifying the noun after it (中国特色, 长沙比亚迪汽车)
    nor one in brackets inside a company's name ((中国)有限公司), nor a joined abbreviation
    (港澳, 中欧), nor one inside a quoted slogan."""
    name = text[start:end]
    if len(name) <= 3 and all(ch in _abbreviations() for ch in name):
        return False
    if text[start - 1:start] in ("(", "（", "新", "—", "·") or _quoted(text, start) or _in_title(text, start):
        return False
    i = bisect.bisect_left(starts, end)
    nxt = tokens[i] if i < len(tokens) and tokens[i].start == end else None
    # the next word ends the name: punctuation, a verb, a particle, a direction, another place
    return nxt is None or nxt.flag in _ENDS_NAME or nxt.entity == "LOC" and nxt.entity_start == nxt.start


# 在人民大会堂举行, 在冰山集团会议室举行了: a venue named as where something happened.
_VENUE = re.compile(r"(?:在|于)(?P<venue>[\u4e00-\u9fff]{2,16}?(?:大会堂|礼堂|会堂|会议室|会议厅|大厦|宫|坛|剧院"
                    r"|宾馆|酒店|饭店|体育馆|体育场|展览馆|博物馆|纪念馆|会展中心))"
                    r"(?=举行|召开|举办|会见|会谈|接见|开幕|隆重|亲切|出席|参加|[，,。；;])")


def _venues(text: str, found: list[Place]) -> list[Place]:
    """Venues named as where something happened are places (sites); a place the venue's
    name ends with (中华世纪坛 of 北京中华世纪坛) is the venue itself."""
    out = list(found)
    for match in _VENUE.finditer(text):
        start, end = match.span("venue")
        name = match.group("venue")
        if _quoted(text, start) or _in_title(text, start):
            continue
        out = [p for p in out if not (p.end == end and p.start > start)]
        # 北京人民大会堂: the place it opens with is named on its own, the venue is the rest
        opening = [p for p in out if p.start == start and p.end < end - 1]
        if opening:
            start = max(p.end for p in opening)
            name = text[start:end]
        if not any(p.start == start and p.end == end for p in out):
            out.append(Place(name, "site", "", start, end))
    return sorted(out, key=lambda p: p.start)


def _generic_stem(name: str) -> bool:
    """A kind of area, not a named one: the part before the suffix is a common word
    (中部地区, 城市区, 核心区, 风沙区)."""
    if name in districts.gazetteer()[0] or canonical(name) != name or not name.endswith(_AREA_WORDS):
        return False
    lex = lexicon.load()
    for size in range(min(len(name) - 1, 5), 0, -1):
        if name[-size:] in lex.place_suffixes:
            stem = name[:-size]
            if stem in _GENERIC_STEMS:
                return True   # (jieba tags 城市 ns)
            import jieba.posseg
            flag = jieba.posseg.dt.word_tag_tab.get(stem, "")
            return bool(flag) and not flag.startswith(("ns", "nr", "nt", "nz", "j")) \
                and word_frequency(stem) >= _GENERIC_FREQ
    return False


# A stem the dictionary counts this often, as something other than a name, is a common word.
_GENERIC_FREQ = 100
# Suffixes that also end a phrase naming a kind of area (中部地区, 城市区), not one area.
_AREA_WORDS = ("区", "市", "县", "乡", "镇")


def _common_noun(word: str) -> bool:
    """A word the dictionary knows as a common noun (高速公路), not as a place's name."""
    import jieba.posseg
    flag = jieba.posseg.dt.word_tag_tab.get(word, "")
    return bool(flag) and not flag.startswith(("ns", "nr", "nt", "nz", "j")) and _common(word, flag)


def _inside_name(text: str, start: int, end: int, names: AbstractSet[str]) -> bool:
    """Part of a person's name (韩国 of 韩国全, 萨尔瓦多 of 萨尔瓦多—费斯切拉)."""
    for name in names:
        at = text.find(name, max(0, start - len(name)), end + len(name))
        if at >= 0 and at <= start and end <= at + len(name):
            return True
    return False


def _recognised(text: str, tokens, taken: list[Place], exclude: AbstractSet[str]) -> list[Place]:
    """Places the recogniser reads (LAC's LOC) that no suffix rule found: countries, cities
    and venues written as names (美国, 湘潭, 人民大会堂, 黄河). Not a place that only
    qualifies the noun after it (中国特色, 长沙比亚迪汽车), one in brackets inside a
    company's name ((中国)有限公司), nor one inside a quoted slogan."""
    out: list[Place] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.entity != "LOC":
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].entity_start == tok.entity_start:
            j += 1
        start, end = tok.start, tokens[j].end
        i = j + 1
        name = text[start:end].strip()
        if len(name) < 2 or any(p.start < end and start < p.end for p in taken + out) \
                or _inside_name(text, start, end, exclude) or _common_noun(name) or _generic_stem(name) \
                or not standalone(text, start, end, tokens, [t.start for t in tokens]) \
                or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
            continue
        out.append(Place(name, level_of(name), "", start, end))
    return out

