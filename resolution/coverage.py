"""What the resolved graph knows and what it says it does not: dated articles, posts.

- Articles: dated to the day, dated in part (--11-11: the page gives no year), undated
  (a page with no masthead, no `--date` and no date in its file name, and a dateline
  that is vague or missing). `kg build` says how many stayed undated and suggests --date.
- Persons with a title: those with a post (a HOLDS_POSITION edge) and those whose
  titles name no body, with the reason (resolution.titles); none should be neither.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.graph.elements import EdgeRecord, NodeRecord

_FULL = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class DateCoverage:
    articles: int = 0
    dated: int = 0       # to the day
    partial: int = 0     # month and day (or day) without a year
    undated: int = 0
    undated_files: list[str] = field(default_factory=list)   # the files of undated articles, once each


def date_coverage(articles: Iterable[NodeRecord]) -> DateCoverage:
    """How many Article nodes have a full date, a partial one, none."""
    out = DateCoverage()
    files: dict[str, None] = {}
    for node in articles:
        out.articles += 1
        date = str(node.prop("date") or "")
        if _FULL.match(date):
            out.dated += 1
        elif date:
            out.partial += 1
        else:
            out.undated += 1
            files.setdefault(str(node.prop("file") or ""), None)
    out.undated_files = [f for f in files if f]
    return out


@dataclass
class PositionCoverage:
    titled: int = 0            # persons with at least one title
    with_post: int = 0         # ... and a HOLDS_POSITION edge
    with_reason: int = 0       # ... no edge, and a stated reason why not
    neither: list[str] = field(default_factory=list)   # names with neither (should be none)
    reasons: Counter[str] = field(default_factory=Counter)   # why not, by reason


def position_coverage(persons: Iterable[NodeRecord], holds: Iterable[EdgeRecord]) -> PositionCoverage:
    """Persons with a title: with a post, with a reason for none, or neither."""
    posted = {e.source for e in holds}
    out = PositionCoverage()
    for node in persons:
        if not node.prop("positions"):
            continue
        out.titled += 1
        if node.id in posted:
            out.with_post += 1
            continue
        reasons = node.prop("no_post") or ()
        if reasons:
            out.with_reason += 1
            out.reasons.update({str(r).split(": ", 1)[-1] for r in reasons})
        else:
            out.neither.append(str(node.prop("name")))
    return out
