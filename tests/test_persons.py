"""Person patterns, each on sentences written for the test (fictional names)."""
from kg.extraction import persons, segment

CITY = "青川市"


def _find(text):
    found, unidentified = persons.find_titled(text, segment.tokens(text), CITY)
    return {p.name: p for p in found}, unidentified


def test_title_then_name():
    found, _ = _find("6月3日,市长钱小川主持召开会议。")
    assert list(found) == ["钱小川"]
    assert found["钱小川"].positions[0].implied == "青川市政府"
    assert found["钱小川"].positions[0].org == ""        # not written: no edge


def test_compound_titles_give_two_positions():
    found, _ = _find("区委常委、常务副区长孙明远出席。")
    titles = [p.title for p in found["孙明远"].positions]
    assert titles == ["区委常委", "常务副区长"]


def test_enumeration_under_one_title():
    found, _ = _find("副市长钱小川、孙明远、李红,市政府秘书长周正出席会议。")
    assert set(found) == {"钱小川", "孙明远", "李红", "周正"}
    assert found["李红"].positions[0].title == "副市长"
    assert found["周正"].positions[0].org == "青川市政府"


def test_organization_prefix_is_read_back_and_qualified_with_the_city():
    found, _ = _find("市水利局党组书记、局长吴海波带领工作组深入一线。")
    titles = [(p.title, p.org) for p in found["吴海波"].positions]
    assert titles == [("市水利局党组书记", "青川市水利局"), ("局长", "青川市水利局")]


def test_neighbour_shares_its_organization():
    found, _ = _find("市人大常委会主任郑国平、副主任冯建设出席。")
    assert found["冯建设"].positions[0].org == "青川市人大常委会"


def test_sub_unit_is_part_of_the_title_not_the_organization():
    found, _ = _find("市档案馆局办公室科长何明,市统计局综合科科长马丽来到现场。")
    assert found["马丽"].positions[0].org == "青川市统计局"
    assert found["马丽"].positions[0].title == "市统计局综合科科长"


def test_party_department_belongs_to_its_committee():
    found, _ = _find("市委常委、组织部部长林冬出席。")
    assert [p.org for p in found["林冬"].positions] == ["青川市委", "青川市委组织部"]


def test_name_length_from_what_follows():
    found, _ = _find("副县长高山主持会议,县委书记欧阳明远讲话,镇长罗一帆说:")
    assert set(found) == {"高山", "欧阳明远", "罗一帆"}


def test_surname_with_honorific_is_not_a_person():
    found, unidentified = _find("社区居民钱同志告诉记者。")
    assert not found
    assert [u.text for u in unidentified] == ["钱同志"]


def test_common_word_after_a_title_is_no_name():
    found, _ = _find("带领部分党员干部深入社区。")
    assert not found


def test_elected_position_goes_to_the_person_before():
    text = "区委副书记孙明远出席会议,并当选为区书法家协会会长。"
    tokens = segment.tokens(text)
    found, _ = persons.find_titled(text, tokens, CITY)
    persons.find_elected(text, tokens, found, CITY)
    assert any(p.title.endswith("协会会长") for p in found[0].positions)


def test_name_followed_by_title_and_actor_by_tokens():
    text = "李文军出席全区植树活动。"
    found = persons.find_by_tokens(text, segment.tokens(text), set())
    assert [p.name for p in found] == ["李文军"]


def test_title_does_not_start_inside_an_organization_word():
    # jieba reads 组组长 as one word; the title is the inspection team's, read back whole
    found, _ = _find("在调查后,区委第二巡察组组长郑国平发现问题。")
    assert [(p.title, p.org) for p in found["郑国平"].positions] == [("区委第二巡察组组长", "区委第二巡察组")]


def test_discipline_titles_name_their_own_commission():
    found, _ = _find("市委常委、市纪委书记、市监委主任冯建设主持召开会议。")
    orgs = [p.org for p in found["冯建设"].positions]
    assert orgs == ["青川市委", "青川市纪委", "青川市监委"]


def test_service_roles_before_a_name_are_titles():
    found, _ = _find("调解员钱晓燕耐心劝解,大学生孙明远也来帮忙。")
    assert found["钱晓燕"].positions[0].title == "调解员"
    assert found["孙明远"].positions[0].title == "大学生"


def test_name_ends_where_jiebas_name_word_ends():
    # jieba cuts 薛|金丰: the name is three characters though no follower closes it
    text = "柳村村民薛金丰高兴地说。"
    index = persons._TokenIndex(segment.tokens(text))
    assert persons.name_length(text, 4, index) == 3
    # …but a surname-like character before a common word is no name (党员连在线上)
    text = "把党员连在线上。"
    assert persons.name_length(text, 3, persons._TokenIndex(segment.tokens(text))) == 0


def test_adjective_inside_an_organization_prefix():
    found, _ = _find("省新时代百姓宣讲员钱小川作报告。")   # jieba: 新 is an adjective
    assert found["钱小川"].positions[0].title == "省新时代百姓宣讲员"


# ---- lists, shared titles, titles after names, recogniser's names (issue 11) ----

def _people(text):
    from kg.extraction import extract
    return {p.name: p for p in extract._people(text, segment.tokens(text), CITY)}


def test_a_long_list_under_one_title_is_read_to_its_end():
    names = ["钱小川", "孙明远", "李红", "周正", "吴海波", "郑国平", "冯建设", "陈立", "褚卫东", "卫红",
             "蒋一鸣", "沈雪", "韩冬", "杨帆", "朱宏亮", "秦岭", "尤佳", "许晨", "何苗", "吕方"]
    found = _people("市领导" + "、".join(names) + "等出席会议。")
    assert list(found) == names                       # none cut short, none invented
    assert all(p.positions[0].title == "市领导" for p in found.values())


def test_a_list_without_a_title_and_a_rare_surname():
    found = _people("钱小川、孙明远、李红、过涛等与全市党员干部一起聆听报告。")
    assert set(found) == {"钱小川", "孙明远", "李红", "过涛"}


def test_an_ocr_space_inside_a_name_is_not_part_of_it():
    found = _people("市委常委、组织部部长崔 霞陪同。")
    assert list(found) == ["崔霞"]


def test_a_shared_title_applies_to_the_names_it_stands_before():
    found = _people("市委副书记、市长钱小川和市领导孙明远、李红出席。")
    assert [p.title for p in found["钱小川"].positions] == ["市委副书记", "市长"]
    assert [p.title for p in found["孙明远"].positions] == ["市领导"]
    assert [p.title for p in found["李红"].positions] == ["市领导"]


def test_title_after_the_name():
    found = _people("孙明远委员代表民盟市委作题为《加快发展》的发言。")
    assert [p.title for p in found["孙明远"].positions] == ["委员"]
    assert "钱小川" in _people("钱小川同志在讲话中指出。")


def test_formulas_and_forms_of_address_name_no_person():
    found = _people("深入学习邓小平理论，紧密团结在以习近平同志为核心的党中央周围，社区居民张同志说。")
    assert found == {}
    assert [p.title for p in _people("认真学习习近平总书记重要讲话。")["习近平"].positions] == ["总书记"]


def test_no_person_from_words_around_titles():
    found = _people("牢记总书记殷殷嘱托，市委宣传部部长孙明远应邀出席，通讯员李红报道。")
    assert set(found) == {"孙明远", "李红"}          # no 殷殷, 宣传部, 应邀, 通讯员


def test_a_transliterated_name_is_one_person():
    found = _people("抒情男高音萨尔瓦多—费斯切拉联袂登台。")
    assert "萨尔瓦多—费斯切拉" in found


def test_a_name_before_a_noun_it_qualifies_is_no_person():
    assert _people("获得肖邦钢琴比赛金奖。") == {}


def test_the_head_of_a_group_is_named_whole_between_yi_and_wei():
    # 以…为团长的: the name runs to 为, even when its last character is also a word (在)
    found = _people("副市长孙明远会见以周海在为团长的台胞参访团一行。")
    assert set(found) == {"孙明远", "周海在"}
    assert [p.title for p in found["周海在"].positions] == ["团长"]
    found = _people("以李红同志为组长的督导组到青川市检查工作。")
    assert [p.title for p in found["李红"].positions] == ["组长"]
    # 以…为代表的: "represented by", no post
    found = _people("以钱小川为代表的一批企业家参加座谈。")
    assert all(p.title != "代表" for person in found.values() for p in person.positions)


def test_a_title_written_after_a_name_is_its_post_whichever_finder_read_the_name():
    # 书记关于…: the word after the title is no surname (关 of 关于 is one)
    found = _people("会议要求，学习贯彻王建国书记关于城乡建设的重要指示。")
    assert [p.title for p in found["王建国"].positions] == ["书记"]
    # a name identified first with no title keeps the title of a later mention
    # (the helper keeps a name's last mention)
    found = _people("会议由市委副书记钱小川主持。钱小川组长指出，要抓好落实。")
    assert [p.title for p in found["钱小川"].positions] == ["组长"]
    # the same post written short again (副市长 of 常务副市长) is no second post
    found = _people("会议由常务副市长钱小川主持。钱小川副市长指出，要抓好落实。")
    assert found["钱小川"].positions == []
    # a body after the title: 代表 is a verb there
    found = _people("会上，钱小川代表青川市委讲话。")
    assert found["钱小川"].positions == []
    # a title before the next name is that name's (市长李红), not the one before it
    found = _people("会上，孙明远、市长李红先后讲话。")
    assert [p.title for p in found["孙明远"].positions] == []


def test_a_word_the_recogniser_reads_inside_a_company_name_is_part_of_the_prefix():
    # 远航 alone is a verb to jieba ("to sail far"); the recogniser reads 远航集团 as one body
    found = _people("市委书记周建平会见了远航集团董事长吴国一行。")
    assert [(p.title, p.org) for p in found["吴国"].positions] == [("远航集团董事长", "远航集团")]


def test_a_post_given_or_taken_away_by_a_decision_is_a_post_held():
    text = ("会议决定任命孙明远、李红为青川市人民政府副市长;免去周正的青川市人民政府副市长职务。"
            "会议任命吴海波为市发展和改革委员会主任。")
    found = _people(text)
    for name in ("孙明远", "李红", "周正"):
        assert [(p.title, p.org) for p in found[name].positions] == [("青川市人民政府副市长", "青川市人民政府")]
    assert [p.org for p in found["吴海波"].positions] == ["青川市发展和改革委员会"]


def test_a_transliterated_name_after_a_title_is_read_whole():
    # the recogniser cuts 买|买提 (买, "to buy"); the middle dot holds the name together
    found = _people("市政协副主席买买提·艾力、欧阳红梅出席会议。")
    assert [p.title for p in found["买买提·艾力"].positions] == ["市政协副主席"]
    assert "欧阳红梅" in found


def test_a_long_list_read_as_people_takes_its_items_that_read_as_words():
    # 万国|权 and 高|峰 read as common words; inside a list of people they are people too
    names = ["钱小川", "孙明远", "李红", "周正", "高峰", "吴海波", "郑国平", "万国权", "冯建设"]
    found = _people("、".join(names) + "出席茶话会。")
    assert {"万国权", "高峰"} <= set(found)
    # not in a short list whose other items are not read as people
    assert "高峰" not in _people("早高峰、晚高峰出行须知。")


def test_a_title_of_a_place_the_text_names_is_that_places():
    # 北京市市长: the text names the city, so the post is its government's, not the paper's
    found = _people("北京市市长钱小川、西岭区区长孙明远出席签字仪式。")
    assert [(p.org, p.implied) for p in found["钱小川"].positions] == [("北京市政府", "")]
    assert [p.org for p in found["孙明远"].positions] == ["西岭区政府"]
    assert [(p.org, p.implied) for p in _people("副市长李红出席。")["李红"].positions] == [("", "青川市政府")]


def test_a_member_of_a_congress_or_conference_is_a_member_of_the_one_named():
    found = _people("全国政协委员钱小川、市人大代表孙明远提出建议。政协委员李红发言。")
    assert [p.org for p in found["钱小川"].positions] == ["全国政协"]
    assert [p.org for p in found["孙明远"].positions] == ["青川市人大"]
    assert [p.org for p in found["李红"].positions] == [""]   # which 政协, the text does not say


def test_rarer_surnames_after_a_title():
    # 回 ("to return") and 经 ("through") are surnames too
    found = _people("江苏省委书记回良玉来到大丰市。")
    assert [p.org for p in found["回良玉"].positions] == ["江苏省委"]
