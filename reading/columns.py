"""Columns read out of order: each paragraph back to the article it belongs to.

OCR reads a page column by column. Where a layout runs an article on at the foot of
another column, the rest of that article lands after some other article's text, and a
reader that takes paragraphs in page order glues it to the wrong article (the end of a
法学会 meeting and of an exam meeting printed after the 常务会议: their speakers would
become speakers at the 常务会议). The page itself says what happened:

- an article whose last paragraph stops mid-sentence *dangles*: it goes on elsewhere;
- its rest sits after a sentence-final stop in another article (the *host*) and runs to
  the host's end (the host's own text is over: OCR went on to another column);
- that rest shares the words, people and places of the dangling article, far more than
  those of the host before it: character bigrams, weighted by how rare they are on the
  page (a name or a topic word counts, 工作 and 会议 hardly);
- when several articles dangle, their rests follow one another in the order of the
  articles themselves (the columns are read in one direction).

A paragraph that opens as no article can open (会议强调, 会上, 马正兰指出) and stands
without a headline or byline is a piece of some article: when it continues no dangling
article it is kept apart (a fragment of its own), never glued to a neighbour.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# A block is moved only when its paragraphs fit the dangling article this much better, on
# average, than the host's own text (cosines of bigram vectors; measured on the seed pages
# a misplaced paragraph gains 0.03-0.14, a paragraph in its own article loses).
MIN_GAIN = 0.02
# Paragraphs the host keeps at least (its lead and one more), and how much less than its
# own paragraphs fit one another a tail must fit them to be someone else's.
MIN_CORE = 2
FOREIGN = 0.5
# Tails taken from one host at once (one per dangling article), and the most paragraphs
# of a host that may be someone else's (bounds the search on long pages).
MAX_BLOCKS = 3
MAX_TAIL = 12

# A block shorter than this (in characters) says too little to be placed by its words.
MIN_BLOCK = 40
# A paragraph with a dateline near its start (6月15日, 12日至昨日, 近日, after a headline
# the reader could not tell from text) is the lead of an article, not the rest of one.
_LEAD_DATE = re.compile(r"^.{0,30}?(?:(?<!\d)\d{1,2}月\d{1,2}日|(?<!\d)\d{1,2}日至|近日|日前|昨日|今日)")

# Openings that refer back to something told before them: they continue an article and
# never start one (会议强调 / 会上 / 他指出 / 马正兰强调 …).
_SPEECH = "强调|指出|要求|表示|认为|提出|说|介绍|称|希望|号召|坦言|建议"
CONTINUATION_OPENING = re.compile(
    r"^(?:会议(?:强调|指出|要求|认为|听取|审议|研究|决定|还|传达|通报|明确|号召|提出|部署)"
    r"|会上|会后|会前|会中|活动中|活动上|仪式上|期间|此外|另外|同时|与此同时|随后|其间|其中"
    r"|(?:他|她|他们|她们)(?:" + _SPEECH + r")"
    r"|[\u4e00-\u9fff]{2,3}(?:在讲话中|在会上)?(?:" + _SPEECH + r")[,，:：])"
)


@dataclass
class Text:
    """One article as the page segmenter drafted it."""

    heads: list[str]
    paragraphs: list[str]
    dangling: bool      # its last paragraph stops mid-sentence (and no 下转 marker sent it on)
    anchored: bool      # it has a headline or a byline: its first paragraph is its own


@dataclass(frozen=True)
class Move:
    """Paragraphs host[start:end] are the rest of article `target`."""

    host: int
    start: int
    end: int
    target: int | None  # None: a piece that fits no article, kept apart
    gain: float


def opens_as_continuation(paragraph: str) -> bool:
    """True for a paragraph that can only go on from something before it."""
    return bool(CONTINUATION_OPENING.match(paragraph.lstrip("“\"'(（")))


def _bigrams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for run in _HAN_RUN.findall(text):
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams


class _Fit:
    """Cosine similarity of paragraphs to bodies of text, with page-local IDF weights."""

    def __init__(self, texts: Sequence[Text]):
        units = [p for t in texts for p in (*t.heads, *t.paragraphs)]
        df: Counter[str] = Counter()
        self._grams: dict[str, Counter[str]] = {}
        for unit in units:
            grams = self._grams.setdefault(unit, _bigrams(unit))
            df.update(grams.keys())
        n = max(len(units), 1)
        self._idf = {g: math.log((n + 1) / c) for g, c in df.items()}

    def counts(self, parts: Sequence[str]) -> Counter[str]:
        total: Counter[str] = Counter()
        for part in parts:
            total.update(self._grams.get(part) or _bigrams(part))
        return total

    def vector(self, parts: Sequence[str] | Counter[str]) -> tuple[dict[str, float], float]:
        """TF-IDF weights and their norm, of some paragraphs or of bigram counts."""
        counts = parts if isinstance(parts, Counter) else self.counts(parts)
        idf = self._idf
        weights = {g: idf.get(g, 0.0) * (1 + math.log(c)) if c > 1 else idf.get(g, 0.0)
                   for g, c in counts.items() if c > 0}
        return weights, math.sqrt(sum(v * v for v in weights.values()))

    @staticmethod
    def cosine(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
        (wa, na), (wb, nb) = a, b
        if not na or not nb:
            return 0.0
        if len(wa) > len(wb):
            wa, wb = wb, wa
        return sum(v * wb.get(g, 0.0) for g, v in wa.items()) / (na * nb)


def _foreign_limit(fit: _Fit, host: Text, s: int, vectors: list) -> float:
    """How well a paragraph may fit the host's text before s and still be foreign to it:
    FOREIGN times how well those paragraphs fit one another (1.0: no core to compare)."""
    core = fit.counts([*host.heads, *host.paragraphs[:s]])
    own = []
    for k in range(1, s):   # each kept paragraph against the rest of the core
        rest = core.copy()
        rest.subtract(fit.counts([host.paragraphs[k]]))
        own.append(fit.cosine(vectors[k], fit.vector(rest)))
    return FOREIGN * (sum(own) / len(own)) if own else 1.0


def _closest(fits: list[dict[int, float]], target: int) -> bool:
    """The block fits its target better than any other article on the page (on average)."""
    totals: Counter[int] = Counter()
    for f in fits:
        totals.update(f)
    return max(totals, key=lambda j: totals[j]) == target


class _Blocks:
    """paras[start:end] as the rest of a target (None: kept apart), judged once each."""

    def __init__(self, paras: list[str], fits: list[dict[int, float]], home: list[float], limit: float,
                 host: int):
        self.paras, self.fits, self.home, self.limit, self.host = paras, fits, home, limit, host
        self._seen: dict[tuple[int, int, int | None], Move | None] = {}

    def get(self, start: int, end: int, target: int | None) -> Move | None:
        key = (start, end, target)
        if key not in self._seen:
            self._seen[key] = self._judge(start, end, target)
        return self._seen[key]

    def _judge(self, start: int, end: int, target: int | None) -> Move | None:
        home = self.home
        if target is None:
            # kept apart only when foreign to the host too (else it is the host's own text,
            # and a tail is moved only when all of it is someone else's)
            if all(home[k] < self.limit for k in range(start, end)):
                return Move(self.host, start, end, None, 0.0)
            return None
        if _LEAD_DATE.match(self.paras[start]) or sum(map(len, self.paras[start:end])) < MIN_BLOCK:
            return None
        per = [self.fits[k][target] - home[k] for k in range(start, end)]
        mean = sum(per) / len(per)
        if per[0] <= 0 or mean < MIN_GAIN or not _closest(self.fits[start:end], target):
            return None
        return Move(self.host, start, end, target, mean)


def _target_runs(targets: Sequence[int]) -> list[tuple[int | None, ...]]:
    """Targets of consecutive tails, in page order; the last tail may be kept apart."""
    runs: list[tuple[int | None, ...]] = []
    for count in range(1, min(MAX_BLOCKS, len(targets)) + 1):
        for chosen in combinations(targets, count):
            runs.append(chosen)
            runs.append((*chosen, None))
    return runs


def find_moves(texts: Sequence[Text], ends_sentence: Callable[[str], bool]) -> list[Move]:
    """The tails of one host that are the rests of dangling articles, in page order; [] when
    no tail fits a dangling article clearly better than its host. After a tail that moves,
    paragraphs that fit neither it nor the next dangling article are kept apart (target
    None). `ends_sentence` says whether a paragraph ends with sentence-final punctuation."""
    targets = [i for i, t in enumerate(texts) if t.dangling and t.paragraphs]
    if not targets:
        return []
    fit = _Fit(texts)
    bodies = [fit.vector([*t.heads, *t.paragraphs]) for t in texts]
    best: tuple[float, list[Move]] = (-1.0, [])
    for h, host in enumerate(texts):
        paras = host.paragraphs
        n = len(paras)
        own = [t for t in targets if t != h]
        # an anchored host keeps its lead and one paragraph more: a shorter core says too
        # little about what the host is about to tell its text from another's
        first = max(MIN_CORE if host.anchored else 0, n - MAX_TAIL)
        cuts = [k for k in range(first, n) if k == 0 or ends_sentence(paras[k - 1])]
        if not cuts or not own:
            continue
        vectors = [fit.vector([p]) for p in paras]
        fits = [{j: fit.cosine(v, b) for j, b in enumerate(bodies) if j != h} for v in vectors]
        for s in cuts:
            if max(fits[s][t] for t in own) < MIN_GAIN:   # fits no dangling article at all
                continue
            core = fit.vector([*host.heads, *paras[:s]])
            home = [fit.cosine(v, core) if k >= s else 0.0 for k, v in enumerate(vectors)]
            # cheap test first: the first paragraph must fit some dangling article better
            if not any(fits[s][t] > home[s] for t in own):
                continue
            limit = _foreign_limit(fit, host, s, vectors)
            tail = home[s:]
            if sum(tail) / len(tail) >= limit:   # the tail is the host's own text
                continue
            inner = [k for k in cuts if k > s]
            blocks = _Blocks(paras, fits, home, limit, h)
            for chosen in _target_runs(own):
                for bounds in combinations(inner, len(chosen) - 1):
                    starts = (s, *bounds)
                    ends = (*bounds, n)
                    moves = [blocks.get(a, b, t) for a, b, t in zip(starts, ends, chosen, strict=True)]
                    if all(moves):
                        # a paragraph adds to a tail only what it home beyond MIN_GAIN: one
                        # that barely fits is better kept apart than glued to the tail
                        total = sum((m.gain - MIN_GAIN) * (m.end - m.start) for m in moves
                                    if m is not None and m.target is not None)
                        if total > best[0]:
                            best = (total, [m for m in moves if m is not None])
    return best[1]
