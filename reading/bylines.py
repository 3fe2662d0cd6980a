"""Bylines: who wrote an article, in the forms city papers print them.

`本报讯(记者 石冠兵)`, `本报讯(记者松召峰 通讯员杜根 钟伟平)`, `□本报记者 周俊英`,
`本报记者胡晨` / `通讯员张国辉郭磊` (names run together), `郑报全媒体记者 陈锋 钟亚文`,
`记者 郭飞飞 通讯员 于潘峰 摄`, a trailing `(赵学敏 张晓伟 叶云娜)`. Names written together are
split into 2-3 character names with a surname list (lexicons/surnames.txt).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kg.lexicons import lines, rows

_HAN = r"\u4e00-\u9fff\u3400-\u4dbf"
# Role words, longest first so 本报记者 is not read as 记者 plus a name 本报.
_REPORTER_ROLES = ("本报全媒体记者", "本报见习记者", "本报特约记者", "本报记者", "全媒体记者",
                   "见习记者", "特约记者", "首席记者", "融媒体记者", "记者")
_CORRESPONDENT_ROLES = ("特约通讯员", "通讯员", "实习生")
# News agencies that open a dispatch with their name (新华社北京6月15日电).
_AGENCIES = ("新华社", "中新社", "人民网", "新华网", "央视网")
# The paper, agency or station a reporter works for, written before the role: 郑报记者,
# 福建日报记者, 新华社记者, 中央人民广播电台记者 (a station or agency by the word it ends with).
_MEDIA = (r"[" + _HAN + r"]{2,6}?(?:通讯社|广播电视台|广播电台|电视台|日报社|新闻社|报社)|"
          + "|".join(_AGENCIES) + r"|[" + _HAN + r"]{1,4}报")
_ROLE_RE = re.compile(
    r"(?P<paper>" + _MEDIA + r")?(?P<role>" + "|".join(_REPORTER_ROLES + _CORRESPONDENT_ROLES) + ")"
)
# The dateline opening of a news story: 本报讯, 本报北京讯, 新华社北京6月15日电, 据…报道.
_DAY = r"(?:[\d０-９]{1,2}月)?(?:[\d０-９]{1,2}日)?"
NEWS_OPENING = re.compile(
    r"^[□■◆●]?\s*(?:本报(?P<filed>[" + _HAN + r"]{2,6}?)?" + _DAY + r"讯|(?P<agency>" + "|".join(_AGENCIES)
    + r")(?P<filed_at>[" + _HAN + r"]{2,6}?)?" + _DAY + r"电)\s*"
)
# Reporters written after the opening and before 报道: 本报北京1月1日讯 新华社记者甲、本报记者乙报道：
_REPORTS = re.compile(r"^([^。：:()（）]{3,60}?)报道[:：]")
_PAREN = re.compile(r"^[(（]([^()（）]{1,80})[)）]")
# A byline line of its own: starts with a role (after an optional box mark and paper).
BYLINE_LINE = re.compile(
    r"^[□■◆●]?\s*(?:[" + _HAN + r"]{1,4}报)?(?:" + "|".join(_REPORTER_ROLES + _CORRESPONDENT_ROLES)
    + r")\s*[" + _HAN + r"]"
)
# Trailing names of writers at the end of the last paragraph: 。(赵学敏 张晓伟 叶云娜)
TRAILING_NAMES = re.compile(
    r"(?<=[。！？!?”」])\s*[(（]([" + _HAN + r"]{2,4}(?:[\s、,，]+[" + _HAN + r"]{2,4}){0,5})[)）]\s*$"
)


def trailing_names(text: str) -> re.Match[str] | None:
    """The names in brackets closing a paragraph (。（王某 李某）): its reporters, unless the
    brackets hold an editor's note (。（全文另发）)."""
    found = TRAILING_NAMES.search(text)
    return found if found and found.group(1) not in _editor_notes() else None


@cache
def _editor_notes() -> frozenset[str]:
    return frozenset(lines("editor_notes.txt"))


# A photo credit: (本报记者 刘斐 摄), (李晓敏 摄), 记者 郭飞飞 通讯员 于潘峰 摄.
PHOTO_CREDIT = re.compile(r"[(（]([^()（）]{0,40}?)\s*摄(?:影)?[)）]\s*$")
# A "text/photo" credit line: 徐凤胜 周奎文/图, 张三/文 李四/图.
TEXT_PHOTO_CREDIT = re.compile(r"^[" + _HAN + r"\s]{2,30}(?:文[/／]图|[/／]文|[/／]图|文图|摄)$")


@dataclass
class Byline:
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # named without a role (文/图, 摄)
    paper_short: str | None = None   # 郑报 in 郑报全媒体记者
    # papers, agencies and stations the byline names (新华社 in 新华社记者甲, 新华社…电)
    agencies: list[str] = field(default_factory=list)
    dispatch: str | None = None      # the agency whose dispatch the article is (新华社北京…电)
    filed_from: str | None = None    # the place the opening names (北京 in 本报北京1月1日讯)

    def add(self, other: Byline) -> None:
        for mine, theirs in ((self.reporters, other.reporters), (self.correspondents, other.correspondents),
                             (self.authors, other.authors), (self.agencies, other.agencies)):
            mine.extend(n for n in theirs if n not in mine)
        self.paper_short = self.paper_short or other.paper_short
        self.dispatch = self.dispatch or other.dispatch
        self.filed_from = self.filed_from or other.filed_from

    def __bool__(self) -> bool:
        return bool(self.reporters or self.correspondents or self.authors)


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single: set[str] = set()
    double: set[str] = set()
    for (line, *_rest) in rows("surnames.txt"):
        for token in line.split():
            if len(token) == 2:
                double.add(token)
            else:
                single.update(token)
    return frozenset(single), frozenset(double)


def is_surname_start(name: str) -> bool:
    single, double = _surnames()
    return name[:2] in double or name[:1] in single


def split_names(run: str) -> list[str]:
    """Names from a run of characters: `张国辉郭磊` -> [张国辉, 郭磊].

    Spaces, 、 and commas separate names; a run of 4+ characters without separators is cut
    into 2-3 character names (4 with a compound surname) that each start with a surname.
    """
    out: list[str] = []
    for token in re.split(r"[\s、,，;；/]+", run):
        token = re.sub(r"[^" + _HAN + r"·]", "", token)
        if token:
            out.extend(_split_run(token))
    return out


def _split_run(token: str) -> list[str]:
    if len(token) <= 3:
        return [token]
    single, double = _surnames()
    if len(token) == 4 and token[:2] in double:
        return [token]
    # Best cut by dynamic programming: every piece should start with a surname.
    n = len(token)
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        entry = best[i]
        if entry is None:
            continue
        score, pieces = entry
        for size in (2, 3, 4):
            j = i + size
            if j > n:
                continue
            piece = token[i:j]
            if size == 4 and piece[:2] not in double:
                continue
            gain = 2.0 if (piece[:2] in double or piece[0] in single) else -3.0
            gain += 0.1 if size == 3 else 0.0  # 3-character names are the most common
            cand = (score + gain, pieces + [piece])
            current = best[j]
            if current is None or cand[0] > current[0]:
                best[j] = cand
    result = best[n]
    if result is None or result[0] < 0:
        return [token]  # cannot cut sensibly: keep it whole rather than invent names
    return result[1]


def parse_roles(text: str) -> Byline:
    """Reporters and correspondents from byline text: `记者 石冠兵 通讯员 张伊霖`."""
    byline = Byline()
    text = re.sub(r"^[□■◆●]\s*", "", text.strip())
    text = re.sub(r"\s*(?:文[/／]图|文图|摄影?|[/／]文|[/／]图)\s*$", "", text)
    matches = list(_ROLE_RE.finditer(text))
    if not matches:
        byline.authors.extend(split_names(text))
        return byline
    head = text[: matches[0].start()].strip()
    if head:
        byline.authors.extend(split_names(head))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        names = split_names(text[m.end():end])
        if m["paper"] and m["paper"] != "本报":
            if m["paper"] not in byline.agencies:
                byline.agencies.append(m["paper"])
            if m["paper"].endswith("报"):   # a paper's short form (郑报) names the page's paper
                byline.paper_short = m["paper"]
        target = byline.correspondents if m["role"] in _CORRESPONDENT_ROLES else byline.reporters
        target.extend(n for n in names if n not in target)
    return byline


def split_opening(paragraph: str) -> tuple[Byline, str]:
    """`本报讯(记者石冠兵)6月15日,...` -> (its byline, `6月15日,...`).

    A paragraph that does not open with a news opening comes back unchanged.
    """
    m = NEWS_OPENING.match(paragraph)
    if not m:
        return Byline(), paragraph
    rest = paragraph[m.end():]
    byline, taken = Byline(), 0
    p = _PAREN.match(rest) or _REPORTS.match(rest)
    if p and _ROLE_RE.search(p.group(1)):
        byline, taken = parse_roles(p.group(1)), p.end()
    byline.filed_from = m["filed"] or m["filed_at"]
    if m["agency"]:   # a dispatch of the agency that opens it
        byline.dispatch = m["agency"]
        byline.agencies = list(dict.fromkeys([m["agency"], *byline.agencies]))
    return byline, rest[taken:].lstrip()


def is_byline_line(line: str) -> bool:
    """A line that is only a byline: `本报记者 李梦龙 通讯员 张伊霖`, `□本报记者 周俊英`."""
    if len(line) > 60 or not BYLINE_LINE.match(line):
        return False
    rest = _ROLE_RE.sub(" ", re.sub(r"^[□■◆●]\s*", "", line))
    rest = re.sub(r"(?:文[/／]图|文图|摄影?|[/／]文|[/／]图)\s*$", "", rest)
    # Only names may remain: short runs of characters that start with surnames.
    if not re.fullmatch(r"[" + _HAN + r"·\s、,，]*", rest) or any(len(tok) > 12 for tok in rest.split()):
        return False
    names = split_names(rest)
    return bool(names) and all(is_surname_start(name) for name in names)


def is_author_line(line: str) -> bool:
    """A bare author line under a headline: `郭旭光`, `市住房和城乡建设局党组书记、局长 赵书政`."""
    line = line.strip()
    m = re.fullmatch(r"(?:(?P<title>[" + _HAN + r"、]{2,30})[\s　]+)?(?P<name>[" + _HAN + r"]{2,4})", line)
    if not m or not is_surname_start(m["name"]):
        return False
    if m["title"]:
        return bool(re.search(r"(?:长|书记|主任|委员|记者|主席|经理|董事|代表|院士|教授|负责人)$", m["title"]))
    return len(m["name"]) <= 3


def author_of(line: str) -> str:
    return re.split(r"[\s　]+", line.strip())[-1]
