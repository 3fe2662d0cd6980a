"""`kg ner`, `kg extract`, `kg eval` through the real CLI."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_ner_contract_offsets(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("副市长钱小川出席会议。\n\n市委书记孙明远强调。\n", encoding="utf-8")
    result = runner.invoke(app, ["ner", str(source)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3                 # one output line per input line, empty ones too
    for record in lines:
        for m in record["mentions"]:
            assert record["text"][m["start"]:m["end"]] == m["text"]
            assert m["label"] in ("PERSON", "ORG", "PLACE")
    assert lines[1]["mentions"] == []


def test_ner_missing_file_is_one_line_error(tmp_path):
    result = runner.invoke(app, ["ner", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr


def test_extract_json_and_skipped_input(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("全市春耕生产工作推进会召开\n\n本报讯(记者 王小青)3月1日,全市春耕生产工作推进会召开。"
                    "市委副书记钱小川出席会议并讲话,副市长孙明远主持会议。\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8garbage\x00\x00")
    result = runner.invoke(app, ["extract", str(page), str(bad), "--json"])
    assert result.exit_code in (0, 3)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert records
    facts = [f for r in records for f in r["facts"]]
    assert any(f["predicate"] == "CHAIRED" and f["subject"]["name"] == "孙明远" for f in facts)
    assert all({"article", "evidence", "confidence"} <= set(f) for f in facts)


def test_eval_missing_gold_dir(tmp_path):
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "none" in result.stderr


@pytest.mark.seeds
def test_eval_json_on_the_gold_pages():
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"no gold at {SHARED}")
    result = runner.invoke(app, ["eval", "--gold", str(SHARED / "gold"), "--json"])
    assert result.exit_code == 0, result.output
    totals = json.loads(result.stdout)["gold"]["totals"]
    assert set(totals) == {"persons", "positions", "event_roles", "org_relations", "places"}
    assert all(0 <= t["f1"] <= 1 for t in totals.values())


@pytest.mark.seeds
def test_eval_bio_on_the_training_file_says_so_and_gives_held_out_figures():
    dev = SHARED / "datasets" / "peoples_daily" / "example.dev"
    if not dev.is_file():
        pytest.skip(f"{dev} is absent")
    result = runner.invoke(app, ["eval", "--bio", str(dev), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["bio_trained_on_file"] is True
    held_out = report["bio_cross_validated"]["mean_f1"]
    # Held-out figures are real ones: below the train-on-test table, and the CRF earns its place.
    for label in ("PER", "LOC", "ORG"):
        assert held_out["crf"][label] < report["bio"][label]["f1"]
        assert held_out["crf"][label] > held_out["rules"][label]


def test_eval_a_corpus_folder_explains_misses_and_inventions(tmp_path):
    (tmp_path / "articles.jsonl").write_text(json.dumps(
        {"id": "n-1", "title": "全市会议召开", "date": "2024-03-02", "text": "市长钱小川出席会议并讲话。"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "n-1.json").write_text(json.dumps(
        {"seed": "n-1", "persons": [{"name": "钱小川", "positions": []}, {"name": "孙明远", "positions": []}]},
        ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path), "--explain"])
    assert result.exit_code == 0, result.output
    assert "persons — missed (1)" in result.stdout and "孙明远" in result.stdout
    assert "Event roles by kind of event" in result.stdout
