"""loaders.ner: spans, offsets, odd input, and F1 on the People's Daily BIO file."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kg.extraction.ner.recognizer import recognize, recognize_many

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BIO = SHARED / "datasets" / "peoples_daily" / "example.dev"


def spans(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in recognize(text)}


def assert_valid(text: str) -> None:
    for m in recognize(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.label in ("PERSON", "ORG", "PLACE")
        assert m.text == m.text.strip()


def test_person_org_place():
    found = spans("国务院总理李鹏今天在北京会见了日本外务大臣小渊惠三。")
    assert ("李鹏", "PERSON") in found
    assert ("北京", "PLACE") in found
    assert ("日本", "PLACE") in found
    found = spans("许昌市人民政府与河南大学签订了合作协议。")
    assert ("河南大学", "ORG") in found


def test_offsets_index_the_original_text():
    text = "  第一段。\n\n王建国在郑州市调研，\r\n中国人民银行发布通知。"
    mentions = recognize(text)
    assert mentions, "expected some entity"
    assert_valid(text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_honorific_is_not_part_of_the_person():
    assert ("李", "PERSON") in spans("李老师看了后，微笑着点点头。")
    assert ("郑", "PERSON") in spans("郑先生创作心态谨严。")


def test_government_is_its_place():
    found = spans("美国政府认为，这项法案难以通过。")
    assert ("美国", "PLACE") in found
    assert not any(label == "ORG" for _, label in found)


def test_joined_short_names_are_separate_places():
    found = spans("双方表示要推动中美关系健康发展。")
    assert {("中", "PLACE"), ("美", "PLACE")} <= found
    assert ("中美", "PLACE") not in found
    assert ("华", "PLACE") in spans("法国总统将于下月访华。")


def test_region_tail_and_weather_are_trimmed():
    assert ("东北", "PLACE") in spans("东北地区北部将有小雨。")
    assert ("银川", "PLACE") in spans("银川晴转多云17℃／28℃")


def test_country_team_is_an_organization():
    found = spans("中国女队以3比2战胜了韩国女队。")
    assert ("中国女队", "ORG") in found
    assert ("韩国女队", "ORG") in found


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "\t \u3000", "。。。", "a", "😀🚀 \x00\x1f\ufffd", "\ud800", "ﾃｽﾄ１２３",
     "王" * 5000, "。".join(["李鹏在北京"] * 400), "\u202e中国\u200b北京", "\r\n".join(["x"] * 50)],
)
def test_odd_input_never_crashes(text):
    assert_valid(text)


def test_many_matches_single():
    texts = ["张三在北京市工作。", "", "中共中央政治局召开会议。", "他们去了上海。"]
    assert recognize_many(texts) == [recognize(t) for t in texts]


def test_fork_child_gets_its_own_model():
    recognize("李鹏在北京")  # load in the parent
    pid = os.fork()
    if pid == 0:  # child: must work and exit without running pytest's teardown
        ok = ("北京", "PLACE") in spans("李鹏在北京")
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0


def test_crf_model_is_shipped_and_loads_offline():
    from kg.extraction.ner import crf as ner_crf

    assert ner_crf.MODEL_PATH.exists(), "loaders/models/ner_crf.crfsuite is missing"
    meta = ner_crf.metadata()
    assert meta and meta["feature_version"] == ner_crf.FEATURE_VERSION
    assert ner_crf.shipped_tagger() is not None  # a local file: no network involved
    text = "国务院总理李鹏今天在北京会见了日本外务大臣小渊惠三。\n新华社记者报道。"
    for mentions in recognize_many([text]), recognize_many([text], use_crf=False):
        assert mentions[0]
        for m in mentions[0]:
            assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
    assert ("李鹏", "PERSON") in spans(text) and ("北京", "PLACE") in spans(text)


def test_crf_features_cover_every_character():
    from kg.extraction.ner import crf as ner_crf
    from kg.extraction.ner import recognizer as ner
    text = "市委书记王建国在许昌市人民政府调研。"
    analysis = ner.analyse_many([text])[0]
    pieces = ner.crf_features(text, analysis)
    assert sum(len(p) for p in pieces) == sum(e - s for s, e in analysis.pieces) == len(text)
    first = pieces[0]
    assert "c=王" in first[4] and "te-" in first[4]  # a title ends just before the name
    assert "oe" in first[14]  # 许昌市人民政府: an organization suffix ends at 府
    assert ner_crf.bio_to_spans(ner_crf.bio_labels(6, [(1, 3, "PER"), (4, 6, "LOC")])) == [
        (1, 3, "PER"), (4, 6, "LOC")]


@pytest.mark.seeds
def test_f1_on_peoples_daily_dev():
    if not BIO.exists():
        pytest.skip(f"{BIO} is absent")
    from kg.evaluation.bio import evaluate_bio

    start = time.perf_counter()
    scores = evaluate_bio(BIO)
    elapsed = time.perf_counter() - start
    if elapsed > 20:
        pytest.skip(f"evaluation took {elapsed:.0f} s, too slow to assert here")
    # The shipped CRF was trained on this file: its figures are train-on-test, and the
    # evaluation must say so and carry held-out (cross-validated) figures with it.
    assert scores.trained_on_file
    cv = scores.cross_validated
    assert cv is not None and cv.k >= 2
    assert "train-on-test" in scores.report() and "cross-validated" in scores.report()
    # Held-out floors: plain LAC scores PER 0.79, LOC 0.72, ORG 0.63; LAC + rules 0.83,
    # 0.83, 0.70; the CRF must keep its cross-validated gain over the rules.
    crf, rules = cv.mean_f1("crf"), cv.mean_f1("rules")
    assert crf["PER"] >= 0.85 and crf["LOC"] >= 0.85 and crf["ORG"] >= 0.74
    assert all(crf[lab] > rules[lab] for lab in ("PER", "LOC", "ORG"))
    # Without the CRF (the rules alone) the figures are honest; keep their floor.
    rule_scores = evaluate_bio(BIO, recognize=lambda t: recognize_many([t], use_crf=False)[0])
    assert not rule_scores.trained_on_file
    assert rule_scores["PER"][2] >= 0.82
    assert rule_scores["LOC"][2] >= 0.82
    assert rule_scores["ORG"][2] >= 0.69


def test_the_build_finds_the_people_kg_ner_finds():
    """One recogniser: a person `kg ner` reads is a person of the extraction (issue 11)."""
    from kg.extraction.extract import extract
    from kg.graph.records import Article

    text = ("3月2日,市委书记钱小川,市长孙明远到东湖区调研。周立新、吴国华、郑海燕等陪同调研。"
            "区委书记李红说,要抓好落实。")
    recognised = {m.text for m in recognize(text) if m.label == "PERSON"}
    built = {e.name for e in extract(Article(id="t", title="调研", body=text, file="t.txt",
                                              city="青川市", date="2023-03-02")).entities
             if e.type == "Person"}
    assert {"钱小川", "孙明远", "周立新", "吴国华", "郑海燕", "李红"} <= built
    assert recognised <= built
