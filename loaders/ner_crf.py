"""A character CRF (python-crfsuite) that makes the final PER / ORG / LOC decision.

It sits on top of the LAC tagger and the post-rules of loaders/ner_rules.py: for each
character it sees LAC's tag (word boundary + part of speech / entity type), the label the
rules gave it, LAC's word around it, whether a title, organization suffix or place suffix
of the project lexicons (loaders/lexicons/) ends or starts there, and the characters
around it. It learns where LAC and the rules disagree with the People's Daily annotation
conventions better than more hand-written rules would.

The model is trained by bench/train_ner_crf.py on a BIO file (the only labelled data we
have is the People's Daily dev file) and shipped as loaders/models/ner_crf.crfsuite with
a metadata file recording the SHA-256 of the training file, so that an evaluation on that
same file is flagged as train-on-test (loaders/bio_eval.py) and reported with the
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
    """A regex whose finditer yields every (overlapping) occurrence of any word."""
    words = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return re.compile("(?=(" + "|".join(map(re.escape, words)) + "))")


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    from loaders import lexicon

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
    n = len(text)
    lex = _lexicons()
    org_s, org_e = _marks(lex.org, text, n)
    pl_s, pl_e = _marks(lex.place, text, n)
    ti_s, ti_e = _marks(lex.title, text, n)
    # LAC's words: position of each character in its word, the word itself, the last
    # character of the word and of its neighbours (厂, 院, 队 ... end an organization).
    wpos, words, last, prev_last, next_last = [""] * n, [""] * n, [""] * n, ["^"] * n, ["$"] * n
    bounds = [0] + [i for i in range(1, n) if lac_tags[i].endswith("-B") or lac_tags[i] == "O"]
    bounds.append(n)
    for w in range(len(bounds) - 1):
        start, end = bounds[w], bounds[w + 1]
        word = text[start:end]
        wl = end - start
        before = text[bounds[w - 1]:start][-1:] if w else "^"
        after = text[end:bounds[w + 2]][-1:] if w + 2 < len(bounds) else "$"
        for j in range(start, end):
            words[j] = word if wl <= 6 else ""
            wpos[j] = "S" if wl == 1 else ("B" if j == start else ("E" if j == end - 1 else "M"))
            last[j] = word[-1]
            prev_last[j] = before
            next_last[j] = after
    # Distance to the next organization / place suffix end, within a stretch of text
    # without punctuation (an organization name runs up to its suffix).
    org_ahead = _distance_ahead(text, org_e)
    pl_ahead = _distance_ahead(text, pl_e)
    c = ["^"] + list(text) + ["$"]  # padded: c[i + 1] is text[i]
    t = ["^"] + list(lac_tags) + ["$"]
    r = ["^"] + list(rule_labels) + ["$"]
    out: list[list[str]] = []
    for i in range(n):
        k = i + 1
        ch = c[k]
        f = [
            "c=" + ch,
            "c-=" + c[k - 1],
            "c+=" + c[k + 1],
            "cc-=" + c[k - 1] + ch,
            "cc+=" + ch + c[k + 1],
            "k=" + _char_class(ch),
            "t=" + t[k],
            "t-=" + t[k - 1],
            "t+=" + t[k + 1],
            "tt=" + t[k - 1] + "|" + t[k],
            "r=" + r[k],
            "r-=" + r[k - 1],
            "r+=" + r[k + 1],
            "rt=" + r[k] + "|" + t[k],
            "wp=" + wpos[i],
            "w=" + words[i],
            "wl=" + last[i],
            "pwl=" + prev_last[i],
            "nwl=" + next_last[i],
            "oa=" + org_ahead[i],
            "pa=" + pl_ahead[i],
        ]
        if k >= 2:
            f.append("c--=" + c[k - 2])
        if k + 2 < len(c):
            f.append("c++=" + c[k + 2])
        if org_e[i]:
            f.append("oe")
        if org_s[i]:
            f.append("os")
        if i + 1 < n and org_e[i + 1]:
            f.append("oe+")
        if pl_e[i]:
            f.append("pe")
        if pl_s[i]:
            f.append("ps")
        if i + 1 < n and pl_e[i + 1]:
            f.append("pe+")
        if ti_s[i]:
            f.append("ts")
        if i and ti_e[i - 1]:
            f.append("te-")  # a title ends just before: a name often follows
        if i + 1 < n and ti_s[i + 1]:
            f.append("ts+")  # a title starts just after: 李鹏 + 总理
        if ch in lex.surnames:
            f.append("sur")
        out.append(f)
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


# ---------------------------------------------------------------- training / metadata


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


TRAIN_PARAMS = {
    "c1": 0.05,  # L1: keeps the model small
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def train(sequences, model_path: str | Path, params: dict | None = None) -> None:
    """Train a CRF on (features, labels) sequences and write it to model_path."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in sequences:
        trainer.append(feats, labels)
    trainer.set_params({**TRAIN_PARAMS, **(params or {})})
    trainer.train(str(model_path))


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
