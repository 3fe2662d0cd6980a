"""Datelines resolved against the paper's date; vague ones kept as text, never guessed."""
from __future__ import annotations

import pytest

from kg.reading.dates import find_dateline, parse_date


@pytest.mark.parametrize("value, iso", [
    ("2022-06-16", "2022-06-16"),
    ("2022年6月16日", "2022-06-16"),
    ("2022/6/1 08:30:00", "2022-06-01"),
    ("20220616", "2022-06-16"),
    ("二〇二二年六月十六日", "2022-06-16"),
    ("2022-02-30", None),
    ("next tuesday", None),
    ("", None),
    (None, None),
])
def test_parse_date(value, iso):
    assert parse_date(value) == iso


@pytest.mark.parametrize("paragraph, page, iso, text", [
    ("6月15日,市长主持召开会议。", "2022-06-16", "2022-06-15", "6月15日"),
    ("昨日,全市会议召开。", "2022-06-16", "2022-06-15", "昨日"),
    ("10日至昨日,省军区司令员带领工作组来洛。", "2019-06-13", "2019-06-10", "10日至昨日"),
    ("12月30日,会议召开。", "2023-01-02", "2022-12-30", "12月30日"),   # the year before
    ("记者从市教育局获悉,28日10时,摇号。", "2022-06-03", "2022-05-28", "28日"),  # the month before
    ("2021年8月3日,签约。", None, "2021-08-03", "2021年8月3日"),
    # A precise date later in the window beats a vague word before it.
    ("“连日来,我们多措并举。”11月11日,有关负责人介绍。", "2021-11-12", "2021-11-11", "11月11日"),
])
def test_dateline_resolves(paragraph, page, iso, text):
    found = find_dateline(paragraph, page)
    assert found is not None
    assert (found.iso, found.text) == (iso, text)


@pytest.mark.parametrize("paragraph, page", [
    ("近日,社区召开党员大会。", "2022-06-16"),
    ("日前,省科技厅批复。", "2022-06-16"),
    ("6月15日,会议召开。", None),      # no paper date: the year is unknown
    ("昨日,会议召开。", None),
])
def test_dateline_never_guessed(paragraph, page):
    found = find_dateline(paragraph, page)
    assert found is not None and found.iso is None
    assert found.text in paragraph


def test_no_dateline():
    assert find_dateline("会议强调,要抓好落实。", "2022-06-16") is None
