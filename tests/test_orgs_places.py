"""Organizations and places: units, normalisation with the paper's city, chains."""
from kg.extraction import organizations, places, segment


def test_units_cut_at_suffixes():
    assert [u.text for u in organizations.units("市委档案研究室第二科")] == ["市委", "档案研究室", "第二科"]


def test_org_part_drops_sub_units():
    assert organizations.org_part("市委档案研究室第二科") == "市委档案研究室"
    assert organizations.org_part("东湖街道") == ""          # a place, not an organization


def test_normalise_reads_shi_as_the_papers_city():
    assert organizations.normalise("市委组织部", "青川市") == "青川市委组织部"
    assert organizations.normalise("我市教育局", "青川市") == "青川市教育局"
    assert organizations.normalise("中共青川市委", "青川市") == "青川市委"
    assert organizations.normalise("市场监管所", "青川市") == "市场监管所"
    assert organizations.normalise("市委组织部", None) == "市委组织部"


def test_bare_party_department_joins_its_committee():
    assert organizations.normalise("宣传部", "青川市", parent="青川市委") == "青川市委宣传部"
    assert organizations.normalise("政法委", "青川市") == "青川市委政法委"


def test_kinds():
    assert organizations.kind("青川市人大常委会") == "congress"
    assert organizations.kind("青川市水利局") == "government"
    assert organizations.kind("东湖街道党工委") == "party"
    assert organizations.kind("青川发展集团") == "company"


def test_place_chain_with_parents():
    text = "深入东湖区柳岸街道桃园社区走访。"
    found = places.find(text, "青川市", segment.tokens(text))
    assert [(p.name, p.level, p.parent) for p in found] == [
        ("东湖区", "district", "青川市"), ("柳岸街道", "town", "东湖区"), ("桃园社区", "community", "柳岸街道")]
    assert all(text[p.start:p.end] == p.name for p in found)


def test_enumerated_places_share_a_parent():
    text = "来到柳岸街道一号家属院、二号家属院慰问。"
    found = places.find(text, "青川市", segment.tokens(text))
    assert ("二号家属院", "柳岸街道") in [(p.name, p.parent) for p in found]


def test_generic_words_are_no_places():
    text = "全市各社区要维护好小区环境。"
    assert places.find(text, "青川市", segment.tokens(text)) == []


def test_a_place_is_a_name_not_a_kind_of_place_nor_a_phrase():
    text = ("但中心城区仍有部分小区和住宅小区,一个区两区,充分利用该区资源,回顾总结市法学会工作,"
            "《市与区基础设施细则》,在农村,青川军分区司令员出席。")
    assert places.find(text, "青川市", segment.tokens(text)) == []


def test_rare_names_before_a_suffix_stay_places():
    # 瀍 and 窑 are characters jieba knows no word for; 云莲寺, 柳村 it reads as names
    text = "去年年底,瀍溪区北窑街道和老城区在云莲寺镇柳村开展活动。"
    names = [p.name for p in places.find(text, "青川市", segment.tokens(text))]
    assert names == ["瀍溪区", "北窑街道", "老城区", "云莲寺镇", "柳村"]


def test_suffix_that_starts_a_longer_word_is_no_place():
    # 柳岸市场 is a market (市场), 青川区域 an area (区域): neither a 市 nor a 区
    text = "社区毗邻柳岸市场,青川区域内车流大。"
    assert [p.name for p in places.find(text, "青川市", segment.tokens(text))] == []


def test_place_opening_an_organization_name_is_no_place():
    text = "四川省科技厅批复同意。"
    assert places.find(text, "青川市", segment.tokens(text)) == []


def test_province_short_name_and_full_name():
    text = "学习四川、江苏等地经验,赴四川省考察。"
    found = places.find(text, "青川市", segment.tokens(text))
    assert [p.name for p in found] == ["四川", "江苏", "四川省"]


def test_gazetteer_names_written_short():
    # a city anywhere; a county only inside an enumeration of places
    text = "已恢复线路如开封—兰考、通许、尉氏等地,漯河也已恢复。"
    found = places.find(text, "青川市", segment.tokens(text))
    assert [p.name for p in found] == ["开封", "兰考", "通许", "尉氏", "漯河"]
    assert places.canonical("开封") == "开封市" and places.canonical("兰考") == "兰考县"
    assert places.canonical("开封地区") == "开封市" and places.canonical("柳岸街道") == "柳岸街道"
    # …but not inside a company name; a county alone is a place where the recogniser reads one
    text = "开封远航科技有限公司在兰考开展活动。"
    assert [p.name for p in places.find(text, "青川市", segment.tokens(text))] == ["兰考"]


def test_adjective_split_off_a_place_name_stays_in_it():
    text = "东湖镇绿梅家苑社区便民服务大厅"   # jieba: 绿|梅家苑
    names = [p.name for p in places.find(text, "青川市", segment.tokens(text))]
    assert names == ["东湖镇", "绿梅家苑社区"]


def test_county_of_another_city_is_not_put_in_the_papers_city():
    text = "开通青川—兰考县线路。"
    found = {p.name: p.parent for p in places.find(text, "青川市", segment.tokens(text))}
    assert found["兰考县"] == ""          # 开封's, not the paper's city; the text names neither


def test_verb_after_the_first_word_of_a_chain_is_cut_off():
    text = "要有效助力东湖区企业发展,有效助力辖区企业复工。"
    assert [p.name for p in places.find(text, "青川市", segment.tokens(text))] == ["东湖区"]


def test_unit_in_a_places_area_is_located_there():
    from kg.extraction.extract import extract
    from kg.graph.records import Article
    body = ("东湖区辖区企业青川远航科技有限公司申请人才认定。"
            "东湖区辖区内所有建筑工地接受检查。")
    x = extract(Article(id="a1", title="人才", body=body, file="t.txt", city="青川市"))
    located = {(f.subject.name, f.object.name) for f in x.facts
               if f.predicate == "LOCATED_IN" and f.subject.type == "Organization"}
    assert located == {("青川远航科技有限公司", "东湖区")}


# ---- organization relations from signing and holding sentences (issue 11) ----

def _relations(title, body, city="青川市"):
    from kg.extraction.extract import extract
    from kg.graph.records import Article
    x = extract(Article(id="t", title=title, body=body, file="t.txt", city=city, date="2023-03-02"))
    return {(f.subject.name, f.predicate, f.object.name) for f in x.facts
            if f.predicate in ("SIGNED", "COOPERATES_WITH", "ORGANIZED_BY")}


def test_both_parties_of_a_signing_ceremony():
    rel = _relations("签约", "日前,青川银行与远航科技有限公司及远航物流有限公司20亿元授信协议的签字仪式在青川举行。")
    assert ("青川银行", "SIGNED", "远航科技有限公司") in rel
    assert ("青川银行", "SIGNED", "远航物流有限公司") in rel
    rel = _relations("签约", "东湖区政府与远航科技有限公司近日在青川举行项目签约仪式。")
    assert ("东湖区政府", "SIGNED", "远航科技有限公司") in rel


def test_the_body_that_holds_a_meeting_organized_it():
    rel = _relations("会议", "市书法家协会第二次会员代表大会召开。远航科技有限公司今天在东湖区举行年度表彰大会。")
    assert ("市书法家协会第二次会员代表大会", "ORGANIZED_BY", "青川市书法家协会") in rel
    assert ("年度表彰大会", "ORGANIZED_BY", "远航科技有限公司") in rel


def test_no_organizer_from_a_title_or_a_whole_class_of_bodies():
    rel = _relations("会议", "全国气象局长会议召开。全省民政局系统工作会议召开。")
    assert not [r for r in rel if r[1] == "ORGANIZED_BY"]


# ---- places the recogniser reads; no places from slogans, titles, phrases (issue 11) ----

def _places(text):
    return [p.name for p in places.find(text, "青川市", segment.tokens(text))]


def test_countries_cities_and_venues_the_recogniser_reads():
    found = _places("会议在人民大会堂举行，来自法国、德国的代表和湘潭的企业家出席。")
    assert {"人民大会堂", "法国", "德国", "湘潭"} <= set(found)


def test_no_place_from_a_slogan_a_title_or_a_qualifier():
    assert _places("要在“万人助企联乡帮村”活动基础上推进。") == []
    assert _places("合唱《我爱你，中国》震撼了观众。") == []
    assert _places("坚持和完善中国新型政党制度。") == []
    assert _places("要把各项措施落到实处。") == []


def test_two_places_written_together_are_two():
    assert _places("据江苏淮阴市市长介绍。")[:2] == ["江苏", "淮阴市"]


def test_a_kind_of_area_is_no_place_but_a_park_is():
    assert _places("要推动中部地区崛起，建设韧性城市区。") == []
    assert "青川工业园" in _places("李红来到青川工业园，了解企业情况。")


def test_parties_listed_on_both_sides_of_an_agreement():
    rel = _relations("签约", "远航科技有限公司、东湖区政府与青川银行签署战略合作框架协议。")
    assert ("远航科技有限公司", "SIGNED", "青川银行") in rel
    assert ("东湖区政府", "SIGNED", "青川银行") in rel


def test_the_place_a_news_opening_names():
    assert places.filed_from("郑州") == "郑州市"      # the gazetteer's city, written short
    assert places.filed_from("综合") is None          # 本报综合讯 names no place
    assert places.filed_from("专") is None


def test_a_dispatch_gives_its_place_and_no_agency_person():
    from kg.extraction.extract import extract
    from kg.reading.reader import read_text
    page = "会议召开\n\n新华社郑州3月2日电(记者石明远 新华社记者李红)今天，全省会议在这里召开。\n"
    extraction = extract(read_text(page, file="wire.txt")[0])
    names = {(e.type, e.name) for e in extraction.entities}
    assert ("Place", "郑州市") in names
    assert not any(e.type == "Person" and e.name == "新华社" for e in extraction.entities)
    cited = [f.evidence for f in extraction.facts if f.predicate == "MENTIONED_IN" and f.subject.name == "郑州市"]
    assert cited and "新华社郑州3月2日电" in cited[0]


def _found(text, city="洛阳市"):
    return places.find(text, city, segment.tokens(text))


def test_a_site_written_after_its_city_is_the_site_inside_the_city():
    found = {p.name: p for p in _found("洛阳青禾科技园由老厂房改建而成。")}
    assert "青禾科技园" in found and places.canonical(found["青禾科技园"].parent) == "洛阳市"
    assert "洛阳青禾科技园" not in found
    # 许昌市民之家: 市 opens 市民, so the site is 市民之家 of 许昌
    assert places.site_in_city(places.Place("许昌市民之家", "site", "", 0, 6)).name == "市民之家"
    # a common noun after the city is the site's own name: a library, an industrial park
    for whole in ("郑州图书馆", "洛阳工业园"):
        assert places.site_in_city(places.Place(whole, "site", "", 0, len(whole))).name == whole


def test_no_place_across_a_conjunction_or_inside_a_longer_word():
    # 应急营和县: 营 and 县 joined by 和, no county 营和县
    assert not any(p.name.endswith("和县") for p in _found("检查了市民兵应急营和县、区民兵应急连的训练。"))
    # 乡 of 同乡会 is no township
    assert [p.name for p in _found("成员主要是福州旅台同乡会及马祖乡亲。")] == ["福州"]
    # a two-character suffix after a stem holding 和 stands
    assert "和平社区" in {p.name for p in _found("在老城区西关街道和平社区。")}


def test_a_kind_of_area_is_no_place_however_jieba_tags_its_stem():
    # jieba's dictionary tags 城市 as a place name; 城市区 is "urban districts"
    text = "在城市区,强力推进社区治理;在农村区域,加强公共服务。西岭区东湖街道开展活动。"
    names = {p.name for p in places.find(text, "青川市", segment.tokens(text))}
    assert "城市区" not in names
    assert {"西岭区", "东湖街道"} <= names
