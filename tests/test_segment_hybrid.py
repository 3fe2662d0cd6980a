"""The hybrid segmenter (extraction/segment.py): jieba's words everywhere, the model only
around the words that may be names. Sentences written for the test (fictional names)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extraction import persons, segment

REPO = Path(__file__).resolve().parents[1]
CITY = "青川市"


@pytest.fixture
def hybrid():
    before = segment.mode()
    segment.set_mode("hybrid")
    yield
    segment.set_mode(before)


def _read(text):
    """Tokens of text and how many of its characters the model read."""
    before = segment.usage.model_chars
    tokens = segment.tokens(text)
    return tokens, segment.usage.model_chars - before


def test_hybrid_is_the_default():
    env = {k: v for k, v in os.environ.items() if k != "KG_SEGMENTER"}
    run = subprocess.run([sys.executable, "-c", "from kg.extraction import segment; print(segment.mode())"],
                         capture_output=True, text=True, env=env, check=True)
    assert run.stdout.strip() == "hybrid"


@pytest.mark.usefixtures("hybrid")
def test_official_next_to_a_title_is_read_by_the_model():
    text = "青川市委常委、常务副市长周建民主持召开全市安全生产工作会议，研究部署下一阶段工作。"
    tokens, read = _read(text)
    assert 0 < read < len(text)      # the model read the name's surroundings, not the whole
    name = next(t for t in tokens if t.word == "周建民")
    assert (name.flag, name.entity) == ("nr", "PER")
    found, _ = persons.find_titled(text, tokens, CITY)
    titles = {p.name: [pos.title for pos in p.positions] for p in found}
    assert "常务副市长" in titles["周建民"]


@pytest.mark.usefixtures("hybrid")
def test_sentence_without_a_possible_name_never_calls_the_model():
    text = "今天天气很好，大家都很高兴，一起去公园散步。"
    tokens, read = _read(text)
    assert read == 0
    assert "".join(t.word for t in tokens) == text
    assert not any(t.entity for t in tokens)


def test_lac_mode_reads_every_character():
    before = segment.mode()
    segment.set_mode("lac")
    try:
        text = "今天天气很好，大家都很高兴，一起去公园散步。"
        _tokens, read = _read(text)
        assert read == len(text)
    finally:
        segment.set_mode(before)


@pytest.mark.usefixtures("hybrid")
def test_dates_jieba_cuts_are_one_word_as_the_model_writes_them():
    tokens, read = _read("自2023年5月份以来，大家一起种树。")
    assert read == 0
    assert ("2023年5月份", "t") in [(t.word, t.flag) for t in tokens]


@pytest.mark.usefixtures("hybrid")
def test_hybrid_finds_the_people_the_model_finds_over_the_whole_text():
    text = ("5月8日，副市长柯德恒带队到城关镇调研春耕生产。他强调，要抓好农资供应。"
            "县委书记马文涛、县长冯立新参加调研。天气晴好，田间一片繁忙。")

    def people():
        tokens = segment.tokens(text)
        found, _ = persons.find_titled(text, tokens, CITY)
        return sorted(p.name for p in found)

    hybrid_people = people()
    segment.set_mode("lac")
    assert hybrid_people == people() == ["冯立新", "柯德恒", "马文涛"]


def test_bad_mode_is_refused():
    with pytest.raises(ValueError, match="segmenter 'crf'"):
        segment.set_mode("crf")
    with pytest.raises(ValueError, match="window"):
        segment.set_mode("hybrid", window=-1)


@pytest.mark.parametrize("name, value", [("KG_SEGMENTER", "fast"), ("KG_SEGMENT_WINDOW", "wide")])
def test_bad_environment_value_is_one_line_and_no_traceback(tmp_path, name, value):
    page = tmp_path / "page.txt"
    page.write_text("市长钱小川主持召开会议。\n", encoding="utf-8")
    env = dict(os.environ, **{name: value})
    run = subprocess.run([sys.executable, "-m", "kg", "extract", str(page)], capture_output=True, text=True,
                         env=env, cwd=REPO)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert run.stderr.startswith(f"{name}='{value}': expected")


def test_a_bad_segmenter_setting_creates_no_store(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("市长钱小川主持召开会议。\n", encoding="utf-8")
    store = tmp_path / "store"
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(page), "--store", str(store)],
                         capture_output=True, text=True, env=dict(os.environ, KG_SEGMENTER="fast"), cwd=REPO)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("KG_SEGMENTER='fast': expected")
    assert not store.exists()
