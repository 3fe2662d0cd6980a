"""Bare titles and the body they name: 市长 刘涛 holds a post in 许昌市人民政府.

A paper writes `市长刘涛`, `区长王某`, `市委书记史某` without the body: the title says
which one, given the paper's city and the district or county the article is about. The
post is drawn as HOLDS_POSITION with the title as written and `inferred_from_title` set,
so a reader can tell it from a body the sentence names. A title that names no body
(记者, 市领导, 村民) gets the reason why there is no post: every person with a title
has a post or a reason (`kg stats` counts both).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.resolution.naming import is_national_title


@dataclass(frozen=True)
class Body:
    """The body a title names: its graph name and kind (graph.schema.ORG_KINDS)."""

    name: str
    kind: str
    national: bool = False


# Reasons a title has no post (shown by `kg stats`).
BYLINE = "byline role: the person reported the article"
COLLECTIVE = "collective title: names no post"
NO_BODY = "the title names no body"
NO_DISTRICT = "district or county not named in the article"
NO_CITY = "the paper's city is not known"
NO_PAPER = "the newspaper is not known"

_BYLINE_ROLES = re.compile(r"^(?:本报|全媒体|融媒体|见习|特约|首席|摄影)*(?:记者|通讯员|实习生|作者|摄影)$")
_COLLECTIVE = re.compile(r"^(?:市|省|区|县|党和国家|中央|有关|相关)?领导(?:同志)?$")
# (pattern, level the body is at, body suffix, kind); level "city" uses the paper's city,
# "区"/"县" the district or county the article is about.
_RULES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (re.compile(r"^(?:常务|代理?)?副?市长$"), "city", "人民政府", "government"),
    (re.compile(r"^市委(?:书记|副书记|常委|委员)$"), "city", "委", "party"),
    (re.compile(r"^市政府(?:秘书长|副秘书长|党组成员|党组书记)$"), "city", "人民政府", "government"),
    (re.compile(r"^(?:常务|代理?)?副?区长$"), "区", "人民政府", "government"),
    (re.compile(r"^区委(?:书记|副书记|常委|委员)$"), "区", "委", "party"),
    (re.compile(r"^区政府(?:秘书长|副秘书长|党组成员)$"), "区", "人民政府", "government"),
    (re.compile(r"^(?:常务|代理?)?副?县长$"), "县", "人民政府", "government"),
    (re.compile(r"^县委(?:书记|副书记|常委|委员)$"), "县", "委", "party"),
    (re.compile(r"^县政府(?:秘书长|副秘书长|党组成员)$"), "县", "人民政府", "government"),
)
_NEWSPAPER_POSTS = re.compile(r"^(?:总编辑|副总编辑|社长|副社长|主编|副主编)$")
_NATIONAL_BODIES = ((re.compile(r"^(?:中共中央)?总书记$|^中央政治局|^中共中央政治局|^中央书记处"), "中共中央", "party"),
                    (re.compile(r"^国家(?:副)?主席$"), "中华人民共和国", "government"),
                    (re.compile(r"^(?:国务院)?(?:副)?总理$|^国务委员$"), "国务院", "government"),
                    (re.compile(r"委员长$"), "全国人大常委会", "congress"),
                    (re.compile(r"^全国政协主席$"), "全国政协", "cppcc"),
                    (re.compile(r"^中央军委主席$"), "中央军委", "military"))


def body_for_title(title: str, *, city: str | None, districts: dict[str, str],
                   newspaper: str | None) -> Body | str:
    """The body a bare title names, or the reason there is none. `districts` maps 区 and 县
    to the district and county the article is about (when it is about one)."""
    title = title.strip()
    if _BYLINE_ROLES.match(title):
        return BYLINE
    if _COLLECTIVE.match(title):
        return COLLECTIVE
    if is_national_title(title):
        for pattern, name, kind in _NATIONAL_BODIES:
            if pattern.search(title):
                return Body(name, kind, national=True)
        return NO_BODY
    if _NEWSPAPER_POSTS.match(title):
        return Body(newspaper + "社", "media") if newspaper else NO_PAPER
    for pattern, level, suffix, kind in _RULES:
        if pattern.match(title):
            if level == "city":
                return Body(city + suffix, kind) if city and city.endswith("市") else NO_CITY
            place = districts.get(level)
            return Body(place + suffix, kind) if place else NO_DISTRICT
    return NO_BODY
