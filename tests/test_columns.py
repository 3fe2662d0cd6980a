"""Columns read out of order (reading.columns): paragraphs back to the article they belong to.

The pages are written for these tests in the style of a city paper's front page: an
article complete in its column, then the rests of two articles whose beginnings are
printed further down, each stopping mid-sentence where its column ended.
"""
from __future__ import annotations

from kg.reading.columns import opens_as_continuation
from kg.reading.reader import read_text

MASTHEAD = "青川日报\n\n2023年4月12日\n星期三\n第8121期 今日8版\n\n"

MEETING = (
    "周立新主持召开市政府常务会议\n\n"
    "本报讯(记者 韩晓)4月11日,市长周立新主持召开市政府常务会议,研究一季度经济运行和春季造林等工作。\n\n"
    "副市长钱文博、孙丽出席会议。\n\n"
    "会议听取了一季度全市经济运行情况汇报,要求紧盯主要指标,抓好工业生产和项目投资,确保上半年实现时间过半、任务过半。\n\n"
    "会议还研究了全市春季造林绿化工作,要求抓住植树黄金期,完成新造林面积目标。\n\n"
)
# The rest of the flood-control article and of the food-safety article, printed here.
FLOOD_REST = (
    "度汛方案,逐库逐堤落实防汛责任人。要加强水库、河道和堤防巡查,汛期雨情水情每日会商,确保安全度汛。\n\n"
    "会上,孙丽向各县区防汛责任人颁发了防汛任务书。\n\n"
)
FOOD_REST = (
    "检抽检,对学校食堂、农贸市场和网络订餐逐户检查,发现问题立即整改,确保群众舌尖上的安全。\n\n"
    "钱文博强调,各级市场监管部门要压实食品安全属地责任,守住不发生系统性食品安全风险的底线。\n\n"
)
FLOOD = (
    "全市防汛工作会议召开\n\n孙丽出席会议并讲话\n\n"
    "本报讯(记者 李岩)4月11日,全市防汛工作会议召开。副市长孙丽出席会议并讲话。\n\n"
    "孙丽指出,今年汛期降雨偏多,各县区要把防汛责任落实到每一座水库、每一段堤防,修订完善水库"
)
FOOD = (
    "全市食品安全工作推进会召开\n\n"
    "本报讯(记者 李岩)4月11日,全市食品安全工作推进会召开。副市长钱文博出席会议。\n\n"
    "钱文博要求,各级市场监管部门要把食品安全摆在突出位置,开展食品安全专项整治,加大食品安全监"
)


def _by_title(articles):
    return {a.title: a for a in articles}


def test_rests_of_two_articles_go_back_to_them_in_order():
    page = MASTHEAD + MEETING + FLOOD_REST + FOOD_REST + FLOOD + "\n\n" + FOOD + "\n"
    found = _by_title(read_text(page, file="p.txt"))
    meeting = found["周立新主持召开市政府常务会议"]
    flood = found["全市防汛工作会议召开"]
    food = found["全市食品安全工作推进会召开"]
    assert "防汛" not in meeting.body and "食品" not in meeting.body
    assert "会议还研究了全市春季造林绿化工作" in meeting.body
    # the cut sentence goes on in the same paragraph
    assert "修订完善水库度汛方案,逐库逐堤落实防汛责任人。" in flood.body
    assert flood.body.endswith("会上,孙丽向各县区防汛责任人颁发了防汛任务书。")
    assert "加大食品安全监检抽检,对学校食堂" in food.body
    assert food.body.endswith("守住不发生系统性食品安全风险的底线。")
    assert {a.title for a in found.values()} == {meeting.title, flood.title, food.title}


def test_a_dangling_article_whose_rest_is_on_another_page_takes_nothing():
    page = MASTHEAD + MEETING + FLOOD + "\n"
    found = _by_title(read_text(page, file="p.txt"))
    meeting = found["周立新主持召开市政府常务会议"]
    assert meeting.body.endswith("完成新造林面积目标。")
    assert found["全市防汛工作会议召开"].body.endswith("修订完善水库")


def test_a_paragraph_that_fits_no_article_is_kept_apart():
    stray = ("会议强调,要做好古籍普查登记,推进地方文献数字化,让馆藏典籍活起来,"
             "方志馆和档案馆要联合编目、共享书目。\n\n")
    page = MASTHEAD + MEETING + FLOOD_REST + stray + FLOOD + "\n"
    articles = read_text(page, file="p.txt")
    found = _by_title(articles)
    assert "古籍" not in found["周立新主持召开市政府常务会议"].body
    assert "古籍" not in found["全市防汛工作会议召开"].body
    [apart] = [a for a in articles if "古籍" in a.body]
    assert apart.title == "" and dict(apart.extra).get("fragment") is True
    assert "颁发了防汛任务书" in found["全市防汛工作会议召开"].body


def test_a_piece_at_the_top_of_a_page_that_opens_as_a_continuation_is_a_fragment():
    page = ("会议强调,要持续深化放管服改革,把企业开办时间压缩到一个工作日以内。\n\n"
            "全市春耕生产现场会召开\n\n本报讯(记者 李岩)4月11日,全市春耕生产现场会召开。\n")
    first, second = read_text(page, file="p.txt", date="2023-04-12")
    assert first.title == "" and dict(first.extra).get("fragment") is True
    assert second.title == "全市春耕生产现场会召开" and "fragment" not in dict(second.extra)


def test_continuation_openings():
    for text in ("会议强调,要压实责任。", "会上,孙丽颁发了任务书。", "马正兰指出,要加强监督。",
                 "他表示,将继续推进。", "“同时,要抓好落实。"):
        assert opens_as_continuation(text), text
    for text in ("4月11日,全市防汛工作会议召开。", "近年来,我市持续推进老旧小区改造。",
                 "市委常委、副市长钱文博出席会议。"):
        assert not opens_as_continuation(text), text
