"""Segmenters against bare `jieba.posseg.cut` on real text: speed, and agreement of spans and tags.

    python bench/segmenters.py [DIR ...] [--runs N] [--bio FILE]

Text: the articles the project's reader finds under the given folders (default: the seed
pages and ../shared/corpus/dev-news). Each candidate tags every article; the best of
`--runs` interleaved timings counts, so load from other processes falls on all alike.

Candidates: jieba.posseg (the baseline), jieba.cut (spans only), LAC over all the text
(kg.extraction.ner.recognizer.words_many per article: spans, parts of speech and
entities in one model run; what the build read before issue 16), the build's tokens
(extraction/segment.py's hybrid: rjieba everywhere, LAC around possible names), the
whole extraction (kg.extraction.extract), rjieba.tag, and, when installed
(`pip install jieba-fast`; not a dependency of the project), jieba_fast.posseg.

Agreement with posseg: `spans` is the share of posseg's words whose exact (start, end)
the candidate also gives; `tags` the share that also carry posseg's tag (jieba's tag
set; LAC has its own, so only its spans compare); `nr` the share of posseg's person-name
words (nr) the candidate gives with the same span and a person tag.

--bio FILE (a BIO corpus, e.g. ../shared/datasets/peoples_daily/example.dev) also scores
the entities the build's tokens carry (LAC's PER/LOC/ORG, before `kg ner`'s post-rules
and CRF) against its labels, for LAC over all the text and the hybrid: a check on text
the hybrid's window was not chosen on.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import jieba
import jieba.posseg

from kg.evaluation.bio import read_bio
from kg.extraction import segment
from kg.extraction.extract import extract
from kg.extraction.ner.recognizer import words_many
from kg.graph.records import Article
from kg.reading.reader import read_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "dev-news"]
PERSON_TAGS = {"nr", "PER"}

Word = tuple[int, int, str]   # start, end, tag ("" when the candidate gives none)


def located(pairs: Iterable[tuple[str, str]]) -> list[Word]:
    """(word, tag) pairs as they come, laid end to end over the text."""
    out, at = [], 0
    for word, tag in pairs:
        out.append((at, at + len(word), tag))
        at += len(word)
    return out


def _hybrid(text: str) -> list[Word]:
    """The build's tokens (extraction/segment.py, hybrid mode: rjieba everywhere, LAC
    around the words that may be names, lexicon words made whole)."""
    segment.set_mode("hybrid")
    return [(t.start, t.end, t.flag) for t in segment.tokens(text)]


def candidates() -> dict[str, Callable[[str], list[Word]]]:
    found: dict[str, Callable[[str], list[Word]]] = {
        "jieba.posseg.cut": lambda t: located((p.word, p.flag) for p in jieba.posseg.cut(t)),
        "jieba.cut (no tags)": lambda t: located((w, "") for w in jieba.cut(t)),
        "LAC over all the text": lambda t: words_many([t])[0],
        "hybrid (the build's tokens)": _hybrid,
    }
    try:
        fast = importlib.import_module("jieba_fast.posseg")
        found["jieba_fast.posseg.cut"] = lambda t: located((p.word, p.flag) for p in fast.cut(t))
    except ImportError:
        pass
    try:
        rjieba = importlib.import_module("rjieba")
        found["rjieba.tag"] = lambda t: located(rjieba.tag(t))
    except ImportError:
        pass
    return found


def agreement(base: list[list[Word]], other: list[list[Word]]) -> tuple[float, float, float]:
    words = spans = tags = names = names_kept = 0
    for b, o in zip(base, other, strict=True):
        theirs = {(s, e): tag for s, e, tag in o}
        for s, e, tag in b:
            words += 1
            mine = theirs.get((s, e))
            if mine is not None:
                spans += 1
                tags += mine == tag
            if tag == "nr":
                names += 1
                names_kept += mine in PERSON_TAGS
    return spans / max(words, 1), tags / max(words, 1), names_kept / max(names, 1)


def token_entities(tokens: list[segment.Token]) -> set[tuple[int, int, str]]:
    """(start, end, PER/LOC/ORG) of the entities the tokens carry (one entity may be cut
    into several words: they share entity_start)."""
    out: set[tuple[int, int, str]] = set()
    current: tuple[int, int, str, int] | None = None
    for tok in tokens:
        if tok.entity and current and current[2] == tok.entity and current[3] == tok.entity_start:
            current = (current[0], tok.end, tok.entity, tok.entity_start)
            continue
        if current:
            out.add(current[:3])
        current = (tok.start, tok.end, tok.entity, tok.entity_start) if tok.entity else None
    if current:
        out.add(current[:3])
    return out


def score_bio(path: Path) -> None:
    sentences = read_bio(path)
    texts = [s.text for s in sentences]
    print(f"\nentities of the build's tokens against {path} ({len(texts)} sentences), F1:")
    print(f"{'mode':10} {'share':>6} {'PER':>6} {'LOC':>6} {'ORG':>6}")
    for name in segment.MODES:
        segment.set_mode(name)
        before = dataclasses.replace(segment.usage)
        found = [t for i in range(0, len(texts), 20) for t in segment.tokens_many(texts[i:i + 20])]
        share = segment.usage.share_since(before)
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        for sentence, tokens in zip(sentences, found, strict=True):
            mine, gold = token_entities(tokens), set(sentence.spans)
            for span in mine:
                (tp if span in gold else fp)[span[2]] += 1
            for span in gold - mine:
                fn[span[2]] += 1
        f1 = {k: 2 * tp[k] / max(2 * tp[k] + fp[k] + fn[k], 1) for k in ("PER", "LOC", "ORG")}
        print(f"{name:10} {share:6.3f} {f1['PER']:6.3f} {f1['LOC']:6.3f} {f1['ORG']:6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3, help="timings; the best one counts")
    parser.add_argument("--bio", type=Path, help="a BIO corpus: also score the build's token entities on it")
    args = parser.parse_args()
    if args.bio is not None and not args.bio.is_file():
        raise SystemExit(f"error: --bio {args.bio}: no such file")
    articles = [a for a in read_paths([str(d) for d in args.dirs]) if isinstance(a, Article)]
    if not articles:
        raise SystemExit(f"error: no articles under {', '.join(map(str, args.dirs))}")
    texts = [a.text for a in articles]
    chars = sum(map(len, texts))
    segment.setup()
    tools = candidates()
    output = {name: [tool(t) for t in texts] for name, tool in tools.items()}   # warm-up, and what is compared
    work: dict[str, Callable[[], object]] = {name: (lambda tool=tool: [tool(t) for t in texts])
                                             for name, tool in tools.items()}
    work["whole extraction (kg build's)"] = lambda: [extract(a) for a in articles]
    best = dict.fromkeys(work, float("inf"))
    for _ in range(args.runs):
        for name, job in work.items():
            start = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - start)
    base = best["jieba.posseg.cut"]
    print(f"{len(articles)} articles, {chars} characters; best of {args.runs} interleaved runs")
    print(f"{'candidate':32} {'chars/s':>9} {'x posseg':>9} {'spans':>6} {'tags':>6} {'nr':>6}")
    for name, seconds in best.items():
        agree = ""
        if name in output and name != "jieba.posseg.cut":
            s, t, n = agreement(output["jieba.posseg.cut"], output[name])
            agree = f"{s:6.3f} {t:6.3f} {n:6.3f}"
        print(f"{name:32} {chars / seconds:9.0f} {base / seconds:9.2f} {agree}")
    if args.bio is not None:
        score_bio(args.bio)


if __name__ == "__main__":
    main()
