"""Reader throughput: copies the seed pages N times into a temp dir and reads them all.

Usage: python scripts/bench_reader.py [COPIES]   (prints pages, articles, seconds, rate)
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from kg.graph.records import Article
from kg.reading.reader import read_paths

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        pages = 0
        for k in range(copies):
            sub = Path(tmp) / f"{k:05d}"
            sub.mkdir()
            for page in SEEDS.glob("*.txt"):
                shutil.copy(page, sub / page.name)
                pages += 1
        start = time.perf_counter()
        articles = sum(isinstance(item, Article) for item in read_paths([tmp]))
        seconds = time.perf_counter() - start
    print(f"{pages} pages, {articles} articles in {seconds:.2f} s: {articles / seconds:.0f} articles/s")


if __name__ == "__main__":
    main()
