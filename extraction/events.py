"""Events and who did what at them; signings and cooperation between organizations.

- An event is a phrase that ends with an event noun (event_nouns.txt: 座谈会, 常务会议,
  活动, 检查调研 ...), read back to an anchor verb (召开, 举行, 开展, 出席 ...) or to the start
  of its clause; leading dates are cut (and give the event's date). A bare noun (会议, 座谈会,
  相关活动) refers to the article's main event: the first named in its headline, else in its
  body, so a headline and its body describing one meeting give one event.
- Roles come from triggers (triggers.txt): the people named before a trigger, up to the
  previous trigger, are its subjects (副市长甲、乙出席会议 -> both ATTENDED); 并 chains triggers
  (出席会议并讲话). Weak triggers (表示, 带领, 来到) count only where the sentence names an
  event. 重要讲话 without 在…上的 is a noun, not a speech at this event.
- Signings and cooperation: A与B合作P项目, A与B签约的P, A和B、C签署…协议, A为B提供…支持,
  A与B建立…机制, 其中对C提供…支持 (same funder), 成立X联盟,联合A、B等成员单位 (members),
  由AB共建 (the 和 lost in OCR), 与B签订… opening a sentence (signer of its paragraph).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extraction import lexicon, organizations, places
from kg.extraction.persons import PersonMention
from kg.extraction.segment import word_frequency
from kg.graph import schema

_CLAUSE_END = set(",，。;；:：!！?？\n、")
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
# Words that open a clause before an event noun without being part of its name.
_LEAD_WORDS = re.compile(r"^(?:了|过|的|(?:昨天|今天|前天|当天|当日|次日|日前|近日|上午|下午|晚上)的?)+")
_SPEECH_BEFORE = re.compile(r"(?:上|时)(?:发表)?的(?:重要)?$")


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


@dataclass
class Role:
    person: str
    predicate: str
    event: EventMention
    start: int          # where the trigger is (for the evidence sentence)
    confidence: float
    present: bool = True  # spoke there in person (not a speech relayed from elsewhere)


@dataclass
class Agreement:
    predicate: str      # SIGNED | COOPERATES_WITH
    left: str
    right: str
    project: str
    investment: str
    start: int


@dataclass
class Venue:
    """A place (or a unit visited as a place: 某区人民武装部) where an event was held."""

    event: EventMention
    name: str
    start: int


@dataclass
class ArticleEvents:
    events: list[EventMention] = field(default_factory=list)
    main: EventMention | None = None
    roles: list[Role] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    venues: list[Venue] = field(default_factory=list)


def _clause_start(text: str, end: int, limit: int = 48) -> int:
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
        elif ch in _CLAUSE_END and depth == 0:
            return pos + 1
        pos -= 1
    return floor


def _resolve_date(month_day: re.Match[str] | None, year_of: str | None) -> str | None:
    if not month_day or not year_of:
        return None
    return f"{year_of[:4]}-{int(month_day.group(1)):02d}-{int(month_day.group(2)):02d}"


# What a trip verb's object runs to: 调研城市更新工作(，|时|并…)
_TRIP_OBJECT = re.compile(r"[^,，。;；:：!！?？\n（(“”\s时并]{2,16}")


def _trip_named_by_object(text: str, start: int, noun: re.Match[str], people: Sequence[PersonMention]) -> str:
    """某某调研城市更新工作: when who went is all the text names before the verb, the trip
    is named by the verb and its object (调研城市更新工作), not by who went."""
    if not any(start <= p.start and p.end <= noun.start() for p in people):
        return ""
    obj = _TRIP_OBJECT.match(text, noun.end())
    return noun.group() + obj.group() if obj else ""


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
        if text.endswith(_ACCOMPANY, 0, match.start()):
            continue   # 乙陪同调研, 丙随同考察: they went along on the trip the article is about, no trip of their own
        start = _clause_start(text, match.start())
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
        convened = bool(anchors) and anchors[-1].group() in _CONVENE
        generic = (name in lex.event_nouns and name not in lex.named_events and not (convened and len(name) >= 4)
                   or any(mark in name for mark in _GENERIC_MARK) or len(name) < 2)
        # (a generic name, 训练等情况检查调研, opens with no body that held it)
        held_by = () if lex.event_nouns[match.group()] == "signing" else \
            _organizers(text, "" if generic else name, match.group(), anchors, _clause_start(text, match.start()))
        relayed = _relayed(text, start, match.end())
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


def _holds_by_name(body: str) -> bool:
    """A body 由…主办 names: the construction says it is one, so a one-character suffix
    will do (文化部), but the name must still cut into units and not be a place."""
    if len(body) < 3 or body.startswith(_ALL_OF) or not _names_body(body) or _NOT_IN_BODY.search(body):
        return False
    parts = organizations.units(body)
    return not parts[-1].is_place


def _event_end(text: str, clause: int, name: str, noun: str) -> int:
    """Where the event's name (or, for a bare one, its noun) ends in its clause."""
    at = text.find(name or noun, clause)
    return at + len(name or noun) if at >= 0 else clause


def _organizers(text: str, name: str, noun: str, anchors: list[re.Match[str]], clause: int) -> tuple[str, ...]:
    """Bodies that held an event: the body its name opens with (市政府常务会议, 某协会第二次
    会员代表大会), or the subject of 召开/举行/举办 before it (甲公司和乙协会在某地举行…)."""
    out = []
    first = name.split("暨")[0]   # 甲党组会议暨乙学习会议: the body that holds the first holds both
    if first != name:
        found = lexicon.patterns().event_noun.search(first)
        name, noun = (first, found.group()) if found and found.end() == len(first) else ("", noun)
    # 第十五次市政府常务会议: the ordinal counts the meetings, the body is 市政府
    bare = _ORDINAL.sub("", name[: len(name) - len(noun)]) if name.endswith(noun) else ""
    head = organizations.org_part(bare)
    if head and len(bare) > len(head) and word_frequency(bare[len(head) - 1:len(head) + 1]) >= _COMMON:
        head = ""   # 理论集中学|习: the "suffix" 中学 is half of the word 学习
    if noun.startswith("揭牌"):
        head = ""   # 某中心揭牌: the body is what was unveiled, not who held it
    if _holder(head, name[len(head):], opens_name=True):
        out.append(head)
    by = _HELD_BY.match(text, _event_end(text, clause, name, noun))
    if by and _holds_by_name(by.group("body")):   # 某音乐会由文化部主办
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


def _holder(body: str, after: str, opens_name: bool = False) -> bool:
    """A body that can hold an event: a name that cuts into units ending with an
    organization suffix of two characters or more (不是 村干部|部, 气象局|长), each unit short
    (a clause is no name), not "all of" a kind (全国省市妇联), not a place. A body that
    opens the event's own name (中央政治局会议) may end with a one-character suffix when it
    is two units or more (中央|政治局)."""
    if len(body) < 2 or body.startswith(_ALL_OF) or not _names_body(body) or _NOT_IN_BODY.search(body):
        return False
    parts = organizations.units(body)
    short = len(parts[-1].suffix) < 2 and not (opens_name and len(parts) >= 2)
    if all(u.is_place for u in parts) or parts[-1].is_place or short or any(len(u.text) > 12 for u in parts):
        return False
    title = lexicon.patterns().title.match(body[-len(parts[-1].suffix):] + after)
    return not (title and title.end() > len(parts[-1].suffix))   # 统战部|长: a title


# 先后考察, 一起参加: adverbs that open a clause before the event word.
_ADVERBS = re.compile(r"^(?:先后|分别|一起|一同|也|还|随同|共同|专程|亲切|亲自)+")
# 学习贯彻习近平总书记在湖南考察时的重要讲话精神: an event inside relayed content.
_RELAYED_BEFORE = re.compile(r"(?:学习|贯彻|传达|领会|落实)[^，,。；;]{0,40}$")
_RELAYED_AFTER = re.compile(r"(?:时|上)?(?:发表)?的(?:重要)?(?:讲话|指示|批示|论述|精神)")


def _relayed(text: str, start: int, end: int) -> bool:
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


def _main_event(events: list[EventMention], headline_end: int) -> EventMention | None:
    specific = [e for e in events if not e.generic and not e.relayed]
    headline = [e for e in specific if e.start < headline_end]
    for event in headline:
        if event.name.startswith(_MEETING_VERBS):
            return event   # 甲会见某研讨会代表: the headline's event is the 会见
    for event in headline:
        return event
    return specific[0] if specific else None


def find_roles(text: str, sentence_spans: list[tuple[int, int]], people: list[PersonMention],
               events: list[EventMention], main: EventMention | None,
               meeting: EventMention | None = None, headline_end: int = 0) -> list[Role]:
    """Who did what at which event; `meeting`: the article's 会见, which a bare 会见
    (参加会见的有…) refers to; `headline_end`: where the body starts."""
    pats = lexicon.patterns()
    lex = lexicon.load()
    roles: list[Role] = []
    reporters = {p.name for p in people if _reporter(p, text)}
    people = [p for p in people if p.name not in reporters]   # a byline's reporter takes no part
    scene: EventMention | None = None
    scene_end = -1
    for s_start, s_end in sentence_spans:
        items: list[tuple[int, int, str, PersonMention | lexicon.Trigger | None]] = []
        for person in people:
            if s_start <= person.start < s_end:
                items.append((person.start, person.end, "person", person))
        for match in re.finditer(rf"[他她](?=[^，,。]{{0,2}}(?:{pats.trigger.pattern}))", text[s_start:s_end]):
            items.append((s_start + match.start(), s_start + match.end(), "pronoun", None))
        for match in pats.trigger.finditer(text, s_start, s_end):
            items.append((match.start(), match.end(), "trigger", lex.triggers[match.group()]))
        items.sort(key=lambda item: (item[0], item[2] != "person"))
        spoken_at = [e for e in events if s_start <= e.start and e.end <= s_end]
        sentence_events = [e for e in spoken_at if not e.relayed]
        if s_start >= scene_end:   # a new paragraph: its own dated event, else no scene yet
            scene_end = _paragraph_end(text, s_start)
            scene = _dated_opening(text, s_start, s_end, events, main, headline_end)
        scene = _scene(text, s_start, sentence_events) or scene
        here = scene or main   # what a speech with no event of its own is about
        _listed_after(text, s_start, s_end, people, sentence_events, main, roles, meeting)
        group: list[str] = []
        last_group: list[str] = []
        last_end = -1
        last_word = ""
        last_person = _last_person_before(people, s_start)
        for start, end, kind, value in items:
            if kind == "person":
                assert isinstance(value, PersonMention)
                if not _reporter(value):   # a byline's reporter reports, takes no part
                    group.append(value.name)
                last_person = value.name
                continue
            if kind == "pronoun":
                if last_person:
                    group.append(last_person)
                continue
            trigger = value
            assert isinstance(trigger, lexicon.Trigger)  # the kinds left are triggers
            if any(e.start <= start and end < e.end and not (e.start == start and e.name.startswith(trigger.word))
                   for e in sentence_events):
                continue   # 检查 inside the event name 检查调研 (调研 at its end is the verb; 会见 opens 会见某某)
            speech_of = _SPEECH_BEFORE.search(text, max(s_start, start - 7), start)
            subjects = group
            if not subjects and last_group and (
                    ("并" in text[last_end:start] and start - last_end <= 6) or speech_of
                    or (trigger.word in _SAYS or trigger.strong and trigger.predicate != schema.SPOKE_AT)
                    and last_word not in _ACCOMPANY
                    and _CLAUSE_OPENING.fullmatch(text, _clause_start(text, start), start)):
                subjects = last_group   # 甲主持会议并作部署，表示…: the clause goes on with its subject
            if not subjects:
                continue
            if trigger.predicate == schema.SPOKE_AT and not speech_of:
                subjects = _speaking(text, subjects, people, s_start, start)
            if text[max(s_start, start - 2):start] == "重要" and not speech_of:
                continue
            if _FUTURE.search(text, _clause_start(text, start), start) and trigger.predicate != schema.SPOKE_AT:
                group = []
                continue   # 邀请甲参加即将举行的论坛, 乙将出席: an invitation or a plan, not attendance
            within = [e for e in spoken_at if e.relayed and e.start <= start and end <= e.end]
            if within:   # 学习…某某在湖南考察时的讲话: 考察 is the relayed trip's, not the article's
                targets = within
            elif speech_of:   # (a relayed speech was spoken at its own event: 在…集体学习时的讲话)
                targets = [e for e in spoken_at
                           if not e.generic and max(last_end, 0) <= e.start and e.end <= start]
                targets = targets or [e for e in spoken_at if not e.generic and e.end <= start][-1:]
            elif trigger.predicate == schema.SPOKE_AT and not trigger.strong:
                targets = [here] if here else []   # 表示, 要求: about the article's event (or the scene's) only
                if trigger.word in _SAID and here is main:   # 说: only someone who took part speaks at it
                    subjects = [n for n in subjects if any(r.person == n and r.event is main for r in roles)]
            else:
                targets = _event_for(trigger, start, sentence_events, here, text, end)
                if meeting is not None and trigger.word in _MEETING_VERBS:
                    targets = [meeting]
            leader = _accompanied(text, subjects, people, s_start, start) if trigger.word in _ACCOMPANY else ""
            if leader:   # 甲在乙、丙陪同下考察: 甲 led, 乙 and 丙 went with him
                subjects = [name for name in subjects if name != leader]
                for event in targets:
                    if event.type == "inspection":
                        roles.append(Role(leader, schema.LED, event, start, 0.85))
            for event in targets:
                for name in dict.fromkeys(subjects):
                    if trigger.predicate == schema.SPOKE_AT and event is main and main.type != "meeting" \
                            and not any(r.person == name and r.event is main for r in roles):
                        continue   # 强调 in an article about an activity: no speech at it
                    roles.append(Role(name, trigger.predicate, event, start, 0.85 if trigger.strong else 0.7,
                                      present=not speech_of))
            # (after 甲在乙陪同下考察, the clauses that go on are 甲's: 会见了…，出席了…)
            last_group = [leader] if leader else subjects
            group = []
            last_end = end
            last_word = "" if leader else trigger.word
    return roles


# 在某座谈会上，…: the sentences after this opening, to the paragraph's end, are said there.
_SCENE = re.compile(r"(?:[^,，。;；:：\n]{0,12}?)在(?P<event>[^,，。;；:：在\n]{2,40}?)上[,，]")


_DAY_OPENING = re.compile(r"(?:\d{1,2}月)?\d{1,2}日(?:上午|下午|晚上|晚)?[,，]")


def _dated_opening(text: str, s_start: int, s_end: int, events: list[EventMention],
                   main: EventMention | None, headline_end: int) -> EventMention | None:
    """A paragraph after the one that tells the main event (the body's first, when the
    headline names it) that opens with a day and names another event (12月7日，某某主持召开
    某会议…): a digest of several meetings, whose bare 会议 there is that event."""
    if main is None or s_start <= _paragraph_end(text, max(main.start, headline_end + 1)) \
            or not _DAY_OPENING.match(text, s_start):
        return None
    named = [e for e in events if s_start <= e.start < s_end and not e.generic and not e.relayed
             and e.name not in main.name and main.name not in e.name]
    return named[0] if named else None


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _scene(text: str, s_start: int, sentence_events: list[EventMention]) -> EventMention | None:
    """The named event a sentence opens with 在…上， (在先进制造业发展座谈会上，): what is
    said after it in its paragraph was said there, not at the article's main event."""
    match = _SCENE.match(text, s_start)
    if not match:
        return None
    named = [e for e in sentence_events if e.end == match.end("event") and not e.generic]
    return named[0] if named else None


# Verbs of saying that go on the last clause's subject (not 传达: a meeting's agenda item).
_SAYS = ("表示", "强调", "指出", "要求", "提出")
# What may open a clause before its verb when the subject is the last clause's.
_CLAUSE_OPENING = re.compile(r"(?:并|还|也|同时|随后|并且|又|再)*")

_ACCOMPANY = ("陪同", "随同")
# Words before a role verb that make it an invitation or a plan (应邀出席 is attendance).
_FUTURE = re.compile(r"(?<!应)邀请|将要|即将|(?<![即必])将(?=[^，,。]{0,3}$)|拟|计划")
_LIST_GAP = re.compile(r"^[、，,和及与以及等\s]*$")


def _speaking(text: str, subjects: list[str], people: list[PersonMention], s_start: int, at: int) -> list[str]:
    """Who says something: the first people of the clause and those listed with them
    (甲、乙先后发言), not everyone named before the verb (甲请乙转达对丙的问候并表示)."""
    here = [p for p in people if s_start <= p.start < at and p.name in subjects]
    if len(here) < 2:
        return subjects
    kept = [here[0]]
    for person in here[1:]:
        gap = text[kept[-1].end:person.start]
        if not _LIST_GAP.match(gap) and not lexicon.patterns().title.search(gap):
            break
        kept.append(person)
    return list(dict.fromkeys(p.name for p in kept))
_MEETING_VERBS = ("会见", "会谈", "接见", "会晤")
_SAID = ("说", "介绍", "汇报")
_REPORTER_TITLES = ("记者", "通讯员", "摄影")


def _reporter(person: PersonMention, text: str = "") -> bool:
    """A byline's reporter (记者甲, 电记者甲报道): reports, takes no part."""
    return any(p.title.endswith(_REPORTER_TITLES) for p in person.positions) \
        or text[max(0, person.start - 3):person.start].endswith(_REPORTER_TITLES)


def _accompanied(text: str, subjects: list[str], people: list[PersonMention], s_start: int, at: int) -> str:
    """甲在乙、丙(的)陪同下: 甲, the one accompanied, when 在 follows the first name."""
    here = [p for p in people if s_start <= p.start < at and p.name in subjects]
    if len(here) >= 2 and "在" in text[here[0].end:here[1].start]:
        return here[0].name
    return ""


# 参加会见的有甲、乙 / 出席茶话会的还有，甲、乙: the people after 有 took the part.
_THOSE_WHO = re.compile(r"(?P<verb>出席|参加|陪同|列席)(?P<what>[^，,。；;]{0,24}?)的"
                        r"(?:领导同志|同志|人员)?(?:还|也)?有")


def _listed_after(text: str, s_start: int, s_end: int, people: list[PersonMention],
                  sentence_events: list[EventMention], main: EventMention | None, roles: list[Role],
                  meeting: EventMention | None) -> None:
    for match in _THOSE_WHO.finditer(text, s_start, s_end):
        trigger = lexicon.load().triggers[match.group("verb")]
        inside = [e for e in sentence_events if match.start("what") <= e.start < match.end("what")]
        event = inside[0] if inside and not inside[0].generic else main
        if inside and inside[0].name.startswith(_MEETING_VERBS) and meeting is not None:
            event = meeting
        if event is None:
            continue
        for person in people:
            if match.end() <= person.start < s_end and not _reporter(person):
                roles.append(Role(person.name, trigger.predicate, event, match.start(), 0.85))


def _last_person_before(people: list[PersonMention], pos: int) -> str:
    before = [p for p in people if p.end <= pos]
    return max(before, key=lambda p: p.end).name if before else ""


def _event_for(trigger, start: int, sentence_events: list[EventMention],
               main: EventMention | None, text: str = "", end: int = -1) -> list[EventMention]:
    """The event a role verb at `start` (ending at `end`) is about: the one named after it in
    its clause (出席全市某大会), else the last named before it, else the article's."""
    after = [e for e in sentence_events if e.start >= start - 4
             and not (text and _CLAUSE_END.intersection(text[end:e.start]))]   # 出席并致辞，为某中心揭牌
    if after:
        event = after[0]
        return [main if event.generic and main else event] if not event.generic or main else []
    before = [e for e in sentence_events if e.end <= start and not e.generic]
    if before:
        return [before[-1]]
    if not trigger.strong and not sentence_events:
        return []
    return [main] if main else []


# A与B合作P项目 / A与B签约的P / A和B、C签署…协议 / A与B建立…机制
_AGREEMENT = re.compile(
    r"(?P<a>[^,，。;；:：、]{2,30}?)(?:与|和|同)(?P<b>[^,，。;；:：与和]{2,40}?)"
    r"(?P<verb>合作建设的|合作建设|合作|共同建设|共建|签约的|签约|签订|签署|建立)(?P<rest>[^,，。;；]*)")
# A联合B(,)对…检查 / A联合B开展…: two bodies acting together.
_JOINT = re.compile(r"(?P<a>[^,，。;；:：、]{2,30}?)联合(?P<b>[^,，。;；:：、与和]{2,30}?)"
                    r"(?=[,，]?(?:对|开展|进行|共同|组织|举办|召开))")
_FUNDS = re.compile(r"(?P<a>[^,，。;；:：、]{2,30}?)将?为(?P<b>[^,，。;；:：]{2,30}?)"
                    r"提供(?P<rest>[^,，。;；]*?(?:融资|资金)支持)")
# A为B提供…支持,其中,对C提供…支持: the funder of the first clause also funds C.
_FUNDS_MORE = re.compile(r"对(?P<b>[^,，。;；:：、]{2,30}?)提供(?P<rest>[^,，。;；]*?(?:融资|资金)支持)")
# 成立了X联盟,联合A、B等16个成员单位: each listed body is a member of the alliance.
_MEMBERS = re.compile(r"(?P<org>[^,，。;；:：、]{2,30}?)[,，]?(?:联合|吸纳|包括)(?P<list>[^,，。;；:：]+?)"
                      r"等(?:\d+|[一二三四五六七八九十百]+)?[个家]?(?:成员单位|会员单位|成员)")
# 由AB共建: two bodies with the 和 lost between them (the pair is cut at a unit boundary).
_BUILT_BY = re.compile(r"由(?P<pair>[^,，。;；:：、与和同]{4,60}?)(?:共同建设|合作建设|共建)")
# 与B签订…协议 opening a sentence: the signer is left out (see _fill_signers).
_SIGNED_BY_NOBODY = re.compile(r"^(?:与|同)(?P<b>[^,，。;；:：与和]{2,40}?)(?:签订|签署|签约)(?P<rest>[^,，。;；]*)")
# A与B(及C)…举行…签字仪式 / A与B…协议的签字仪式: the parties of a signing ceremony.
_CEREMONY = re.compile(r"(?P<a>[^,，。;；:：、与和同]{2,30}?)(?:与|和|同)(?P<b>[^,，。;；:：]{2,60})"
                       r"(?:(?:近日|日前|今天|昨天)?(?:在[^,，。;；]{1,12})?(?:举行|举办)[^,，。;；]{0,30}?"
                       r"|[^,，。;；]{0,40}?协议的?)(?:签字|签约)仪式")
_QUOTES = "“”\"'‘’《》"
# what opens a clause before a body's name; 甲代表乙与丙签约: the body is what 代表 stands for
_LEFT_CUT = re.compile(r"^.*(?:的是|是|的|在|了|将|由|其中|代表(?!大会))")
# 甲代表乙签约 / 甲代表乙与丙签约 / 甲、乙分别代表丙和丁签订…协议 / 甲代表乙、丙代表丁签约:
# the bodies the people stand for signed (with each other, else the project named);
# the people took part in the signing.
_ON_BEHALF = re.compile(r"(?:分别)?代表(?!大会)(?P<bodies>[^,，。;；:：]{2,80}?)"
                        r"(?P<verb>签约|签订|签署|签字)(?P<rest>[^,，。;；]*)")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:亿|万)?元")
_PROJECT = re.compile(r"^.*(?:项目|中心|园|协议|机制)")
# 签订了总投资20亿元的某项目合作协议: what comes before the project's name
_PROJECT_LEAD = re.compile(r"^(?:了|计划|总|投资|额|约|达|超)*的")


# Every pattern above needs one of these words: a sentence holding none is read by none
# (most sentences; their lazy openings would otherwise be tried at every character).
_AGREEMENT_WORDS = re.compile(r"签约|签订|签署|签字|合作|共同建设|共建|建立|联合|提供|成员|会员|仪式")


def find_agreements(text: str, sentence_spans: list[tuple[int, int]]) -> list[Agreement]:
    out: list[Agreement] = []
    unsigned: list[Agreement] = []
    for s_start, s_end in sentence_spans:
        sentence = text[s_start:s_end]
        if not _AGREEMENT_WORDS.search(sentence):
            continue
        match = _SIGNED_BY_NOBODY.match(sentence)
        if match and _names_body(match.group("b")):
            amount = _AMOUNT.search(match.group("rest"))
            named = _PROJECT.match(_AMOUNT.sub("", match.group("rest")))
            unsigned.append(Agreement(schema.SIGNED, "", match.group("b"), named.group() if named else "",
                                      amount.group() if amount else "", s_start))
        for match in _AGREEMENT.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if not left or not _names_body(left):
                continue
            verb = match.group("verb")
            predicate = schema.COOPERATES_WITH if verb.startswith(("合作", "建立", "共")) else schema.SIGNED
            rest = match.group("rest")
            amount = _AMOUNT.search(rest)
            pieces = (_project(piece) for piece in _AMOUNT.sub("", rest).split("、"))
            projects = [p for p in pieces if len(p) >= 3] or [""]
            for one in [left] + _listed_before(sentence, match.start("a")):
                for right in match.group("b").split("、"):
                    if not _names_body(right):
                        continue
                    for project in projects:
                        out.append(Agreement(predicate, one, right.strip(), project.strip(),
                                             amount.group() if amount else "", s_start + match.start()))
        for match in _CEREMONY.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if not left or not _names_body(left):
                continue
            rest = match.group("b")
            for right in re.split("及|、", rest):
                right = _AMOUNT.sub("", right).strip()
                body = organizations.org_part(right) or right
                if _names_body(body) and body == right[:len(body)] and len(body) >= 2:
                    out.append(Agreement(schema.SIGNED, left, body, "", "", s_start + match.start()))
        for match in _JOINT.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if left and _names_body(left) and _names_body(match.group("b")):
                out.append(Agreement(schema.COOPERATES_WITH, left, match.group("b"), "", "", s_start + match.start()))
        for match in _FUNDS.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if left and _names_body(left) and _names_body(match.group("b")):
                amount = _AMOUNT.search(match.group("rest"))
                out.append(Agreement(schema.COOPERATES_WITH, left, match.group("b"), "融资支持",
                                     amount.group() if amount else "", s_start + match.start()))
                for more in _FUNDS_MORE.finditer(sentence, match.end()):
                    if _names_body(more.group("b")):
                        amount = _AMOUNT.search(more.group("rest"))
                        out.append(Agreement(schema.COOPERATES_WITH, left, more.group("b"), "融资支持",
                                             amount.group() if amount else "", s_start + more.start()))
        for match in _MEMBERS.finditer(sentence):
            org = _LEFT_CUT.sub("", match.group("org")).strip()
            if not org or not _names_body(org.strip(_QUOTES).replace("”", "").replace("“", "")):
                continue
            for member in match.group("list").split("、"):
                if _names_body(member):
                    out.append(Agreement(schema.COOPERATES_WITH, member, org, "", "", s_start + match.start()))
        for match in _BUILT_BY.finditer(sentence):
            pair = _split_pair(match.group("pair"))
            if pair:
                out.append(Agreement(schema.COOPERATES_WITH, pair[0], pair[1], "", "", s_start + match.start()))
        out += _on_behalf(sentence, s_start)
    out = list({(a.predicate, a.left, a.right, a.project): a
                for a in out + _fill_signers(text, unsigned, out)}.values())
    # one signing read by two patterns: the reading that names the agreement is kept
    with_project = {(a.predicate, a.left, a.right) for a in out if a.project}
    return [a for a in out if a.project or (a.predicate, a.left, a.right) not in with_project]


def _project(piece: str) -> str:
    """The project a clause after 签订/合作 names: its investment's words left out, and
    an agreement on a 项目 named by it (某产业园项目合作协议 -> 某产业园项目)."""
    named = _PROJECT.match(_PROJECT_LEAD.sub("", piece))
    if not named:
        return ""
    name = named.group()
    if name.endswith(("协议", "机制")) and "项目" in name:   # not 某项目设计研发中心
        return name[: name.rindex("项目") + 2]
    return name


def _parties(bodies: str) -> list[str]:
    """The bodies of `乙与丙`, `丙和丁`, `乙、丙代表丁` (a person's name between is no body)."""
    out: list[str] = []
    for piece in re.split(r"代表(?!大会)|与|和|同|及|、", bodies):
        piece = piece.strip()
        if piece and _names_body(piece) and piece not in out:
            out.append(piece)
    return out


def _on_behalf(sentence: str, s_start: int) -> list[Agreement]:
    """SIGNED between the bodies people sign for (_ON_BEHALF); one body alone signed the
    project the sentence names."""
    out: list[Agreement] = []
    for match in _ON_BEHALF.finditer(sentence):
        parties = _parties(match.group("bodies"))
        start = s_start + match.start()
        if len(parties) >= 2:
            for i, left in enumerate(parties):
                for right in parties[i + 1:]:
                    out.append(Agreement(schema.SIGNED, left, right, "", "", start))
        elif parties:
            named = _PROJECT.match(_AMOUNT.sub("", match.group("rest")))
            if named and named.group().endswith(("项目", "中心", "园")):
                amount = _AMOUNT.search(match.group("rest"))
                out.append(Agreement(schema.SIGNED, parties[0], "", named.group(),
                                     amount.group() if amount else "", start))
    return out


def signers(text: str, sentence_spans: list[tuple[int, int]], people: list[PersonMention],
            events: list[EventMention], article_date: str | None) -> list[Role]:
    """People who sign for a body (甲代表乙签约, 甲、乙分别代表丙和丁签订…) ATTENDED the
    signing: the signing event of their sentence, else of the article; when the article
    names none, the signing as the sentence writes it (签订战略合作协议) is the event."""
    out: list[Role] = []
    for s_start, s_end in sentence_spans:
        for match in _ON_BEHALF.finditer(text, s_start, s_end):
            clause = max(text.rfind(mark, s_start, match.start()) for mark in "，,；;：:") + 1
            clause = max(clause, s_start)
            # everyone named before the verb signs (甲代表乙、丙代表丁签约: 甲 and 丙)
            who = [p.name for p in people if clause <= p.start and p.end <= match.start("verb")
                   and not _reporter(p)]
            if not who:
                continue
            signing = [e for e in events if e.type == "signing" and not e.generic]
            event = next((e for e in signing if s_start <= e.start < s_end), None) or next(iter(signing), None)
            if event is None:
                name = (match.group("verb") + match.group("rest")).strip()
                event = EventMention(name, "signing", match.start("verb"), match.end(), False, article_date)
                events.append(event)
            out += [Role(name, schema.ATTENDED, event, match.start("verb"), 0.8) for name in dict.fromkeys(who)]
    return out


def _listed_before(sentence: str, start: int) -> list[str]:
    """甲公司、乙公司与丙银行签署…: the bodies listed before the first party sign too."""
    out: list[str] = []
    pos = start
    while pos > 0 and sentence[pos - 1] == "、":
        match = re.search(r"[^,，。;；:：、]{2,30}$", sentence[:pos - 1])
        if not match:
            break
        body = _LEFT_CUT.sub("", match.group()).strip()
        if not _names_body(body):
            break
        out.append(body)
        pos = match.start() + (len(match.group()) - len(body))
    return out


def _fill_signers(text: str, unsigned: list[Agreement], named: list[Agreement]) -> list[Agreement]:
    """A paragraph listing signings names its signer once: a signing that leaves it out takes
    the signer of the nearest signing in the same paragraph."""
    filled: list[Agreement] = []
    for agreement in unsigned:
        para_start = text.rfind("\n", 0, agreement.start) + 1
        para_end = text.find("\n", agreement.start)
        para_end = len(text) if para_end < 0 else para_end
        near = [a for a in named if a.predicate == schema.SIGNED and para_start <= a.start < para_end]
        if near:
            signer = min(near, key=lambda a: abs(a.start - agreement.start)).left
            filled.append(Agreement(schema.SIGNED, signer, agreement.right, agreement.project,
                                    agreement.investment, agreement.start))
    return filled


def _split_pair(text: str) -> tuple[str, str] | None:
    """Two organizations written without a separator: cut after the last unit that ends an
    organization and leaves one after it (a parent comes before its own sub-units)."""
    parts = organizations.units(text)
    if sum(len(u.text) for u in parts) != len(text):
        return None
    best = None
    pos = 0
    for i, unit in enumerate(parts[:-1]):
        pos += len(unit.text)
        rest = parts[i + 1:]
        if not unit.is_place and not unit.sub and any(not u.is_place and not u.sub for u in rest):
            best = (text[:pos], text[pos:])
    return best


def _names_body(text: str) -> bool:
    """An organization or place: the text cuts into units that end with a known suffix."""
    parts = organizations.units(text)
    return bool(parts) and sum(len(u.text) for u in parts) == len(text)


_SELF = ("我", "本")   # 我市, 本区: the paper's own place, known only when it is the city


def unresolved(name: str) -> bool:
    """A party named as "our district" (我区, 本县) that the paper's city does not say."""
    return name.startswith(_SELF)


def body_kind(text: str, city: str | None) -> tuple[str, str]:
    """("Organization", normalised name) or ("Place", name of the innermost place)."""
    parts = organizations.units(text)
    if parts and all(u.is_place for u in parts):
        if text.startswith(_SELF):   # 我市: the paper's city, a place
            return schema.PLACE, organizations.normalise(text, city)
        found = places.find(text, city)
        if found and found[0].start > 0 and found[-1].end == len(text):
            return schema.PLACE, text   # 杨陵农业|高新技术产业示范区: one name, read only in part
        if found:
            return schema.PLACE, found[-1].name
    return schema.ORGANIZATION, organizations.normalise(text, city)


# 先后前往甲、乙等单位 / 深入甲街道乙家属院 / 参观了甲、乙和丙 / 视察某局时: where an
# inspection or activity went.
_VISIT = re.compile(r"(?:前往|来到|深入|走进|走访|到|(?:考察|参观|视察|察看)了?(?!时))"
                    r"(?P<list>[^,，。;；:：!！?？\n（）()]+?)"
                    r"(?=等单位|等地|等处|等企业|[,，。;；]|时|开展|进行|调研|检查|走访|慰问|督导)")
# 在某公司，甲察看…: a unit named before the clause that says what was done there.
_AT_UNIT = re.compile(r"在(?P<list>[^,，。;；在]{2,24})[,，]")
_LAST_AND = re.compile(r"(?:和|及|以及)")
# A part of a unit that is visited in it (某中心运行控制室, 某公司生产车间): the unit is where.
_ROOMS = ("室", "厅", "房", "车间", "现场", "工地", "展区", "基地", "生产线")


def find_venues(text: str, sentence_spans: list[tuple[int, int]], events: list[EventMention],
                main: EventMention | None, roles: list[Role]) -> list[Venue]:
    out: list[Venue] = []
    for s_start, s_end in sentence_spans:
        here = [e for e in events if s_start <= e.start < s_end and not e.generic and not e.relayed]
        led = [r.event for r in roles if s_start <= r.start < s_end and r.predicate == schema.LED
               and not r.event.relayed]
        event = led[0] if led else here[0] if here else None
        if event is None and main is not None and main.type in ("inspection", "activity"):
            event = main
        if event is None:
            continue
        lists = list(_VISIT.finditer(text, s_start, s_end))
        opening = _AT_UNIT.match(text, s_start, s_end)
        if opening:
            lists.append(opening)
        for match in lists:
            if _relayed(text, match.start(), match.end()) or \
                    any(e.relayed and e.start <= match.start() < e.end for e in events):
                continue   # 学习…在湖南考察时的讲话, …视察某公司时的讲话: a trip recalled, not this one
            pos = match.start("list")
            for item in match.group("list").split("、"):
                for name, at in _visited(item, pos):
                    out.append(Venue(event, name, at))
                pos += len(item) + 1
    return out


def _visited(item: str, pos: int) -> list[tuple[str, int]]:
    """The bodies or places one listed item names (with where each starts): the item
    whole, its two halves when it is 甲和乙, or the unit a room is in (某中心运行控制室)."""
    for joint in reversed(list(_LAST_AND.finditer(item))):
        left, right = item[: joint.start()], item[joint.end():]
        if _named_unit(left) and _named_unit(right):
            return [(left, pos), (right, pos + joint.end())]
    if _named_unit(item):
        return [(item, pos)]
    unit = organizations.org_part(item)
    if unit and item.endswith(_ROOMS) and _named_unit(unit) and not _LAST_AND.search(unit):
        return [(unit, pos)]
    return []


def _named_unit(item: str) -> bool:
    """A body or a place with a proper name before its suffix (街道辖区庭院 names no place,
    为街道 is no name, 宜昌市的部分企业 is a phrase)."""
    if "的" in item or not _names_body(item) or item[0] in places.NOT_FIRST:
        return False
    first = organizations.units(item)[0]
    return len(first.text) > len(first.suffix)


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


def analyse(text: str, headline_end: int, sentence_spans: list[tuple[int, int]],
            people: list[PersonMention], article_date: str | None) -> ArticleEvents:
    events = find_events(text, article_date, people)
    main = _main_event(events, headline_end)
    if main is not None and main.type == "inspection":
        # one trip per article: 在湖南调研, 先后考察, 在湘考察期间 are the same inspection
        for event in events:
            if event is not main and event.type == "inspection" and not event.relayed:
                event.generic = True
    meetings = [e for e in events if e.name.startswith(_MEETING_VERBS) and not e.generic]
    for event in meetings[1:]:
        # one 会见 per article: the body names again whom the headline's 会见 met
        event.generic = True
    first_meeting = meetings[0] if meetings else None
    result = ArticleEvents(events=events, main=main)
    result.roles = find_roles(text, sentence_spans, people, events, main, first_meeting, headline_end)
    result.roles += _guests(people, [e for e in events if e.name.startswith(_MEETING_VERBS)], first_meeting)
    result.roles += _speakers_attended(result.roles)
    result.roles += signers(text, sentence_spans, people, events, article_date)
    result.agreements = find_agreements(text, sentence_spans)
    result.venues = find_venues(text, sentence_spans, events, main, result.roles)
    return result


def _guests(people: list[PersonMention], events: list[EventMention], first: EventMention | None) -> list[Role]:
    """会见某集团董事长甲: the one met took part in the meeting as much as the host (at the
    article's one 会见, however the body names it again)."""
    out = []
    for event in events:
        for person in people:
            if event.start < person.start < event.end and not _reporter(person):
                out.append(Role(person.name, schema.ATTENDED, first or event, person.start, 0.8))
    return out


def _speakers_attended(roles: list[Role]) -> list[Role]:
    """Who spoke at an event in person attended it, unless they chaired or led it (the
    chair is not listed again among those present). An event is known by its name: two
    mentions of one name are one event of the article."""
    held = {(r.person, r.event.name) for r in roles if r.predicate != schema.SPOKE_AT}
    out = []
    for role in roles:
        if role.predicate == schema.SPOKE_AT and role.present and (role.person, role.event.name) not in held:
            held.add((role.person, role.event.name))
            out.append(Role(role.person, schema.ATTENDED, role.event, role.start, role.confidence))
    return out
