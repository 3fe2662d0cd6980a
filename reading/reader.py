"""From files to articles: pages (.txt) and crawler exports (.jsonl), files and directories.

`read_paths` streams: one file at a time, one JSONL line at a time; it yields an
`Article` for each article and a `ReadProblem` (one clear reason) for each file or line it
had to skip, and goes on. Encodings are detected (loaders.decode), never assumed.
"""
from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.graph.records import Article, ReadProblem
from kg.reading import decode as dec
from kg.reading.city import is_newspaper_name
from kg.reading.dates import parse_date
from kg.reading.page import page_articles

PAGE_SUFFIXES = frozenset({".txt", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# A newspaper page is tens of kilobytes; a file far beyond this is not one page.
MAX_PAGE_BYTES = 8 * 1024 * 1024
# One JSONL record is one article (or one page).
MAX_JSONL_LINE = 8 * 1024 * 1024
_SAMPLE = 64 * 1024
# JSONL keys the reader interprets; any other key is kept in Article.extra.
_KNOWN_KEYS = ("title", "date", "source", "text")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

# A crawler's record is flat or nearly so; deeper nesting is garbage or an attack on the parser.
MAX_JSON_DEPTH = 32


def read_text(text: str, *, file: str, date: str | None = None, city: str | None = None) -> list[Article]:
    """Articles of one page given as a string (`file` names it in ids and messages)."""
    return page_articles(dec.strip_controls(dec.normalise_newlines(text)), file=file, date=date, city=city)


def read_paths(paths: Iterable[str | os.PathLike[str]], *, date: str | None = None,
               city: str | None = None) -> Iterator[Article | ReadProblem]:
    """Articles of every page and JSONL record under `paths`, and a problem per skipped input.

    Directories are walked recursively in name order (only .txt and .jsonl files); each
    file is read on its own, so memory holds one page (or one JSONL line) at a time.
    """
    seen: set[str] = set()
    for path in paths:
        path = Path(path)
        if not path.exists():
            yield ReadProblem(dec.file_label(path), "no such file or directory")
            continue
        if path.is_dir():
            found = False
            for file in walk(path):
                if isinstance(file, ReadProblem):
                    yield file
                    continue
                found = True
                key = os.path.realpath(file)
                if key not in seen:
                    seen.add(key)
                    yield from read_file(file, date=date, city=city)
            if not found:
                yield ReadProblem(dec.file_label(path), "no .txt or .jsonl files in this directory")
            continue
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            yield from read_file(path, date=date, city=city)


def walk(root: Path) -> Iterator[Path | ReadProblem]:
    """The page and JSONL files under `root` in name order, and a problem for each folder
    that cannot be listed. Hidden entries are left out; a symlinked folder is followed
    once (a link back to a folder already walked is a loop, and is said to be one)."""
    problems: list[ReadProblem] = []

    def unreadable(exc: OSError) -> None:
        problems.append(ReadProblem(dec.file_label(exc.filename or root),
                                    f"cannot list this directory: {exc.strerror or exc}"))

    visited = {os.path.realpath(root)}
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=True):
        yield from problems
        problems.clear()
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            real = os.path.realpath(os.path.join(dirpath, d))
            if real in visited:
                problems.append(ReadProblem(dec.file_label(os.path.join(dirpath, d)),
                                            "the same directory as one already read (through a link); not read twice"))
                continue
            visited.add(real)
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if is_input_name(name):
                yield Path(dirpath) / name
    yield from problems


def read_file(path: str | os.PathLike[str], *, date: str | None = None,
              city: str | None = None) -> Iterator[Article | ReadProblem]:
    """Articles of one file: a JSONL export by its suffix, else a page."""
    path = Path(path)
    items = (_read_jsonl(path, date=date, city=city) if path.suffix.lower() in JSONL_SUFFIXES
             else _read_page(path, date=date, city=city))
    yield from _legible(items)


def read_bytes(data: bytes, *, name: str, date: str | None = None,
               city: str | None = None) -> Iterator[Article | ReadProblem]:
    """Articles of one file given as its bytes and its name (a file of HDFS, S3 or any store
    Spark reads): a JSONL export by the name's suffix, else a page; as read_file reads it."""
    if os.path.splitext(name)[1].lower() in JSONL_SUFFIXES:
        items = _jsonl_articles(io.BufferedReader(io.BytesIO(data)), name, date=date, city=city)
    elif len(data) > MAX_PAGE_BYTES:
        items = iter([_too_large(name, len(data))])
    else:
        items = _page_articles(data, name, date=date, city=city)
    yield from _legible(items)


_INPUT_SUFFIXES = PAGE_SUFFIXES | JSONL_SUFFIXES


def is_input_name(name: str) -> bool:
    """A file the reader reads when it walks a folder: a page or a JSONL export, not hidden."""
    base = os.path.basename(name)
    return not base.startswith(".") and os.path.splitext(base)[1].lower() in _INPUT_SUFFIXES


def is_uri(path: str | os.PathLike[str]) -> bool:
    """An input named by a URI (hdfs://, s3a://, file://): read by the Spark engine through
    Hadoop's file systems, not by this reader's walk."""
    return bool(_URI.match(os.fspath(path)))


def _legible(items: Iterable[Article | ReadProblem]) -> Iterator[Article | ReadProblem]:
    for item in items:
        if isinstance(item, Article) and (share := dec.common_share(item.title + item.body)) < dec.MIN_COMMON_SHARE:
            # Garbled text (a wrong decoding, random bytes) would stall the segmenter for nothing.
            yield ReadProblem(item.file, f"article {item.title[:30]!r} looks garbled: only {share:.0%} of its "
                                         f"Chinese characters are common ones; skipped")
            continue
        yield item


def _too_large(name: str, size: int) -> ReadProblem:
    return ReadProblem(name, f"{size / 1024 / 1024:.1f} MB is too large for a newspaper page "
                             f"(limit {MAX_PAGE_BYTES // 1024 // 1024} MB)")


def _read_page(path: Path, *, date: str | None, city: str | None) -> Iterator[Article | ReadProblem]:
    name = dec.file_label(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            yield _too_large(name, size)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadProblem(name, f"cannot read: {exc.strerror or exc}")
        return
    yield from _page_articles(data, name, date=date, city=city)


def _page_articles(data: bytes, name: str, *, date: str | None, city: str | None) -> Iterator[Article | ReadProblem]:
    try:
        text = dec.decode(data)
    except dec.DecodeError as exc:
        yield ReadProblem(name, str(exc))
        return
    articles = page_articles(dec.strip_controls(text), file=name, date=date, city=city)
    if not articles:
        yield ReadProblem(name, "no article found in the text")
        return
    yield from articles


def _read_jsonl(path: Path, *, date: str | None, city: str | None) -> Iterator[Article | ReadProblem]:
    name = dec.file_label(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 - entered below; only open's OSError is caught here
    except OSError as exc:
        yield ReadProblem(name, f"cannot read: {exc.strerror or exc}")
        return
    with f:
        yield from _jsonl_articles(f, name, date=date, city=city)


def _jsonl_articles(f: io.BufferedReader, name: str, *, date: str | None,
                    city: str | None) -> Iterator[Article | ReadProblem]:
    sample = f.read(_SAMPLE)
    if not sample.strip():
        yield ReadProblem(name, "empty file" if not sample else "no text (only whitespace)")
        return
    try:
        encoding = dec.detect(_without_nul_lines(sample), complete=len(sample) < _SAMPLE)
    except dec.DecodeError as exc:
        yield ReadProblem(name, str(exc))
        return
    f.seek(0)
    found = False
    for number, line in _jsonl_lines(f, encoding):
        if isinstance(line, ReadProblem):
            yield ReadProblem(name, line.reason, number)
            if line.line == -1:  # the rest of the file cannot be decoded
                return
            continue
        if not line.strip():
            continue
        for item in _jsonl_record(line, name=name, number=number, date=date, city=city):
            found = found or isinstance(item, Article)
            yield item
    if not found:
        yield ReadProblem(name, "no article found in the file")


def _without_nul_lines(sample: bytes) -> bytes:
    """A JSONL sample without its lines that hold NUL bytes: one bad record must not make
    the whole export look binary (UTF-16, which is full of NULs, is known by its BOM)."""
    if dec.detect_bom(sample)[0] or b"\x00" not in sample:
        return sample
    kept = b"\n".join(line for line in sample.split(b"\n") if b"\x00" not in line)
    return kept or sample


def _jsonl_lines(f: io.BufferedReader, encoding: str) -> Iterator[tuple[int, str | ReadProblem]]:
    """(line number, text or problem) for each line, each line length-capped."""
    bom_encoding, skip = dec.detect_bom(f.read(4))
    f.seek(skip)
    if encoding.startswith(("utf-16", "utf-32")):
        # Newlines are several bytes here: let an incremental decoder find them.
        reader = io.TextIOWrapper(f, encoding=encoding, errors="strict", newline=None)
        number = 0
        try:
            while True:
                line = reader.readline(MAX_JSONL_LINE + 1)
                if not line:
                    return
                number += 1
                if len(line) > MAX_JSONL_LINE and not line.endswith("\n"):
                    yield number, ReadProblem("", f"line longer than {MAX_JSONL_LINE // 1024 // 1024} MB")
                    while line and not line.endswith("\n"):
                        line = reader.readline(MAX_JSONL_LINE)
                    continue
                yield number, line
        except UnicodeDecodeError:
            yield number + 1, ReadProblem("", f"not valid {encoding.upper()} from here on", -1)
        finally:
            reader.detach()
        return
    # In UTF-8 and GB18030 the byte 0x0A is always a newline, never part of a character.
    number = 0
    while True:
        raw = f.readline(MAX_JSONL_LINE + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_JSONL_LINE and not raw.endswith(b"\n"):
            yield number, ReadProblem("", f"line longer than {MAX_JSONL_LINE // 1024 // 1024} MB")
            while raw and not raw.endswith(b"\n"):
                raw = f.readline(1024 * 1024)
            continue
        if b"\x00" in raw:
            yield number, ReadProblem("", "binary data (NUL bytes) in this line")
            continue
        try:
            yield number, raw.decode(encoding)
        except UnicodeDecodeError as exc:
            yield number, ReadProblem(
                "", f"not valid {encoding.upper()} (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")


def _jsonl_record(line: str, *, name: str, number: int, date: str | None,
                  city: str | None) -> Iterator[Article | ReadProblem]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield ReadProblem(name, f"invalid JSON ({exc.msg} at column {exc.colno})", number)
        return
    except RecursionError:
        yield ReadProblem(name, f"JSON nested deeper than {MAX_JSON_DEPTH} levels", number)
        return
    if _depth(record) > MAX_JSON_DEPTH:
        yield ReadProblem(name, f"JSON nested deeper than {MAX_JSON_DEPTH} levels", number)
        return
    if not isinstance(record, dict):
        yield ReadProblem(name, f"a JSON {type(record).__name__}, not an object", number)
        return
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        yield ReadProblem(name, 'no "text" (a non-empty string) in the record', number)
        return
    title = record.get("title")
    title = dec.strip_controls(title).strip() if isinstance(title, str) else ""
    source = record.get("source")
    source = dec.strip_controls(str(source)).strip() if source is not None and str(source).strip() else None
    record_date = parse_date(record.get("date"))
    if record.get("date") not in (None, "") and record_date is None:
        yield ReadProblem(
            name, f'unreadable "date" {str(record.get("date"))[:40]!r}; the article has no paper date', number)
    extra = tuple((dec.strip_controls(k), _clean(v)) for k, v in record.items() if k not in _KNOWN_KEYS)
    newspaper = source if source and is_newspaper_name(source) else None
    text = dec.strip_controls(dec.normalise_newlines(text))
    page_text = f"{title}\n\n{text}" if title else text
    articles = page_articles(page_text, file=name, date=date or record_date, city=city,
                             newspaper=newspaper, source=source, extra=extra, id_salt=f":{number}")
    if title and articles:
        # The record's title is the article's title, whatever the page rules made of it.
        first = articles[0]
        if first.title != title:
            import dataclasses
            sub = first.subtitle if first.title in title else " ".join(p for p in (first.title, first.subtitle) if p)
            articles[0] = dataclasses.replace(first, title=title, subtitle=sub)
    if not articles:
        yield ReadProblem(name, "no article found in the record", number)
    yield from articles


def _depth(value: object) -> int:
    """How deeply a parsed JSON value nests (iteratively: no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _clean(value: object) -> object:
    """A JSON value with control characters taken out of its strings (depth is bounded above)."""
    if isinstance(value, str):
        return dec.strip_controls(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {dec.strip_controls(str(k)): _clean(v) for k, v in value.items()}
    return value
