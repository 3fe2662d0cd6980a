"""The reader on the five real OCR'd pages in ../shared/corpus/seeds.

Pages 001 and 002 are checked against the hand-made gold (../shared/gold): every gold
article is found with its title, date and reporters. The other pages were read by hand;
the facts below are what a reader of the page sees.

Article counts carry a tolerance of one: a page's photo-news items (a captioned photo with
no headline) and column banners are the one place where "is this an article" is a matter of
layout judgement; everything else on these pages is unambiguous and checked by title.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.graph.records import Article
from kg.reading.reader import read_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold"

pytestmark = [
    pytest.mark.seeds,
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed pages not found at {SEEDS}"),
]


def _read(name: str, **kw) -> list[Article]:
    items = list(read_paths([SEEDS / name], **kw))
    assert all(isinstance(i, Article) for i in items), items
    return items


def _by_title(articles: list[Article]) -> dict[str, Article]:
    return {a.title: a for a in articles}


def test_001_must_show():
    articles = _by_title(_read("001_f7dda7cb8a471f7b.txt"))
    a = articles["刘涛主持召开市政府常务会议"]
    assert (a.date, a.newspaper, a.city, a.reporters) == ("2022-06-15", "许昌日报", "许昌市", ("石冠兵",))
    assert (a.page_date, a.issue) == ("2022-06-16", "第9705期")
    assert "中央政治局第三十九次集体学习" in a.body
    renda = articles["全市县(市、区)人大常委会主任座谈会召开"]
    assert "王堃提出四点要求" in renda.body and "王\n" not in renda.body


@pytest.mark.parametrize("gold_file", ["001_f7dda7cb8a471f7b.json", "002_9369ac743633a192.json"])
def test_gold_articles(gold_file):
    if not (GOLD / gold_file).exists():
        pytest.skip(f"gold file not found: {GOLD / gold_file}")
    gold = json.loads((GOLD / gold_file).read_text(encoding="utf-8"))
    articles = _read(gold["seed"])
    found = _by_title(articles)
    assert abs(len(articles) - len(gold["articles"])) <= 1
    for g in gold["articles"]:
        assert g["title"] in found, (g["title"], list(found))
        a = found[g["title"]]
        assert a.date == g["date"], g["title"]
        assert list(a.reporters) == g["reporters"], g["title"]
        assert list(a.correspondents) == g["correspondents"], g["title"]
        assert a.city == gold["city"]
        assert a.newspaper == gold["source"]
        assert a.page_date == gold["pub_date"]


def test_001_page_furniture_and_digest():
    articles = _read("001_f7dda7cb8a471f7b.txt")
    text = "\n".join(a.text for a in articles)
    for furniture in ("02 | 要闻", "下转第二版", "导读", "XUCHANG DAILY", "总编辑"):
        assert furniture not in text
    assert "王志宏参加全市2022年防范非法集资广场宣传日活动" in dict(articles[0].extra)["digest"]


def test_000_luoyang_page_without_masthead():
    articles = _read("000_05ef3644c4b75f80.txt")
    assert abs(len(articles) - 7) <= 1
    found = _by_title(articles)
    assert {a.city for a in articles} == {"洛阳市"} and {a.newspaper for a in articles} == {None}
    letter = found["一封手写信的背后"]
    assert letter.reporters == ("王若馨",) and letter.correspondents == ("张惠文",)
    assert (letter.date, letter.date_text) == (None, "近日")
    # A photo caption and a banner sat inside this sentence.
    assert "他就主动找到社区要求当基层防疫志愿者" in letter.body
    assert "张同志(右一)参与疫情防控工作" in letter.captions
    assert "张同志只是长春社区党旗在疫情防控一线高高飘扬的一个缩影。" in letter.body
    lab = found["我市获批首个省级重点实验室分实验室"]
    assert (lab.reporters, lab.correspondents) == (("戚帅华",), ("王亚丽",))
    assert lab.date is None and lab.date_text == "昨日"  # no paper date on the page: not guessed
    xinfang = found["宜阳县信访局: 群策群力畅通“网上信访高速路”"]
    assert xinfang.reporters == ("赵学敏", "张晓伟", "叶云娜")
    assert "考核培训锻造业务尖兵" in xinfang.body.split("\n")
    assert dict(found["夯实做大增量的“高新平台”"].extra)["authors"] == ("郭旭光",)
    assert "防控疫情 志愿同行" in found


def test_002_fragments_joined():
    articles = _read("002_9369ac743633a192.txt")
    text = "\n".join(a.text for a in articles)
    assert "洛阳万景祥牡丹产业科技有限公司" in text
    assert "让党的好声音不断线" in text
    special = _by_title(articles)["产业转型紧锣密鼓 高质量发展势头更足"]
    assert dict(special.extra)["authors"] == ("徐凤胜", "周奎")
    assert "万景祥研发中心" in special.captions


def test_003_anyang_page():
    articles = _read("003_10cad8e984222598.txt")
    assert abs(len(articles) - 8) <= 1
    found = _by_title(articles)
    assert {a.city for a in articles} == {"安阳市"}
    feature = found["践行为民初心 厚植为民情怀"]
    assert feature.subtitle == "——文峰区(高新区)开展“我为群众办实事”实践活动纪实"
    assert (feature.reporters, feature.correspondents) == (("周俊英",), ("张梦珂",))
    assert "坚持实践导向 急难险重显担当" in feature.body.split("\n")
    assert "文峰区(高新区)把防汛救灾、灾后重建、疫情防控、农村人居环境整治提升等急难险重任务" in feature.body
    tour = found["民生无小事 枝叶总关情"]
    assert (tour.reporters, tour.correspondents) == (("刘斐",), ("刘志路", "郭俊良"))
    assert "了解受影响的农田和当前农民秋收秋种情况" in tour.body
    assert "区委第三巡察组在施工现场督导(资料图)" in tour.captions
    assert found["育才西社区 把党代会精神传入千家万户"].date_text == "11月10日"
    dated = _by_title(_read("003_10cad8e984222598.txt", date="2021-11-13"))
    assert dated["育才西社区 把党代会精神传入千家万户"].date == "2021-11-10"
    assert dated["光华路街道 抓好大气污染防治 持续改善空气质量"].date == "2021-11-11"


def test_004_zhengzhou_page_paper_from_byline():
    articles = _read("004_fc4408f504cd7950.txt")
    assert abs(len(articles) - 8) <= 1
    found = _by_title(articles)
    assert {a.newspaper for a in articles} == {"郑州日报"}  # from 郑报全媒体记者
    assert {a.city for a in articles} == {"郑州市"}
    first = found["社区治理「两线齐管」护航群众幸福生活"]  # under the page banner 新时代 新征程 新伟业
    assert (first.reporters, first.correspondents) == (("卢文军",), ("张亚波",))
    meeting = found["全面做好重点领域工作今年收尾明年谋划为高质量发展夯基础壮筋骨活气血扬龙头"]
    assert meeting.reporters == ("陈锋", "钟亚文") and meeting.date_text == "12月6日"
    assert "会议听取了氢燃料电池汽车产业、国际消费中心城市创建" in meeting.body
    assert found["发挥优秀示范点带动效应 加快推进清廉郑州建设"].date_text == "近日"
    dated = _by_title(_read("004_fc4408f504cd7950.txt", date="2022-12-07"))
    assert dated[meeting.title].date == "2022-12-06"
    assert dated["“有诉即办”解难题 让政务服务更贴心"].date == "2022-12-05"


def test_reading_twice_gives_the_same_ids():
    first = [a.id for a in read_paths([SEEDS])]
    second = [a.id for a in read_paths([SEEDS])]
    assert first == second and len(set(first)) == len(first)
