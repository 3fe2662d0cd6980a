"""One OCR'd newspaper page -> its articles, with the OCR damage repaired.

A page is a column of lines in which blank lines carry little meaning (OCR puts one
between every pair), columns cut words and sentences (`中央政` / `治局`, `王` / `堃`),
photos and banners sit in the middle of sentences, and articles start with a headline
group (kicker, headline, sub-headline) followed by a byline, or end with one.

The rules, in the order they are applied:
1. Masthead (paper, date, issue) at the top is read and dropped; page furniture
   (`02 | 要闻`, `(下转第二版)`, 导读 lists, QR-code prompts) is dropped.
2. Each line gets a kind: body, short fragment, heading, byline, caption, photo news...
3. A byline (`本报讯(...)`, `本报记者 X`) after heading lines starts an article whose
   headline group is those lines ("anchored"). A heading group also starts an article
   when the previous one is closed (an end byline, a credit, trailing names), after a
   gap of blank lines, when it has two lines or more, or when the paragraph before it
   was cut mid-sentence (the page jumped to another column).
4. A body line not ending in sentence-final punctuation continues on the next body line;
   captions and banners in between are skipped (and kept as captions), a byline or a
   heading group without a caption in between stops it.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field

from kg.graph.records import Article
from kg.reading import bylines as bl
from kg.reading import columns
from kg.reading.city import infer_city, is_newspaper_name, normalise_city, paper_city, paper_from_short
from kg.reading.dates import date_from_name, find_dateline, parse_date

# Sentence-final punctuation; closing quotes and brackets after it still end a sentence.
_FINAL = set("。！？!?…；;")
_CLOSERS = set("”’」』)）》\"'")
# A short note in brackets after the last sentence closes the paragraph: the next line
# starts another, it does not carry the note's "sentence" on.
_TRAILING_NOTE = re.compile(r"[。！？!?…][”’」』]?[（(][^（()）\n]{1,20}[）)]$")
# Longest line that can be a headline (the longest in the seeds is 38 characters).
MAX_HEADLINE = 48
# Masthead lines: the paper's name, its English name, date, issue and imprint lines.
_MASTHEAD_LINE = re.compile(
    r"(?:出版|机关报|报纸|刊号|主管|主办|总编辑|社长|第\s*\d+\s*期|今日\s*\d+\s*版|邮发代号|网址|www\.|CN\s*\d|星期|农历|"
    r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
_ISSUE = re.compile(r"第\s*(\d+)\s*期")
_CONTINUATION = re.compile(r"[(（]\s*(?:下转|上接|紧接|接|转)第?\s*[一二三四五六七八九十\d]{1,3}\s*版\s*[)）]")
_PAGE_HEADER = re.compile(r"^(?:\d{1,2}\s*[|｜丨]\s*\S{1,10}|\S{1,10}\s*[|｜丨]\s*\d{1,2}|第\s*\d{1,2}\s*版)$")
_FURNITURE = re.compile(r"^(?:扫码|扫描二维码|扫一扫|(?:责任编辑|责编|编辑|美编|校对|组版|审读|视觉)\s*[:：])")
_DIGEST = re.compile(r"^(?:本版|今日|本期)?\s*导\s*读$")
_SECTION = re.compile(
    r"^(?:\d{1,2}\s+|[一二三四五六七八九十]{1,3}[、.．]\s*|[(（][一二三四五六七八九十\d]{1,3}[)）]\s*)\S"
)
_POSITION_MARK = re.compile(
    r"[(（](?:前排|后排|中间|左|右|中)[一二三四五六七八九十\d]?[)）]|[(（]资料图[)）]|[(（]资料图片[)）]"
)
_DANGLING_COVERB = re.compile(r"[,，、]\s*(?:与|和|同|跟|向|对|为|把|将|让|给|在)[^,，、\s]{1,5}$")


# Line kinds.
BODY, FRAG, HEAD, SECTION, BYLINE, OPENING, CAPTION, PHOTO, CREDIT = (
    "body", "frag", "head", "section", "byline", "opening", "caption", "photo", "credit")


@dataclass
class Masthead:
    newspaper: str | None = None
    date: str | None = None
    issue: str | None = None
    lines: int = 0  # how many lines it spans (dropped from the page)
    text: str = ""  # its lines, for evidence (总编辑:邓雷)


@dataclass
class _Line:
    text: str
    gap: int   # blank lines before it
    cut: bool = False  # a continuation marker (下转第二版) ended it: the article goes on elsewhere
    kind: str = BODY


@dataclass
class _Draft:
    heads: list[str] = field(default_factory=list)
    byline: bl.Byline = field(default_factory=bl.Byline)
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    closed: bool = False
    pending: bool = False  # the last paragraph was cut mid-sentence
    byline_texts: list[str] = field(default_factory=list)  # as printed, for evidence
    fragment: bool = False  # a piece of an article that could not be placed (kept apart)
    opening: str = ""       # the news opening as printed (本报北京1月1日讯, 新华社北京1月18日电（…）)

    @property
    def anchored(self) -> bool:
        """A headline or byline says where this article starts: its first paragraph is its own."""
        return bool(self.heads or self.byline or self.byline_texts)


# ---------------------------------------------------------------------------- lines

def _clean(line: str) -> str:
    line = line.replace("\u200b", "").replace("\ufeff", "").replace("\u3000", " ").replace("\xa0", " ")
    return re.sub(r"[ \t]+", " ", line).strip()


def split_lines(text: str) -> list[_Line]:
    """Non-empty lines with the number of blank lines before each."""
    out: list[_Line] = []
    gap = 0
    for raw in text.split("\n"):
        line = _clean(raw)
        if not line:
            gap += 1
            continue
        out.append(_Line(line, gap))
        gap = 0
    return out


def ends_sentence(text: str) -> bool:
    """True when `text` ends with sentence-final punctuation (closing quotes allowed), or
    with a short note in brackets after it (。（全文另发）, 。（完））."""
    if _TRAILING_NOTE.search(text[-24:]):   # the note is short: its tail only (a paragraph grows line by line)
        return True
    i = len(text) - 1
    while i >= 0 and text[i] in _CLOSERS:
        i -= 1
    return i >= 0 and text[i] in _FINAL


def read_masthead(lines: list[_Line]) -> Masthead:
    """The masthead at the top of the page, if there is one."""
    head = Masthead()
    k = 0
    for k, line in enumerate(lines[:30]):  # noqa: B007 - k is read after the loop, where it broke
        text = line.text
        if is_newspaper_name(text):
            head.newspaper = head.newspaper or text
        elif re.fullmatch(r"[A-Z][A-Z .'-]{2,40}", text):
            pass  # the English name: XUCHANG DAILY
        elif _MASTHEAD_LINE.search(text) and len(text) <= 40 and not ends_sentence(text):
            if head.date is None:
                head.date = parse_date(text)
            m = _ISSUE.search(text)
            if m and head.issue is None:
                head.issue = f"第{m.group(1)}期"
        else:
            break
    else:
        k = min(len(lines), 30)
    if head.newspaper or head.date:
        head.lines = k
        head.text = "\n".join(l.text for l in lines[:k])
    else:
        head = Masthead()
    return head


def _heading_style(text: str) -> bool:
    """A heading as layouts set them, not a short piece of a sentence cut by a column."""
    if text.startswith(("——", "—", "-")) or _SECTION.match(text):
        return True
    if " " in text and not re.search(r"[,，。;；]", text):
        return True
    if re.fullmatch(r"[^,，:：;；]{2,12}[:：]\s*[^,，:：;；]{2,30}", text):
        return True  # 单位: 标题 (宜阳县信访局: 群策群力…)
    return len(text) <= 12 and not re.search(r"[,，、;；:：]", text)


def classify(line: _Line) -> str:
    text = line.text
    if bl.NEWS_OPENING.match(text):
        return OPENING
    if bl.is_byline_line(text):
        return BYLINE
    if bl.TEXT_PHOTO_CREDIT.match(text) and len(text) <= 30:
        return CREDIT
    if bl.PHOTO_CREDIT.search(text):
        return PHOTO if ("图为" in text or len(text) > 60) else CAPTION
    if _POSITION_MARK.search(text) and len(text) <= 60 and not ends_sentence(text):
        return CAPTION
    # Headlines rarely run long with commas in them; such a line is a piece of a paragraph.
    sentence_like = len(text) > 24 and re.search(r"[,，;；]", text)
    if len(text) <= MAX_HEADLINE and "。" not in text and not ends_sentence(text) and not sentence_like:
        if _SECTION.match(text) and len(text) <= 30:
            return SECTION
        if len(text) <= 2:
            return FRAG  # a character or two cut off by a column break (王 / 堃)
        return HEAD if _heading_style(text) else FRAG
    return BODY


def _drop_furniture(lines: list[_Line], digest: list[str] | None = None) -> list[_Line]:
    """The page without its furniture; 导读 entries go to `digest` when given."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _CONTINUATION.search(line.text):
            line.text = _CONTINUATION.sub("", line.text).strip()
            line.cut = True
            if not line.text:
                if out:
                    out[-1].cut = True
                i += 1
                continue
        if _PAGE_HEADER.match(line.text) or _FURNITURE.match(line.text):
            i += 1
            continue
        if _DIGEST.match(line.text):
            # A 导读 list: short headline lines pointing to other pages. The last one is
            # kept when a body or byline follows: it is the next article's headline.
            j = i + 1
            while j < len(lines) and not _PAGE_HEADER.match(lines[j].text) \
                    and len(lines[j].text) <= MAX_HEADLINE and not ends_sentence(lines[j].text) \
                    and "。" not in lines[j].text and not bl.NEWS_OPENING.match(lines[j].text) \
                    and not bl.is_byline_line(lines[j].text):
                j += 1
            text_follows = j < len(lines) and not _PAGE_HEADER.match(lines[j].text)
            end = j - 1 if (text_follows and j - 1 > i) else j
            if digest is not None:
                digest.extend(l.text for l in lines[i + 1:end])
            i = end
            continue
        out.append(line)
        i += 1
    return out


# ---------------------------------------------------------------------------- starts

def _anchored_starts(lines: list[_Line]) -> dict[int, tuple[int, int]]:
    """Article starts found by bylines: {first line of the group: (byline index, group end)}."""
    starts: dict[int, tuple[int, int]] = {}
    for i, line in enumerate(lines):
        if line.kind not in (BYLINE, OPENING):
            continue
        j = i
        while j > 0 and i - j < 5:
            prev = lines[j - 1]
            if prev.kind not in (HEAD, FRAG, SECTION) or prev.cut:
                break
            j -= 1
        if j < i:
            starts[j] = (i, i)
        elif line.kind == OPENING:
            starts[i] = (i, i)
        # A byline line after a body is the end of the article before (handled later).
    return starts


# ---------------------------------------------------------------------------- headline

def choose_title(heads: list[str], *, page_top: bool) -> tuple[str, str, list[str]]:
    """(title, subtitle, author lines) from a headline group, in reading order.

    Sub-headlines start with a dash; a bare author line may close the group. OCR may put
    a two-line headline in reverse order: a last line ending in a clause that opens with a
    coverb and stops short (`…下沉,与基层干部`) is read before the line above it.
    """
    heads = [h for h in heads if h]
    authors: list[str] = []
    if len(heads) >= 2 and bl.is_author_line(heads[-1]) and not heads[-1].startswith("—"):
        authors.append(heads[-1])
        heads = heads[:-1]
    subs = [h for h in heads if h.startswith("—")]
    mains = [h for h in heads if not h.startswith("—")]
    if len(mains) >= 2 and _DANGLING_COVERB.search(mains[-1]):
        mains = mains[:-2] + [mains[-1] + mains[-2]]
    kicker: list[str] = []
    if len(mains) >= 2 and len(mains[0]) <= 8 and len(mains[1]) >= 1.5 * len(mains[0]):
        kicker, mains = mains[:1], mains[1:]  # 引题: a short line over the headline
    elif page_top and len(mains) >= 2:
        mains = mains[1:]  # the page's banner (通栏标语) above the first headline
    if len(mains) >= 2:
        kept = [m for m in mains if not _is_slogan(m)]
        mains = kept or mains
    if not kicker and len(mains) >= 3:
        kicker, mains = mains[:1], mains[1:]
    title = mains[0] if mains else (subs[0].lstrip("—-") if subs else "")
    rest = mains[1:] + subs + kicker
    return title, " ".join(rest), authors


def _is_slogan(text: str) -> bool:
    parts = text.split(" ")
    return len(parts) >= 2 and all(len(p) <= 5 for p in parts)


# ---------------------------------------------------------------------------- pages

def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def _pending(text: str, line: _Line) -> bool:
    return not line.cut and not ends_sentence(text)


def segment(lines: list[_Line]) -> list[_Draft]:
    """Articles (drafts) of a page whose masthead and furniture are gone."""
    for line in lines:
        line.kind = classify(line)
    anchored = _anchored_starts(lines)
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    n = len(lines)
    i = 0

    def start(heads: list[str]) -> _Draft:
        nonlocal cur
        cur = _Draft(heads=heads)
        drafts.append(cur)
        return cur

    while i < n:
        line = lines[i]
        if i in anchored:
            by_at, _ = anchored[i]
            cur = start([l.text for l in lines[i:by_at]])
            i = by_at
            if lines[i].kind == BYLINE:
                cur.byline.add(bl.parse_roles(lines[i].text))
                cur.byline_texts.append(lines[i].text)
                i += 1
            elif lines[i].kind == OPENING:
                # `本报讯(…)` opening the body: consume it here, or the loop would start
                # the same article again at the same line forever.
                i = _paragraph(lines, i, cur, anchored)
            continue
        kind = line.kind
        if kind in (BYLINE, CREDIT):
            # A byline or credit after a body closes the article it ends.
            if cur is None:
                cur = start([])
            cur.byline.add(bl.parse_roles(line.text))
            cur.byline_texts.append(line.text)
            cur.closed = True
            i += 1
            continue
        if kind == CAPTION:
            if cur is None:
                cur = start([])
            cur.captions.append(line.text)
            i += 1
            continue
        if kind == PHOTO:
            # Photo news: a caption long enough to be an article of its own (under the
            # heading just started for it, if any).
            if cur is None or cur.paragraphs or cur.closed:
                cur = start([])
            i = _paragraph(lines, i, cur, anchored)
            cur.closed = True
            continue
        if kind in (HEAD, SECTION) or (kind == FRAG and _group_end(lines, i, anchored) - i >= 2):
            end = _group_end(lines, i, anchored)
            group = lines[i:end]
            nxt = lines[end] if end < n else None
            body_follows = nxt is not None and end not in anchored and nxt.kind in (BODY, FRAG, PHOTO)
            sections = [k for k, l in enumerate(group) if l.kind == SECTION]
            if not body_follows:
                # Heading lines with no text after them: banners or captions of a photo.
                if cur is None or end < n and (end in anchored):
                    i = end
                    continue
                cur.captions.extend(l.text for l in group)
                i = end
                continue
            new_article = (
                cur is None or cur.closed or cur.pending or line.gap >= 2
                or (len(group) >= 2 and not sections)
            )
            if sections and not (cur is None or cur.closed):
                # Numbered section headings inside an article; lines before them are captions.
                cur.captions.extend(l.text for l in group[: sections[0]])
                cur.paragraphs.extend(l.text for l in group[sections[0]:])
                cur.pending = False
                i = end
                continue
            if new_article:
                start([l.text for l in group])
                i = end
                continue
            # A single heading inside an article: a sub-heading, kept as its own paragraph.
            assert cur is not None  # else new_article
            cur.paragraphs.append(line.text)
            cur.pending = False
            i += 1
            continue
        # BODY, FRAG or OPENING: a paragraph, joined across column breaks.
        if (cur is None or (kind == OPENING)) and (
                cur is None or cur.paragraphs or kind == OPENING and cur.byline):
            cur = start([])
        i = _paragraph(lines, i, cur, anchored)
    return [d for d in drafts if d.paragraphs or d.heads]


def reattach(drafts: list[_Draft]) -> list[_Draft]:
    """Drafts with the rests of dangling articles moved back to them (reading.columns);
    a headless piece that opens as a continuation and continues nothing is a fragment."""
    for _ in range(len(drafts)):
        texts = [columns.Text(d.heads, d.paragraphs, d.pending and bool(d.paragraphs), d.anchored)
                 for d in drafts]
        moves = columns.find_moves(texts, ends_sentence)
        if not moves:
            break
        host = drafts[moves[0].host]
        apart: list[_Draft] = []
        for move in moves:
            block = host.paragraphs[move.start:move.end]
            if move.target is None:
                apart.append(_Draft(paragraphs=block, fragment=True))
                continue
            target = drafts[move.target]
            # the dangling sentence goes on in the block's first line: one paragraph
            target.paragraphs[-1] = _join(target.paragraphs[-1], block[0])
            target.paragraphs.extend(block[1:])
            target.pending = not ends_sentence(target.paragraphs[-1])
        del host.paragraphs[moves[0].start:]
        at = drafts.index(host) + 1
        drafts[at:at] = apart
        if not host.paragraphs and not host.anchored:
            drafts = [d for d in drafts if d is not host]
    for d in drafts:
        if not d.anchored and d.paragraphs and columns.opens_as_continuation(d.paragraphs[0]):
            d.fragment = True
    return drafts


def _group_end(lines: list[_Line], i: int, anchored: dict[int, tuple[int, int]]) -> int:
    j = i
    while j < len(lines) and lines[j].kind in (HEAD, FRAG, SECTION) and (j == i or j not in anchored):
        if j > i and lines[j - 1].cut:
            break
        j += 1
    return j


def _paragraph(lines: list[_Line], i: int, cur: _Draft, anchored: dict[int, tuple[int, int]]) -> int:
    """Add the paragraph starting at line i to `cur`; return the index after it."""
    line = lines[i]
    text = line.text
    if line.kind == OPENING:
        byline, rest = bl.split_opening(text)
        cur.byline.add(byline)
        opening = text[: len(text) - len(rest)].strip()
        if opening:
            cur.byline_texts.append(opening)
            cur.opening = cur.opening or opening
        text = rest
    last = line
    i += 1
    n = len(lines)
    while _pending(text, last) and i < n:
        # Look past captions and banners for the line that carries the sentence on.
        j = i
        captions: list[str] = []
        heads: list[str] = []
        while j < n and j not in anchored and lines[j].kind in (CAPTION, HEAD, SECTION, FRAG) \
                and len(captions) + len(heads) < 4:
            (captions if lines[j].kind == CAPTION else heads).append(lines[j].text)
            j += 1
        body_after = j < n and j not in anchored and lines[j].kind == BODY
        if captions and body_after:
            # A photo in between: the short lines around its caption are its banners.
            cur.captions.extend(captions)
        else:
            # Otherwise the sentence goes on in the next line only when that line is a
            # fragment or body; a heading there starts another article.
            j = i
            if lines[j].kind not in (BODY, FRAG) or j in anchored:
                break
        text = _join(text, lines[j].text)
        last = lines[j]
        i = j + 1
    trailing = bl.trailing_names(text)
    if trailing and cur.paragraphs + [text]:
        cur.byline.add(bl.Byline(reporters=bl.split_names(trailing.group(1))))
        cur.byline_texts.append(trailing.group(0).strip())
        text = text[: trailing.start()].rstrip()
        cur.closed = True
    credit = bl.PHOTO_CREDIT.search(text)
    if credit:
        roles = bl.parse_roles(credit.group(1)) if credit.group(1).strip() else bl.Byline()
        cur.byline.add(roles)
        cur.byline_texts.append(credit.group(0).strip())
        text = text[: credit.start()].rstrip()
    if text:
        cur.paragraphs.append(text)
    cur.pending = _pending(text, last) and not last.cut
    if last.cut:
        cur.closed = True
    return i


# ---------------------------------------------------------------------------- articles

def article_id(file: str, index: int, title: str, body: str) -> str:
    """Stable id: the same file name, place on the page, title and text give the same id."""
    digest = hashlib.sha1()
    for part in (os.path.basename(file), str(index), title, body):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:16]


def page_articles(text: str, *, file: str, date: str | None = None, city: str | None = None,
                  newspaper: str | None = None, source: str | None = None,
                  extra: tuple = (), id_salt: str = "") -> list[Article]:
    """Articles of one page of text (already decoded, newlines normalised).

    `date` is the date the user (or a JSONL record) gives, used when the page has no
    masthead date; a date in the file's name comes last. `city` overrides the city read
    from the masthead or the page.
    """
    lines = split_lines(text)
    head = read_masthead(lines)
    digest: list[str] = []
    lines = _drop_furniture(lines[head.lines:], digest)
    drafts = reattach(segment(lines))
    page_date = head.date or parse_date(date) or date_from_name(file)
    paper = head.newspaper or newspaper
    if paper is None:
        for d in drafts:
            if d.byline.paper_short and paper_from_short(d.byline.paper_short):
                paper = paper_from_short(d.byline.paper_short)
                break
    page_city = normalise_city(city) or paper_city(paper) or infer_city(text)
    articles: list[Article] = []
    first = True
    for index, d in enumerate(drafts):
        title, subtitle, author_lines = choose_title(d.heads, page_top=first and not head.lines)
        authors = [bl.author_of(line) for line in author_lines]
        d.byline_texts[:0] = author_lines
        first = False
        body = "\n".join(d.paragraphs)
        if not title and not body:
            continue
        # the opening's date (本报北京1月1日讯) is the dateline; else the first paragraph's
        dateline = (find_dateline(d.opening, page_date) if d.opening else None) or (
            find_dateline(d.paragraphs[0], page_date) if d.paragraphs else None)
        extras = tuple(extra)
        all_authors = [a for a in authors + d.byline.authors
                       if a not in d.byline.reporters and a not in d.byline.correspondents]
        if all_authors:
            extras = extras + (("authors", tuple(all_authors)),)
        if d.byline_texts:
            extras = extras + (("byline", tuple(d.byline_texts)),)
        if d.byline.agencies:   # 新华社 in 新华社记者甲: the agency, never a reporter
            extras = extras + (("agencies", tuple(d.byline.agencies)),)
        if d.byline.filed_from:   # 本报北京1月1日讯: where the story was filed
            extras = extras + (("filed_from", d.byline.filed_from),)
        if d.fragment:
            extras = extras + (("fragment", True),)
        if not articles:
            # Page-level text the extractor may cite, kept once with the page's first article.
            if head.text:
                extras = extras + (("masthead", head.text),)
            if digest:
                extras = extras + (("digest", tuple(digest)),)
        articles.append(Article(
            id=article_id(file + id_salt, index, title, body),
            title=title,
            subtitle=subtitle,
            body=body,
            file=file,
            date=dateline.iso if dateline else None,
            date_text=dateline.text if dateline and dateline.iso is None else None,
            date_partial=dateline.partial if dateline else None,
            page_date=page_date,
            # a dispatch (新华社北京…电) on a page whose paper is not known: the agency's
            newspaper=paper or d.byline.dispatch,
            city=page_city,
            issue=head.issue,
            reporters=tuple(d.byline.reporters),
            correspondents=tuple(d.byline.correspondents),
            captions=tuple(d.captions),
            source=source,
            extra=extras,
        ))
    return articles
