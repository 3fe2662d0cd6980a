"""Print how many gold evidence strings are verbatim in the reader's articles.

Usage: python scripts/evidence_coverage.py [GOLD_DIR] [SEEDS_DIR]
Each gold file names its seed page; an evidence string counts as found when it is a
substring of the text (title, sub-headline, body) of one article of that page, or of a
caption. A figure, not a test: the OCR damages some sentences beyond repair.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from loaders.reader import read_paths

ROOT = Path(__file__).resolve().parents[1].parent / "shared"


def evidences(node: object):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "evidence" and isinstance(v, str) and v:
                yield v
            else:
                yield from evidences(v)
    elif isinstance(node, list):
        for v in node:
            yield from evidences(v)


def main() -> None:
    gold_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "gold"
    seeds = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "corpus" / "seeds"
    total = found = 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        texts = [a.text + "\n" + "\n".join(a.captions)
                 for a in read_paths([seeds / gold["seed"]]) if hasattr(a, "body")]
        wanted = sorted(set(evidences(gold)))
        hits = [e for e in wanted if any(e in t for t in texts)]
        missing = [e for e in wanted if e not in hits]
        total += len(wanted)
        found += len(hits)
        print(f"{gold['seed']}: {len(hits)}/{len(wanted)} evidence strings found in one article")
        for e in missing:
            print(f"    missing: {e}")
    print(f"total: {found}/{total} ({found / max(total, 1):.1%})")


if __name__ == "__main__":
    main()
