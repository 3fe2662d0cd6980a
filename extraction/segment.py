"""jieba with the project's lexicons registered as user words, set up once per process.

Titles are added with the ICTCLAS tag for job titles (nnt), event nouns as nouns and
triggers as verbs, so that jieba keeps 常务副市长 or 座谈会 whole and does not glue a title
to the name after it. `tokens` is the one posseg pass an extraction makes over a text.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import jieba
import jieba.posseg

from kg.extraction import lexicon

_lock = threading.Lock()
_ready = False

# High enough that a user word beats jieba's own split of it, as load_userdict does.
_FREQ = 20000


@dataclass(frozen=True)
class Token:
    word: str
    flag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.word)


def setup() -> None:
    """Register the lexicons with jieba (idempotent, thread-safe)."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(logging.WARNING)
        lex = lexicon.load()
        for title in lex.titles:
            jieba.add_word(title, _FREQ, "nnt")
        for noun in lex.event_nouns:
            jieba.add_word(noun, _FREQ, "n")
        for word in lex.triggers:
            jieba.add_word(word, _FREQ, "v")
        jieba.posseg.initialize()
        _ready = True


def tokens(text: str) -> list[Token]:
    """Words with part-of-speech flags and their offsets into `text`."""
    setup()
    out: list[Token] = []
    pos = 0
    for pair in jieba.posseg.cut(text):
        out.append(Token(pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out
