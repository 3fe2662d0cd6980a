"""Reading the data files in loaders/lexicons/ (one entry a line, `#` comments)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a lexicon file, comments and blank lines left out."""
    out = []
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append(tuple(part.strip() for part in line.split("\t")))
    return tuple(out)
