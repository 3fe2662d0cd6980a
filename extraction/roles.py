"""Who did what at which event: chaired, attended, spoke at, led.

Roles come from triggers (triggers.txt): the people named before a trigger, up to the
previous trigger, are its subjects (副市长甲、乙出席会议 -> both ATTENDED); 并 chains triggers
(出席会议并讲话), and a clause that goes on with no subject of its own is the last clause's
(主持会议并作部署，表示…). Weak triggers (表示, 带领, 来到) count only where the sentence names
an event. 重要讲话 without 在…上的 is a noun, not a speech at this event. A sentence opening
在某会上， sets the scene for its paragraph; a later paragraph that opens with its own day
and names another meeting is that meeting's (a digest of several).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extraction import lexicon, sentences
from kg.extraction.agreements import ON_BEHALF
from kg.extraction.events import ACCOMPANY, CLAUSE_END, MEETING_VERBS, EventMention, clause_start
from kg.extraction.persons import PersonMention
from kg.graph import schema

_SPEECH_BEFORE = re.compile(r"(?:上|时)(?:发表)?的(?:重要)?$")


@dataclass
class Role:
    person: str
    predicate: str
    event: EventMention
    start: int          # where the trigger is (for the evidence sentence)
    confidence: float
    present: bool = True  # spoke there in person (not a speech relayed from elsewhere)


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
            scene_end = sentences.paragraph(text, s_start)[1]
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
                    and last_word not in ACCOMPANY
                    and _CLAUSE_OPENING.fullmatch(text, clause_start(text, start), start)):
                subjects = last_group   # 甲主持会议并作部署，表示…: the clause goes on with its subject
            if not subjects:
                continue
            if trigger.predicate == schema.SPOKE_AT and not speech_of:
                subjects = _speaking(text, subjects, people, s_start, start)
            if text[max(s_start, start - 2):start] == "重要" and not speech_of:
                continue
            if _FUTURE.search(text, clause_start(text, start), start) and trigger.predicate != schema.SPOKE_AT:
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
                if meeting is not None and trigger.word in MEETING_VERBS:
                    targets = [meeting]
            leader = _accompanied(text, subjects, people, s_start, start) if trigger.word in ACCOMPANY else ""
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
    if main is None or s_start <= sentences.paragraph(text, max(main.start, headline_end + 1))[1] \
            or not _DAY_OPENING.match(text, s_start):
        return None
    named = [e for e in events if s_start <= e.start < s_end and not e.generic and not e.relayed
             and e.name not in main.name and main.name not in e.name]
    return named[0] if named else None


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
        if inside and inside[0].name.startswith(MEETING_VERBS) and meeting is not None:
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
               main: EventMention | None, text: str, end: int) -> list[EventMention]:
    """The event a role verb at `start` (ending at `end`) is about: the one named after it in
    its clause (出席全市某大会), else the last named before it, else the article's."""
    after = [e for e in sentence_events if e.start >= start - 4
             and not CLAUSE_END.intersection(text[end:e.start])]   # 出席并致辞，为某中心揭牌
    if after:
        event = after[0]
        return [main if event.generic and main else event] if not event.generic or main else []
    before = [e for e in sentence_events if e.end <= start and not e.generic]
    if before:
        return [before[-1]]
    if not trigger.strong and not sentence_events:
        return []
    return [main] if main else []


def signers(text: str, sentence_spans: list[tuple[int, int]], people: list[PersonMention],
            events: list[EventMention], article_date: str | None) -> list[Role]:
    """People who sign for a body (甲代表乙签约, 甲、乙分别代表丙和丁签订…) ATTENDED the
    signing: the signing event of their sentence, else of the article; when the article
    names none, the signing as the sentence writes it (签订战略合作协议) is the event."""
    out: list[Role] = []
    for s_start, s_end in sentence_spans:
        for match in ON_BEHALF.finditer(text, s_start, s_end):
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


def guests(people: list[PersonMention], events: list[EventMention], first: EventMention | None) -> list[Role]:
    """会见某集团董事长甲: the one met took part in the meeting as much as the host (at the
    article's one 会见, however the body names it again)."""
    out = []
    for event in events:
        for person in people:
            if event.start < person.start < event.end and not _reporter(person):
                out.append(Role(person.name, schema.ATTENDED, first or event, person.start, 0.8))
    return out


def speakers_attended(roles: list[Role]) -> list[Role]:
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
