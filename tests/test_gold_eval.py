"""The gold scorer: matching rules on small gold pages written for the test."""
from kg.evaluation import gold as gold_eval
from kg.graph.records import Article, Entity, Extraction, Fact

ART = Article(id="a", title="t", body="", file="f")


def _person(name, *titles):
    return Entity("Person", name, (("name", name), ("titles", titles)))


def _fact(s, p, o, **props):
    return Fact(s, p, o, "a", "e", 0.9, tuple(props.items()))


GOLD = {
    "city": "青川市",
    "persons": [{"name": "钱小川", "positions": ["市委副书记", "政委"]}, {"name": "孙明远", "positions": []}],
    "places": [{"name": "东湖区"}, {"name": "青川"}],
    "events": [{"name": "“春耕”推进会", "chair": ["钱小川"], "attendees": ["孙明远"], "speakers": []}],
    "relations": [
        {"subject": "钱小川", "subject_type": "Person", "predicate": "MEMBER_OF",
         "object": "中共青川市委", "object_type": "Organization"},
        {"subject": "甲公司", "subject_type": "Organization", "predicate": "SIGNED_WITH",
         "object": "东湖区政府", "object_type": "Organization"},
        {"subject": "东湖区", "subject_type": "Place", "predicate": "LOCATED_IN",
         "object": "青川市", "object_type": "Place"},
    ],
}


def test_scores_per_type_with_the_written_rules():
    event = Entity("Event", "全市春耕推进会")
    party = Entity("Organization", "青川市委")
    extraction = Extraction(ART, entities=[
        _person("钱小川", "市委副书记", "西岭军分区政委"), _person("李红"),
        Entity("Place", "东湖区"), Entity("Place", "青川市"), event, party], facts=[
        _fact(_person("钱小川"), "CHAIRED", event),
        _fact(_person("孙明远"), "LED", event),
        _fact(_person("钱小川"), "HOLDS_POSITION", party, title="市委副书记"),
        _fact(Entity("Organization", "东湖区政府"), "SIGNED", Entity("Organization", "甲公司")),
    ])
    scores = gold_eval.score_page(GOLD, [extraction])
    assert (scores["persons"].tp, scores["persons"].fp, scores["persons"].fn) == (1, 1, 1)
    assert scores["positions"].tp == 2 and scores["positions"].fn == 0      # 政委 ends 西岭军分区政委
    assert scores["event_roles"].tp == 2                                     # LED counts as attending
    assert scores["org_relations"].tp == 2 and scores["org_relations"].fp == 0  # place-place is no org relation
    assert scores["places"].tp == 2                                          # 青川 / 青川市
    assert scores["persons"].f1 == 0.5


def test_org_names_match_with_city_and_qualifiers():
    assert gold_eval.org_names_match("市委组织部", "青川市委组织部", "青川市")
    assert gold_eval.org_names_match("政法委", "青川市委政法委", "青川市")
    assert not gold_eval.org_names_match("市委组织部", "青川市委宣传部", "青川市")


def test_bad_gold_file_is_named(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    try:
        gold_eval.load_gold(bad)
    except gold_eval.GoldError as exc:
        assert str(bad) in str(exc)
    else:
        raise AssertionError("no error")
