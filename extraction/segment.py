"""Words with parts of speech: one pass of the project's recogniser (LAC, extraction/ner/).

The extractor reads the same analysis as `kg ner`: Baidu LAC's segmentation, parts of
speech and entity tags (PER, LOC, ORG) from one model run, so a name the recogniser finds
is a name the build finds, and no second segmenter runs over the text. LAC's tags are
written in the ICTCLAS letters the rules use (PER -> nr, LOC -> ns, ORG -> nt, TIME -> t,
punctuation -> x). The project's lexicons then make their words whole: a title is one word
tagged nnt (常务副市长, never 常务|副市长), an event noun a noun (座谈会), a trigger a verb
(出席 of 出席会议), as a user dictionary would; a lexicon word never cuts through a name
the model found. jieba is kept for its dictionary only: how common a word is
(`word_frequency`), which the place rules ask.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import jieba
import jieba.posseg

from kg.extraction import lexicon

jieba.setLogLevel(logging.WARNING)
_lock = threading.Lock()
_ready = False

# LAC's tags in the letters of the ICTCLAS set the rules were written in.
_FLAG = {"PER": "nr", "LOC": "ns", "ORG": "nt", "TIME": "t", "w": "x", "xc": "u", "nw": "nz", "O": "x"}
_SPACE = re.compile(r"\s+")
# Organizations and places the model reads as one word (瀍河区北窑街道党工委) are cut into
# dictionary words inside, so that the place and title rules see their parts.
_SPLIT = frozenset({"ORG", "LOC"})
_ENTITIES = frozenset({"PER", "LOC", "ORG"})


@dataclass(frozen=True)
class Token:
    word: str
    flag: str
    start: int
    entity: str = ""   # the recogniser's entity the word is (part of): PER, LOC, ORG or ""
    entity_start: int = -1   # where that entity starts (one entity cut into several words)

    @property
    def end(self) -> int:
        return self.start + len(self.word)


def setup() -> None:
    """Load the recogniser's model, the lexicons and jieba's dictionary (idempotent)."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        jieba.initialize()
        _forced()
        tokens_many(["市长出席会议"])
        _ready = True


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts `word` (0 for a word it does not know)."""
    if not jieba.dt.initialized:
        setup()
    return jieba.dt.FREQ.get(word) or 0


@lru_cache(maxsize=1)
def _forced() -> tuple[re.Pattern[str], dict[str, str]]:
    """The lexicon words made whole, with their tags (a trigger wins over an event noun,
    which wins over a title, when one word is in two lists)."""
    lex = lexicon.load()
    flags: dict[str, str] = dict.fromkeys(lex.titles, "nnt")
    flags.update(dict.fromkeys(lex.event_nouns, "n"))
    flags.update(dict.fromkeys(lex.triggers, "v"))
    return re.compile(lexicon.alternation(flags)), flags


def tokens(text: str) -> list[Token]:
    """Words with part-of-speech flags and their offsets into `text`."""
    return tokens_many([text])[0]


def tokens_many(texts: list[str]) -> list[list[Token]]:
    """Tokens of each text; the recogniser runs once over all of them."""
    from kg.extraction.ner.recognizer import words_many
    return [_tokens(text, words) for text, words in zip(texts, words_many(texts))]


def _tokens(text: str, words: list[tuple[int, int, str]]) -> list[Token]:
    n = len(text)
    if not n:
        return []
    cut = bytearray(n + 1)
    tag = [""] * n          # the model's tag of the word each character is in
    names = bytearray(n)    # characters inside a name the model found
    entity = [""] * n       # the model's entity each character is inside
    entity_at = [-1] * n
    for start, end, kind in words:
        cut[start] = 1
        if kind in _ENTITIES:
            for i in range(start, end):
                entity[i] = kind
                entity_at[i] = start
        flag = _FLAG.get(kind, kind)
        for i in range(start, end):
            tag[i] = flag
        if kind == "PER":
            names[start:end] = b"\1" * (end - start)
    cut[n] = 1
    for start, end, kind in words:
        if kind in _SPLIT and end - start >= 3:
            _split_entity(text, start, end, cut, tag)
    pattern, flags = _forced()
    forced: dict[int, str] = {}
    for match in pattern.finditer(text):
        s, e = match.span()
        if any(names[s:e]):
            continue   # a lexicon word never cuts through a name the model found
        if not cut[s] and not cut[e] or e - s == 1 and not (cut[s] and cut[e]):
            continue   # nor through two words at once (区长 in 涧西区|长春社区), nor a
            # one-character word out of a longer one (说 of 说明)
        cut[s] = cut[e] = 1
        for i in range(s + 1, e):
            cut[i] = 0
        forced[s] = flags[match.group()]
    # white space is a word of its own, except inside a name (崔 霞, an OCR gap)
    for match in _SPACE.finditer(text):
        s, e = match.span()
        if s and e < n and names[s - 1] and names[e] and not cut[s] and not cut[e]:
            continue
        cut[s] = cut[e] = 1
        for i in range(s + 1, e):
            cut[i] = 0
        forced[s] = "x"
    out: list[Token] = []
    start = 0
    for i in range(1, n + 1):
        if cut[i]:
            out.append(Token(text[start:i], forced.get(start) or tag[start] or "x", start, entity[start],
                             entity_at[start]))
            start = i
    return out



def _split_entity(text: str, start: int, end: int, cut: bytearray, tag: list[str]) -> None:
    """Dictionary words inside one entity word (no guessing of unknown words: the model
    already read the whole); a single character keeps the entity's tag (瀍 of 瀍河区)."""
    pos = start
    for pair in jieba.posseg.cut(text[start:end], HMM=False):
        cut[pos] = 1
        # only the model says who is a person (jieba's dictionary tags 洪泽湖 nr)
        if len(pair.word) > 1 and pair.flag != "x" and not pair.flag.startswith("nr"):
            for i in range(pos, pos + len(pair.word)):
                tag[i] = pair.flag
        pos += len(pair.word)
