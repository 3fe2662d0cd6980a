"""Property-based tests (hypothesis): arbitrary text never crashes the page splitter, the
recogniser or the extractor, and what they return always points back into the input.

Two kinds of input: any Unicode at all (controls, surrogates excluded by hypothesis,
combining marks, emoji, right-to-left text), and "newspaper-ish" text stitched from
fragments a real page is made of (bylines, titles, enumerations, column breaks, furniture)
so that the code paths that find people, meetings and signings are reached, not only the
early returns. Example counts stay moderate so the file runs in well under a minute.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import pickle
import resource
import signal
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.graph import schema
from kg.graph.records import Article, Extraction, Mention

ROOT = Path(__file__).resolve().parents[1]
LABELS = {"PERSON", "ORG", "PLACE"}

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of a page, as the seed pages are built; free text is spliced between them.
FRAGMENTS = [
    "本报讯(记者 ", "本报讯（记者", "通讯员", "□本报记者 ", "本报记者", ")", "）", "(", "（",
    "6月15日,", "昨日，", "近日,", "10日至昨日", "2022年6月16日", "星期四", "第9705期", "许昌日报",
    "市委书记", "市长", "市委副书记、政法委书记", "市委常委、常务副市长", "副市长", "、", "，", ",",
    "。", "：", "“", "”", "主持召开", "市政府常务会议", "出席会议", "出席并讲话", "参加", "陪同",
    "调研", "深入", "街道", "社区", "区", "县", "镇", "村", "市委组织部", "有限公司", "集团",
    "签约", "项目", "总投资", "亿元", "举行", "签约仪式", "人民政府", "与", "强调", "指出",
    "(下转第二版)", "02 | 要闻", "导读", "\n", "\n\n", "\r\n", "\ufeff", "\u200b", " ", "\t",
    "马", "张", "王", "李", "正兰", "志宏", "淑红", "伟", "芳", "——", "《", "》", "……",
]

chinese_pages = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6),
              st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8)),
    max_size=80,
).map("".join)
any_text = st.text(max_size=400)
texts = st.one_of(any_text, chinese_pages)


def _generated_pages():
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "bench" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _generated_pages()
# Realistic pages from the benchmark generator, damaged at random below.
generated_pages = st.integers(min_value=0, max_value=10_000).map(
    lambda seed: next(gen.iter_pages(3, seed=seed, per_page=3, papers=1)).text)


@st.composite
def damaged(draw, pages=generated_pages, splice=st.text(max_size=30)):
    """A generated page with a slice cut out and (by default arbitrary) text spliced in."""
    page = draw(pages)
    a = draw(st.integers(0, len(page)))
    b = draw(st.integers(a, min(len(page), a + 400)))
    return page[:a] + draw(splice) + page[b:]


inputs = st.one_of(texts, generated_pages, damaged())


# One call on one example may take this long and grow memory this much; beyond that, a
# hang or a runaway loop becomes a failing example with a clear message instead of a
# stuck suite or a machine out of memory.
EXAMPLE_SECONDS = 10
EXAMPLE_BYTES = 1024 ** 3


class TooSlow(Exception):
    """A call on one example hung or ran away with memory."""


def _alarm(_signum, _frame):
    raise TooSlow(f"one call took more than {EXAMPLE_SECONDS} s: a hang on this input?")


def _timed(fn):
    """Run fn in this process under a wall-clock limit (for code that holds native
    threads, such as the ONNX recogniser, which a fork would not carry over)."""
    @functools.wraps(fn)
    def call(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            return fn(*args, **kwargs)
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, EXAMPLE_SECONDS)
        try:
            return fn(*args, **kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return call


def _isolated(fn):
    """Run fn in a forked child with a memory and time limit (for pure-Python code): a
    runaway loop kills the child, not the test run. The result comes back pickled."""
    @functools.wraps(fn)
    def call(*args, **kwargs):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read)
            try:
                vm = next(int(l.split()[1]) * 1024 for l in Path("/proc/self/status").read_text().splitlines()
                          if l.startswith("VmSize:"))
                resource.setrlimit(resource.RLIMIT_AS, (vm + EXAMPLE_BYTES, resource.RLIM_INFINITY))
                signal.alarm(EXAMPLE_SECONDS)
                try:
                    payload = ("ok", fn(*args, **kwargs))
                except MemoryError:
                    os._exit(71)
                except BaseException as exc:  # sent back and raised in the parent
                    payload = ("raised", exc)
                data = pickle.dumps(payload)
            except BaseException:
                os._exit(70)
            with os.fdopen(write, "wb") as fh:
                fh.write(data)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
                raise TooSlow(f"one call took more than {EXAMPLE_SECONDS} s on this input: a hang?")
            if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 71:
                raise TooSlow(f"one call grew memory by more than {EXAMPLE_BYTES >> 30} GiB on this input: "
                              "a runaway loop?")
            raise TooSlow(f"the call died on this input (wait status {status})")
        kind, value = pickle.loads(data)
        if kind == "raised":
            raise value
        return value
    return call


def _module(name: str, attr: str, *, isolate: bool = False):
    module = pytest.importorskip(name, reason=f"{name} is not written yet")
    if not hasattr(module, attr):
        pytest.skip(f"{name}.{attr} is not there yet")
    value = getattr(module, attr)
    if not callable(value) or isinstance(value, type):
        return value
    return _isolated(value) if isolate else _timed(value)


def check_mentions(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert isinstance(m, Mention)
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m
        assert m.label in LABELS, m


def check_extraction(article: Article, result: Extraction) -> None:
    assert isinstance(result, Extraction)
    text = article.text
    check_mentions(text, result.mentions)
    for entity in result.entities:
        schema.check_label(entity.type)
        assert entity.name
    for fact in result.facts:
        schema.check_type(fact.predicate)
        schema.check_label(fact.subject.type)
        schema.check_label(fact.object.type)
        assert fact.article == article.id
        # evidence may quote a byline, caption or masthead line: all of article.citable
        assert fact.evidence and fact.evidence in article.citable, (fact.evidence, article.citable)
        assert 0.0 <= fact.confidence <= 1.0


# --- the page splitter -------------------------------------------------------------------

@SETTINGS
@given(inputs)
def test_read_text_never_crashes_and_is_deterministic(text):
    read_text = _module("loaders.reader", "read_text", isolate=True)
    first = read_text(text, file="page.txt")
    assert isinstance(first, list)
    for article in first:
        assert isinstance(article, Article)
        assert article.file == "page.txt"
        assert article.id
    # same file + same content -> same articles, same ids
    assert [a.id for a in read_text(text, file="page.txt")] == [a.id for a in first]
    assert len({a.id for a in first}) == len(first), "two articles of one page share an id"


@SETTINGS
@given(inputs, st.sampled_from([None, "2022-06-16"]), st.sampled_from([None, "许昌市"]))
def test_read_text_dates_are_iso(text, date, city):
    read_text = _module("loaders.reader", "read_text", isolate=True)
    for article in read_text(text, file="p.txt", date=date, city=city):
        for value in (article.date, article.page_date):
            if value is not None:
                import datetime as dt
                dt.date.fromisoformat(value)  # raises on anything but an ISO date


# --- bytes to text ------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.binary(max_size=2000), texts.map(lambda t: t.encode("utf-8")[:-1]),
                 texts.map(lambda t: t.encode("gb18030", "replace"))))
def test_decode_returns_text_or_says_why(data):
    decode = _module("loaders.decode", "decode", isolate=True)
    DecodeError = _module("loaders.decode", "DecodeError")
    try:
        text = decode(data)
    except DecodeError as exc:
        assert str(exc) and "\n" not in str(exc)  # one line, for the one-line message
        return
    assert isinstance(text, str) and text.strip()
    assert "\r" not in text


readable = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd", "Po", "Ps", "Pe", "Zs")),
                   min_size=1, max_size=300).filter(str.strip)
chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=8, max_size=300)


@SETTINGS
@given(st.one_of(readable, chinese), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
       st.sampled_from(["\n", "\r\n"]))
def test_decode_round_trips_unicode_encodings(text, encoding, newline):
    decode = _module("loaders.decode", "decode", isolate=True)
    text = text + newline + text
    assert decode(text.encode(encoding)) == text.replace("\r\n", "\n")


@SETTINGS
@given(st.one_of(generated_pages, damaged(splice=readable)))
def test_decode_reads_gb18030_pages(text):
    # whole pages: a few characters of GB18030 can also be valid UTF-8 (一 is D2 BB, which
    # is UTF-8 for U+04BB), so only text of a page's length has one right reading
    decode = _module("loaders.decode", "decode", isolate=True)
    try:
        data = text.encode("gb18030")
    except UnicodeEncodeError:  # a lone surrogate spliced in by damaged()
        return
    newlines = _module("loaders.decode", "normalise_newlines")
    assert decode(data) == newlines(text)


# --- sentences: evidence is cut from here ---------------------------------------------

@SETTINGS
@given(inputs)
def test_sentence_offsets_are_valid(text):
    split = _module("loaders.sentences", "split", isolate=True)
    for sentence in split(text):
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text


# --- the recogniser ----------------------------------------------------------------------

@SETTINGS
@given(inputs)
def test_recognize_offsets_are_valid(text):
    recognize = _module("loaders.ner", "recognize")
    check_mentions(text, recognize(text))


# --- the extractor -----------------------------------------------------------------------

@st.composite
def articles(draw):
    return Article(id=draw(st.text(min_size=1, max_size=12)), title=draw(st.text(max_size=40) | chinese_pages),
                   body=draw(inputs), file="x.txt", subtitle=draw(st.sampled_from(["", "马正兰出席并讲话"])),
                   page_date=draw(st.sampled_from([None, "2022-06-16"])),
                   city=draw(st.sampled_from([None, "许昌市", ""])),
                   newspaper=draw(st.sampled_from([None, "许昌日报"])))


@SETTINGS
@given(articles())
def test_extract_never_crashes_and_cites_its_article(article):
    extract = _module("loaders.extract", "extract")
    check_extraction(article, extract(article))


@SETTINGS
@given(st.one_of(generated_pages, damaged()))
def test_pages_through_reader_and_extractor(text):
    read_text = _module("loaders.reader", "read_text", isolate=True)
    extract = _module("loaders.extract", "extract")
    for article in read_text(text, file="page.txt", date="2022-06-16"):
        check_extraction(article, extract(article))


# --- the one normal form used in ids ----------------------------------------------------

# Spaces, zero-width and compatibility characters next to combining marks: where removing
# a character after NFKC can leave a sequence that NFKC would compose further.
tricky_names = st.text(alphabet=st.sampled_from(
    ["e", "马", " ", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u0301", "\u0308", "\u00a8", "\uff45",
     "\u1100", "\u1161", "\u2460", "\uff08", "\t"]), max_size=12)


@SETTINGS
@given(st.one_of(any_text, tricky_names))
def test_normalise_is_idempotent(text):
    # ids are made from normalised names; a name normalised twice must give the same id
    once = schema.normalise(text)
    assert schema.normalise(once) == once
