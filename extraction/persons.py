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
from functools import lru_cache

from kg.extraction import lexicon, organizations
from kg.extraction.segment import Token, word_frequency

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
        # a word the dictionary knows (党员干部), not a stretch of an unknown name the
        # model read as a word (曲存|香)
        return len(tok.word) >= 2 and tok.end <= pos + longest and tok.flag in _COMMON_FLAGS \
            and word_frequency(tok.word) > 0

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

    def person_at(self, pos: int) -> Token | None:
        """The word the recogniser reads as a person that starts at `pos`, if any."""
        i = self.at(pos)
        if 0 <= i < len(self.tokens) and self.tokens[i].start == pos and self.tokens[i].flag == "nr":
            return self.tokens[i]
        return None


# Marks that join the parts of a transliterated name: middle dots (菲德尔·卡斯特罗), and
# dashes (萨尔瓦多—费斯切拉), which also stand as punctuation.
_DOTS = "·•・"
_JOINED = _DOTS + "—－"
# 买买提·艾力 after a title: a transliterated name read whole by its middle dots.
_DOTTED = re.compile(rf"[\u4e00-\u9fff]{{1,6}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,8}})+")


def name_length(text: str, start: int, index: _TokenIndex | None = None) -> int:
    """Length of the name that starts at `start`, 0 when none fits."""
    pats = lexicon.patterns()
    dotted = _DOTTED.match(text, start)
    if dotted and (dotted.end() == len(text) or _BOUNDARY.match(text, dotted.end())
                   or pats.follower.match(text, dotted.end())):
        return dotted.end() - start
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
        if tok.flag not in _PREFIX_FLAGS and not tok.flag.startswith("nr") and tok.entity != "ORG" \
                and not (tok.word == "和" and i > 0 and index.tokens[i - 1].flag in _PREFIX_FLAGS) \
                and not _opens_unit(text, tok.start, title_start):
            break   # (a verb that opens an organization word goes on: 第三巡察组组长; so does
            # a word the recogniser reads inside an organization's name: 远航|集团)
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
    if written and phrase == title.text and written in lexicon.load().org_suffixes:
        written = ""   # 政协|委员 written bare: which 政协 the text does not say
    of_place = "" if written or not title.implied_org or title.role else _place_government(org_text, title.implied_org)
    org = organizations.normalise(written or of_place, city, parent) if written or of_place else ""
    # (a title of a place the text names is that place's, not the paper's city's)
    implied = organizations.normalise(title.implied_org, city) if title.implied_org and not of_place else ""
    return Position(phrase, org, organizations.kind(org) if org else "", implied)


def _place_government(prefix: str, implied: str) -> str:
    """北京市 + 市长: the body a title implies, of the place written before it (北京市政府);
    "" unless the prefix is one place of the title's level."""
    parts = organizations.units(prefix)
    if len(parts) == 1 and parts[0].is_place and parts[0].text == prefix and len(prefix) > 1 \
            and prefix.endswith(implied[0]) and prefix[0] not in "我本全各该":
        return prefix + implied[1:]
    return ""


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
        if formula_after(text, name_start + length) or not _plausible_name(name_start, length, index):
            continue
        positions = _compound_positions(text, match, ending_at, index, city)
        _carry_organization(text, positions, people, _phrase_start(text, match.start(), index))
        person = PersonMention(clean_name(name), name_start, name_start + length, positions)
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


# What joins the names of one list: 、 (甲、乙), and before the last name 和 / 及 / 以及 / 与,
# or a comma and 以及 (甲、乙，以及丙).
_LIST_JOIN = re.compile(r"、|[,，]?以及|及|和|与")
# An item between two 、 of a list: a name of 2-4 characters, an OCR space inside (崔 霞),
# or a transliterated name joined by · or — (司马义·艾买提).
_ITEM = re.compile(r"[\u4e00-\u9fff](?:[\u4e00-\u9fff]|[ \u3000](?=[\u4e00-\u9fff])){1,5}"
                   r"(?:[·•・—－][\u4e00-\u9fff]{1,6})*")


def _enumeration(text: str, person: PersonMention, index: _TokenIndex,
                 unidentified: list[Unidentified]) -> list[PersonMention]:
    """副市长钱小川、孙明远、李红: names after a 、 share the title before the first, up to
    the next title (市长甲和市领导乙、丙: 乙 and 丙 are 市领导 only, and find_titled reads them)."""
    pats = lexicon.patterns()
    out = []
    pos = person.end
    while pos < len(text):
        join = _LIST_JOIN.match(text, pos)
        if not join:
            break
        start = join.end()
        if pats.title.match(text, start) and not index.person_len(start):
            break
        length = list_item_length(text, start, index, strict=join.group() != "、")
        if not length:
            break
        name = clean_name(text[start:start + length])
        if lexicon.is_honorific(name):
            unidentified.append(Unidentified(name, start, start + length))
            break
        out.append(PersonMention(name, start, start + length, list(person.positions), "enumeration"))
        pos = start + length
    return out


def clean_name(written: str) -> str:
    """A name as a person is known: without the OCR space inside it (崔 霞 -> 崔霞)."""
    return re.sub(r"[ \u3000]+", "", written)


def list_item_length(text: str, start: int, index: _TokenIndex, *, strict: bool = False) -> int:
    """Length of the name that is the list item at `start`, 0 when it is none.

    Between two 、 the item is whole: the name is all of it when it has a name's shape.
    At the end of a list the name's end is read from what follows (name_length), or from
    the recogniser. `strict` (after 和, 及, 与): only a name the recogniser or the lexicons
    confirm, since those words also join things that are not people."""
    tagged = index.person_at(start)
    if tagged is not None and _closed(text, tagged.end):
        return len(tagged.word)
    if strict:
        return 0
    item = _ITEM.match(text, start)
    if item:
        # the whole item up to the next 、 (or the end of the list: , 等 以及 和)
        for size in range(len(item.group()), 1, -1):
            if text.startswith(("、",), start + size) and name_shaped(text[start:start + size], index, start):
                return size
    length = name_length(text, start, index) or _listed_name_length(text, start, index)
    return length


def _closed(text: str, end: int) -> bool:
    """Whether a name may end at `end`: punctuation, a list join, or a word that follows names."""
    return end >= len(text) or bool(_BOUNDARY.match(text, end)) or bool(_LIST_JOIN.match(text, end)) \
        or bool(lexicon.patterns().follower.match(text, end)) or bool(lexicon.patterns().title.match(text, end))


def name_shaped(item: str, index: _TokenIndex | None = None, start: int = 0) -> bool:
    """A whole list item that can be a name: a surname and one to three characters (an OCR
    space allowed), or a transliterated name joined by ·; not a word the dictionary knows as
    something else (有关部门), not a place or a body the recogniser read."""
    name = clean_name(item)
    if any(mark in name for mark in "·•・—－"):
        return all(_is_name_chars(part) for part in re.split("[·•・—－]", name) if part)
    if not 2 <= len(name) <= 4 or not _is_name_chars(name):
        return False
    if index is not None:
        i = index.at(start)
        if 0 <= i < len(index.tokens) and index.tokens[i].start == start and index.tokens[i].flag == "nr":
            return True
        if any(t.flag in ("ns", "nt") for t in index.tokens[max(i, 0):index.at(start + len(item) - 1) + 1]):
            return False
    if lexicon.patterns().title.fullmatch(name) or lexicon.is_honorific(name):
        return False
    sur = lexicon.patterns().surname.match(name)
    if not sur or len(name) - sur.end() not in (1, 2):
        return False
    return word_frequency(name) < _COMMON_NAME_FREQ


# A list item the dictionary counts this often is a common word, not a name (有关部门).
_COMMON_NAME_FREQ = 50


_ELECTED = re.compile(r"(?:当选为|当选|担任|兼任|任)$")

# 以陈某某为团长的代表团 / 以王某同志为组长的督导组: the person who heads a group. The name
# runs from 以 to 为 (a recogniser may cut off a last character that is also a word: 在,
# 和), and the title after 为 is the person's. (以某某为代表的: "represented by", no post.)
_HEADED = re.compile(r"以(?P<name>[\u4e00-\u9fff·]{2,6}?)(?:同志)?为(?!代表)")


def find_headed(text: str, tokens: list[Token], city: str | None) -> list[PersonMention]:
    """People named as the head of a group: 以NAME为TITLE的…."""
    title_at = lexicon.patterns().title
    index = _TokenIndex(tokens)
    out = []
    for match in _HEADED.finditer(text):
        title = title_at.match(text, match.end())
        start, name = match.start("name"), match.group("name")
        if title and text.startswith("的", title.end()) and name_shaped(name, index, start):
            out.append(PersonMention(clean_name(name), start, start + len(name),
                                     [_position(text, match.end(), title, city, "")]))
    return out


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


# 任命甲为某局局长 / 免去乙的某局局长职务: a post given or taken away by a body's decision
# (a congress's standing committee, a government). Either way the person holds (or held)
# it, which is what a career needs; the article's date says when.
_APPOINTED = re.compile(r"(?:任命|聘任|选举|推选)(?P<names>[^，,。；;:：为]{2,40}?)为(?P<post>[^，,。；;:：]{2,60})"
                        r"|免去(?P<gone>[^，,。；;:：的]{2,40})的(?P<was>[^，,。；;:：]{2,60}?)职务")


def find_appointed(text: str, tokens: list[Token], people: list[PersonMention], city: str | None) -> None:
    """Posts people are appointed to or removed from: each title of the post goes to each
    person named between the verb and 为 (or 的)."""
    matches = list(_APPOINTED.finditer(text))
    if not matches:
        return   # (most texts: no index of their tokens to build)
    title_at = lexicon.patterns().title
    index = _TokenIndex(tokens)
    for match in matches:
        names = "names" if match.group("names") else "gone"
        post = "post" if match.group("post") else "was"
        named = [p for p in people if match.start(names) <= p.start and p.end <= match.end(names)]
        if not named:
            continue
        for title in title_at.finditer(text, match.start(post), match.end(post)):
            if name_length(text, title.end(), index) or _runs_into_suffix(text, title.start(), title.end()):
                continue   # 任命甲为局长乙的助手: someone else's title; 委员|会: a body's name
            start = max(match.start(post), _phrase_start(text, title.start(), index))
            for person in named:
                position = _position(text, start, title, city, "")
                if position.title not in [p.title for p in person.positions]:
                    person.positions.append(position)


def _runs_into_suffix(text: str, start: int, end: int) -> bool:
    """Whether an organization suffix starts inside text[start:end] and runs past its end
    (委员 of 发展和改革委员会)."""
    suffixes = lexicon.load().org_suffixes
    return any(text[at:at + size] in suffixes and at + size > end
               for at in range(start, end) for size in range(2, 6))


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
        title = _title_after(text, tokens, i + 1)
        if title:
            out.append(PersonMention(tok.word, tok.start, tok.end, [Position(title)], "name_title"))
        elif pats.surname.match(tok.word) and (
                nxt.word in lex.triggers and lex.triggers[nxt.word].strong or nxt.word in _ACT_WORDS) and (
                i == 0 or _BOUNDARY.match(tokens[i - 1].word[-1])):
            out.append(PersonMention(tok.word, tok.start, tok.end, [], "actor"))
    return out


def _title_after(text: str, tokens: list[Token], i: int) -> str:
    """The title token `i` is, when it is one whole (…总书记, …书记) and no name or body
    follows it (市长李四 titles 李四, not the name before it; 总书记关于… has a word, not a
    surname, next)."""
    word = tokens[i]
    title = lexicon.patterns().title.match(text, word.start)
    if not title or title.end() != word.end:
        return ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and (nxt.flag.startswith(("nr", "ns", "nt", "nz", "j")) or len(nxt.word) == 1
                            and lexicon.patterns().surname.match(nxt.word)):
        return ""   # a name or a body next: 市长|李四, 代表|全国妇联 (a verb there)
    return title.group()


def find_known(text: str, names: set[str], taken: list[tuple[int, int]]) -> list[PersonMention]:
    """Every other mention of a name already identified in the article."""
    if not names:
        return []
    pattern = re.compile(lexicon.alternation(names))
    out = []
    for match in pattern.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken) or formula_after(text, match.end()):
            continue
        out.append(PersonMention(match.group(), match.start(), match.end(), [], "known"))
    return out


def add_titles_after(text: str, tokens: list[Token], found: list[PersonMention]) -> None:
    """A mention with no post of its own takes the title written right after it
    (学习贯彻某某书记关于…), whichever finder read the name: the one that identified it may
    have read it before a verb (某某主持) or elsewhere in the article."""
    index = _TokenIndex(tokens)
    held: dict[str, list[str]] = {}
    for person in found:
        held.setdefault(person.name, []).extend(p.title for p in person.positions)
    for person in found:
        if person.positions:
            continue
        i = index.at(person.end)
        if 0 <= i < len(tokens) and tokens[i].start == person.end:
            title = _title_after(text, tokens, i)
            # 李鹏总理 after 国务院总理李鹏: the same post written short, no second one
            if title and not any(t.endswith(title) for t in held[person.name]):
                person.positions.append(Position(title))


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


# What may stand right before the first name of a list that has no title: punctuation,
# the start, or a word that opens a list of people (参加会见的有甲、乙, 还有, 以及, 包括).
_LIST_OPENER = re.compile(r"(?:[\s,，。;；:：（(“”\"]|有|以及|及|和|与|是|包括|其中|同志|人士|负责人|代表|领导)$")


def find_listed(text: str, tokens: list[Token], taken: list[tuple[int, int]]) -> list[PersonMention]:
    """Lists of names without a title before them (甲、乙、丙等出席; 参加会见的有甲、乙): a run
    of items joined by 、 is a list of people when the recogniser reads at least two of them
    as people (or one, and every item has a name's shape); then every item is a person."""
    index = _TokenIndex(tokens)
    out: list[PersonMention] = []
    seps = [m.start() for m in re.finditer("、", text)]
    runs: list[list[int]] = []
    for sep in seps:
        if runs and _ITEM.fullmatch(text, runs[-1][-1] + 1, sep):
            runs[-1].append(sep)
        else:
            runs.append([sep])
    for run in runs:
        items = _first_item(text, run[0], index)
        if items is None:
            continue
        spans = [items]
        spans += [(a + 1, b) for a, b in zip(run, run[1:])]
        last = run[-1] + 1
        length = list_item_length(text, last, index)
        if length:   # (a last item that is no name ends the list before it)
            spans.append((last, last + length))
        # 甲、乙以及丙 / 甲、乙，以及丙、丁: the list goes on after a joining word
        pos = last + length
        while (join := _LIST_JOIN.match(text, pos)) and join.group() != "、":
            more = list_item_length(text, join.end(), index, strict=True)
            if not more:
                break
            spans.append((join.end(), join.end() + more))
            pos = join.end() + more
        confirmed = sum(1 for a, b in spans if _recognised(a, b, index, taken))
        shaped = all(name_shaped(text[a:b], index, a) for a, b in spans)
        # a long list the recogniser reads as people nearly whole: its other items with a
        # name's form are people too, even when they read as words (万国|权, 成|思危)
        long_list = confirmed >= 5 and confirmed * 4 >= len(spans) * 3
        if confirmed >= 2 and sum(name_shaped(text[a:b], index, a) for a, b in spans) * 2 >= len(spans) \
                or confirmed >= 1 and shaped:
            for a, b in spans:
                if (name_shaped(text[a:b], index, a) or long_list and _name_form(text[a:b])) \
                        and not any(x < b and a < y for x, y in taken):
                    out.append(PersonMention(clean_name(text[a:b]), a, b, [], "enumeration"))
    return out


def _name_form(item: str) -> bool:
    """Two or three Chinese characters opening with a surname (the shape alone, no reading)."""
    return 2 <= len(item) <= 3 and _is_name_chars(item) and bool(lexicon.patterns().surname.match(item)) \
        and not lexicon.is_honorific(item)


def _first_item(text: str, sep: int, index: _TokenIndex) -> tuple[int, int] | None:
    """The first name of a list, which ends at its first 、: a person the recogniser read,
    or a name-shaped tail after punctuation or a word that opens a list."""
    i = index.at(sep - 1)
    if 0 <= i < len(index.tokens) and index.tokens[i].end == sep and index.tokens[i].flag == "nr":
        tok = index.tokens[i]
        return tok.start, sep
    for size in (4, 3, 2):
        start = sep - size
        if start < 0:
            continue
        before = text[max(0, start - 4):start]
        if (start == 0 or _LIST_OPENER.search(before) or lexicon.patterns().title.search(before[-3:] if before else "")
                ) and name_shaped(text[start:sep], index, start):
            return start, sep
    return None


def _recognised(a: int, b: int, index: _TokenIndex, taken: list[tuple[int, int]]) -> bool:
    tok = index.person_at(a)
    return (tok is not None and tok.end == b) or any(x == a and y == b for x, y in taken)


# Fixed formulas with a leader's name that name no person here (邓小平理论, 以习近平同志为核心).
_FORMULA = re.compile(r"(?:同志)?为核心|理论|新时代|[\u4e00-\u9fff]{0,6}?思想|文选|著作")


def find_tagged(text: str, tokens: list[Token], taken: list[tuple[int, int]]) -> list[PersonMention]:
    """People the recogniser reads (LAC's PER), checked: a transliterated name in pieces is
    joined (菲德尔·卡斯特罗), a name it cut short is completed when the longer one closes
    (傅全|有上将 -> 傅全有), and a one-character "name", a formula (邓小平理论), a common word
    of the dictionary, or a word that opens an organization's name is no person."""
    index = _TokenIndex(tokens)
    out: list[PersonMention] = []
    for tok in tokens:
        if tok.flag != "nr" or any(a < tok.end and tok.start < b for a, b in taken + [(p.start, p.end) for p in out]):
            continue
        start, end = tok.start, tok.end
        while end < len(text) - 1 and text[end] in _JOINED:   # 菲德尔·卡斯特罗
            more = re.match(r"[\u4e00-\u9fff]{1,8}", text[end + 1:])
            if not more:
                break
            end += 1 + more.end()
        if start > 1 and text[start - 1] in _JOINED:   # 萨尔瓦多|—|费斯切拉: one word before
            j = index.at(start - 2)
            if 0 <= j < len(tokens) and tokens[j].end == start - 1 and _is_name_chars(tokens[j].word) \
                    and tokens[j].flag in ("nr", "ns", "nz", "n"):
                start = tokens[j].start
        name = clean_name(text[start:end])
        if len(name) < 2 or formula_after(text, end) or lexicon.is_honorific(name):
            continue
        joined = any(mark in name for mark in _JOINED)
        sur = lexicon.patterns().surname.match(name)
        if sur and not joined and len(name) - sur.end() == 1:
            longer = name_length(text, start, index)
            if longer == len(name) + 1 and _is_name_chars(text[start:start + longer]):
                end, name = start + longer, text[start:start + longer]
        if not joined and not _is_name_chars(name):
            continue
        single = sur is not None and sur.end() == 1
        if not joined and (not sur and len(name) < 3 or len(name) > 4 or len(name) == 4 and single):
            continue   # 乐音飞扬: four characters after a one-character surname are a phrase
        if _modifies_noun(text, end, index) or _after_place(start, index) or text.endswith("简称", 0, start):
            continue   # 肖邦钢琴比赛, 法国阿尔斯通, 简称特富特: a name inside another one
        if word_frequency(name) >= _COMMON_NAME_FREQ and not _dictionary_name(name):
            continue   # 安宁, 林茂粮丰: words first
        if organizations_suffix(name) or _organization_goes_on(text, start, end, index):
            continue   # 特富特电磁科技有限公司, 进香团: a body's name
        out.append(PersonMention(name, start, end, [], "actor"))
    return out


def _dictionary_name(word: str) -> bool:
    import jieba.posseg
    return jieba.posseg.dt.word_tag_tab.get(word, "").startswith("nr")


def organizations_suffix(name: str) -> bool:
    """Whether a name ends with an organization or place suffix (进香团, 郑口镇)."""
    return name.endswith(_all_suffixes())


@lru_cache(maxsize=1)
def _all_suffixes() -> tuple[str, ...]:
    lex = lexicon.load()
    return tuple(list(lex.org_suffixes) + list(lex.place_suffixes))


# Words that cannot stand inside an organization's name.
_NOT_IN_NAME = frozenset({"v", "vd", "p", "c", "u", "d", "r", "x", "m", "t", "q", "a", "ad", "f", "nnt"})


def _organization_goes_on(text: str, start: int, end: int, index: _TokenIndex) -> bool:
    """Whether the text from `start` reads on past `end` into an organization's name
    (特富特|电磁科技(洛阳)有限公司), over words that may stand inside one."""
    match = lexicon.patterns().org_unit.match(text, start)
    if not match or match.end() <= end or not organizations_suffix(match.group()):
        return False
    i = index.at(end)
    while 0 <= i < len(index.tokens) and index.tokens[i].start < match.end():
        if index.tokens[i].end > end and index.tokens[i].flag in _NOT_IN_NAME \
                and not _BOUNDARY.fullmatch(index.tokens[i].word.strip("()（）") or "("):
            return False
        i += 1
    return True


def formula_after(text: str, end: int) -> bool:
    """A leader's name inside a fixed formula (邓小平理论, 以习近平同志为核心): no person."""
    return bool(_FORMULA.match(text, end))


def _modifies_noun(text: str, end: int, index: _TokenIndex) -> bool:
    """The name stands before a noun it qualifies (帕格尼尼小提琴大赛, 惠企政策), not as
    someone who acts: the next word is a noun that is no title and no word after a name."""
    i = index.at(end)
    if not 0 <= i < len(index.tokens) or index.tokens[i].start != end:
        return False
    tok = index.tokens[i]
    pats = lexicon.patterns()
    if tok.flag not in ("n", "nz", "vn", "an", "nw") or pats.follower.match(text, end) or pats.title.match(text, end):
        return False
    return not lexicon.is_honorific("张" + tok.word)


def _after_place(start: int, index: _TokenIndex) -> bool:
    """A country or place word right before the name (法国阿尔斯通, 长沙比亚迪): a company."""
    i = index.at(start - 1)
    return 0 <= i < len(index.tokens) and index.tokens[i].end == start and index.tokens[i].flag == "ns"


def plausible_credit(name: str) -> bool:
    """A byline credit that can be a person (not 新华社, 中央人民广播电台)."""
    name = clean_name(name)
    if any(mark in name for mark in _JOINED):
        return True
    return 2 <= len(name) <= 4 and _is_name_chars(name) and not organizations_suffix(name) \
        and not name.endswith(("社", "台", "报", "网", "刊"))


_FUNCTION_WORD = frozenset({"v", "p", "c", "u", "d", "r", "f", "m", "q", "x", "w"})


def _plausible_name(start: int, length: int, index: _TokenIndex) -> bool:
    """A name read after a title without the recogniser's word for it: its end does not cut
    through a word (代表和为合|同), and its given name is not a lone function word (代表时|说)."""
    if index.person_at(start) is not None:
        return True
    end = start + length
    i = index.at(end - 1)
    if 0 <= i < len(index.tokens) and index.tokens[i].end > end and index.tokens[i].start < end \
            and index.tokens[i].flag != "nr" and word_frequency(index.tokens[i].word) > 0:
        return False
    last = index.tokens[i] if 0 <= i < len(index.tokens) else None
    return not (last is not None and last.start > start and last.end == end and len(last.word) == 1
                and last.flag in _FUNCTION_WORD and length == 2)


def merge_aliases(text: str, found: list[PersonMention]) -> list[PersonMention]:
    """One person per name in an article: 卡斯特罗 after 菲德尔·卡斯特罗 is the same man, and a
    name cut short where the full one is read on (傅全|有 where 傅全有 is named) is the full one."""
    names = {p.name for p in found}
    full: dict[str, str] = {}
    for name in names:
        for other in names:
            if other == name:
                continue
            if any(other.endswith(mark + name) for mark in _JOINED):
                full[name] = other
    out = []
    for person in found:
        longer = [o for o in names if o != person.name and o.startswith(person.name)
                  and text.startswith(o, person.start)]
        if longer:
            name = max(longer, key=len)
            out.append(PersonMention(name, person.start, person.start + len(name), person.positions, person.how))
        elif person.name in full:
            out.append(PersonMention(full[person.name], person.start, person.end, person.positions, person.how))
        else:
            out.append(person)
    return out
