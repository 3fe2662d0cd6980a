"""All an article says happened: its events, the main one, roles, agreements, venues.

The rules that join the parts live here: one trip per article (a second 考察 is the same
inspection), one 会见 per article (the body names again whom the headline's met).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extraction.agreements import Agreement, find_agreements
from kg.extraction.events import MEETING_VERBS, EventMention, find_events, main_event
from kg.extraction.persons import PersonMention
from kg.extraction.roles import Role, find_roles, guests, signers, speakers_attended
from kg.extraction.venues import Venue, find_venues


@dataclass
class ArticleEvents:
    events: list[EventMention] = field(default_factory=list)
    main: EventMention | None = None
    roles: list[Role] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    venues: list[Venue] = field(default_factory=list)


def analyse(text: str, headline_end: int, sentence_spans: list[tuple[int, int]],
            people: list[PersonMention], article_date: str | None) -> ArticleEvents:
    """The events of one text (an article, or one page line), with `headline_end` where its
    headline ends (the main event is the headline's first) and the people already found."""
    events = find_events(text, article_date, people)
    main = main_event(events, headline_end)
    if main is not None and main.type == "inspection":
        # one trip per article: 在湖南调研, 先后考察, 在湘考察期间 are the same inspection
        for event in events:
            if event is not main and event.type == "inspection" and not event.relayed:
                event.generic = True
    meetings = [e for e in events if e.name.startswith(MEETING_VERBS) and not e.generic]
    for event in meetings[1:]:
        # one 会见 per article: the body names again whom the headline's 会见 met
        event.generic = True
    first_meeting = meetings[0] if meetings else None
    result = ArticleEvents(events=events, main=main)
    result.roles = find_roles(text, sentence_spans, people, events, main, first_meeting, headline_end)
    result.roles += guests(people, [e for e in events if e.name.startswith(MEETING_VERBS)], first_meeting)
    result.roles += speakers_attended(result.roles)
    result.roles += signers(text, sentence_spans, people, events, article_date)
    result.agreements = find_agreements(text, sentence_spans)
    result.venues = find_venues(text, sentence_spans, events, main, result.roles)
    return result
