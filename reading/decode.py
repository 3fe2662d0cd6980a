"""Turning the bytes of a file into text: the encoding is detected, never assumed.

Users feed UTF-8 (with or without a BOM), UTF-16 with a BOM, GB18030/GBK and CRLF files,
and garbage. `decode` returns the text or raises `DecodeError` with one clear reason.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from functools import lru_cache

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of characters a real Chinese or Latin text has among "readable" ones; a wrong
# decoding (binary read as GB18030, say) falls well below it.
_MIN_READABLE = 0.9


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept; the message says why."""


def detect_bom(data: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


def detect(sample: bytes, *, complete: bool) -> str:
    """The encoding of `sample` (the start of a file, or all of it when `complete`).

    Order matters: a BOM decides; then UTF-8, which is strict enough that text which
    decodes as UTF-8 is UTF-8; then GB18030 (a superset of GBK and GB2312), checked for
    readability because it accepts many byte strings that are not Chinese text.
    """
    encoding, skip = detect_bom(sample)
    if encoding:
        return encoding
    if b"\x00" in sample:
        raise DecodeError("binary data (NUL bytes), not text")
    if not complete:
        # Cut at a line end so a multi-byte character is not split by the sample's edge.
        cut = sample.rfind(b"\n")
        if cut > 0:
            sample = sample[:cut]
    try:
        # A sample may end inside a character: only a complete file must end cleanly.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if complete and utf8_error.reason == "unexpected end of data" and _valid_utf8_prefix(sample, utf8_error.start):
        raise DecodeError(
            f"truncated UTF-8: the file ends inside a multi-byte character (byte {utf8_error.start} of {len(sample)})"
        )
    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(sample, final=complete)
    except UnicodeDecodeError as exc:
        if exc.reason == "incomplete multibyte sequence" or exc.end >= len(sample):
            raise DecodeError(
                f"truncated GB18030: the file ends inside a multi-byte character (byte {exc.start} of {len(sample)})"
            ) from None
        raise DecodeError(
            f"not UTF-8 (invalid byte 0x{sample[utf8_error.start]:02x} at {utf8_error.start}) "
            f"nor GB18030 (invalid byte 0x{sample[exc.start]:02x} at {exc.start})"
        ) from None
    if not looks_like_text(text):
        raise DecodeError(
            f"not UTF-8 (invalid byte 0x{sample[utf8_error.start]:02x} at {utf8_error.start}) "
            "and not readable as GB18030"
        )
    return "gb18030"


def decode(data: bytes) -> str:
    """Text of a whole file: encoding detected, BOM dropped, newlines made `\\n`."""
    if not data.strip():
        raise DecodeError("empty file" if not data else "no text (only whitespace)")
    encoding = detect(data, complete=True)
    _, skip = detect_bom(data)
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        where = ("ends inside a multi-byte character" if exc.end >= len(data) - skip
                 else f"invalid bytes at {exc.start + skip}")
        raise DecodeError(f"not valid {encoding.upper()}: {where}") from None
    text = normalise_newlines(text)
    if not looks_like_text(text):
        raise DecodeError(f"binary data, not text (decoded as {encoding} it is mostly control characters)")
    if not text.strip():
        raise DecodeError("no text (only whitespace)")
    return text


# Control characters a page never means: C0 except tab and newline, DEL, C1. They would
# make GraphML invalid XML and reach terminals as escape sequences, so the reader drops them.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")


def strip_controls(text: str) -> str:
    """Text without control characters (newlines and tabs kept)."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


# Real news has 98-100% of its CJK characters among the common ones (lexicons/common_chars.txt);
# random CJK has about 20%. Text with fewer than this many CJK characters is not judged.
MIN_COMMON_SHARE = 0.8
MIN_JUDGED = 50
_CJK = re.compile("[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    from kg import lexicons
    return frozenset("".join(lexicons.lines("common_chars.txt")))


def common_share(text: str) -> float:
    """The share of the text's CJK characters that are common ones (1.0 when too few to judge)."""
    chars = _CJK.findall(text)
    if len(chars) < MIN_JUDGED:
        return 1.0
    common = _common_chars()
    return sum(1 for c in chars if c in common) / len(chars)


def file_label(path: str | os.PathLike[str]) -> str:
    """A file's name as text whatever its bytes: UTF-8, else GB18030 (archives unpacked from
    Windows keep GBK names), else UTF-8 with replacement characters. The same bytes always
    give the same label, so article ids stay stable; the file itself is opened by its path."""
    raw = os.fsencode(path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; form feeds and Unicode line separators too."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for sep in ("\x0c", "\u2028", "\u2029", "\x85"):
        if sep in text:
            text = text.replace(sep, "\n")
    return text


def looks_like_text(text: str, sample_size: int = 20000) -> bool:
    """True when nearly all characters (of a sample) are ones real text is made of."""
    sample = text[:sample_size]
    if not sample:
        return True
    readable = 0
    for ch in sample:
        if ch.isspace() or ch.isprintable():  # \xa0, \u3000 indents are text too
            cat = unicodedata.category(ch)
            # Unassigned and private-use code points come from wrong decodings.
            if cat not in ("Cn", "Co", "Cs"):
                readable += 1
    return readable / len(sample) >= _MIN_READABLE


def _valid_utf8_prefix(data: bytes, end: int) -> bool:
    try:
        data[:end].decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
