"""Train the NER CRF (loaders/ner_crf.py) with k-fold cross-validation, then ship it.

Usage: python bench/train_ner_crf.py [BIO_FILE] [--folds K] [--no-ship]

1. Folds: the sentences are cut into K contiguous blocks (deterministic, no shuffling);
   fold i trains on the other blocks only and is scored on block i. For each fold it
   prints held-out P/R/F1 of PER/LOC/ORG for LAC + post-rules (the baseline) and for the
   CRF, then the mean over folds.
2. Unless --no-ship: trains on the whole file and writes loaders/models/ner_crf.crfsuite
   and ner_crf.json (the training file's SHA-256, the CV figures, the parameters), so
   that `evaluate_bio` flags an evaluation on that file as train-on-test.

Training is deterministic (L-BFGS from zero, fixed parameters in ner_crf.TRAIN_PARAMS);
no parameter is chosen by looking at a fold's test block.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders import ner, ner_crf  # noqa: E402
from loaders.bio_eval import (  # noqa: E402
    BioSentence,
    Score,
    read_bio,
    score_spans,
)

SHARED = ROOT.parent / "shared"
LABELS = ("PER", "LOC", "ORG")


def prepare(sentences: list[BioSentence]):
    """For each sentence: its analysis, its pieces' features and gold labels."""
    texts = [s.text for s in sentences]
    analyses = ner.analyse_many(texts)
    out = []
    for sentence, analysis in zip(sentences, analyses):
        gold = ner_crf.bio_labels(len(sentence.text), sentence.spans)
        feats = ner.crf_features(sentence.text, analysis)
        pieces = [(f, gold[s:e]) for f, (s, e) in zip(feats, analysis.pieces)]
        out.append((analysis, pieces))
    return out


def predictions(sentences, prepared, tagger: ner_crf.Tagger | None) -> list[set]:
    """Spans found in each sentence: by the CRF, or by LAC + rules when tagger is None."""
    return [
        set(ner.final_spans(s.text, analysis, tagger))
        for s, (analysis, _) in zip(sentences, prepared)
    ]


def blocks(n: int, k: int) -> list[range]:
    """k contiguous, near-equal blocks of range(n)."""
    bounds = [round(i * n / k) for i in range(k + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(k)]


def cross_validate(sentences: list[BioSentence], k: int, *, log=print) -> dict:
    """Per-fold and mean held-out scores of the rules and of the CRF (k contiguous folds)."""
    prepared = prepare(sentences)
    gold = [s.spans for s in sentences]
    folds = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, test in enumerate(blocks(len(sentences), k)):
            train_idx = [j for j in range(len(sentences)) if j not in test]
            path = Path(tmp) / f"fold{i}.crfsuite"
            ner_crf.train(
                (piece for j in train_idx for piece in prepared[j][1]), path
            )
            tagger = ner_crf.Tagger(path)
            test_prepared = [prepared[j] for j in test]
            test_sentences = [sentences[j] for j in test]
            test_gold = [gold[j] for j in test]
            rules = score_spans(test_gold, predictions(test_sentences, test_prepared, None), LABELS)
            crf = score_spans(test_gold, predictions(test_sentences, test_prepared, tagger), LABELS)
            fold = {
                "test_sentences": [test.start, test.stop],
                "rules": rules,
                "crf": crf,
            }
            folds.append(fold)
            log(f"fold {i + 1}/{k}: test sentences {test.start}..{test.stop - 1}, "
                f"trained on the other {len(train_idx)}")
            log("  rules " + fmt(rules))
            log("  crf   " + fmt(crf))
    mean = {
        system: {
            label: sum(f[system][label][2] for f in folds) / len(folds) for label in LABELS
        }
        for system in ("rules", "crf")
    }
    log(f"mean held-out F1 over {k} folds:")
    for system in ("rules", "crf"):
        log(f"  {system:5} " + "  ".join(f"{lab} {mean[system][lab]:.3f}" for lab in LABELS))
    return {"folds": folds, "mean_f1": mean, "k": k}


def fmt(scores: dict[str, Score]) -> str:
    return "  ".join(
        f"{lab} F1 {scores[lab][2]:.3f} (P {scores[lab][0]:.3f} R {scores[lab][1]:.3f})"
        for lab in LABELS
    )


def ship(path: Path, sentences: list[BioSentence], cv: dict) -> None:
    prepared = prepare(sentences)
    ner_crf.MODEL_DIR.mkdir(parents=True, exist_ok=True)
    tmp = ner_crf.MODEL_PATH.with_suffix(".tmp")
    ner_crf.train((piece for _, pieces in prepared for piece in pieces), tmp)
    tmp.replace(ner_crf.MODEL_PATH)
    meta = {
        "feature_version": ner_crf.FEATURE_VERSION,
        "training_file": path.name,
        "training_sha256": [ner_crf.file_digest(path)],
        "training_sentences": len(sentences),
        "params": ner_crf.TRAIN_PARAMS,
        "cross_validation": {
            "k": cv["k"],
            "split": "contiguous blocks of sentences, in file order",
            "mean_f1": cv["mean_f1"],
            "folds": [
                {
                    "test_sentences": f["test_sentences"],
                    "rules_f1": {lab: round(f["rules"][lab][2], 4) for lab in LABELS},
                    "crf_f1": {lab: round(f["crf"][lab][2], 4) for lab in LABELS},
                }
                for f in cv["folds"]
            ],
        },
    }
    ner_crf.META_PATH.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    print(f"wrote {ner_crf.MODEL_PATH} ({ner_crf.MODEL_PATH.stat().st_size} bytes) "
          f"and {ner_crf.META_PATH}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bio", nargs="?", type=Path,
                        default=SHARED / "datasets/peoples_daily/example.dev")
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--no-ship", action="store_true", help="only cross-validate")
    args = parser.parse_args()
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    start = time.perf_counter()
    sentences = read_bio(args.bio)
    print(f"{args.bio}: {len(sentences)} sentences; {args.folds}-fold cross-validation")
    cv = cross_validate(sentences, args.folds)
    if not args.no_ship:
        ship(args.bio, sentences, cv)
    print(f"took {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
