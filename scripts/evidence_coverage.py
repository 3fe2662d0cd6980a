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

from kg.reading.reader import read_paths

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
    total = found = found_extra = 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        articles = [a for a in read_paths([seeds / gold["seed"]]) if hasattr(a, "body")]
        texts = [a.text + "\n" + "\n".join(a.captions) for a in articles]
        kept = [_extra_text(a) for a in articles]
        wanted = sorted(set(evidences(gold)))
        hits = [e for e in wanted if any(e in t for t in texts)]
        in_extra = [e for e in wanted if e not in hits and any(e in t for t in kept)]
        missing = [e for e in wanted if e not in hits and e not in in_extra]
        total += len(wanted)
        found += len(hits)
        found_extra += len(in_extra)
        print(f"{gold['seed']}: {len(hits)}/{len(wanted)} evidence strings in one article's text or captions, "
              f"{len(in_extra)} more in its byline/masthead/digest (Article.extra)")
        for e in missing:
            print(f"    missing: {e}")
    print(f"total: {found}/{total} ({found / max(total, 1):.1%}) in text; "
          f"{found + found_extra}/{total} ({(found + found_extra) / max(total, 1):.1%}) with Article.extra")


def _extra_text(article) -> str:
    parts = []
    for _key, value in article.extra:
        parts.extend(value if isinstance(value, tuple) else [str(value)])
    return "\n".join(parts)


if __name__ == "__main__":
    main()
