"""Page -> articles on small hand-made pages: each OCR quirk the real pages have."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.reading.bylines import is_byline_line, parse_roles, split_names, split_opening
from kg.reading.reader import read_text

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"


def _one(articles, title):
    found = [a for a in articles if a.title == title]
    assert len(found) == 1, [a.title for a in articles]
    return found[0]


def test_masthead_date_paper_issue_city():
    page = "\n\n许昌日报\n\nXUCHANG DAILY\n\n2022年6月16日\n星期四 农历壬寅年五月十八\n第9705期 今日8版\n\n" \
           "会议召开\n\n本报讯(记者 李明)昨日,会议召开。\n"
    (a,) = read_text(page, file="p.txt")
    assert (a.newspaper, a.page_date, a.issue, a.city) == ("许昌日报", "2022-06-16", "第9705期", "许昌市")
    assert a.date == "2022-06-15" and a.reporters == ("李明",)
    assert "XUCHANG" not in a.text and "星期四" not in a.text


def test_broken_word_and_name_joined():
    page = ("市政府常务会议召开\n\n本报讯(记者 李明)6月15日,会议传达了中央政\n\n"
            "治局会议精神。就做好工作,王\n\n堃提出要求。\n")
    (a,) = read_text(page, file="p.txt", date="2022-06-16")
    assert "中央政治局会议精神。就做好工作,王堃提出要求。" in a.body


@pytest.mark.parametrize("note", ["（全文另发）", "（完）"])
def test_an_editors_note_after_the_last_sentence_ends_the_paragraph(note):
    # the next line is a paragraph of its own (its sentence, its event name), and the note
    # is no reporter's name
    page = ("全市座谈会召开\n\n本报讯(记者 李明)6月15日,全市座谈会召开。市长王建设讲话。"
            f"{note}\n\n会议由副市长赵红霞主持。\n")
    (a,) = read_text(page, file="p.txt", date="2022-06-16")
    assert f"市长王建设讲话。{note}\n会议由副市长赵红霞主持。" in a.body
    assert a.reporters == ("李明",)
    # names in brackets there are still the reporters
    (b,) = read_text(page.replace(note, "（张明远 李红）"), file="p.txt", date="2022-06-16")
    assert set(b.reporters) == {"李明", "张明远", "李红"}


def test_caption_and_banner_inside_a_sentence_are_skipped():
    page = ("社区故事\n\n□本报记者 周明\n\n“那有啥。”他说,在得知消息后,他就主动找到社区要求当基层\n\n党旗高高飘扬\n\n"
            "张同志(右一)参与防控工作\n\n防疫志愿者,社区为他安排了傍晚的执勤。\n")
    (a,) = read_text(page, file="p.txt")
    assert "要求当基层防疫志愿者,社区为他安排了傍晚的执勤。" in a.body
    assert "张同志(右一)参与防控工作" in a.captions
    assert "党旗高高飘扬" not in a.body


def test_furniture_dropped():
    page = ("会议召开\n\n本报讯(记者 李明)昨日,会议召开。会议强调,要把贯彻落实部署、(下转第二版)\n\n"
            "导读\n\n某某出席颁奖仪式\n\n某某参加宣传日活动\n\n02 | 要闻\n")
    (a,) = read_text(page, file="p.txt")
    assert "下转" not in a.body and "导读" not in a.body and "要闻" not in a.body
    assert "颁奖仪式" not in a.body
    assert dict(a.extra)["digest"] == ("某某出席颁奖仪式", "某某参加宣传日活动")


def test_reversed_two_line_headline():
    page = ("「手拉手」共建美好家园\n\n二百八十三名机关干部下沉,与基层干部\n\n"
            "本报记者胡晨\n通讯员张国辉郭磊\n\n6月10日,活动开展。\n")
    (a,) = read_text(page, file="p.txt", date="2022-06-16")
    assert a.title == "二百八十三名机关干部下沉,与基层干部「手拉手」共建美好家园"
    assert a.reporters == ("胡晨",) and a.correspondents == ("张国辉", "郭磊")
    assert a.date == "2022-06-10"


def test_kicker_title_subtitle():
    page = ("许昌学院\n\n科技“引擎”助推“校地共生”\n\n"
            "本报讯(记者松召峰 通讯员杜根 钟伟平)在6月10日召开的会议上,学院作出部署。\n\n"
            "刘涛主持召开市政府常务会议\n\n传达重要讲话精神 研究专项规划编制等工作\n\n"
            "本报讯(记者石冠兵)6月15日,会议召开。\n")
    first, second = read_text(page, file="p.txt", date="2022-06-16")
    assert (first.title, first.subtitle) == ("科技“引擎”助推“校地共生”", "许昌学院")
    assert first.reporters == ("松召峰",) and first.correspondents == ("杜根", "钟伟平")
    assert (second.title, second.subtitle) == ("刘涛主持召开市政府常务会议", "传达重要讲话精神 研究专项规划编制等工作")
    assert second.date == "2022-06-15"


def test_end_byline_closes_the_article_and_trailing_names():
    page = ("全面加强政治功能\n\n今年是强化年。\n\n本报记者 李梦龙 通讯员 张伊霖\n\n"
            "信访局: 畅通网上信访\n\n作为重要工作,信访工作质量关系群众利益。\n\n考核培训锻造业务尖兵\n\n"
            "该局落实制度,营造和谐环境。(赵学敏 张晓伟 叶云娜)\n")
    first, second = read_text(page, file="p.txt")
    assert first.reporters == ("李梦龙",) and first.correspondents == ("张伊霖",)
    assert second.title == "信访局: 畅通网上信访"
    assert second.reporters == ("赵学敏", "张晓伟", "叶云娜")
    assert "考核培训锻造业务尖兵" in second.body.split("\n")  # a sub-heading stays inside
    assert not second.body.endswith(")")


def test_ids_are_stable_and_distinct():
    text = (SAMPLE / "page_01.txt").read_text(encoding="utf-8")
    once = read_text(text, file=str(SAMPLE / "page_01.txt"))
    again = read_text(text, file=str(SAMPLE / "page_01.txt"))
    assert [a.id for a in once] == [a.id for a in again]
    assert len({a.id for a in once}) == len(once)
    # The same page under another directory keeps its ids (they name the file, not the path).
    elsewhere = read_text(text, file="/somewhere/else/page_01.txt")
    assert [a.id for a in elsewhere] == [a.id for a in once]


def test_city_inferred_without_masthead_and_overridden():
    text = (SAMPLE / "page_02.txt").read_text(encoding="utf-8")
    assert {a.city for a in read_text(text, file="p.txt")} == {"漯河市"}
    assert {a.city for a in read_text(text, file="p.txt", city="许昌")} == {"许昌市"}


def test_sample_pages_person_in_two_articles():
    articles = [a for name in ("page_01.txt", "page_02.txt")
                for a in read_text((SAMPLE / name).read_text(encoding="utf-8"), file=name)]
    assert sum("宋立衡" in a.text for a in articles) >= 2
    signing = _one(articles, "源汇区与华澜食品集团签约冷链物流产业园项目")
    assert signing.subtitle == "总投资42亿元" and "总投资42亿元" in signing.body
    meeting = _one(articles, "全市优化营商环境工作推进会召开")
    assert "市人大常委会副主任殷学礼、市政协副主席闵慧琳参加会议。" in meeting.body


def test_split_names_with_surnames():
    assert split_names("张国辉郭磊") == ["张国辉", "郭磊"]
    assert split_names("王若馨张惠文") == ["王若馨", "张惠文"]
    assert split_names("松召峰") == ["松召峰"]
    assert split_names("欧阳修文") == ["欧阳修文"]
    assert split_names("杜根 钟伟平") == ["杜根", "钟伟平"]


def test_byline_forms():
    by, rest = split_opening("本报讯(郑报全媒体记者 陈锋 钟亚文)12月6日下午,会议召开。")
    assert by.reporters == ["陈锋", "钟亚文"] and by.paper_short == "郑报" and rest.startswith("12月6日")
    assert parse_roles("记者 郭飞飞 通讯员 于潘峰 摄").reporters == ["郭飞飞"]
    assert parse_roles("徐凤胜 周奎文/图").authors == ["徐凤胜", "周奎"]
    assert is_byline_line("□本报记者 周俊英 通讯员 张梦珂")
    assert not is_byline_line("记者基层行")  # a column name, not a person


@pytest.mark.parametrize("opening, reporters, agencies, dispatch, filed", [
    # an agency's dispatch: the agency is where the story comes from, never a reporter
    ("新华社南州3月2日电(记者石明远)今天", ["石明远"], ["新华社"], "新华社", "南州"),
    # reporters of two outlets: each outlet named once, only the persons as reporters
    ("新华社北京１月６日电（中央人民广播电台记者钱小川，新华社记者孙明远、李红）会议",
     ["钱小川", "孙明远", "李红"], ["新华社", "中央人民广播电台"], "新华社", "北京"),
    ("新华社西岭4月8日电（西岭日报记者钱晓、新华社记者王运达）今天", ["钱晓", "王运达"],
     ["新华社", "西岭日报"], "新华社", "西岭"),
    # a paper's own story with a wire reporter credited, written before 报道:
    ("本报北京12月30日讯新华社记者周立、本报记者韩明报道：今晚", ["周立", "韩明"], ["新华社"], None, "北京"),
    ("本报讯(记者 韩雪松)3月7日", ["韩雪松"], [], None, None),
    ("本报综合讯 今天", [], [], None, "综合"),   # the extractor decides 综合 is no place
])
def test_agency_bylines(opening, reporters, agencies, dispatch, filed):
    by, _rest = split_opening(opening)
    assert by.reporters == reporters
    assert by.agencies == agencies and by.dispatch == dispatch and by.filed_from == filed


def test_an_agency_dispatch_gives_the_paper_and_keeps_its_date():
    page = "钱副省长在南州考察\n\n新华社南州3月2日电(记者石明远 新华社记者李红)今天，钱副省长在南州考察。\n"
    article, = read_text(page, file="wire.txt")
    assert article.reporters == ("石明远", "李红")      # not 新华社
    assert article.newspaper == "新华社" and dict(article.extra)["agencies"] == ("新华社",)
    assert article.date_partial == "--03-02"            # the dispatch's date, from the opening
    assert dict(article.extra)["filed_from"] == "南州"


def test_a_paper_named_on_the_page_stays_the_paper_of_a_dispatch():
    page = "西岭日报\n2024年3月3日\n\n考察活动\n\n新华社南州3月2日电(记者石明远)今天，钱副省长考察。\n"
    article = read_text(page, file="wire.txt")[-1]
    assert article.reporters == ("石明远",)
    assert article.newspaper != "新华社"


@pytest.mark.parametrize("page", [
    "本报讯(记者 ",                                  # a byline cut off at the end of the page
    "本报讯(记者 韩雪松)3月7日,市长宋某主持召开会议。",   # an article with no headline above
    "上一篇的正文。\n\n本报讯(记者 韩雪松)3月7日,副市长某某出席活动。",
])
def test_opening_line_without_headline_is_read_once(page):
    articles = read_text(page, file="opening.txt")
    assert len(articles) <= 2
    assert all("韩雪松" not in a.body for a in articles)


PAGE_WITHOUT_MASTHEAD = ("区委理论学习中心组召开专题学习会\n\n"
                         "本报讯(记者 周明)11月11日上午,区委理论学习中心组召开专题学习会。\n\n"
                         "社区开展宣讲活动\n\n本报讯(记者 刘红)近日,社区开展宣讲活动。\n")


def test_a_page_without_masthead_keeps_partial_dates():
    meeting, talk = read_text(PAGE_WITHOUT_MASTHEAD, file="ayrb/page03.txt")
    assert (meeting.date, meeting.date_partial, meeting.page_date) == (None, "--11-11", None)
    assert meeting.best_date == "--11-11"
    assert (talk.date, talk.date_partial, talk.best_date) == (None, None, None)


def test_the_file_name_dates_a_page_when_nothing_better_does():
    meeting, talk = read_text(PAGE_WITHOUT_MASTHEAD, file="ayrb/2021-11-13.txt")
    assert (meeting.date, meeting.page_date, meeting.date_partial) == ("2021-11-11", "2021-11-13", None)
    assert talk.best_date == "2021-11-13"   # 近日: the paper's date, as with a masthead
    (dated,) = read_text(PAGE_WITHOUT_MASTHEAD.split("社区开展")[0], file="xcrb-20220616-02.txt",
                         date="2021-11-13")
    assert dated.page_date == "2021-11-13"  # --date beats the file name
    masthead = "许昌日报\n\n2022年6月16日\n星期四\n\n"
    (headed,) = read_text(masthead + PAGE_WITHOUT_MASTHEAD.split("社区开展")[0], file="2021-11-13.txt")
    assert headed.page_date == "2022-06-16"  # and the masthead beats both
