"""Dates: the paper's own date, and an article's dateline resolved against it.

A dateline rarely carries a year (`6月15日`) and is often relative (`昨日`,
`10日至昨日`); the year, month and day come from the paper's date: the masthead, else the
date the user gives (`--date`), else the JSONL record's date. Vague datelines (`近日`,
`日前`, `连日来`) are no date at all: the article keeps them as text, never a guess.
Without a paper's date a `11月11日上午` still says month and day: it is kept as a partial
date, `--11-11` (ISO 8601 without the year; `---20` for a bare `20日`), shown as such and
never given a year or month.

Only the dateline dates an article: a date the text mentions in passing (`继今年8月31日之后`,
`自3月1日起`, `截至5月底`) is about something else and is skipped. A page with neither a
masthead date nor `--date` may still carry its date in its file name (`2021-11-13.txt`,
`xcrb-20220616-02.txt`): `date_from_name` reads it, the weakest source of all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# 2022年6月16日, 2022-06-16, 2022/6/16, 2022.6.16, 20220616 (optionally followed by a time).
_FULL_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号]"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d)"
    r"|(?P<m3>[01]\d)(?P<d3>[0-3]\d)(?!\d))"
)
# The same with Chinese numerals: 二〇二二年六月十六日.
_CN_FULL_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)

# Datelines, searched at the start of an article's first paragraph.
_VAGUE = r"近日|日前|近期|连日来|近来|最近|前不久|不久前|近年|今年以来|年初|年底|月初|月底"
_RELATIVE = {"今日": 0, "今天": 0, "昨日": -1, "昨天": -1, "前日": -2, "前天": -2}
_DATELINE = re.compile(
    r"(?P<full>(?:19|20)\d\d年\d{1,2}月\d{1,2}日)"
    r"|(?P<md>\d{1,2}月\d{1,2}日)(?:至(?P<md_to>\d{1,2}月\d{1,2}日|\d{1,2}日|昨日|今日))?"
    r"|(?:(?<=^)|(?<=[,，。、;；:：)）”\s]))(?P<d>\d{1,2})日(?=至|上午|下午|晚|早|凌晨|中午|[,，\d])(?:至(?P<d_to>\d{1,2}日|昨日|今日))?"
    r"|(?P<rel>今日|今天|昨日|昨天|前日|前天)"
    r"|(?P<vague>" + _VAGUE + r")"
)
# How far into the first paragraph a dateline may be (after a quote that opens it, say).
DATELINE_WINDOW = 160
# A date with these words before or after it is mentioned in passing, not the dateline:
# 继今年8月31日之后, 自3月1日起, 截至6月15日, 去年11月11日, 6月15日以来.
_IN_PASSING_BEFORE = re.compile(r"(?:今年|去年|明年|前年|继|自|从|截至|截止|直到|直至|早在|不晚于|迄今)$")
_IN_PASSING_AFTER = re.compile(r"^(?:之后|以后|以来|之前|以前|前后|起|开始|为止|前)")
# A date in a file name: 2021-11-13.txt, xcrb-20220616-02.txt (not inside a longer number
# or a hex id: the digits stand between separators).
_NAME_DATE = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?![0-9A-Za-z])")


@dataclass(frozen=True)
class Dateline:
    """The dateline of an article: `iso` when it resolves to a day, always the text;
    `partial` (--MM-DD) when it names month and day but no year can be given to it."""

    text: str
    iso: str | None
    partial: str | None = None


def date_from_name(file: str) -> str | None:
    """The ISO date a file name carries (2021-11-13.txt, xcrb-20220616-02.txt), else the
    name of its folder (2022-06-16/page01.txt), or None."""
    parts = [p for p in re.split(r"[\\/]", file) if p]
    for name in reversed(parts[-2:]):
        for m in _NAME_DATE.finditer(name):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return None


def _in_passing(window: str, m: re.Match[str]) -> bool:
    """A date the sentence mentions about something else (继今年8月31日之后, 自3月1日起)."""
    if m["vague"] or m["rel"]:
        return False
    return bool(_IN_PASSING_BEFORE.search(window[max(0, m.start() - 4):m.start()])
                or _IN_PASSING_AFTER.match(window[m.end():m.end() + 3]))


def parse_date(value: object) -> str | None:
    """An ISO date from a date as people and crawlers write it, or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    m = _FULL_DATE.search(text)
    if m:
        y = int(m["y"])
        mo = int(m["m1"] or m["m2"] or m["m3"])
        d = int(m["d1"] or m["d2"] or m["d3"])
        return _iso(y, mo, d)
    m = _CN_FULL_DATE.search(text)
    if m:
        y = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        return _iso(y, _cn_number(m.group(2)), _cn_number(m.group(3)))
    return None


def find_dateline(paragraph: str, page_date: str | None) -> Dateline | None:
    """The dateline near the start of `paragraph`, resolved with the paper's date.

    A range (`10日至昨日`) resolves to its first day: the day the reported event began.
    """
    # A precise date anywhere in the window beats a vague word before it
    # ("连日来, ..." 11月11日, 有关负责人介绍).
    window = paragraph[:DATELINE_WINDOW]
    found = [m for m in _DATELINE.finditer(window) if not _in_passing(window, m)]
    m = next((m for m in found if not m["vague"]), None) or next(iter(found), None)
    if not m:
        return None
    text = m.group(0)
    if m["vague"]:
        return Dateline(text, None)
    base = _to_date(page_date)
    if m["full"]:
        return Dateline(text, parse_date(m["full"]))
    if base is None:
        partial = None
        if m["md"]:
            month, day = (int(x) for x in re.findall(r"\d+", m["md"]))
            partial = _month_day(month, day)
        elif m["d"] and 1 <= int(m["d"]) <= 31:
            partial = f"---{int(m['d']):02d}"   # a day of a month the page does not give
        return Dateline(text, None, partial)
    if m["rel"]:
        return Dateline(text, (base + timedelta(days=_RELATIVE[m["rel"]])).isoformat())
    if m["md"]:
        month, day = (int(x) for x in re.findall(r"\d+", m["md"]))
        return Dateline(text, _month_day_before(base, month, day))
    day = int(m["d"])
    return Dateline(text, _day_before(base, day))


def _month_day_before(base: date, month: int, day: int) -> str | None:
    # A paper reports the past: 12月30日 in a paper of 2023-01-02 is in 2022.
    year = base.year
    iso = _iso(year, month, day)
    if iso is not None and iso > base.isoformat():
        # A dateline a little ahead (an announced event) stays in the paper's year.
        ahead = date.fromisoformat(iso) - base
        if ahead.days > 60:
            iso = _iso(year - 1, month, day)
    return iso


def _day_before(base: date, day: int) -> str | None:
    # `10日` means the paper's month, unless that is after the paper's day (then the
    # previous month): `28日` in a paper of 3 June is 28 May.
    if day <= base.day:
        return _iso(base.year, base.month, day)
    # A later day this month is an announced event (今日起, 20日10时将举行) only when close.
    if day - base.day <= 7:
        return _iso(base.year, base.month, day)
    prev = base.replace(day=1) - timedelta(days=1)
    return _iso(prev.year, prev.month, day)


def _month_day(month: int, day: int) -> str | None:
    # a day that exists in some year (2月29日 too)
    return f"--{month:02d}-{day:02d}" if _iso(2000, month, day) else None


def _to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text]
