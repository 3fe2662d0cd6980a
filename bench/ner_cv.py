"""Cross-validated NER figures on a BIO file (what to read instead of train-on-test ones).

Usage: python bench/ner_cv.py [BIO_FILE] [--folds K]
Prints the `kg eval --bio` report of the file with the CRF cross-validated now (k
contiguous folds; each fold's model never sees its test sentences), plus the plain
figures of the shipped model, flagged when it was trained on this file.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.evaluation.bio import evaluate_bio  # noqa: E402

SHARED = ROOT.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bio", nargs="?", type=Path,
                        default=SHARED / "datasets/peoples_daily/example.dev")
    parser.add_argument("--folds", type=int, default=2)
    args = parser.parse_args()
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    print(f"{args.bio}:")
    print(evaluate_bio(args.bio, cross_validate=args.folds).report())


if __name__ == "__main__":
    main()
