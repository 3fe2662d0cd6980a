"""Event mentions: what happened, named as the text names it.

An event is a phrase that ends with an event noun (event_nouns.txt: 座谈会, 常务会议, 活动,
检查调研 ...), read back to an anchor verb (召开, 举行, 开展, 出席, 到 ...) or to the start of
its clause; leading dates are cut (and give the event's date). A bare noun (会议, 座谈会,
相关活动) refers to the article's main event: the first named in its headline, else in its
body, so a headline and its body describing one meeting give one event. 会见/会谈 name a
meeting by whom it met; an event recalled in relayed words (学习…在某会议上的讲话精神) is
marked relayed. Who did what at them: roles.py; signings: agreements.py; where: venues.py;
all of one article: article_events.py.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kg.extraction import lexicon, organizations
from kg.extraction.persons import PersonMention
from kg.extraction.segment import word_frequency

CLAUSE_END = set(",，。;；:：!！?？\n、")
# (到, 赴: 某某到某区调研 is named from where it went, 某区调研)
_ANCHOR = re.compile(r"(?:主持召开|召开的|举行的|举办的|召开|举行|举办|开展|组织|出席|参加|列席|主持|在|于|就|从|是"
                     r"|(?<![得受达])到|赴)")
_LEAD_DATE = re.compile(
    r"^(?:(?:\d{1,2}月)?\d{1,2}日(?:上午|下午|晚上)?|\d{1,2}月份?"
    r"|昨日|今日|近日|日前|当天|我市|全体|相关|有关|此次|本次|这次|该|上述|首届)+"
)
# 主持召开专题会议: a noun of four characters or more after these names the meeting itself.
_CONVENE = frozenset({"主持召开", "召开", "举行", "召开的", "举行的"})
_DATE = re.compile(r"^(\d{1,2})月(\d{1,2})日")
_GENERIC_MARK = ("情况", "等", "领导活动")   # 市领导活动: a column's name, no event
# What follows an event noun that is not the event: its spirit, preparation, "since", a
# member (广大会员), a room or building named after it...
_NOT_EVENT_AFTER = ("精神", "筹备", "以来", "员", "室", "纪要", "决定", "要求", "基础上", "中心", "堂", "厅",
                    "馆", "大楼")
# 部长会议主席, 政治协商会议: a body named like a meeting (its head follows, or it is one).
_BODY_HEADS = ("主席", "副主席", "主任", "副主任", "秘书长", "委员")
_BODIES = ("政治协商会议", "人民代表大会")
# Verbs that set a task (加强日常巡查, 深化…调研): what follows is no event that took place.
_TASK = re.compile(r"^(?:加强|强化|做好|抓好|深化|持续|健全|完善|落实|推进|坚持|注重|开展好)")
# Words that open a clause before an event noun without being part of its name.
_LEAD_WORDS = re.compile(r"^(?:了|过|的|(?:昨天|今天|前天|当天|当日|次日|日前|近日|上午|下午|晚上)的?)+")
MEETING_VERBS = ("会见", "会谈", "接见", "会晤")
# 乙陪同调研, 丙随同考察: who went along on a trip
ACCOMPANY = ("陪同", "随同")


@dataclass
class EventMention:
    name: str
    type: str
    start: int
    end: int
    generic: bool
    date: str | None = None
    relayed: bool = False   # 传达学习…在某会议上的讲话: an earlier event; roles only for who it names
    organizers: tuple[str, ...] = ()   # bodies that held it, as written (市政府常务会议, 甲公司举行…)


def clause_start(text: str, end: int, limit: int = 48) -> int:
    depth = 0
    pos = end - 1
    floor = max(0, end - limit)
    while pos >= floor:
        ch = text[pos]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                return pos + 1
            depth -= 1
        elif ch in CLAUSE_END and depth == 0:
            return pos + 1
        pos -= 1
    return floor


def _resolve_date(month_day: re.Match[str] | None, year_of: str | None) -> str | None:
    if not month_day or not year_of:
        return None
    return f"{year_of[:4]}-{int(month_day.group(1)):02d}-{int(month_day.group(2)):02d}"


# What stands between who went and where: 某某一行来我市调研, 某某等到某区调研
_WHO_WENT_TAIL = re.compile(r"^(?:一行|等|同志|来到|来|到|赴|在)+")
# What a trip verb's object runs to: 调研城市更新工作(，|时|并…)
_TRIP_OBJECT = re.compile(r"[^,，。;；:：!！?？\n（(“”\s时并]{2,16}")


def _trip_named_by_object(text: str, start: int, noun: re.Match[str], people: Sequence[PersonMention]) -> str:
    """某某调研城市更新工作: when the text names who went before the verb, the trip is named
    by the verb and its object (调研城市更新工作), else by what follows the last of them
    (某某一行来我市调研 -> 我市调研), not by who went."""
    went = [p for p in people if start <= p.start and p.end <= noun.start()]
    if not went:
        return ""
    obj = _TRIP_OBJECT.match(text, noun.end())
    if obj:
        return noun.group() + obj.group()
    rest = _WHO_WENT_TAIL.sub("", text[max(p.end for p in went):noun.start()])
    return rest + noun.group() if rest else ""


def find_events(text: str, article_date: str | None,
                people: Sequence[PersonMention] = ()) -> list[EventMention]:
    pats = lexicon.patterns()
    lex = lexicon.load()
    out: list[EventMention] = []
    for found in pats.event_noun.finditer(text):
        match = _whole_noun(text, found)
        if text.startswith(_NOT_EVENT_AFTER, match.end()) or text.startswith(_BODY_HEADS, match.end()) \
                or any(text.endswith(body, 0, match.end()) for body in _BODIES):
            continue
        if text.startswith("暨", match.end()):
            continue   # 某党组会议暨理论学习中心组学习会议: one event, named to its last noun
        if text.endswith(ACCOMPANY, 0, match.start()):
            continue   # 乙陪同调研, 丙随同考察: they went along on the trip the article is about, no trip of their own
        clause = start = clause_start(text, match.start())
        anchors = list(_ANCHOR.finditer(text, start, match.start()))
        if anchors:
            start = anchors[-1].end()
        by_object = _trip_named_by_object(text, start, match, people) \
            if lex.event_nouns[match.group()] == "inspection" else ""
        if by_object:
            start = match.start()
        raw = by_object or text[start:match.end()].replace("进行了", "").replace("进行", "")
        date = _resolve_date(_DATE.match(raw), article_date)
        lead = _LEAD_DATE.match(raw)
        name = raw[lead.end():] if lead else raw
        name = _LEAD_WORDS.sub("", name.strip(" 　的"))
        lead = _LEAD_DATE.match(name)
        name = name[lead.end():] if lead else name
        # 以…为主要内容的全国某某会议: the name is what follows the last 的 when that names
        # the event on its own (关于国企改革的座谈会 keeps its 的: 座谈会 alone names none)
        if "的" in name:
            tail = name.rsplit("的", 1)[1]
            if len(tail) >= 5 and tail not in lex.event_nouns:
                name = tail
        name = _ADVERBS.sub("", name)
        verb = _MEETING_IN.search(name)
        if verb:   # 甲会见某研讨会(代表): the gathering is what the 会见 names
            name = name[verb.end():]
        if _TASK.match(name) and name not in lex.event_nouns:   # (推进会 is a meeting)
            continue   # 加强日常巡查, 做好…调研: a task set, not an event that took place
        convened = bool(anchors) and anchors[-1].group() in _CONVENE
        generic = (name in lex.event_nouns and name not in lex.named_events and not (convened and len(name) >= 4)
                   or any(mark in name for mark in _GENERIC_MARK) or len(name) < 2)
        # (a generic name, 训练等情况检查调研, opens with no body that held it)
        held_by = () if lex.event_nouns[match.group()] == "signing" else \
            _organizers(text, "" if generic else name, match, anchors, clause)
        relayed = is_relayed(text, start, match.end())
        # a relayed event (学习…在某地考察时的讲话精神) happened before: the article's date is not its
        out.append(EventMention(name, lex.event_nouns[match.group()], start, match.end(), generic,
                                date if relayed else date or article_date, relayed, held_by))
    out += _meetings(text, article_date)
    out.sort(key=lambda e: e.start)
    return out


def _whole_noun(text: str, found: re.Match[str]) -> re.Match[str]:
    """The event noun read to its end: in 工作会|议 the noun is 会议 (a meeting), the one
    that starts inside the noun found and runs past it."""
    pattern = lexicon.patterns().event_noun
    for at in range(found.start() + 1, found.end()):
        longer = pattern.match(text, at)
        if longer and longer.end() > found.end():
            return longer
    return found


_MEETING_IN = re.compile(r"^.*(?:会见|会谈|接见|会晤)了?")
# 甲公司今天在某地举行…: the subject of 召开/举行/举办 ends where its time or place begins.
_SUBJECT_END = re.compile(r"(?:今天|昨天|今日|昨日|日前|近日|当天|[\d０-９一二三四五六七八九十]+日|在|于|隆重|正式)")
_HOLD = ("召开", "举行", "举办", "主办", "召开的", "举行的", "举办的", "主办的")
# 某会由甲主办: the body that held it, after its name (one body: 甲和乙 is left alone).
_HELD_BY = re.compile(r"(?:[^,，。;；:：由]{0,8})由(?P<body>[^,，。;；:：、和与]{2,30}?)"
                      r"(?:联合|共同)?(?:主办|举办|承办|召开|组织)")


def _organizers(text: str, name: str, found: re.Match[str], anchors: list[re.Match[str]], clause: int
                ) -> tuple[str, ...]:
    """Bodies that held an event: the body its name opens with (市政府常务会议, 某协会第二次
    会员代表大会), the one 由…主办 names after it, or the subject of 召开/举行/举办 before it
    (甲公司和乙协会在某地举行…). `found`: the event noun in the text."""
    out = []
    noun = found.group()
    first = name.split("暨")[0]   # 甲党组会议暨乙学习会议: the body that holds the first holds both
    if first != name:
        inner = lexicon.patterns().event_noun.search(first)
        name, noun = (first, inner.group()) if inner and inner.end() == len(first) else ("", noun)
    # 第十五次市政府常务会议: the ordinal counts the meetings, the body is 市政府
    bare = _ORDINAL.sub("", name[: len(name) - len(noun)]) if name.endswith(noun) else ""
    head = organizations.org_part(bare)
    if head and len(bare) > len(head) and word_frequency(bare[len(head) - 1:len(head) + 1]) >= _COMMON:
        head = ""   # 理论集中学|习: the "suffix" 中学 is half of the word 学习
    if noun.startswith("揭牌"):
        head = ""   # 某中心揭牌: the body is what was unveiled, not who held it
    if _holder(head, name[len(head):], one_char_suffix="two_units"):
        out.append(head)
    by = _HELD_BY.match(text, found.end())
    if by and _holder(by.group("body"), "", one_char_suffix="always"):   # 某音乐会由文化部主办
        out.append(by.group("body"))
    holds = [a for a in anchors if a.group() in _HOLD]
    if holds:
        subject = text[clause:holds[-1].start()]
        cut = _SUBJECT_END.search(subject)
        subject = subject[: cut.start()] if cut else subject
        for part in re.split("[和与及、]", subject):
            part = part.strip()
            if _holder(part, text[holds[-1].start():]):
                out.append(part)
    return tuple(dict.fromkeys(out))


# How often jieba's dictionary must count a two-character word for a cut through it to be wrong.
_COMMON = 1000
_ORDINAL = re.compile(r"^第[0-9０-９一二三四五六七八九十百千零〇两]+[次届期]")
_ALL_OF = ("全国", "全省", "全市", "全区", "全县", "各")
# Words of a clause, never of a body's name (李瑞环首先代表中共中央, 会议审议通过了…).
_NOT_IN_BODY = re.compile(r"了|首先|审议|通过|向|把|被|为")


def _holder(body: str, after: str, one_char_suffix: Literal["never", "two_units", "always"] = "never") -> bool:
    """A body that can hold an event: a name that cuts into units ending with an
    organization suffix of two characters or more (不是 村干部|部, 气象局|长), each unit short
    (a clause is no name), not "all of" a kind (全国省市妇联), not a place. A one-character
    suffix will do where the text says the body held it: when the body opens the event's own
    name and is two units or more ("two_units": 中央|政治局会议), or 由…主办 names it
    ("always", three characters or more: 文化部)."""
    if len(body) < (3 if one_char_suffix == "always" else 2) or body.startswith(_ALL_OF) \
            or not organizations.names_body(body) or _NOT_IN_BODY.search(body):
        return False
    parts = organizations.units(body)
    short = len(parts[-1].suffix) < 2 and not (
        one_char_suffix == "always" or one_char_suffix == "two_units" and len(parts) >= 2)
    if parts[-1].is_place or short or any(len(u.text) > 12 for u in parts):
        return False
    title = lexicon.patterns().title.match(body[-len(parts[-1].suffix):] + after)
    return not (title and title.end() > len(parts[-1].suffix))   # 统战部|长: a title


# 先后考察, 一起参加: adverbs that open a clause before the event word.
_ADVERBS = re.compile(r"^(?:先后|分别|一起|一同|也|还|随同|共同|专程|亲切|亲自)+")
# 学习贯彻习近平总书记在湖南考察时的重要讲话精神: an event inside relayed content.
_RELAYED_BEFORE = re.compile(r"(?:学习|贯彻|传达|领会|落实)[^，,。；;]{0,40}$")
_RELAYED_AFTER = re.compile(r"(?:时|上)?(?:发表)?的(?:重要)?(?:讲话|指示|批示|论述|精神)")


def is_relayed(text: str, start: int, end: int) -> bool:
    return bool(_RELAYED_AFTER.match(text, end)) and bool(_RELAYED_BEFORE.search(text, max(0, start - 40), start))


# 会见/会谈/接见 + whom: a meeting of two sides, named by the verb and its object.
# (a space ends the object too: a headline's next clause follows one, 会见某某一行 某某参加)
_MEET = re.compile(r"(?P<verb>会见|会谈|接见|会晤)了?(?P<obj>[^，,。；;！？!?\n（(\s]{0,40}?)"
                   r"(?=时|并|[，,。；;！？!?\n（(\s]|$)")


def _meetings(text: str, article_date: str | None) -> list[EventMention]:
    out = []
    for match in _MEET.finditer(text):
        obj = match.group("obj")
        generic = not obj or obj.startswith(("的", "中", "后", "前", "结束"))
        name = match.group("verb") + ("" if generic else obj)
        out.append(EventMention(name, "meeting", match.start(), match.end(), generic, article_date))
    return out


def main_event(events: list[EventMention], headline_end: int) -> EventMention | None:
    specific = [e for e in events if not e.generic and not e.relayed]
    headline = [e for e in specific if e.start < headline_end]
    for event in headline:
        if event.name.startswith(MEETING_VERBS):
            return event   # 甲会见某研讨会代表: the headline's event is the 会见
    for event in headline:
        return event
    return specific[0] if specific else None


# ——在全市某某座谈会上的表态发言: a headline of a speech printed in full, by its author.
_SPEECH_HEADLINE = re.compile(r"在(?P<event>[^,，。;；:：在]{2,40}?)上的[^,，。;；]{0,6}?(?:讲话|发言|致辞|报告)")


def speech_headline(line: str, article_date: str | None) -> EventMention | None:
    """The event a headline says its article was spoken at, when it names one."""
    match = _SPEECH_HEADLINE.search(line)
    if not match:
        return None
    name = match.group("event")
    noun = lexicon.patterns().event_noun.search(name)
    if not noun or noun.end() != len(name):
        return None
    lead = _LEAD_DATE.match(name)
    if lead:
        name = name[lead.end():]
    return EventMention(name, lexicon.load().event_nouns[noun.group()], match.start("event"),
                        match.end("event"), False, article_date)
