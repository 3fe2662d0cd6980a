"""How views look: one colour, shape and Chinese name per node label, property names.

Shapes are the vis-network ones that draw their label *below* the shape, so a node's
size can follow its degree (boxes and ellipses grow with their label instead).
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.graph import schema

# Defaults of every view; here so the CLI can show them without importing networkx.
DEFAULT_MAX_NODES = 300
DEFAULT_DEPTH = 2
# Up to this many nodes the page settles the layout with vis-network's physics; beyond,
# the layout is computed before writing (views/layout.py) and the page only draws it.
PHYSICS_MAX_NODES = 150


@dataclass(frozen=True)
class LabelStyle:
    name_zh: str   # what the legend and hovers call the label
    color: str     # fill
    border: str    # outline, a darker shade of the fill
    shape: str     # a vis-network shape with its label outside


LABEL_STYLES: dict[str, LabelStyle] = {
    schema.PERSON: LabelStyle(schema.LABEL_NAMES_ZH[schema.PERSON], "#4e79a7", "#2f4b68", "dot"),
    schema.ORGANIZATION: LabelStyle(schema.LABEL_NAMES_ZH[schema.ORGANIZATION], "#f28e2b", "#a85f17", "square"),
    schema.PLACE: LabelStyle(schema.LABEL_NAMES_ZH[schema.PLACE], "#59a14f", "#3a6b33", "triangle"),
    schema.EVENT: LabelStyle(schema.LABEL_NAMES_ZH[schema.EVENT], "#e15759", "#9c3436", "diamond"),
    schema.PROJECT: LabelStyle(schema.LABEL_NAMES_ZH[schema.PROJECT], "#b07aa1", "#7a4f6f", "star"),
    schema.ARTICLE: LabelStyle(schema.LABEL_NAMES_ZH[schema.ARTICLE], "#9c9c9c", "#666666", "hexagon"),
}
assert set(LABEL_STYLES) == schema.NODE_LABELS  # a new label must get a style

# Legend order: who, what happened, where, with whom, about what, source.
LABEL_ORDER: tuple[str, ...] = (schema.PERSON, schema.EVENT, schema.ORGANIZATION,
                                schema.PLACE, schema.PROJECT, schema.ARTICLE)

# Node properties shown in hovers, in this order, with Chinese names; others follow raw.
PROPERTY_NAMES: dict[str, str] = {
    "type": "类型",
    "date": "日期",
    "kind": "类别",
    "level": "级别",
    "city": "城市",
    "parent": "上级",
    "place": "地点",
    "investment": "投资",
    "newspaper": "报纸",
    "reporters": "记者",
    "mentions": "提及次数",
    "positions": "职务",
}
# Properties that are drawing or identity details, never worth a hover line.
HIDDEN_PROPERTIES = frozenset({"label", "name", "props", "id", "title", "file", "also_evidence"})

VALUE_NAMES: dict[str, str] = {
    # event types
    "meeting": "会议", "activity": "活动", "inspection": "调研", "signing": "签约",
    # organization kinds
    "party": "党委", "government": "政府", "congress": "人大", "cppcc": "政协",
    "court": "法院", "procuratorate": "检察院", "company": "企业", "school": "学校",
    "hospital": "医院", "community": "社区组织", "military": "军队", "media": "媒体",
    # place levels
    "country": "国家", "province": "省", "city": "市", "district": "区县",
    "town": "乡镇街道", "site": "地点",
    "other": "其他",
}

EDGE_COLOR = "#8a9099"
EDGE_HIGHLIGHT = "#222222"
CENTRE_BORDER = "#111111"

# Longest node label drawn on the canvas; the hover always has the whole name.
MAX_LABEL_CHARS = 18


def label_style(label: str) -> LabelStyle:
    return LABEL_STYLES.get(label, LABEL_STYLES[schema.ARTICLE])


def role_word(rel_type: str) -> str:
    """The Chinese word a relationship is drawn with (主持, 出席 ...)."""
    return schema.ROLE_WORDS.get(rel_type, rel_type)


def value_name(value: str) -> str:
    return VALUE_NAMES.get(value, value)


def short_label(name: str) -> str:
    name = " ".join(name.split())  # a name with a newline in it stays on one line
    if len(name) <= MAX_LABEL_CHARS:
        return name
    return name[: MAX_LABEL_CHARS - 1] + "…"
