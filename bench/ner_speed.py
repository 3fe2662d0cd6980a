"""Throughput of loaders.ner.recognize against bare jieba.posseg.cut on the same text.

Usage: python bench/ner_speed.py [BIO_FILE] [--rounds N]
Text: the sentences of the BIO corpus (default ../shared/datasets/peoples_daily/
example.dev) joined into documents of about 2,000 characters (an article's size), plus
the seed pages when present. Prints chars/s of each and their ratio, measured in one run
(interleaved rounds, best of each, so load from other processes hits both alike).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import jieba
import jieba.posseg as pseg

from kg.evaluation.bio import read_bio
from kg.extraction.ner.recognizer import recognize, recognize_many

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def documents(bio: Path) -> list[str]:
    docs, cur = [], ""
    for sentence in read_bio(bio):
        cur += sentence.text
        if len(cur) >= 2000:
            docs.append(cur)
            cur = ""
    if cur:
        docs.append(cur)
    for page in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        docs.append(page.read_text(encoding="utf-8", errors="replace"))
    return docs


def best_time(fn, docs: list[str]) -> float:
    start = time.perf_counter()
    for doc in docs:
        fn(doc)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bio", nargs="?", default=SHARED / "datasets/peoples_daily/example.dev")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = documents(Path(args.bio))
    chars = sum(map(len, docs))
    jieba.initialize()
    recognize("预热模型")  # load both models before timing
    list(pseg.cut("预热模型"))
    def rules_only(doc: str) -> None:
        recognize_many([doc], use_crf=False)

    t_jieba, t_ner, t_rules = float("inf"), float("inf"), float("inf")
    for _ in range(args.rounds):
        t_jieba = min(t_jieba, best_time(lambda d: list(pseg.cut(d)), docs))
        t_ner = min(t_ner, best_time(recognize, docs))
        t_rules = min(t_rules, best_time(rules_only, docs))
    print(f"text: {len(docs)} documents, {chars} chars")
    print(f"jieba.posseg.cut : {chars / t_jieba:10.0f} chars/s ({t_jieba:.2f} s)")
    print(f"ner.recognize    : {chars / t_ner:10.0f} chars/s ({t_ner:.2f} s)")
    print(f"  without the CRF: {chars / t_rules:10.0f} chars/s ({t_rules:.2f} s)")
    print(f"recognize / jieba throughput ratio: {t_jieba / t_ner:.2f}")
    print(f"recognize without the CRF / jieba throughput ratio: {t_jieba / t_rules:.2f}")
    both = t_jieba + t_ner
    print(f"jieba + recognize together vs jieba alone: {t_jieba / both:.2f}")


if __name__ == "__main__":
    main()
