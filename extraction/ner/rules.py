"""Post-rules that adapt LAC's entity spans to the People's Daily annotation conventions.

LAC and the People's Daily corpus (what `kg eval --bio` scores) disagree on general
conventions, not on particular names; each rule below fixes one such convention:
honorifics are not part of a person (胡老 -> 胡), X政府 is the place X, region tails are
not part of a place (东北地区 -> 东北), joined one-character short names are several places
(中美 -> 中, 美), a country's team or ministry is one organization (中国队), and so on.
The word lists are general vocabulary kept in lexicons/ner_*.txt.
"""
from __future__ import annotations

import re
from functools import cache

from kg import lexicons

Span = tuple[int, int, str]  # (start, end, "PER" | "ORG" | "LOC")


def lexicon(name: str) -> tuple[str, ...]:
    """Entries of lexicons/ner_<name>.txt, longest first (so matches are greedy)."""
    return lexicons.longest_first(f"ner_{name}.txt")


@cache
def _abbr() -> frozenset[str]:
    return frozenset(lexicon("abbreviations"))


def _ends_with(text: str, start: int, end: int, words: tuple[str, ...]) -> str | None:
    """The longest word of `words` that text[start:end] ends with, leaving something."""
    for word in words:
        if end - start > len(word) and text.startswith(word, end - len(word)):
            return word
    return None


def _is_place_name(name: str) -> bool:
    return len(name) >= 2 or name in _abbr()


def _trim(text: str, spans: list[Span]) -> list[Span]:
    """Cut honorifics off persons, region tails and weather off places, 政府 off places."""
    out: list[Span] = []
    for s, e, label in spans:
        if label in ("PER", "LOC"):
            # A forecast table glues the weather onto the city: 银川晴转多云 19℃.
            weather = _ends_with(text, s, e, lexicon("weather"))
            if weather and (e >= len(text) or text[e].isdigit() or text[e] == "转"):
                e, label = e - len(weather), "LOC"
        if label == "PER":
            tail = _ends_with(text, s, e, lexicon("honorifics"))
            if tail:
                e -= len(tail)
        elif label == "LOC":
            tail = _ends_with(text, s, e, lexicon("place_tails"))
            if tail and _is_place_name(text[s: e - len(tail)]):
                e -= len(tail)
        elif label == "ORG" and text.startswith("政府", e - 2):
            # The annotation never labels a government; its place is a place (美国政府).
            place = text[s: e - 2]
            if place.endswith("新"):
                place = place[:-1]
            if _is_place_name(place):
                out.append((s, s + len(place), "LOC"))
            continue
        out.append((s, e, label))
    return out


def _split_joined_abbreviations(text: str, spans: list[Span]) -> list[Span]:
    """中美 / 青藏高原 as one place -> one place per short name (中, 美 / 青, 藏)."""
    abbr = _abbr()
    keep = set(lexicon("abbreviation_words"))
    out: list[Span] = []
    for s, e, label in spans:
        run = s
        while run < e and text[run] in abbr:
            run += 1
        rest = text[run:e]
        if (
            label == "LOC"
            and run - s >= 2
            and text[s:run] not in keep
            and (rest == "" or rest in ("高原", "地区", "两国"))
        ):
            out.extend((i, i + 1, "LOC") for i in range(s, run))
        else:
            out.append((s, e, label))
    return out


# Short names inside words: 访华 / 驻京 -> 华 / 京; 中方 / 美军 -> 中 / 美;
# 中美关系 / 中、阿两国 -> 中, 美 / 中, 阿.
_VISIT = re.compile(r"(?<=[访驻来在赴离抵旅援对侵返进])[华京](?![盛尔侨人裔商])")
_SIDE = re.compile(r"([^\W\d_])(?=方(?![便面法式向针案位形圆言剂])|军)")
_PAIR_WORDS = (
    "两国|三国|关系|合作|之间|双边|边境|边界|友好|贸易|建交|会谈|首脑|元首|战争|和谈|谈判|"
    "联合|经贸|双方|三方|交往"
)


def _pair_pattern(abbr: frozenset[str]) -> re.Pattern[str]:
    chars = "".join(sorted(abbr))
    return re.compile(rf"(?<![{chars}])([{chars}](?:、?[{chars}]){{1,2}})(?={_PAIR_WORDS})")


@cache
def _pair_re() -> re.Pattern[str]:
    return _pair_pattern(_abbr())


def _add_abbreviations(text: str, spans: list[Span]) -> list[Span]:
    abbr = _abbr()
    keep = set(lexicon("abbreviation_words"))
    found: list[Span] = [(m.start(), m.end(), "LOC") for m in _VISIT.finditer(text)]
    for m in _SIDE.finditer(text):
        c = m.group(1)
        if c in abbr and c not in "亚以":
            found.append((m.start(), m.end(), "LOC"))
    for m in _pair_re().finditer(text):
        group = m.group(1)
        if group.replace("、", "") in keep:
            continue
        found.extend(
            (m.start() + i, m.start() + i + 1, "LOC") for i, c in enumerate(group) if c != "、"
        )
    return _add_free(spans, found)


def _add_free(spans: list[Span], new: list[Span]) -> list[Span]:
    """spans plus those of `new` that overlap none of them (nor each other)."""
    if not new:
        return spans
    taken = bytearray(max(e for _, e, _ in spans + new))
    for s, e, _ in spans:
        taken[s:e] = b"\1" * (e - s)
    out = list(spans)
    for s, e, label in new:
        if not any(taken[s:e]):
            taken[s:e] = b"\1" * (e - s)
            out.append((s, e, label))
    return out


def _add_org_words(text: str, spans: list[Span]) -> list[Span]:
    """Generic institutions the annotation labels on their own (市委, 国会, 海军 ...)."""
    pattern = _word_re("org_words")
    return _add_free(spans, [(m.start(), m.end(), "ORG") for m in pattern.finditer(text)])


@cache
def _word_re(name: str) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, lexicon(name))))


_TEAM_TAIL = re.compile(
    r"(?:男子|女子)?(?:足球|篮球|排球|网球|乒乓球|羽毛球|手球|水球|冰球|围棋|象棋|田径|游泳|体操|"
    r"举重|跳水|射击|击剑|柔道|摔跤|拳击|登山|自行车)?"
)
# <place> + ministry + 长: 美国财政部长, 芬兰农林部长 -> the ministry is an organization.
_MINISTRY = re.compile(r"前?[\u4e00-\u9fff]{1,4}?部(?=长)")


def _place_heads(text: str, spans: list[Span]) -> list[Span]:
    """<place> + team/parliament/ministry head -> one organization (中国队, 伊朗议会)."""
    heads = lexicon("org_heads")
    out: list[Span] = []
    for s, e, label in spans:
        if label == "LOC":
            ministry = _MINISTRY.match(text, e)
            if ministry:
                out.append((s, ministry.end(), "ORG"))
                continue
            tail = _TEAM_TAIL.match(text, e)
            assert tail is not None  # every part of the pattern is optional: it always matches
            at = tail.end()
            for head in heads:
                if text.startswith(head, at):
                    after = at + len(head)
                    if after < len(text) and text[after] in "员伍列长":
                        break
                    s, e, label = s, after, "ORG"
                    break
        out.append((s, e, label))
    return _drop_nested(out)


def _drop_nested(spans: list[Span]) -> list[Span]:
    """Drop spans inside a longer one (a merge may swallow a neighbour)."""
    spans = sorted(spans, key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[Span] = []
    for span in spans:
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


def _extend_orgs(text: str, spans: list[Span]) -> list[Span]:
    """Pull a following organization head into the organization (澳门日报 + 社)."""
    suffixes = lexicon("org_suffixes")
    out: list[Span] = []
    for s, e, label in spans:
        if label == "ORG":
            for suffix in suffixes:
                if text.startswith(suffix, e) and not text.startswith(suffix + "长", e):
                    e += len(suffix)
                    break
        if label == "ORG" and e - s == 1:
            continue  # one-character "organizations" are LAC noise (电, 讯 of a dateline)
        out.append((s, e, label))
    return _drop_nested(out)


def _join_persons(text: str, spans: list[Span]) -> list[Span]:
    """彼得 · 皮奥 / 约翰—格伦 as two persons -> one transliterated name."""
    spans = sorted(spans)
    out: list[Span] = []
    for s, e, label in spans:
        if out and out[-1][2] == "PER" and label == "PER":
            ps, pe, _ = out[-1]
            gap = text[pe:s]
            if gap in ("·", "•", "・", "—", "－", "-") or (gap == "" and text[pe - 1] in "·•・"):
                out[-1] = (ps, e, "PER")
                continue
        out.append((s, e, label))
    return out


def apply(text: str, spans: list[Span]) -> list[Span]:
    """All conventions, in order; returns spans sorted by start, none empty."""
    spans = _trim(text, spans)
    spans = _split_joined_abbreviations(text, spans)
    spans = _join_persons(text, spans)
    spans = _place_heads(text, spans)
    spans = _extend_orgs(text, spans)
    spans = _add_abbreviations(text, spans)
    spans = _add_org_words(text, spans)
    return sorted(span for span in spans if span[0] < span[1])
