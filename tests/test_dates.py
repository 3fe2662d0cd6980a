"""Datelines resolved against the paper's date; vague ones kept as text, never guessed."""
from __future__ import annotations

import pytest

from kg.reading.dates import date_from_name, find_dateline, parse_date


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


@pytest.mark.parametrize("paragraph, partial", [
    ("11月11日上午,区委理论学习中心组召开专题学习会。", "--11-11"),
    ("12月6日下午,市委书记主持召开专题会议。", "--12-06"),
    ("“群众的事就是大事。”11月10日,社区召开宣讲会。", "--11-10"),
    ("2月29日,会议召开。", "--02-29"),           # a day some year has
    ("20日10时,我市将举行摇号。", "---20"),       # a day of a month the page does not give
])
def test_partial_dateline_without_a_paper_date(paragraph, partial):
    found = find_dateline(paragraph, None)
    assert found is not None and found.iso is None
    assert found.partial == partial


def test_partial_is_only_for_a_year_nobody_gives():
    assert find_dateline("11月11日上午,会议召开。", "2021-11-13").partial is None
    assert find_dateline("近日,社区召开党员大会。", None).partial is None
    assert find_dateline("2月30日,会议召开。", None).partial is None


@pytest.mark.parametrize("paragraph, page, iso", [
    # a date the sentence mentions about something else is not the dateline
    ("继今年8月31日之后,我市再次举办招聘会。9月5日,招聘会在市体育馆举行。", "2022-09-06", "2022-09-05"),
    ("自3月1日起,全市开展安全生产大检查。3月4日,检查组来到许由街道。", "2022-03-05", "2022-03-04"),
    ("截至6月10日,全市已完成造林面积2.1万亩。昨日,记者从市林业局获悉。", "2022-06-16", "2022-06-15"),
    ("6月1日以来,全市共受理诉求300余件。近日,市政务服务中心公布。", "2022-06-16", None),
])
def test_a_date_in_passing_is_not_the_dateline(paragraph, page, iso):
    found = find_dateline(paragraph, page)
    assert found is not None and found.iso == iso


def test_no_dateline_when_every_date_is_in_passing():
    assert find_dateline("自3月1日起,全市开展安全生产大检查。", "2022-03-05") is None


@pytest.mark.parametrize("name, iso", [
    ("2021-11-13.txt", "2021-11-13"),
    ("pages/xcrb-20220616-02.txt", "2022-06-16"),
    ("/data/ayrb/2021_11_13/page03.txt", "2021-11-13"),   # the folder names the day
    ("001_f7dda7cb8a471f7b.txt", None),                   # a hash is not a date
    ("page_20221301.txt", None),                          # no 13th month
    ("scan20220616.txt", None),                           # digits glued to a word
])
def test_date_from_name(name, iso):
    assert date_from_name(name) == iso
