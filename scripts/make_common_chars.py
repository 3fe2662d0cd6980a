#!/usr/bin/env python3
"""Writes lexicons/common_chars.txt: the Chinese characters that carry 99.5% of the word
frequency in jieba's own dictionary (a general dictionary, no page of news in it).

The reader uses the list to tell garbled text from text: real news has 98-100% of its
CJK characters in it, random CJK about 20%. Rerun when jieba's dictionary changes:

    python scripts/make_common_chars.py
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import jieba

OUT = Path(__file__).resolve().parents[1] / "lexicons" / "common_chars.txt"
MASS = 0.995
PER_LINE = 50


def main() -> None:
    weight: Counter[str] = Counter()
    with jieba.get_dict_file() as f:
        for raw in f:
            parts = raw.decode("utf-8").split()
            if len(parts) >= 2 and parts[1].isdigit():
                for char in parts[0]:
                    if "\u4e00" <= char <= "\u9fff":
                        weight[char] += int(parts[1])
    total = sum(weight.values())
    kept, mass = [], 0
    for char, n in weight.most_common():
        kept.append(char)
        mass += n
        if mass / total >= MASS:
            break
    kept.sort()
    lines = ["# Common Chinese characters: 99.5% of the word frequency of jieba's dictionary.",
             "# Made by scripts/make_common_chars.py; the reader's test for garbled text."]
    lines += ["".join(kept[i:i + PER_LINE]) for i in range(0, len(kept), PER_LINE)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(kept)} characters")


if __name__ == "__main__":
    main()
