"""Bodies named by context: the one name an organization goes by in the graph.

- `市政府` and `市人民政府` are one body (so are 区政府 / 区人民政府, 县政府 / 县人民政府 …):
  the graph uses the full form, `人民政府`.
- A bare `县委`, `区委`, `县政府`, `区人社局` is the body of the county or district the
  article is about: the one the article names (`文峰区委` written out elsewhere in it, or
  the only district or county it names). When the article names none or several, the
  body stays the article's own (two county committees in two articles are not one).
- A short form (`古都集团`) is the full name (`洛阳古都发展集团`) the same city's articles
  give: same kind of body (same last unit), and the full name without its place names
  starts with the short form's stem. Only when exactly one full name fits.
- National bodies (中共中央, 国务院, 全国人大 …) belong to no city; neither do the people
  who hold national titles (总书记, 国务院总理 …), nor do national leaders named by a
  local paper: a relayed speech never makes them people of that city.
- An organization's kind comes from its name: a `中心` is a government body only when its
  name says what public service it does (政务服务中心, 疾控中心), not a 花卉中心.
"""
from __future__ import annotations

import re
from functools import cache

from kg.lexicons import rows
from kg.reading.city import gazetteer

# 市政府 / 区政府 / 县政府 / 镇政府 / 乡政府 (after a place name or bare) -> 人民政府; a
# special administrative region's government (香港特区政府, 澳门特别行政区政府) has no 人民.
_GOVERNMENT = re.compile(r"(?<=[市区县镇乡省])(?<!特区)(?<!行政区)政府")
# A body written with a bare level: 区委, 县政府, 区人社局 (not 区域, 县级, 区内).
BARE_LEVELS = "区县"
_NOT_BARE = "域级里外内长"
# Names of national bodies: they have no city.
_NATIONAL_BODY = re.compile(r"^(?:中共中央|中央(?!区)|国务院|全国人大|全国政协|全国人民代表大会|中华人民共和国|国家"
                            r"|最高人民|中国共产党中央)")
# Titles only national leaders hold.
_NATIONAL_TITLE = re.compile(
    r"^(?:总书记|中共中央总书记|国家主席|国家副主席|国务院总理|总理|国务院副总理|副总理|国务委员"
    r"|委员长|全国人大常委会委员长|全国政协主席|中央军委主席|中央政治局常委|中共中央政治局常委"
    r"|中央政治局委员|中共中央政治局委员|中央书记处书记)$")
# A 中心 that is a public body says what it does.
_PUBLIC_CENTRE = re.compile(
    r"政务|服务|交易|管理|指挥|监测|监控|应急|疾控|疾病预防控制|急救|调度|统计|审批|救助|保障|党群|文明实践"
    r"|融媒体|行政|公共|考试|数据|档案|财政|税务|社保|社会保险|就业|人才|公积金|不动产|征收|网格|信访|执法"
    r"|检测|检验|鉴定|预警|宣传|卫生")


def government_name(name: str) -> str:
    """许昌市政府 -> 许昌市人民政府; 市政府秘书处 -> 市人民政府秘书处."""
    return _GOVERNMENT.sub("人民政府", name) if "人民政府" not in name else name


def is_bare(name: str) -> bool:
    """A body written with a bare 区/县 level (区委, 县政府): whose, the article says."""
    return len(name) >= 2 and name[0] in BARE_LEVELS and name[1] not in _NOT_BARE


def is_national_body(name: str) -> bool:
    """中共中央, 国务院, 国家发展改革委 …; not 国家许昌经济技术开发区 (a city's zone of
    national rank: 国家 and then a place name)."""
    if not _NATIONAL_BODY.match(name):
        return False
    return not (name.startswith("国家") and any(name[2:].startswith(p) for p in _place_prefixes()))


def is_national_title(title: str) -> bool:
    return bool(_NATIONAL_TITLE.match(title))


def org_kind(name: str, stated: str | None) -> str:
    """The kind the extractor stated, corrected where the name says otherwise."""
    kind = stated or "other"
    if kind == "government" and name.endswith("中心") and not _PUBLIC_CENTRE.search(name):
        return "other"
    return kind


@cache
def _place_prefixes() -> tuple[str, ...]:
    """Place names an organization's full name may open with (洛阳, 洛阳市, 老城区, 河南省 …)."""
    place_city, _, stems = gazetteer()
    names = set(place_city) | set(place_city.values()) | set(stems)
    for row in rows("places_known.txt"):
        names.add(row[0])
    names |= {n + "省" for n in list(names) if len(n) == 2}
    return tuple(sorted(names, key=len, reverse=True))


def strip_places(name: str) -> str:
    """The name without the place names it opens with: 洛阳古都发展集团 -> 古都发展集团."""
    changed = True
    while changed:
        changed = False
        for prefix in _place_prefixes():
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                name = name[len(prefix):]
                changed = True
                break
    return name


def short_form_of(short: str, full: str, suffix: str) -> bool:
    """`short` (古都集团) abbreviates `full` (洛阳古都发展集团): both end with the same
    body word `suffix` (集团), and the full name, its place names left out, starts with
    the short form's stem and is longer than the short form."""
    if short == full or not short.endswith(suffix) or not full.endswith(suffix):
        return False
    stem = short[:-len(suffix)]
    if len(stem) < 2:
        return False
    core = strip_places(full)
    return core != short and len(core) > len(short) and core.startswith(stem)
