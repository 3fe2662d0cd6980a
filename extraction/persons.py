"""People and their positions, anchored on titles.

Patterns (each a function below):
- title + name: 市长钱小川, 市水利局党组书记、局长 吴海波 (the organization prefix of a
  title is read back over jieba's tokens up to a verb, a preposition or punctuation);
- compound titles: 市委常委、常务副市长孙明远 -> two positions;
- enumerations under one title: 副市长钱小川、孙明远 -> both hold 副市长;
- a title without its organization after a neighbour's (市人大常委会主任郑国平、副主任冯建设)
  shares the neighbour's organization;
- name + title: a name jieba tags as a person directly followed by a title (…总书记);
- a name jieba tags as a person that acts (…出席, …表示);
- surname + honorific (张同志, 李阿姨, 老王): recorded as not identifiable, never a person.
A name is 2 or 3 characters (3 or 4 with a double surname); which one is decided by what
follows it: punctuation, a word that may follow a name (name_followers.txt, triggers).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.extraction import lexicon, organizations
from kg.extraction.segment import Token

_BOUNDARY = re.compile(r"[\s,，、。;；:：!！?？“”\"'()（）《》〈〉/·.…—\-|]")
_SPACE = re.compile(r"[ \u3000]?")
# Page furniture writes a credit as a label: 总编辑:邓雷.
_LABEL_GAP = re.compile(r"[ \u3000]?[:：]?[ \u3000]?")
_AGE = re.compile(r"[\d０-９]+岁")
# Token flags that may be part of an organization prefix read back from a title.
_PREFIX_FLAGS = frozenset({"j", "m", "vn", "b", "q", "f", "an", "a", "l", "eng", "nnt", "ns", "nt", "nz", "n", "ng",
                           "nrt"})
_PREFIX_STOP = frozenset({"会议", "会上", "活动", "全体", "部分", "有关", "相关", "各级", "工作"})
_COMMON_FLAGS = frozenset({"n", "v", "vn", "a", "d", "ad", "l", "i", "m", "c", "p"})
_ACT_WORDS = frozenset({"说", "表示", "介绍", "作为", "认为", "告诉"})


@dataclass(frozen=True)
class Position:
    title: str           # as written, organization included: 市委档案研究室第一研究科科长
    org: str = ""        # normalised organization the text names ("" when it names none)
    org_kind: str = ""
    implied: str = ""    # organization a bare title implies (副市长 -> 青川市政府), not an edge


@dataclass
class PersonMention:
    name: str
    start: int
    end: int
    positions: list[Position] = field(default_factory=list)
    how: str = "title"   # title | enumeration | name_title | actor | byline | known


@dataclass(frozen=True)
class Unidentified:
    """A person mentioned by surname and form of address only (张同志)."""

    text: str
    start: int
    end: int


class _TokenIndex:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.starts = [t.start for t in tokens]

    def at(self, pos: int) -> int:
        """Index of the token that covers character `pos` (-1 before the first)."""
        return bisect.bisect_right(self.starts, pos) - 1

    def glued(self, pos: int, longest: int) -> bool:
        """True when the text at `pos` starts inside, or is, a common word that is no name."""
        i = self.at(pos)
        if not 0 <= i < len(self.tokens):
            return False
        tok = self.tokens[i]
        if tok.flag.startswith("nr") or tok.flag == "nnt":
            return False
        if tok.start < pos:
            return True
        return len(tok.word) >= 2 and tok.end <= pos + longest and tok.flag in _COMMON_FLAGS

    def ends_token(self, pos: int) -> bool:
        """Whether a jieba token ends exactly at character `pos`."""
        i = self.at(pos - 1)
        return 0 <= i < len(self.tokens) and self.tokens[i].end == pos

    def ends_name_token(self, pos: int) -> bool:
        """Whether a token jieba reads as (part of) a name ends at `pos` (金丰, not 在线)."""
        i = self.at(pos - 1)
        return self.ends_token(pos) and (self.tokens[i].flag.startswith("nr") or self.tokens[i].flag in ("nz", "ng"))

    def surname_tagged(self, pos: int) -> bool:
        """Whether jieba reads a name (nr) starting at `pos`, however short (薛|金丰)."""
        i = self.at(pos)
        return 0 <= i < len(self.tokens) and self.tokens[i].start == pos and self.tokens[i].flag.startswith("nr")

    def person_len(self, pos: int) -> int:
        i = self.at(pos)
        if 0 <= i < len(self.tokens):
            tok = self.tokens[i]
            if tok.start == pos and tok.flag.startswith("nr") and 2 <= len(tok.word) <= 4:
                return len(tok.word)
        return 0


def name_length(text: str, start: int, index: _TokenIndex | None = None) -> int:
    """Length of the name that starts at `start`, 0 when none fits."""
    pats = lexicon.patterns()
    sur = pats.surname.match(text, start)
    if not sur:
        return 0
    base = sur.end() - start
    lengths = [base + 1, base + 2]

    def closes(length: int, rule: re.Pattern[str]) -> bool:
        end = start + length
        if end > len(text):
            return False
        if not _is_name_chars(text[start + base:end]):
            return False
        return end == len(text) or bool(rule.match(text, end))

    tagged = index.person_len(start) if index is not None else 0
    if index is not None and index.glued(start, base + 2):
        return 0   # the "name" is the end of a common word (党员干部)
    if closes(lengths[0], _BOUNDARY):
        return lengths[0]
    if tagged == lengths[1] and (closes(lengths[1], _BOUNDARY) or closes(lengths[1], pats.follower)):
        return lengths[1]
    for length, rule in ((lengths[0], pats.follower), (lengths[1], _BOUNDARY), (lengths[1], pats.follower)):
        if closes(length, rule):
            return length
    if tagged in lengths:
        return tagged
    if index is not None and index.surname_tagged(start) and index.ends_name_token(start + lengths[1]) \
            and not index.ends_token(start + lengths[0]) and _is_name_chars(text[start + base:start + lengths[1]]):
        return lengths[1]   # 村民薛金丰高兴: jieba cut 薛|金丰, so the name ends after 丰
    return 0


def _is_name_chars(part: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in part)


def _phrase_start(text: str, title_start: int, index: _TokenIndex) -> int:
    """Read an organization prefix back from a title over jieba's tokens."""
    start = title_start
    i = index.at(title_start - 1)
    while i >= 0:
        tok = index.tokens[i]
        if tok.end <= 0 or tok.start >= start:
            i -= 1
            continue
        # jieba's HMM tags some organization words as names (宣传部, a city name): names
        # are allowed inside a prefix, punctuation keeps a previous person out of it.
        if tok.word in _PREFIX_STOP:
            break
        if tok.flag not in _PREFIX_FLAGS and not tok.flag.startswith("nr") \
                and not (tok.word == "和" and i > 0 and index.tokens[i - 1].flag in _PREFIX_FLAGS) \
                and not _opens_unit(text, tok.start, title_start):
            break   # (a verb that opens an organization word goes on: 第三巡察组组长)
        if _BOUNDARY.search(tok.word):
            break
        start = tok.start
        i -= 1
    age = _AGE.match(text, start, title_start)
    if age:
        start = age.end()
    return start


def _opens_unit(text: str, start: int, limit: int) -> bool:
    """Whether an organization suffix word starts at `start` (巡察|组 read as 巡察组)."""
    suffixes = lexicon.load().org_suffixes
    return any(text[start:start + size] in suffixes for size in range(2, min(5, limit - start) + 1))


def _position(text: str, phrase_start: int, title_match: re.Match[str], city: str | None,
              parent: str) -> Position:
    lex = lexicon.load()
    title = lex.titles[title_match.group()]
    phrase = text[phrase_start:title_match.end()]
    org_text = phrase[: len(phrase) - len(title.text) + title.org_end]
    written = organizations.org_part(org_text) if not title.role else ""
    org = organizations.normalise(written, city, parent) if written else ""
    implied = organizations.normalise(title.implied_org, city) if title.implied_org else ""
    return Position(phrase, org, organizations.kind(org) if org else "", implied)


def find_titled(text: str, tokens: list[Token], city: str | None, *, label: bool = False
                ) -> tuple[list[PersonMention], list[Unidentified]]:
    """People named after a title (and their enumerations), with their positions.

    `label`: the text is a furniture line where a colon may stand between title and name."""
    gap_re = _LABEL_GAP if label else _SPACE
    pats = lexicon.patterns()
    index = _TokenIndex(tokens)
    titles = list(pats.title.finditer(text))
    ending_at = {m.end(): m for m in titles}
    people: list[PersonMention] = []
    unidentified: list[Unidentified] = []
    taken_until = -1
    for match in titles:
        if match.start() < taken_until:
            continue
        gap = gap_re.match(text, match.end())
        name_start = gap.end() if gap else match.end()
        length = name_length(text, name_start, index)
        if not length:
            continue
        name = text[name_start:name_start + length]
        if lexicon.is_honorific(name):
            unidentified.append(Unidentified(name, name_start, name_start + length))
            continue
        if pats.title.match(text, name_start) and not index.person_len(name_start):
            continue
        positions = _compound_positions(text, match, ending_at, index, city)
        _carry_organization(text, positions, people, _phrase_start(text, match.start(), index))
        person = PersonMention(name, name_start, name_start + length, positions)
        people.append(person)
        taken_until = person.end
        people.extend(_enumeration(text, person, index, unidentified))
        taken_until = people[-1].end
    return people, unidentified


def _compound_positions(text: str, match: re.Match[str], ending_at: dict[int, re.Match[str]],
                        index: _TokenIndex, city: str | None) -> list[Position]:
    """市委常委、常务副市长孙明远: the title before a 、 is a position of the same person."""
    chain = [match]
    start = _phrase_start(text, match.start(), index)
    while start > 0 and text[start - 1] == "、" and (start - 1) in ending_at:
        previous = ending_at[start - 1]
        chain.insert(0, previous)
        start = _phrase_start(text, previous.start(), index)
    positions: list[Position] = []
    parent = ""
    for item in chain:
        begin = _phrase_start(text, item.start(), index)
        position = _position(text, begin, item, city, parent)
        last = next((p for p in reversed(positions) if p.org), None)
        if not position.org and not position.implied and last:
            # 党组书记、局长: the second title is at the same organization.
            position = Position(position.title, last.org, last.org_kind)
        elif last and _bare_unit(position.org):
            # 开发区党工委书记、管委会主任: a bare 管委会 is the same area's.
            prefix = last.org[: len(last.org) - len(organizations.units(last.org)[-1].text)]
            if prefix:
                org = prefix + position.org
                position = Position(position.title, org, organizations.kind(org), position.implied)
        positions.append(position)
        if position.org.endswith("委"):
            parent = position.org
    return positions


def _bare_unit(org: str) -> bool:
    """An organization written as its suffix alone (管委会, 办公室): it names no body."""
    parts = organizations.units(org) if org else ()
    return len(parts) == 1 and parts[0].text == parts[0].suffix and not parts[0].is_place


def _carry_organization(text: str, positions: list[Position], people: list[PersonMention],
                        phrase_start: int) -> None:
    """副主任冯建设 right after 市人大常委会主任郑国平、: the title is at the neighbour's organization."""
    if not people or any(p.org or p.implied for p in positions):
        return
    previous = people[-1]
    if text[previous.end:phrase_start].strip("、,， ") or not previous.positions:
        return
    last = next((p for p in reversed(previous.positions) if p.org), None)
    if last:
        positions[:] = [Position(p.title, last.org, last.org_kind) for p in positions]


def _enumeration(text: str, person: PersonMention, index: _TokenIndex,
                 unidentified: list[Unidentified]) -> list[PersonMention]:
    """副市长钱小川、孙明远、李红: names after a 、 share the title before the first."""
    pats = lexicon.patterns()
    out = []
    pos = person.end
    while pos < len(text) and text[pos] == "、":
        start = pos + 1
        if pats.title.match(text, start) and not index.person_len(start):
            break
        length = name_length(text, start, index) or _listed_name_length(text, start, index)
        if not length:
            break
        name = text[start:start + length]
        if lexicon.is_honorific(name):
            unidentified.append(Unidentified(name, start, start + length))
            break
        out.append(PersonMention(name, start, start + length, list(person.positions), "enumeration"))
        pos = start + length
    return out


_ELECTED = re.compile(r"(?:当选为|当选|担任|兼任|任)$")


def find_elected(text: str, tokens: list[Token], people: list[PersonMention], city: str | None) -> None:
    """…林冬出席会议,并当选为市书法家协会第三届理事会会长: a position of the person before."""
    pats = lexicon.patterns()
    index = _TokenIndex(tokens)
    for match in pats.title.finditer(text):
        if name_length(text, match.end(), index):
            continue
        start = _phrase_start(text, match.start(), index)
        verb = _ELECTED.search(text, max(0, start - 3), start)
        if not verb:
            continue
        before = [p for p in people
                  if p.end <= verb.start() and not re.search("[。！？!?\n]", text[p.end:verb.start()])]
        if before:
            subject = max(before, key=lambda p: p.end)
            subject.positions.append(_position(text, start, match, city, ""))


def _listed_name_length(text: str, start: int, index: _TokenIndex) -> int:
    """A name with a surname the list lacks, inside an enumeration: 2-3 characters closed
    by 、 or punctuation, that jieba does not read as a common word."""
    for length in (2, 3):
        end = start + length
        if end <= len(text) and _is_name_chars(text[start:end]) and text[end:end + 1] in ("、", ",", "，") \
                and not index.glued(start, length):
            return length
    return 0


def find_by_tokens(text: str, tokens: list[Token], known: set[str]) -> list[PersonMention]:
    """Names jieba tags as people that carry a title after them or act (…总书记, …出席)."""
    pats = lexicon.patterns()
    lex = lexicon.load()
    out = []
    for i, tok in enumerate(tokens[:-1]):
        if not tok.flag.startswith("nr") or not 2 <= len(tok.word) <= 3 or tok.word in known:
            continue
        if lexicon.is_honorific(tok.word):
            continue
        nxt = tokens[i + 1]
        title = pats.title.match(text, nxt.start)
        if title and title.end() == nxt.end and not pats.surname.match(text, title.end()):
            out.append(PersonMention(tok.word, tok.start, tok.end, [Position(title.group())], "name_title"))
        elif pats.surname.match(tok.word) and (
                nxt.word in lex.triggers and lex.triggers[nxt.word].strong or nxt.word in _ACT_WORDS) and (
                i == 0 or _BOUNDARY.match(tokens[i - 1].word[-1])):
            out.append(PersonMention(tok.word, tok.start, tok.end, [], "actor"))
    return out


def find_known(text: str, names: set[str], taken: list[tuple[int, int]]) -> list[PersonMention]:
    """Every other mention of a name already identified in the article."""
    if not names:
        return []
    pattern = re.compile(lexicon.alternation(names))
    out = []
    for match in pattern.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        out.append(PersonMention(match.group(), match.start(), match.end(), [], "known"))
    return out


def find_eponyms(text: str, tokens: list[Token]) -> list[PersonMention]:
    """某某院士工作站: the person a unit is named after, with the title written before it.

    The name is 3 or 2 characters before the title, starting with a surname on a word
    boundary, and made of single characters or a name jieba tags (省级专家工作站 is none)."""
    pats = lexicon.patterns()
    index = _TokenIndex(tokens)
    out = []
    for match in pats.eponym.finditer(text):
        end = match.start()
        for length in (3, 2):
            start = end - length
            if start < 0 or not _is_name_chars(text[start:end]) or not pats.surname.match(text, start):
                continue
            i = index.at(start)
            if i < 0 or index.tokens[i].start != start:
                continue
            words = [t for t in index.tokens[i:] if t.start < end]
            if words[-1].end != end:
                continue
            # jieba tags some names as places (钟南山 ns): one name-like word is a name too
            if (all(len(t.word) == 1 or t.flag.startswith("nr") for t in words)
                    or len(words) == 1 and words[0].flag in ("ns", "nz")) \
                    and not lexicon.is_honorific(text[start:end]):
                out.append(PersonMention(text[start:end], start, end,
                                         [Position(match.group("title"))], "eponym"))
                break
    return out


def find_line_actor(text: str, tokens: list[Token]) -> list[PersonMention]:
    """A headline-like line that opens with a name and a strong trigger (孙明远出席…): the
    name needs no tag from jieba, the line's form is the evidence."""
    lex = lexicon.load()
    start = len(text) - len(text.lstrip(" \u3000—-□"))
    length = name_length(text, start, _TokenIndex(tokens))
    if not length:
        return []
    trigger = lexicon.patterns().trigger.match(text, start + length)
    name = text[start:start + length]
    if not trigger or not lex.triggers[trigger.group()].strong or lexicon.is_honorific(name):
        return []
    return [PersonMention(name, start, start + length, [], "actor")]
