"""Events, roles, venues and agreements on sentences written for the test."""
from kg.extraction.extract import extract
from kg.graph.records import Article


def _article(title, body, subtitle="", city="青川市", date="2023-03-02"):
    return Article(id="t1", title=title, subtitle=subtitle, body=body, file="t.txt", city=city, date=date)


def _roles(extraction):
    return {(f.subject.name, f.predicate, f.object.name) for f in extraction.facts
            if f.predicate in ("CHAIRED", "ATTENDED", "SPOKE_AT", "LED")}


def test_headline_and_body_give_one_meeting_with_roles():
    x = extract(_article(
        "全市春耕生产工作推进会召开", "3月1日,全市春耕生产工作推进会召开。市委副书记钱小川出席会议并讲话,"
        "副市长孙明远主持会议。市农业局局长李红、市水利局局长周正参加。钱小川强调,要抓好春耕。",
        subtitle="钱小川出席并讲话"))
    events = {e.name for e in x.entities if e.type == "Event"}
    assert events == {"全市春耕生产工作推进会"}
    roles = _roles(x)
    assert ("钱小川", "ATTENDED", "全市春耕生产工作推进会") in roles
    assert ("钱小川", "SPOKE_AT", "全市春耕生产工作推进会") in roles
    assert ("孙明远", "CHAIRED", "全市春耕生产工作推进会") in roles
    assert ("李红", "ATTENDED", "全市春耕生产工作推进会") in roles
    assert ("周正", "ATTENDED", "全市春耕生产工作推进会") in roles
    event = next(e for e in x.entities if e.type == "Event")
    assert event.prop("date") == "2023-03-01" or event.prop("date") == "2023-03-02"
    assert event.prop("type") == "meeting"


def test_chair_of_a_named_meeting_in_the_body():
    x = extract(_article("要闻", "3月1日,市长钱小川主持召开市政府常务会议,研究有关工作。"))
    assert ("钱小川", "CHAIRED", "市政府常务会议") in _roles(x)


def test_inspection_is_led_and_held_in_the_units_visited():
    x = extract(_article("督导检查", "省军区司令员钱小川带领工作组来青,就我市民兵整训工作进行检查调研。"
                                      "工作组先后前往东湖区人民武装部、西岭县人民武装部等单位。他强调,要抓好训练。"))
    roles = _roles(x)
    assert ("钱小川", "LED", "民兵整训工作检查调研") in roles
    assert ("钱小川", "SPOKE_AT", "民兵整训工作检查调研") in roles
    held = {f.object.name for f in x.facts if f.predicate == "HELD_IN"}
    assert {"东湖区人民武装部", "西岭县人民武装部"} <= held


def _held_in(extraction):
    return {f.object.name for f in extraction.facts if f.predicate == "HELD_IN"}


def test_units_toured_are_where_the_inspection_was_held():
    x = extract(_article("钱小川在西岭县调研", "3月1日,市委书记钱小川在西岭县调研。钱小川考察了远航电子有限公司、"
                                          "西岭县第一中学和西岭县人民医院,了解生产和民生情况。他先后视察了县气象中心"
                                          "运行控制室。在青禾农业发展有限公司,钱小川察看了育苗基地。"))
    assert ("钱小川", "LED", "西岭县调研") in _roles(x)
    # a list read to its last item (甲和乙), the unit a room is in, a unit named before the clause
    assert {"远航电子有限公司", "西岭县第一中学", "西岭县人民医院", "青禾农业发展有限公司"} <= _held_in(x)
    assert any(name.endswith("县气象中心") for name in _held_in(x))
    x = extract(_article("钱小川视察市气象局", "3月1日,市长钱小川视察市气象局时强调,要做好汛期预报。"))
    assert any(name.endswith("气象局") for name in _held_in(x))


def test_phrases_after_a_visiting_verb_are_no_venues():
    x = extract(_article("钱小川在西岭县调研", "3月1日,市委书记钱小川在西岭县调研,考察了西岭县的部分企业。"
                                          "他带领党员干部深入基层一线领办实事。他强调,要学习贯彻周正同志"
                                          "视察远航电子有限公司时的重要讲话精神。"))
    assert _held_in(x) == set()


def test_important_speech_as_a_noun_is_no_role():
    x = extract(_article("要闻", "会议传达了钱小川同志重要讲话精神。副市长孙明远主持召开市政府常务会议。"))
    assert not any(r[0] == "钱小川" for r in _roles(x))


def test_statement_in_an_activity_article_is_no_speech():
    x = extract(_article("志愿服务", "市文明办组织开展“文明交通”志愿活动。市委书记钱小川强调,要形成长效机制。"))
    assert not any(r[1] == "SPOKE_AT" for r in _roles(x))


def test_cooperation_with_project_and_signing_with_investment():
    x = extract(_article("招商", "青川发展集团与东方建设有限公司合作滨河公园扩建项目、北湖湿地项目;"
                                  "东湖区政府与青川银行签订20亿元战略合作协议。"))
    facts = {(f.subject.name, f.predicate, f.object.name, f.prop("project"), f.prop("investment")) for f in x.facts
             if f.predicate in ("SIGNED", "COOPERATES_WITH") and f.object.type != "Project"}
    assert ("青川发展集团", "COOPERATES_WITH", "东方建设有限公司", "滨河公园扩建项目", None) in facts
    assert ("青川发展集团", "COOPERATES_WITH", "东方建设有限公司", "北湖湿地项目", None) in facts
    assert ("东湖区政府", "SIGNED", "青川银行", "战略合作协议", "20亿元") in facts


def test_every_fact_has_its_sentence_as_evidence():
    x = extract(_article("要闻", "3月1日,市长钱小川主持召开市政府常务会议。副市长孙明远出席。"))
    for fact in x.facts:
        if fact.predicate != "MENTIONED_IN":
            assert fact.evidence in x.article.text
            assert fact.article == "t1"
            assert 0 < fact.confidence <= 1


def test_joint_action_and_joint_building_are_cooperation():
    x = extract(_article("检查", "连日来,区市场监管局联合东湖执法大队,对辖区餐饮单位进行检查。"
                                  "青川大学与东方科技有限公司共建智能制造实验室。"))
    facts = {(f.subject.name, f.object.name) for f in x.facts if f.predicate == "COOPERATES_WITH"}
    assert facts == {("区市场监管局", "东湖执法大队"), ("青川大学", "东方科技有限公司")}


def _cooperation(extraction, predicate="COOPERATES_WITH"):
    return {(f.subject.name, f.object.name) for f in extraction.facts if f.predicate == predicate}


def test_alliance_members_listed_after_joining_cooperate_with_the_alliance():
    x = extract(_article("党建", "去年,东湖街道党工委成立了“同心圆”党建联盟,联合区委宣传部、青川第二医院、"
                                  "北湖社区等12个成员单位,共同开展志愿服务。"))
    facts = {frozenset(pair) for pair in _cooperation(x)}
    for member in ("区委宣传部", "青川第二医院", "北湖社区"):
        assert frozenset((member, "“同心圆”党建联盟")) in facts


def test_funder_of_a_first_clause_also_funds_the_body_named_after_it():
    x = extract(_article("金融", "协议约定,青川银行东湖支行将为东湖区政府提供不低于30亿元的融资支持,"
                                  "其中,对东湖建设集团提供不低于20亿元的融资支持。"))
    facts = _cooperation(x)
    assert ("青川银行东湖支行", "东湖区政府") in facts
    assert ("青川银行东湖支行", "东湖建设集团") in facts


def test_joint_building_with_the_conjunction_lost_cuts_the_pair_after_the_first_body():
    x = extract(_article("科研", "北湖智能制造实验室由青川理工大学东方精密仪器有限公司共建,着力攻克关键技术。"))
    assert ("青川理工大学", "东方精密仪器有限公司") in _cooperation(x)


def test_signing_without_its_subject_takes_the_signer_named_in_its_paragraph():
    x = extract(_article("报告", "与青川农商银行签订10亿元战略合作协议。"
                                  "东湖区政府和青川银行签署战略合作协议。"))
    signed = {frozenset(pair) for pair in _cooperation(x, "SIGNED")}
    assert frozenset(("东湖区政府", "青川农商银行")) in signed
    assert frozenset(("东湖区政府", "青川银行")) in signed


# ---- every kind of activity gets its roles (issue 11) ----

def test_inspection_leader_led_and_companions_attended():
    x = extract(_article("钱小川在东湖区调研", "3月1日,市委书记钱小川在东湖区调研。钱小川在区委书记孙明远、"
                                          "区长李红的陪同下,先后考察了两家企业。市委秘书长周正参加调研。钱小川说,要抓好落实。"))
    roles = _roles(x)
    events = {e.name for e in x.entities if e.type == "Event"}
    assert len(events) == 1                            # one trip, however often it is named
    event = events.pop()
    assert ("钱小川", "LED", event) in roles
    assert ("钱小川", "ATTENDED", event) not in roles  # the one accompanied is no companion
    assert {("孙明远", "ATTENDED", event), ("李红", "ATTENDED", event), ("周正", "ATTENDED", event)} <= roles
    assert ("钱小川", "SPOKE_AT", event) in roles


def test_a_meeting_with_a_guest_has_both_sides_and_those_present():
    x = extract(_article("钱小川会见某集团董事长吴国", "3月1日,市长钱小川会见某集团董事长吴国一行。"
                                                 "参加会见的有孙明远、李红。钱小川表示,欢迎来青投资。"))
    roles = _roles(x)
    event = next(e.name for e in x.entities if e.type == "Event")
    assert event.startswith("会见")
    assert {("钱小川", "ATTENDED", event), ("吴国", "ATTENDED", event), ("孙明远", "ATTENDED", event),
            ("李红", "ATTENDED", event), ("钱小川", "SPOKE_AT", event)} <= roles


def test_relayed_speech_makes_no_one_a_participant_of_the_local_meeting():
    x = extract(_article("市委常委会召开", "3月1日,市委书记钱小川主持召开市委常委会会议,传达学习习近平总书记"
                                      "在全国两会期间的重要讲话精神。"))
    roles = _roles(x)
    assert ("钱小川", "CHAIRED", "市委常委会会议") in roles
    assert not [r for r in roles if r[0] == "习近平"]


def test_a_relayed_trip_is_its_leaders_own_event_not_the_articles():
    x = extract(_article("钱小川在西岭县调研", "3月1日,省委书记钱小川在西岭县调研。他强调,要深入学习贯彻"
                                          "周正同志在青川考察时的重要讲话精神,加快发展。钱小川来到远航电子有限公司,"
                                          "调研生产情况。"))
    roles = _roles(x)
    assert ("钱小川", "LED", "西岭县调研") in roles
    # 周正 led and spoke on the trip the sentence recalls, not on 钱小川's
    assert ("周正", "LED", "青川考察") in roles
    assert ("周正", "SPOKE_AT", "青川考察") in roles
    assert not [r for r in roles if r[0] == "周正" and r[2] == "西岭县调研"]
    recalled = next(e for e in x.entities if e.type == "Event" and e.name == "青川考察")
    assert recalled.prop("date") is None   # it happened before: not on the article's date


def test_what_is_said_after_in_a_meeting_opening_is_said_at_that_meeting():
    x = extract(_article("钱小川在西岭县调研", "3月1日,市委书记钱小川在西岭县调研,并主持召开民营企业发展座谈会。"
                                          "他强调,要抓好春耕。\n在民营企业发展座谈会上,5家企业负责人先后发言。"
                                          "钱小川指出,企业是发展的主体。\n钱小川还说,要优化营商环境。"))
    roles = _roles(x)
    assert ("钱小川", "SPOKE_AT", "民营企业发展座谈会") in roles
    assert ("钱小川", "CHAIRED", "民营企业发展座谈会") in roles
    # the chair is not listed again among those present, however often the meeting is named
    assert ("钱小川", "ATTENDED", "民营企业发展座谈会") not in roles
    # the first paragraph's speech stays on the trip
    assert ("钱小川", "SPOKE_AT", "西岭县调研") in roles


def test_a_clause_that_says_something_goes_on_with_the_last_clauses_subject():
    x = extract(_article("全市统战工作会议召开", "3月1日,全市统战工作会议召开。市委常委、统战部部长钱小川主持会议"
                                            "并作工作部署,表示要凝心聚力。"))
    assert ("钱小川", "SPOKE_AT", "全市统战工作会议") in _roles(x)
    # an agenda item (传达) is the meeting's, not a speech of the chair
    x = extract(_article("市政府常务会议召开", "3月1日,市长钱小川主持召开市政府常务会议,传达学习省委全会精神。"))
    assert ("钱小川", "SPOKE_AT", "市政府常务会议") not in _roles(x)
    # those who went along on a trip (在甲、乙陪同下，考察了…) did not lead it
    x = extract(_article("钱小川在西岭县调研", "3月1日,钱小川在县委书记孙明远、县长李红陪同下,考察了西岭县人民医院,"
                                          "强调要办好民生实事。"))
    assert not [r for r in _roles(x) if r[0] in ("孙明远", "李红") and r[1] in ("LED", "SPOKE_AT")]


def test_an_event_noun_is_read_to_its_end_and_a_meeting_in_preparation_is_none():
    x = extract(_article("要闻", "3月1日,市委书记钱小川出席全市统战工作会议并讲话。会议结合全市宣传工作会议筹备事宜,"
                                  "听取了汇报。"))
    events = {e.name for e in x.entities if e.type == "Event"}
    assert "全市统战工作会议" in events          # 工作会|议: the noun is 会议
    assert not [e for e in events if "宣传" in e]   # a meeting still being prepared is no event


def _events(extraction):
    return {e.name for e in extraction.entities if e.type == "Event"}


def _organizers(extraction):
    return {(f.subject.name, f.object.name) for f in extraction.facts if f.predicate == "ORGANIZED_BY"}


def test_words_that_only_look_like_events_or_bodies_make_none():
    x = extract(_article("要闻", "6月15日,市法学会第三届理事会第二次会议召开,"
                                  "回顾总结市法学会第三次会员代表大会以来的工作。钱小川要求,法学会广大会员要坚持正确方向。11月10日,西岭社区召开理论集中学习集中宣讲会。"))
    assert not [e for e in _events(x) if e.startswith("回顾") or e.endswith("广大会")]
    assert not [o for _e, o in _organizers(x) if o.startswith("回顾") or o.endswith("集中学")]


def test_two_meetings_joined_by_ji_are_one_held_by_the_first_ones_body():
    x = extract(_article("要闻", "3月1日,市长钱小川主持召开市政府党组会议暨理论学习中心组学习会议。"))
    assert "市政府党组会议暨理论学习中心组学习会议" in _events(x)
    assert "市政府党组会议" not in _events(x)
    assert _organizers(x) == {("市政府党组会议暨理论学习中心组学习会议", "青川市政府党组")}


def test_a_later_paragraph_opening_with_its_own_day_and_meeting_is_that_meetings():
    x = extract(_article("市领导活动", "3月1日,市委书记钱小川主持召开市委常委会会议。市委常委孙明远出席会议。\n"
                                    "3月2日,市长李红主持召开市政府常务会议。副市长周正、吴海波参加会议。"))
    roles = _roles(x)
    assert ("孙明远", "ATTENDED", "市委常委会会议") in roles
    assert ("周正", "ATTENDED", "市政府常务会议") in roles
    assert ("周正", "ATTENDED", "市委常委会会议") not in roles


def test_a_headlines_next_clause_after_a_space_is_not_part_of_whom_a_meeting_met():
    x = extract(_article("钱小川会见远航集团董事长吴国一行 孙明远参加",
                         "3月1日,市委书记钱小川会见了远航集团董事长吴国一行。市长孙明远参加会见。"))
    assert _events(x) == {"会见远航集团董事长吴国一行"}
    assert ("孙明远", "ATTENDED", "会见远航集团董事长吴国一行") in _roles(x)


def test_a_trips_name_starts_where_it_went_not_with_who_went():
    x = extract(_article("钱小川到西岭区调研重点项目建设", "3月5日,市委书记钱小川到西岭区调研重点项目建设情况。"
                                                "市领导孙明远陪同调研。"))
    assert _events(x) == {"西岭区调研"}
    assert ("钱小川", "LED", "西岭区调研") in _roles(x)


def _signed_typed(extraction):
    return {(f.subject.type, f.subject.name, f.object.type, f.object.name) for f in extraction.facts
            if f.predicate == "SIGNED"}


def test_a_signing_ceremony_its_parties_and_the_project_an_agreement_names():
    x = extract(_article("我市与远航集团签署战略合作协议",
                         "3月8日,青川市人民政府与远航集团有限公司战略合作协议签约仪式在市行政中心举行。"
                         "当天,西岭区政府与青禾农业发展有限公司签订了总投资20亿元的现代农业产业园项目合作协议。"))
    signed = _signed_typed(x)
    assert ("Organization", "青川市人民政府", "Organization", "远航集团有限公司") in signed   # 协议签约仪式, no 的
    assert ("Place", "青川市", "Organization", "远航集团") in signed   # 我市: the paper's city, a place
    assert ("Organization", "西岭区政府", "Project", "现代农业产业园项目") in signed
    # "our district" names no district the page says: no party
    x = extract(_article("要闻", "3月8日,我区与远航集团有限公司签订合作协议。"))
    assert not [s for s in _signed_typed(x) if s[1].startswith("我")]


def test_bodies_that_held_an_event_named_in_its_name_or_after_it():
    x = extract(_article("要闻", "3月1日,青川市政府第九十五次市长办公会召开。"))
    assert ("青川市政府第九十五次市长办公会", "青川市政府") in _organizers(x)   # 办公会: a meeting
    x = extract(_article("全民读书月启动", "3月5日,全民读书月启动仪式在市图书馆举行,活动由市文化局主办。"))
    assert ("全民读书月启动仪式", "青川市文化局") in _organizers(x)   # the bare 活动 is the article's
    x = extract(_article("要闻", "3月1日,李红说,钱小川书记此前在省委常委会会议上发表的重要讲话,为做好工作指明了方向。"))
    assert ("钱小川", "SPOKE_AT", "省委常委会会议") in _roles(x)
    assert ("省委常委会会议", "省委常委会") in _organizers(x)


def test_the_clauses_after_a_trip_with_companions_go_on_with_its_leader():
    x = extract(_article("钱小川在西岭县考察", "3月5日至6日,钱小川在县委书记孙明远、县长李红的陪同下,先后考察了西岭县的"
                                          "几家企业,会见了远航集团负责人,出席了西岭县农产品交易会开幕式。"))
    roles = _roles(x)
    assert ("钱小川", "LED", "西岭县考察") in roles
    assert ("钱小川", "ATTENDED", "西岭县农产品交易会开幕式") in roles
    assert not [r for r in roles if r[0] in ("孙明远", "李红") and r[2] == "西岭县农产品交易会开幕式"]


def test_a_role_verb_with_no_object_is_about_the_articles_event_not_the_next_clauses():
    x = extract(_article("青川市科技创新大会召开", "5月8日,青川市科技创新大会召开。市委书记钱小川出席并致辞,"
                                            "为新认定的省级工程技术研究中心揭牌。"))
    roles = _roles(x)
    assert ("钱小川", "ATTENDED", "青川市科技创新大会") in roles
    assert ("钱小川", "SPOKE_AT", "青川市科技创新大会") in roles
    assert not [r for r in roles if r[2].endswith("揭牌") and r[1] == "SPOKE_AT"]
    # what was unveiled did not hold the unveiling
    assert not [o for _e, o in _organizers(x) if o.endswith("研究中心")]


def test_a_trip_that_names_only_who_went_is_named_by_its_object():
    x = extract(_article("钱小川调研城市更新工作", "6月3日,市长钱小川调研城市更新工作。副市长孙明远参加调研。"))
    assert _events(x) == {"调研城市更新工作"}
    roles = _roles(x)
    assert ("钱小川", "LED", "调研城市更新工作") in roles
    assert ("孙明远", "ATTENDED", "调研城市更新工作") in roles
    # with no object, by where they went: 某某一行来西岭县调研 -> 西岭县调研
    x = extract(_article("要闻", "7月9日,副省长周正一行来西岭县调研。"))
    assert _events(x) == {"西岭县调研"}


def test_reporting_cases_at_a_meeting_is_speaking_there():
    x = extract(_article("全市作风建设大会召开", "9月1日,全市作风建设大会召开。会上,市纪委书记钱小川通报了典型案例。"))
    assert ("钱小川", "SPOKE_AT", "全市作风建设大会") in _roles(x)


def test_a_township_sweep_is_an_inspection_and_a_task_set_is_no_event():
    x = extract(_article("桃源镇开展防汛隐患排查", "6月20日,桃源镇党委书记钱小川带领镇村干部深入李家村、河口村,"
                                            "进行防汛隐患排查。镇长孙明远参加排查。", city="西岭县"))
    assert ("钱小川", "LED", "防汛隐患排查") in _roles(x)
    assert ("孙明远", "ATTENDED", "防汛隐患排查") in _roles(x)
    assert {"李家村", "河口村"} <= _held_in(x)
    x = extract(_article("要闻", "会议要求,要加强日常巡查,把各项措施落实到实处。参加推进会的有钱小川。"))
    assert not [e for e in _events(x) if e.startswith("加强")]
    assert "实处" not in _held_in(x)


def test_a_quoted_bystander_does_not_speak_at_the_meeting():
    x = extract(_article("全市推进会召开", "3月1日,全市春耕推进会召开,副市长孙明远出席。村民李红说,今年收成好。"))
    roles = _roles(x)
    assert ("孙明远", "ATTENDED", "全市春耕推进会") in roles
    assert not [r for r in roles if r[0] == "李红"]


def test_an_invitation_or_a_plan_is_not_attendance():
    x = extract(_article("会见", "3月1日,市长钱小川会见远航集团董事长吴国,并邀请吴国参加即将举行的青川发展论坛。"))
    roles = _roles(x)
    assert not [r for r in roles if r[2].endswith("论坛")]
    x = extract(_article("大会召开", "3月1日,全市发展大会召开,省人大代表孙明远应邀出席。"))
    assert ("孙明远", "ATTENDED", "全市发展大会") in _roles(x)


def test_signers_attend_the_signing_and_venues_are_places():
    x = extract(_article("签约", "3月1日,青川市政府与远航集团在青川宾馆举行合作协议签字仪式。"
                               "市长钱小川、远航集团董事长吴国分别在协议上签字。"))
    roles = _roles(x)
    event = next(e.name for e in x.entities if e.type == "Event")
    assert {("钱小川", "ATTENDED", event), ("吴国", "ATTENDED", event)} <= roles
    assert "青川宾馆" in {e.name for e in x.entities if e.type == "Place"}


# ---- 甲代表乙签约: the body signed, the person attended the signing (issue 11) ----

def _signed(extraction):
    return {frozenset((f.subject.name, f.object.name)) for f in extraction.facts if f.predicate == "SIGNED"}


def test_one_signs_for_a_body_with_another():
    x = extract(_article("签约", "3月5日,东湖区重点项目集中签约仪式举行。"
                               "副区长李红代表东湖区人民政府与远航集团签约。"))
    assert frozenset(("东湖区人民政府", "远航集团")) in _signed(x)
    # the person is no body: nothing is signed by 副区长李红代表东湖区人民政府
    assert not any("李红" in name for pair in _signed(x) for name in pair)
    assert ("李红", "ATTENDED", "东湖区重点项目集中签约仪式") in _roles(x)


def test_two_sign_each_for_their_body():
    x = extract(_article("合作", "3月5日,区长王明、远航集团总经理赵亮分别代表东湖区人民政府和远航集团"
                               "签订战略合作协议。"))
    assert frozenset(("东湖区人民政府", "远航集团")) in _signed(x)
    agreements = {dict(f.props).get("project") for f in x.facts if f.predicate == "SIGNED"}
    assert agreements == {"战略合作协议"}          # one signing, the agreement named once
    signing = [e for e in x.entities if e.type == "Event"]
    assert [e.prop("type") for e in signing] == ["signing"]
    assert {("王明", "ATTENDED", signing[0].name), ("赵亮", "ATTENDED", signing[0].name)} <= _roles(x)


def test_each_signer_names_the_body_after_them():
    x = extract(_article("签约", "3月5日,副县长周敏代表西平县人民政府、远航集团董事长钱进代表远航集团签约。"))
    assert frozenset(("西平县人民政府", "远航集团")) in _signed(x)
    roles = _roles(x)
    assert {r[0] for r in roles if r[1] == "ATTENDED"} >= {"周敏", "钱进"}


def test_one_body_alone_signs_the_project_it_names():
    x = extract(_article("签约", "仪式上,市发改委主任孙立代表市发展改革委签约远航智慧物流园项目。"))
    projects = {(f.subject.name, f.object.name) for f in x.facts
                if f.predicate == "SIGNED" and f.object.type == "Project"}
    assert projects == {("青川市发展改革委", "远航智慧物流园项目")}


def test_speaking_for_a_congress_is_no_signing():
    x = extract(_article("会议", "3月5日,市人大常委会召开会议。会上,赵亮代表全体人大代表发言,"
                               "钱进代表市人民代表大会常务委员会签字。"))
    assert not _signed(x)


def test_who_goes_along_on_the_trip_attends_it_and_does_not_lead_it():
    # 陪同调研, 随同考察: the trip the article is about, not one of their own
    x = extract(_article("钱小川到东湖区调研", "3月1日,市委书记钱小川到东湖区调研。钱小川考察了两家企业,"
                                        "详细询问生产情况。副市长孙明远陪同调研。市政府秘书长周正、区长李红也随同考察。"))
    (trip,) = [e.name for e in x.entities if e.type == "Event"]   # one trip
    roles = _roles(x)
    assert ("钱小川", "LED", trip) in roles
    for name in ("孙明远", "周正", "李红"):
        assert (name, "ATTENDED", trip) in roles
        assert not any(person == name and rel == "LED" for person, rel, _ in roles)


def test_a_numbered_standing_meeting_is_held_by_its_body_and_chaired():
    # 常务会 is 常务会议's short form; 第十五次 counts the meetings and names no body
    for noun in ("常务会", "常务会议"):
        x = extract(_article("要闻", f"3月1日上午,市长钱小川主持的第十五次市政府{noun}召开,研究有关工作。"))
        event = f"第十五次市政府{noun}"
        assert ("钱小川", "CHAIRED", event) in _roles(x)
        held = {(f.subject.name, f.object.name) for f in x.facts if f.predicate == "ORGANIZED_BY"}
        assert held == {(event, "青川市政府")}


def test_those_gathered_at_a_festive_meeting_attended_it():
    # 甲、乙等市领导同各界人士欢聚一堂: the leaders named were at the 茶话会
    x = extract(_article("市政协举行新年茶话会", "今天上午,市政协在这里举行新年茶话会。钱小川、孙明远、李红等市领导"
                                          "同各界人士欢聚一堂,共庆新年。"))
    roles = _roles(x)
    assert {(name, "ATTENDED", "新年茶话会") for name in ("钱小川", "孙明远", "李红")} <= roles
