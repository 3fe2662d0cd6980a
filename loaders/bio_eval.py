"""Entity-level scoring of a recogniser against a BIO corpus (`kg eval --bio FILE`).

The corpus format is the People's Daily NER one: one character and its tag per line
(`中 B-LOC`), tags B-X / I-X / O, a blank line between sentences. A span counts as found
only if start, end and label all match.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.records import Mention

# Our labels -> the corpus's.
BIO_LABEL = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}


class BioFormatError(ValueError):
    """A BIO file that does not follow the format; the message names file and line."""


@dataclass(frozen=True)
class BioSentence:
    text: str
    spans: frozenset[tuple[int, int, str]]  # (start, end, corpus label)


def read_bio(path: str | Path) -> list[BioSentence]:
    """Sentences of a BIO file; BioFormatError naming file and line on a malformed line."""
    path = Path(path)
    sentences: list[BioSentence] = []
    chars: list[str] = []
    tags: list[str] = []
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as exc:
        raise BioFormatError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    if chars:
                        sentences.append(_sentence(chars, tags))
                        chars, tags = [], []
                    continue
                char, tag = _parse_line(path, number, line)
                chars.append(char)
                tags.append(tag)
        except UnicodeDecodeError as exc:
            raise BioFormatError(f"{path}: not UTF-8 text ({exc.reason})") from None
    if chars:
        sentences.append(_sentence(chars, tags))
    return sentences


def _parse_line(path: Path, number: int, line: str) -> tuple[str, str]:
    parts = line.split()
    # A line whose character is itself a space comes as " O": one field left.
    if len(parts) == 1 and line[:1].isspace():
        parts = [" ", parts[0]]
    if len(parts) != 2:
        raise BioFormatError(
            f"{path}:{number}: expected 'CHAR TAG', got {line!r}"
        )
    char, tag = parts
    if len(char) != 1:
        raise BioFormatError(f"{path}:{number}: expected one character, got {char!r}")
    if not (tag == "O" or (tag[:2] in ("B-", "I-") and len(tag) > 2)):
        raise BioFormatError(f"{path}:{number}: bad tag {tag!r} (want O, B-X or I-X)")
    return char, tag


def _sentence(chars: list[str], tags: list[str]) -> BioSentence:
    return BioSentence("".join(chars), frozenset(bio_spans(tags)))


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans of a tag sequence; an I-X that does not continue an X starts one."""
    spans: set[tuple[int, int, str]] = set()
    label, start = None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        continues = tag.startswith("I-") and tag[2:] == label
        if label is not None and not continues:
            spans.add((start, i, label))
            label = None
        if tag != "O" and not continues:
            label, start = tag[2:], i
    return spans


Score = tuple[float, float, float, int]  # precision, recall, F1, gold support


def score_spans(
    gold: Iterable[frozenset[tuple[int, int, str]]],
    predicted: Iterable[set[tuple[int, int, str]]],
    labels: Iterable[str] = ("PER", "ORG", "LOC"),
) -> dict[str, Score]:
    """Per-label entity-level precision, recall, F1 and gold support."""
    labels = list(labels)
    tp = dict.fromkeys(labels, 0)
    n_pred = dict.fromkeys(labels, 0)
    n_gold = dict.fromkeys(labels, 0)
    for g, p in zip(gold, predicted, strict=True):
        for span in g:
            if span[2] in n_gold:
                n_gold[span[2]] += 1
                tp[span[2]] += span in p
        for span in p:
            if span[2] in n_pred:
                n_pred[span[2]] += 1
    out: dict[str, Score] = {}
    for label in labels:
        precision = tp[label] / n_pred[label] if n_pred[label] else 0.0
        recall = tp[label] / n_gold[label] if n_gold[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = (precision, recall, f1, n_gold[label])
    return out


def evaluate_bio(
    path: str | Path,
    recognize: Callable[[str], list[Mention]] | None = None,
) -> dict[str, Score]:
    """Score `recognize` (default: loaders.ner, batched) on a BIO file, per corpus label."""
    sentences = read_bio(path)
    texts = [s.text for s in sentences]
    if recognize is None:
        from loaders.ner import recognize_many

        found = recognize_many(texts)
    else:
        found = [recognize(t) for t in texts]
    predicted = [
        {(m.start, m.end, BIO_LABEL[m.label]) for m in mentions if m.label in BIO_LABEL}
        for mentions in found
    ]
    return score_spans([s.spans for s in sentences], predicted)
