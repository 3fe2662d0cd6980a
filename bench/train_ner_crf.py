"""Train the NER CRF (extraction/ner/) with k-fold cross-validation, then ship it.

Usage: python bench/train_ner_crf.py [BIO_FILE] [--folds K] [--no-ship]

1. Cross-validation: the sentences are cut into K contiguous blocks in file order
   (deterministic, no shuffling); fold i's CRF is trained on the other blocks only and
   scored on block i. Prints each fold's held-out P/R/F1 of PER/LOC/ORG for the CRF and
   for LAC + post-rules alone (the baseline), then the mean F1 over folds.
2. Unless --no-ship: trains on the whole file and writes extraction/ner/models/ner_crf.crfsuite
   and ner_crf.json (the file's SHA-256, the CV figures, the parameters), so that
   `evaluate_bio` flags an evaluation on that file as train-on-test and shows the CV
   figures with it.

Training is deterministic (L-BFGS from zero; fixed parameters, ner_crf.TRAIN_PARAMS).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.evaluation.bio import cross_validate_crf, read_bio  # noqa: E402
from kg.extraction.ner import crf as ner_crf  # noqa: E402
from kg.extraction.ner import training  # noqa: E402

SHARED = ROOT.parent / "shared"


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
    cv = cross_validate_crf(sentences, args.folds, log=print)
    print(f"mean held-out F1 over {cv.k} folds:")
    for system in ("crf", "rules"):
        mean = cv.mean_f1(system)
        print(f"  {system:5} " + "  ".join(f"{lab} {mean[lab]:.3f}" for lab in mean))
    if not args.no_ship:
        training.write_model(args.bio, sentences, cv)
        size = ner_crf.MODEL_PATH.stat().st_size
        print(f"wrote {ner_crf.MODEL_PATH} ({size} bytes) and {ner_crf.META_PATH}")
    print(f"took {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
