"""loaders.ner: spans, offsets, odd input, and F1 on the People's Daily BIO file."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from loaders.ner import recognize, recognize_many

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


@pytest.mark.seeds
def test_f1_on_peoples_daily_dev():
    if not BIO.exists():
        pytest.skip(f"{BIO} is absent")
    from loaders.bio_eval import evaluate_bio

    start = time.perf_counter()
    scores = evaluate_bio(BIO)
    elapsed = time.perf_counter() - start
    if elapsed > 20:
        pytest.skip(f"evaluation took {elapsed:.0f} s, too slow to assert here")
    # Floors: plain LAC scores PER 0.79, LOC 0.72, ORG 0.63; the post-rules must keep
    # their gain (the project targets, 0.85/0.85/0.75, are tracked in the report).
    assert scores["PER"][2] >= 0.82
    assert scores["LOC"][2] >= 0.82
    assert scores["ORG"][2] >= 0.69
