"""Dates: the paper's own date, and an article's dateline resolved against it.

A dateline rarely carries a year (`6月15日`) and is often relative (`昨日`,
`10日至昨日`); the year, month and day come from the paper's date: the masthead, else the
date the user gives (`--date`), else the JSONL record's date. Vague datelines (`近日`,
`日前`, `连日来`) are no date at all: the article keeps them as text, never a guess.
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


@dataclass(frozen=True)
class Dateline:
    """The dateline of an article: `iso` when it resolves to a day, always the text."""

    text: str
    iso: str | None


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
    m = next((m for m in _DATELINE.finditer(window) if not m["vague"]), None) or _DATELINE.search(window)
    if not m:
        return None
    text = m.group(0)
    if m["vague"]:
        return Dateline(text, None)
    base = _to_date(page_date)
    if m["full"]:
        return Dateline(text, parse_date(m["full"]))
    if base is None:
        return Dateline(text, None)
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
