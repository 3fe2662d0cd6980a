"""The project's lexicons: general vocabulary as data files, and the one reader of them.

Each `*.txt` here holds one entry a line (tab-separated columns where a file has them);
a line starting with `#` is a comment, blank lines are left out. Titles, organization
and place suffixes, trigger words, surnames, a gazetteer: never a name copied from a page.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent


@cache
def lines(name: str) -> tuple[str, ...]:
    """The entries of one lexicon file, in file order, comments and blank lines left out."""
    out = []
    with open(LEXICON_DIR / name, encoding="utf-8-sig") as f:
        for raw in f:
            line = raw.rstrip("\n").rstrip()
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(line)
    return tuple(out)


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a lexicon file, each column stripped."""
    return tuple(tuple(part.strip() for part in line.split("\t")) for line in lines(name))


@cache
def longest_first(name: str) -> tuple[str, ...]:
    """The distinct entries of a word list, longest first (so alternations match greedily)."""
    words = {line.strip() for line in lines(name)}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
