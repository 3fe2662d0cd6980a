"""Sentence splitting that keeps offsets: evidence is always the sentence verbatim."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at a full stop, question or exclamation mark (with a closing quote that
# follows it) or at a line break; headlines are lines of their own.
_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’」』)]?)?|[。！？!?]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split(text: str) -> list[Sentence]:
    """Sentences of `text` with their offsets, stripped of surrounding white space."""
    out = []
    for match in _SENTENCE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped or not any(ch.isalnum() for ch in stripped):
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        out.append(Sentence(start, start + len(stripped), stripped))
    return out


def paragraph(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the paragraph (line) that holds offset `pos`."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end
