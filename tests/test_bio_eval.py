"""loaders.bio_eval: reading BIO files, spans, scoring, clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluation.bio import (
    BioFormatError,
    bio_spans,
    cross_validate_crf,
    evaluate_bio,
    fold_blocks,
    read_bio,
)
from kg.extraction.ner import crf as ner_crf
from kg.graph.records import Mention

BIO = Path(__file__).resolve().parents[1].parent / "shared/datasets/peoples_daily/example.dev"

GOOD = "李 B-PER\n鹏 I-PER\n在 O\n北 B-LOC\n京 I-LOC\n\n\n新 B-ORG\n华 I-ORG\n社 I-ORG\n报 O\n道 O\n"


def write(tmp_path, text, name="x.bio"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_bio(tmp_path):
    sentences = read_bio(write(tmp_path, GOOD))
    assert [s.text for s in sentences] == ["李鹏在北京", "新华社报道"]
    assert sentences[0].spans == {(0, 2, "PER"), (3, 5, "LOC")}
    assert sentences[1].spans == {(0, 3, "ORG")}


def test_crlf_bom_and_no_final_blank_line(tmp_path):
    path = tmp_path / "y.bio"
    path.write_bytes(("\ufeff" + GOOD.rstrip("\n")).replace("\n", "\r\n").encode("utf-8"))
    assert [s.text for s in read_bio(path)] == ["李鹏在北京", "新华社报道"]


def test_bio_spans_conventions():
    assert bio_spans(["B-PER", "B-PER", "I-PER"]) == {(0, 1, "PER"), (1, 3, "PER")}
    assert bio_spans(["O", "I-LOC", "I-LOC", "I-ORG"]) == {(1, 3, "LOC"), (3, 4, "ORG")}
    assert bio_spans([]) == set()


@pytest.mark.parametrize(
    "bad, line, what",
    [
        ("李 B-PER\n鹏\n", 2, "expected 'CHAR TAG'"),
        ("李 B-PER\n鹏 I-PER extra\n", 2, "expected 'CHAR TAG'"),
        ("李鹏 B-PER\n", 1, "one character"),
        ("李 B-PER\n\n鹏 X-PER\n", 3, "bad tag"),
        ("李 B-\n", 1, "bad tag"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path, bad, line, what):
    path = write(tmp_path, bad)
    with pytest.raises(BioFormatError) as info:
        read_bio(path)
    message = str(info.value)
    assert f"{path}:{line}:" in message and what in message
    assert "\n" not in message


def test_unreadable_file(tmp_path):
    with pytest.raises(BioFormatError, match="cannot read"):
        read_bio(tmp_path / "missing.bio")
    path = tmp_path / "gbk.bio"
    path.write_bytes("李 B-PER\n".encode("gbk"))
    with pytest.raises(BioFormatError, match="not UTF-8"):
        read_bio(path)


def test_evaluate_bio_scores_per_label(tmp_path):
    path = write(tmp_path, GOOD)

    def fake(text):  # finds the person, misses the place, half-finds the org
        if text == "李鹏在北京":
            return [Mention(0, 2, "李鹏", "PERSON")]
        return [Mention(0, 2, "新华", "ORG")]

    scores = evaluate_bio(path, recognize=fake)
    assert scores["PER"] == (1.0, 1.0, 1.0, 1)
    assert scores["LOC"] == (0.0, 0.0, 0.0, 1)
    assert scores["ORG"] == (0.0, 0.0, 0.0, 1)


def test_evaluate_bio_default_recogniser(tmp_path):
    scores = evaluate_bio(write(tmp_path, GOOD))
    assert scores["PER"][2] == 1.0 and scores["LOC"][2] == 1.0


def test_evaluate_bio_default_recogniser_on_other_file_is_not_train_on_test(tmp_path):
    scores = evaluate_bio(write(tmp_path, GOOD))
    assert not scores.trained_on_file and scores.cross_validated is None
    assert "train-on-test" not in scores.report()


def test_train_on_test_is_detected_by_content(tmp_path):
    # The shipped model records the SHA-256 of its training file: a copy anywhere is the
    # same file; one changed byte is another file.
    if not BIO.exists():
        pytest.skip(f"{BIO} is absent")
    copy = tmp_path / "renamed.bio"
    data = BIO.read_bytes()
    copy.write_bytes(data)
    assert ner_crf.trained_on(copy)
    other = tmp_path / "other.bio"
    other.write_bytes(data + "\n新 B-ORG\n华 I-ORG\n".encode())
    assert not ner_crf.trained_on(other)
    assert not ner_crf.trained_on(write(tmp_path, GOOD))


def test_fold_blocks_partition_the_sentences():
    for n, k in ((10, 2), (11, 3), (2318, 5)):
        folds = fold_blocks(n, k)
        assert len(folds) == k
        assert [i for f in folds for i in f] == list(range(n))
        assert max(map(len, folds)) - min(map(len, folds)) <= 1


def test_cross_validation_trains_without_the_test_fold(tmp_path):
    # Two folds of a tiny corpus: each half's sentences appear only in its own half, so a
    # model that saw its test fold would find them; a held-out one cannot know 鄢陵 is a
    # place from a sentence it never saw (LAC alone may still find it: compare the CRF
    # against a model trained on everything).
    half = ["李 B-PER\n鹏 I-PER\n在 O\n北 B-LOC\n京 I-LOC\n"] * 3
    other = ["张 B-PER\n三 I-PER\n去 O\n上 B-LOC\n海 I-LOC\n"] * 3
    sentences = read_bio(write(tmp_path, "\n".join(half + other)))
    cv = cross_validate_crf(sentences, 2)
    assert cv.k == 2 and cv.folds == ((0, 3), (3, 6))
    assert len(cv.crf) == len(cv.rules) == 2
    for fold in cv.crf:
        assert set(fold) == {"PER", "LOC", "ORG"}
        assert all(0.0 <= f <= 1.0 for _, _, f, _ in fold.values())
    report = evaluate_bio(write(tmp_path, "\n".join(half + other), "y.bio"), cross_validate=2)
    assert report.cross_validated is not None and not report.cross_validated.recorded
    assert "cross-validated (2-fold" in report.report()
    with pytest.raises(ValueError):
        evaluate_bio(write(tmp_path, GOOD, "z.bio"), cross_validate=1)
