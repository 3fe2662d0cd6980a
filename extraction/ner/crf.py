"""A character CRF (python-crfsuite) that makes the final PER / ORG / LOC decision.

It sits on top of the LAC tagger and the post-rules of extraction/ner/rules.py: for each
character it sees LAC's tag (word boundary + part of speech / entity type), the label the
rules gave it, LAC's word around it, whether a title, organization suffix or place suffix
of the project lexicons (lexicons/) ends or starts there, and the characters
around it. It learns where LAC and the rules disagree with the People's Daily annotation
conventions better than more hand-written rules would.

The model is trained (extraction/ner/training.py, run by bench/train_ner_crf.py) on a BIO
file (the only labelled data we have is the People's Daily dev file) and shipped as
extraction/ner/models/ner_crf.crfsuite with
a metadata file recording the SHA-256 of the training file, so that an evaluation on that
same file is flagged as train-on-test (evaluation/bio.py) and reported with the
cross-validated figures next to it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "ner_crf.crfsuite"
META_PATH = MODEL_DIR / "ner_crf.json"
# Bump when the features change: a model trained on other features must not be used.
FEATURE_VERSION = 1

Span = tuple[int, int, str]  # (start, end, "PER" | "ORG" | "LOC")


# ---------------------------------------------------------------- lexicon positions


@dataclass(frozen=True)
class _Lexicons:
    org: re.Pattern[str]
    place: re.Pattern[str]
    title: re.Pattern[str]
    surnames: frozenset[str]


def _overlapping(words) -> re.Pattern[str]:
    """A regex whose finditer yields, at every position where some word starts, the
    longest word starting there (a trie: far faster than a plain alternation)."""
    trie: dict = {}
    for word in {w for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word
    return re.compile("(?=(" + _trie_regex(trie) + "))")


def _trie_regex(node: dict) -> str:
    alts = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    # Greedy: the longer word wins when a shorter one also ends here.
    return ("(?:" + body + ")?") if "" in node else body


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    from kg.extraction import lexicon

    lex = lexicon.load()
    return _Lexicons(
        org=_overlapping(lex.org_suffixes),
        place=_overlapping(lex.place_suffixes),
        title=_overlapping(lex.titles),
        surnames=frozenset(s for s in lex.surnames if len(s) == 1),
    )


def _marks(pattern: re.Pattern[str], text: str, n: int) -> tuple[list[bool], list[bool]]:
    """(starts, ends): whether some lexicon word starts at / ends at each character."""
    starts, ends = [False] * n, [False] * n
    for m in pattern.finditer(text):
        starts[m.start()] = True
        ends[m.start() + len(m.group(1)) - 1] = True
    return starts, ends


# ---------------------------------------------------------------- features


@lru_cache(maxsize=4096)
def _char_class(c: str) -> str:
    if c.isdigit():
        return "D"
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isalpha():
        return "A"
    if c.isspace():
        return "S"
    return "P"


def features(text: str, lac_tags: Sequence[str], rule_labels: Sequence[str]) -> list[list[str]]:
    """Feature strings of each character of text (one piece of a document).

    lac_tags: LAC's tag of each character ("n-B", "PER-I" ...); rule_labels: the BIO label
    the post-rules gave each character ("B-LOC", "O" ...).
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: crfsuite needs UTF-8; keep the length
        text = text.encode("utf-8", "replace").decode("utf-8")
    n = len(text)
    lex = _lexicons()
    org_s, org_e = _marks(lex.org, text, n)
    pl_s, pl_e = _marks(lex.place, text, n)
    ti_s, ti_e = _marks(lex.title, text, n)
    # LAC's words: position of each character in its word, and the word itself.
    wpos, words = [""] * n, [""] * n
    bounds = [0] + [i for i in range(1, n) if lac_tags[i].endswith("-B") or lac_tags[i] == "O"]
    bounds.append(n)
    for w in range(len(bounds) - 1):
        start, end = bounds[w], bounds[w + 1]
        word = text[start:end]
        wl = end - start
        for j in range(start, end):
            words[j] = word if wl <= 6 else ""
            wpos[j] = "S" if wl == 1 else ("B" if j == start else ("E" if j == end - 1 else "M"))
    # Distance to the next organization / place suffix end, within a stretch of text
    # without punctuation (an organization name runs up to its suffix).
    org_ahead = _distance_ahead(text, org_e)
    pl_ahead = _distance_ahead(text, pl_e)
    # Columns of features built one kind at a time (much faster than per character).
    chars = list(text)
    before = ["^"] + chars[:-1]
    after = chars[1:] + ["$"]
    t_before = ["^"] + list(lac_tags[:-1])
    t_after = list(lac_tags[1:]) + ["$"]
    r_before = ["^"] + list(rule_labels[:-1])
    r_after = list(rule_labels[1:]) + ["$"]
    columns = [
        ["c=" + x for x in chars],
        ["c-=" + x for x in before],
        ["c+=" + x for x in after],
        ["cc-=" + a + b for a, b in zip(before, chars)],
        ["cc+=" + a + b for a, b in zip(chars, after)],
        ["k=" + _char_class(x) for x in chars],
        ["t=" + x for x in lac_tags],
        ["t-=" + x for x in t_before],
        ["t+=" + x for x in t_after],
        ["tt=" + a + "|" + b for a, b in zip(t_before, lac_tags)],
        ["r=" + x for x in rule_labels],
        ["r-=" + x for x in r_before],
        ["r+=" + x for x in r_after],
        ["rt=" + a + "|" + b for a, b in zip(rule_labels, lac_tags)],
        ["wp=" + x for x in wpos],
        ["w=" + x for x in words],
        ["oa=" + x for x in org_ahead],
        ["pa=" + x for x in pl_ahead],
    ]
    out = [list(row) for row in zip(*columns)]
    two_before = ["^"] + chars[:-2]  # for i >= 1: the character two before (or ^)
    for i in range(1, n):
        out[i].append("c--=" + two_before[i - 1])
    two_after = chars[2:] + ["$"]  # for i < n - 1: the character two after (or $)
    for i in range(n - 1):
        out[i].append("c++=" + two_after[i])
    flags = (
        ("oe", org_e, 0), ("os", org_s, 0), ("oe+", org_e, 1),
        ("pe", pl_e, 0), ("ps", pl_s, 0), ("pe+", pl_e, 1),
        ("ts", ti_s, 0),
        ("te-", ti_e, -1),  # a title ends just before: a name often follows
        ("ts+", ti_s, 1),   # a title starts just after: 李鹏 + 总理
    )
    for name, marks, shift in flags:
        for j in range(n):
            if marks[j] and 0 <= j - shift < n:
                out[j - shift].append(name)
    surnames = lex.surnames
    for i, ch in enumerate(chars):
        if ch in surnames:
            out[i].append("sur")
    return out


def _distance_ahead(text: str, ends: list[bool], limit: int = 12) -> list[str]:
    """For each character: how far ahead (bucketed) the next marked end is, "" if none
    before punctuation or `limit` characters."""
    out = [""] * len(text)
    nxt = -1
    for i in range(len(text) - 1, -1, -1):
        if ends[i]:
            nxt = i
        elif _char_class(text[i]) in "PS":
            nxt = -1
        if nxt >= 0:
            d = nxt - i
            out[i] = str(d) if d <= 4 else ("5-8" if d <= 8 else ("9-12" if d <= limit else ""))
    return out


def bio_labels(n: int, spans) -> list[str]:
    """BIO label of each of n characters for spans (start, end, label)."""
    labels = ["O"] * n
    for s, e, label in spans:
        s, e = max(s, 0), min(e, n)
        if s < e:
            labels[s] = "B-" + label
            for j in range(s + 1, e):
                labels[j] = "I-" + label
    return labels


def bio_to_spans(labels: Sequence[str]) -> list[Span]:
    """Spans of a BIO label sequence; a stray I-X starts an entity."""
    out: list[Span] = []
    label, start = None, 0
    for i, tag in enumerate(list(labels) + ["O"]):
        continues = tag.startswith("I-") and tag[2:] == label
        if label is not None and not continues:
            out.append((start, i, label))
            label = None
        if tag != "O" and not continues:
            label, start = tag[2:], i
    return out


# ---------------------------------------------------------------- the shipped model's metadata


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes (what the model metadata records of its training file)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def metadata() -> dict | None:
    """The shipped model's metadata (training file digest, CV figures ...), or None."""
    try:
        return json.loads(META_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def trained_on(path: str | Path) -> bool:
    """True when the shipped model was trained on a file with exactly this content."""
    meta = metadata()
    if not meta or not MODEL_PATH.exists():
        return False
    try:
        return file_digest(path) in meta.get("training_sha256", [])
    except OSError:
        return False


# ---------------------------------------------------------------- tagging


class Tagger:
    """A loaded CRF model; tag() maps a piece's features to spans."""

    def __init__(self, path: str | Path):
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def spans(self, feats: list[list[str]]) -> list[Span]:
        if not feats:
            return []
        return bio_to_spans(self._tagger.tag(feats))


_tagger: tuple[int, Tagger | None] | None = None
_lock = threading.Lock()


def shipped_tagger() -> Tagger | None:
    """The shipped model (loaded once per process), or None when it is absent or stale."""
    global _tagger
    current = _tagger
    if current is None or current[0] != os.getpid():
        with _lock:
            if _tagger is None or _tagger[0] != os.getpid():
                _tagger = (os.getpid(), _load_shipped())
            current = _tagger
    return current[1]


def _load_shipped() -> Tagger | None:
    meta = metadata()
    if not MODEL_PATH.exists() or not meta or meta.get("feature_version") != FEATURE_VERSION:
        return None
    return Tagger(MODEL_PATH)
