"""Words with parts of speech: jieba's dictionary (rjieba) and the project's recogniser (LAC).

The extractor reads the analysis `kg ner` starts from: Baidu LAC's segmentation, parts of
speech and entity tags (PER, LOC, ORG), so a name the recogniser finds is a name the build
finds. The model is the build's cost (a BiGRU step per character), so by default
("hybrid") it reads only the text around the words that may be names: rjieba (jieba's
dictionary and tags, in Rust) cuts every text, and LAC re-reads WINDOW characters either
side of each word the dictionary tags as a name or abbreviation (nr, ns, nt, nz, j), each word it does not
know (HMM-made: new names, mostly) and each lexicon title; elsewhere jieba's words stand,
with dates joined into one word as LAC writes them. `usage` counts the characters the
model read. KG_SEGMENTER=lac (or `set_mode("lac")`) runs the model over all the text.

LAC's tags are written in the ICTCLAS letters the rules use (PER -> nr, LOC -> ns, ORG ->
nt, TIME -> t, punctuation -> x). The project's lexicons then make their words whole: a
title is one word tagged nnt (常务副市长, never 常务|副市长), an event noun a noun (座谈会),
a trigger a verb (出席 of 出席会议), as a user dictionary would; a lexicon word never cuts
through a name the model found. jieba's dictionary also says how common a word is
(`word_frequency`), which the place rules ask.
"""
from __future__ import annotations

import bisect
import logging
import os
import re
import threading
from collections.abc import Callable
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
        mode()   # a bad KG_SEGMENTER is said before any work
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


MODES = ("lac", "hybrid")
# The hybrid's reach: characters of context the model reads either side of a word that
# may be a name (widened to whole words and to a clause end next to them).
WINDOW = 8
_mode = os.environ.get("KG_SEGMENTER", "hybrid")
_window_env = os.environ.get("KG_SEGMENT_WINDOW", "")
_window = int(_window_env) if _window_env.isdigit() else WINDOW


def mode() -> str:
    """How text is segmented: "hybrid" (the default: rjieba everywhere, the model only
    around the words that may be names) or "lac" (the model over all of it). The
    environment variables KG_SEGMENTER and KG_SEGMENT_WINDOW (the hybrid's WINDOW) set them
    for a whole process; a value that is neither ends the process with a one-line message
    (it is the user's input, not a bug)."""
    if _mode not in MODES:
        raise SystemExit(f"KG_SEGMENTER={_mode!r}: expected one of {', '.join(MODES)}")
    if _window_env and not _window_env.isdigit():
        raise SystemExit(f"KG_SEGMENT_WINDOW={_window_env!r}: expected a whole number of characters")
    return _mode


def set_mode(name: str, window: int = WINDOW) -> None:
    """Choose the segmentation mode of this process (and the hybrid's window)."""
    global _mode, _window
    if name not in MODES:
        raise ValueError(f"segmenter {name!r}: expected one of {', '.join(MODES)}")
    if window < 0:
        raise ValueError(f"window {window}: expected 0 or more characters")
    _mode, _window = name, window


@dataclass
class Usage:
    """What this process segmented, and how much of it the model read."""
    texts: int = 0
    chars: int = 0
    model_chars: int = 0

    def share_since(self, before: Usage) -> float:
        """The share of the characters segmented since `before` (a copy of `usage` taken
        then) that the model read."""
        chars = self.chars - before.chars
        return (self.model_chars - before.model_chars) / chars if chars else 0.0


usage = Usage()

# Clause ends: a window reaching one takes it in (the model's backward pass starts there,
# as it does in a whole sentence).
_CLAUSE_END = frozenset("，,、：:；;。！？!?\n\r")
# jieba's particles in the one letter LAC and the rules use
_JIEBA_FLAG = {"uj": "u", "ul": "u", "uz": "u", "uv": "u", "ud": "u", "ug": "u"}
_NAME_FLAGS = ("nr", "ns", "nt", "nz", "j")   # j: jieba's abbreviations (北大, 欧盟), often organizations
_NOT_NAME = frozenset({"m", "t", "eng", "x"})   # unknown numbers, dates, Latin words: no names

Word = tuple[int, int, str]   # start, end, tag (LAC's or jieba's)
# A date or time jieba cuts into numbers and units (2022|年|9|月份) is one word to LAC
# (TIME, t here): made one here too, so that no rule reads a unit as part of a name.
# (号, 点, 分 are left alone: 10号 of an address, 三点 of a list are no dates.)
_DATE = re.compile(r"(?:[0-9０-９〇零一二三四五六七八九十两]+(?:年|月份|月|日))+")


def _maybe_names(text: str, words: list[Word]) -> list[tuple[int, int]]:
    """Spans the model must read: words jieba's dictionary tags as names (nr, ns, nt, nz, j),
    words it does not know (its HMM made them: a new name, most often) and lexicon titles
    (a name may stand next to one in pieces jieba cannot join)."""
    freq = jieba.dt.FREQ
    out = [m.span() for m in lexicon.patterns().title.finditer(text)]
    for a, b, flag in words:
        if flag.startswith(_NAME_FLAGS) or b - a > 1 and flag not in _NOT_NAME and not freq.get(text[a:b]):
            out.append((a, b))
    out.sort()
    return out


def _regions(text: str, words: list[Word], hits: list[tuple[int, int]], window: int) -> list[tuple[int, int]]:
    """Merged spans of `window` characters either side of each hit, on word boundaries, with
    a clause end right after them taken in."""
    starts = [a for a, _b, _f in words]
    ends = [b for _a, b, _f in words]
    out: list[tuple[int, int]] = []
    for a, b in hits:
        s = starts[max(0, bisect.bisect_right(starts, a - window) - 1)]
        i = min(len(ends) - 1, bisect.bisect_left(ends, b + window))
        if i + 1 < len(words) and text[ends[i]] in _CLAUSE_END:
            i += 1
        e = ends[i]
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _hybrid_words(texts: list[str]) -> list[list[Word]]:
    """Words of each text: rjieba's, except around the words that may be names, which the
    model reads (all such spans of all texts in one batched run)."""
    import rjieba

    from kg.extraction.ner.recognizer import words_many
    if not jieba.dt.initialized:
        jieba.initialize()   # its word counts say which words are unknown
    per_text: list[list[Word]] = []
    spans: list[list[tuple[int, int]]] = []
    for text in texts:
        words: list[Word] = []
        at = 0
        for word, flag in rjieba.tag(text):
            words.append((at, at + len(word), _JIEBA_FLAG.get(flag, flag)))
            at += len(word)
        words = _join_dates(text, words)
        per_text.append(words)
        spans.append(_regions(text, words, _maybe_names(text, words), _window))
    read = _read(texts, spans, words_many)
    out: list[list[Word]] = []
    for n, words in enumerate(per_text):
        merged: list[Word] = []
        k = 0
        own = spans[n]
        for a, b, flag in words:
            while k < len(own) and own[k][1] <= a:
                k += 1
            if k < len(own) and own[k][0] <= a:
                if a == own[k][0]:
                    merged.extend(read[(n, own[k])])
                continue
            merged.append((a, b, flag))
        out.append(merged)
    return out


def _join_dates(text: str, words: list[Word]) -> list[Word]:
    """Words with each date jieba cut into pieces joined into one word tagged t (when the
    date starts and ends on its word boundaries)."""
    dates = {m.start(): m.end() for m in _DATE.finditer(text)}
    if not dates:
        return words
    starts = {a for a, _b, _f in words}
    ends = {b for _a, b, _f in words}
    out: list[Word] = []
    end = -1
    for a, b, flag in words:
        if a < end:
            continue
        e = dates.get(a, -1)
        if e > b and e in ends and a in starts:
            out.append((a, e, "t"))
            end = e
        else:
            out.append((a, b, flag))
    return out


def _read(texts: list[str], spans: list[list[tuple[int, int]]], words_many: Callable[[list[str]], list[list[Word]]]
          ) -> dict[tuple[int, tuple[int, int]], list[Word]]:
    """The model's words of each span, in text offsets, by (text index, span)."""
    todo = [(n, span) for n, own in enumerate(spans) for span in own]
    found = words_many([texts[n][s:e] for n, (s, e) in todo]) if todo else []
    usage.model_chars += sum(e - s for _n, (s, e) in todo)
    return {(n, (s, e)): [(s + a, s + b, kind) for a, b, kind in words]
            for (n, (s, e)), words in zip(todo, found)}


def tokens(text: str) -> list[Token]:
    """Words with part-of-speech flags and their offsets into `text`."""
    return tokens_many([text])[0]


def tokens_many(texts: list[str]) -> list[list[Token]]:
    """Tokens of each text; the recogniser runs once over all of them (in the hybrid
    mode, over the clauses of them that may hold a name)."""
    from kg.extraction.ner.recognizer import words_many
    usage.texts += len(texts)
    usage.chars += sum(map(len, texts))
    if mode() == "lac":
        usage.model_chars += sum(map(len, texts))
        return [_tokens(text, words) for text, words in zip(texts, words_many(texts))]
    return [_tokens(text, words) for text, words in zip(texts, _hybrid_words(texts))]


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
