"""Entity-level scoring of a recogniser against a BIO corpus (`kg eval --bio FILE`).

The corpus format is the People's Daily NER one: one character and its tag per line
(`中 B-LOC`), tags B-X / I-X / O, a blank line between sentences. A span counts as found
only if start, end and label all match.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.extraction.ner.crf import bio_to_spans
from kg.graph.records import Mention

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
        handle = open(path, encoding="utf-8-sig")  # noqa: SIM115 - entered below; only open's OSError is caught here
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
    return set(bio_to_spans(tags))  # the recogniser's own reading of BIO, so both score alike


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


@dataclass(frozen=True)
class CrossValidation:
    """Held-out scores of k-fold cross-validation of the NER CRF over a BIO file.

    Folds are k contiguous blocks of sentences in file order; fold i's model is trained
    on the other blocks only. `rules` are LAC + post-rules (no CRF) on the same blocks.
    """

    k: int
    folds: tuple[tuple[int, int], ...]        # (first, last + 1) test sentence of each fold
    crf: tuple[dict[str, Score], ...]
    rules: tuple[dict[str, Score], ...]
    recorded: bool = False  # True: read from the model metadata, not recomputed now

    def mean_f1(self, system: str = "crf") -> dict[str, float]:
        runs = self.crf if system == "crf" else self.rules
        return {lab: sum(r[lab][2] for r in runs) / len(runs) for lab in runs[0]}


class BioScores(dict):
    """Per-label Score of a recogniser on a BIO file (a dict label -> Score), plus:

    trained_on_file: the shipped NER model was trained on this very file (same SHA-256),
    so these figures are train-on-test and overstate accuracy; cross_validated: held-out
    figures to read instead (always present when trained_on_file).
    """

    trained_on_file: bool = False
    cross_validated: CrossValidation | None = None

    def report(self) -> str:
        """Plain-text lines for `kg eval --bio`, leading with any train-on-test warning."""
        lines = []
        if self.trained_on_file:
            lines.append(
                "WARNING: the shipped NER model (extraction/ner/models/ner_crf.crfsuite) was trained "
                "on this file: the figures below are train-on-test and overstate accuracy; "
                "read the cross-validated ones."
            )
            lines.append("train-on-test:")
        lines.extend(_score_lines(self))
        cv = self.cross_validated
        if cv is not None:
            how = "recorded when the model was trained" if cv.recorded else "computed now"
            lines.append(f"cross-validated ({cv.k}-fold, held-out, {how}):")
            for (a, b), crf, rules in zip(cv.folds, cv.crf, cv.rules):
                lines.append(
                    f"  fold sentences {a}..{b - 1}: CRF "
                    + "  ".join(f"{lab} {crf[lab][2]:.3f}" for lab in crf)
                    + "  | rules " + "  ".join(f"{lab} {rules[lab][2]:.3f}" for lab in rules)
                )
            for system in ("crf", "rules"):
                mean = cv.mean_f1(system)
                lines.append(
                    f"  mean {system.upper() if system == 'crf' else system} F1: "
                    + "  ".join(f"{lab} {mean[lab]:.3f}" for lab in mean)
                )
        return "\n".join(lines)


def _score_lines(scores: dict[str, Score]) -> list[str]:
    return [
        f"  {label}: P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {n})"
        for label, (p, r, f, n) in scores.items()
    ]


def evaluate_bio(
    path: str | Path,
    recognize: Callable[[str], list[Mention]] | None = None,
    *,
    cross_validate: int = 0,
) -> BioScores:
    """Score `recognize` (default: loaders.ner, batched) on a BIO file, per corpus label.

    With the default recogniser, a file the shipped CRF was trained on is flagged
    (`trained_on_file`) and its cross-validated figures are attached: those recorded at
    training time, or recomputed now with cross_validate=k (k >= 2 folds; also allowed
    on any other file, to cross-validate the CRF there).
    """
    if cross_validate == 1 or cross_validate < 0:
        raise ValueError(f"cross_validate must be 0 or at least 2 folds, got {cross_validate}")
    sentences = read_bio(path)
    texts = [s.text for s in sentences]
    if recognize is None:
        from kg.extraction.ner.recognizer import recognize_many

        found = recognize_many(texts)
    else:
        found = [recognize(t) for t in texts]
    predicted = [
        {(m.start, m.end, BIO_LABEL[m.label]) for m in mentions if m.label in BIO_LABEL}
        for mentions in found
    ]
    scores = BioScores(score_spans([s.spans for s in sentences], predicted))
    if recognize is None:
        from kg.extraction.ner import crf as ner_crf

        scores.trained_on_file = ner_crf.shipped_tagger() is not None and ner_crf.trained_on(path)
        if cross_validate:
            scores.cross_validated = cross_validate_crf(sentences, cross_validate)
        elif scores.trained_on_file:
            scores.cross_validated = _recorded_cv(ner_crf.metadata() or {})
    return scores


def _recorded_cv(meta: dict) -> CrossValidation | None:
    cv = meta.get("cross_validation")
    if not cv:
        return None
    folds = cv["folds"]
    return CrossValidation(
        k=cv["k"],
        folds=tuple(tuple(f["test_sentences"]) for f in folds),
        crf=tuple({lab: tuple(v) for lab, v in f["crf"].items()} for f in folds),
        rules=tuple({lab: tuple(v) for lab, v in f["rules"].items()} for f in folds),
        recorded=True,
    )


def fold_blocks(n: int, k: int) -> list[range]:
    """k contiguous, near-equal blocks of range(n) (the cross-validation folds)."""
    bounds = [round(i * n / k) for i in range(k + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(k)]


def cross_validate_crf(
    sentences: list[BioSentence], k: int, *, log: Callable[[str], None] | None = None
) -> CrossValidation:
    """k-fold held-out scores of the NER CRF (and of the rules alone) on sentences.

    Each fold's CRF is trained in a temporary file on the other folds' sentences only;
    the shipped model is not touched and not used.
    """
    import tempfile

    from kg.extraction.ner import crf as ner_crf
    from kg.extraction.ner import recognizer as ner
    from kg.extraction.ner import training
    if k < 2 or k > len(sentences):
        raise ValueError(f"cannot make {k} folds of {len(sentences)} sentences")
    prepared = training.prepare(sentences)
    labels = ("PER", "LOC", "ORG")
    folds, crf_scores, rule_scores = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, test in enumerate(fold_blocks(len(sentences), k)):
            model = Path(tmp) / f"fold{i}.crfsuite"
            training.train(
                (piece for j, (_, pieces) in enumerate(prepared) if j not in test
                 for piece in pieces),
                model,
            )
            tagger = ner_crf.Tagger(model)
            gold = [sentences[j].spans for j in test]
            scored = []
            for system in (tagger, None):
                found = [
                    set(ner.final_spans(sentences[j].text, prepared[j][0], system)) for j in test
                ]
                scored.append(score_spans(gold, found, labels))
            folds.append((test.start, test.stop))
            crf_scores.append(scored[0])
            rule_scores.append(scored[1])
            if log:
                log(f"fold {i + 1}/{k}: test sentences {test.start}..{test.stop - 1}, "
                    f"trained on the other {len(sentences) - len(test)}")
                for name, sc in (("crf  ", scored[0]), ("rules", scored[1])):
                    log(f"  {name} " + "  ".join(
                        f"{lab} F1 {sc[lab][2]:.3f} (P {sc[lab][0]:.3f} R {sc[lab][1]:.3f})"
                        for lab in labels))
    return CrossValidation(k, tuple(folds), tuple(crf_scores), tuple(rule_scores))
