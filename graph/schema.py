"""The graph model in one place: labels, relationship types, key properties, id rules.

Nothing else in the project may invent a label or a relationship type: Cypher builds
labels and types only from these sets (they cannot be parameters in Cypher), so
`check_label` / `check_type` guard every place that interpolates one.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SCHEMA_VERSION = 1

# Node labels and the properties that identify a node of that label.
PERSON = "Person"
ORGANIZATION = "Organization"
PLACE = "Place"
EVENT = "Event"
PROJECT = "Project"
ARTICLE = "Article"

NODE_LABELS: frozenset[str] = frozenset({PERSON, ORGANIZATION, PLACE, EVENT, PROJECT, ARTICLE})

# What readers call each label: the legend of a view, and a name every command accepts.
LABEL_NAMES_ZH: dict[str, str] = {
    PERSON: "人物", ORGANIZATION: "机构", PLACE: "地点", EVENT: "事件", PROJECT: "项目", ARTICLE: "文章",
}
# Names a user may type for a label, in every command (`--type`): the schema name in any
# case, its Chinese name, or a short form.
LABEL_ALIASES: dict[str, str] = {
    **{label.lower(): label for label in NODE_LABELS},
    **{zh: label for label, zh in LABEL_NAMES_ZH.items()},
    "org": ORGANIZATION,
}

# Identity of a node: these properties (normalised) make its id. Persons are one per
# name within a city unless positions tell two apart (graph.resolve adds a discriminator).
KEY_PROPERTIES: dict[str, tuple[str, ...]] = {
    PERSON: ("name", "city"),
    ORGANIZATION: ("name",),          # names are normalised with the city: 许昌市委组织部
    PLACE: ("name", "parent"),        # 西关街道 under 魏都区; top levels have no parent
    EVENT: ("type", "date", "name"),
    PROJECT: ("name", "city"),
    ARTICLE: ("id",),
}

# Relationship types.
HOLDS_POSITION = "HOLDS_POSITION"
CHAIRED = "CHAIRED"
ATTENDED = "ATTENDED"
SPOKE_AT = "SPOKE_AT"
LED = "LED"
HELD_IN = "HELD_IN"
ORGANIZED_BY = "ORGANIZED_BY"
SIGNED = "SIGNED"
COOPERATES_WITH = "COOPERATES_WITH"
LOCATED_IN = "LOCATED_IN"
REPORTED = "REPORTED"
MENTIONED_IN = "MENTIONED_IN"

REL_TYPES: frozenset[str] = frozenset({
    HOLDS_POSITION, CHAIRED, ATTENDED, SPOKE_AT, LED, HELD_IN, ORGANIZED_BY,
    SIGNED, COOPERATES_WITH, LOCATED_IN, REPORTED, MENTIONED_IN,
})

# Which labels a relationship may join: (source labels, target labels).
REL_ENDPOINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    HOLDS_POSITION: (frozenset({PERSON}), frozenset({ORGANIZATION})),
    CHAIRED: (frozenset({PERSON}), frozenset({EVENT})),
    ATTENDED: (frozenset({PERSON}), frozenset({EVENT})),
    SPOKE_AT: (frozenset({PERSON}), frozenset({EVENT})),
    LED: (frozenset({PERSON}), frozenset({EVENT})),
    HELD_IN: (frozenset({EVENT}), frozenset({PLACE})),
    ORGANIZED_BY: (frozenset({EVENT}), frozenset({ORGANIZATION})),
    SIGNED: (frozenset({ORGANIZATION, PLACE}), frozenset({ORGANIZATION, PLACE, PROJECT})),
    COOPERATES_WITH: (frozenset({ORGANIZATION, PLACE}), frozenset({ORGANIZATION, PLACE, PROJECT})),
    LOCATED_IN: (frozenset({PLACE, ORGANIZATION, PROJECT}), frozenset({PLACE})),
    REPORTED: (frozenset({PERSON}), frozenset({ARTICLE})),
    MENTIONED_IN: (NODE_LABELS - {ARTICLE}, frozenset({ARTICLE})),
}

# Every relationship carries its provenance.
PROVENANCE = ("article", "evidence", "confidence")

# Person-to-event roles, as users read them (views, `kg person`).
ROLE_WORDS: dict[str, str] = {
    CHAIRED: "主持",
    ATTENDED: "出席",
    SPOKE_AT: "讲话",
    LED: "调研",
    HOLDS_POSITION: "任职",
    HELD_IN: "地点",
    ORGANIZED_BY: "主办",
    SIGNED: "签约",
    COOPERATES_WITH: "合作",
    LOCATED_IN: "位于",
    REPORTED: "报道",
    MENTIONED_IN: "提及",
}
PERSON_EVENT_ROLES = (CHAIRED, ATTENDED, SPOKE_AT, LED)

# Controlled vocabularies for properties.
ORG_KINDS = ("party", "government", "congress", "cppcc", "court", "procuratorate",
             "company", "school", "hospital", "community", "military", "media", "other")
PLACE_LEVELS = ("country", "province", "city", "district", "town", "community", "site")
EVENT_TYPES = ("meeting", "activity", "inspection", "signing", "other")

# Place hierarchy, outermost first: a place may be LOCATED_IN a place of a lower rank.
PLACE_RANK = {level: rank for rank, level in enumerate(PLACE_LEVELS)}


class SchemaError(ValueError):
    """A label, type or property outside the schema's fixed set."""


def check_label(label: str) -> str:
    if label not in NODE_LABELS:
        raise SchemaError(f"unknown node label {label!r}; the schema has {sorted(NODE_LABELS)}")
    return label


def check_type(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise SchemaError(f"unknown relationship type {rel_type!r}; the schema has {sorted(REL_TYPES)}")
    return rel_type


def resolve_label(name: str) -> str:
    """The schema label a user means by `name` (Person, person, 人物, org ...)."""
    text = name.strip()
    label = LABEL_ALIASES.get(text.lower()) or LABEL_ALIASES.get(text)
    if label is None:
        known = ", ".join(sorted(NODE_LABELS))
        zh = "/".join(LABEL_NAMES_ZH[l] for l in sorted(NODE_LABELS))
        raise SchemaError(f"unknown node type {name!r}; use one of {known} (or {zh})")
    return label


def resolve_labels(types: Iterable[str]) -> set[str]:
    """Schema labels from what a user typed: repeated, or separated by commas, 、 or spaces."""
    labels = set()
    for raw in types:
        for part in re.split(r"[,，、\s]+", raw.strip()):
            if part:
                labels.add(resolve_label(part))
    return labels


def normalise(text: str | None) -> str:
    """The one normal form used in ids: NFKC, no white space, no zero-width characters."""
    if not text:
        return ""
    # Dropping a character can let its neighbours compose (ᄀ + U+FEFF + ᅡ), so repeat
    # until nothing changes: one name, one id.
    while True:
        folded = "".join(ch for ch in unicodedata.normalize("NFKC", text)
                         if not ch.isspace() and unicodedata.category(ch) != "Cf")
        if folded == text:
            return folded
        text = folded


def _digest(*parts: str) -> str:
    # imported here: a reader that makes no id (kg person) need not load hashlib (4 ms of its start)
    import hashlib
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def node_id(label: str, **key: str | None) -> str:
    """Stable node id from the label's key properties, e.g. node_id("Person", name=, city=).

    Readable prefix for people looking at a store, digest so ids are fixed-width and
    safe in any file format.
    """
    check_label(label)
    wanted = KEY_PROPERTIES[label]
    unknown = set(key) - set(wanted) - {"discriminator"}
    if unknown:
        raise SchemaError(f"{label} ids are made of {wanted}, not {sorted(unknown)}")
    parts = [normalise(key.get(name)) for name in wanted]
    if key.get("discriminator"):
        parts.append(normalise(key["discriminator"]))
    return f"{label}:{_digest(label, *parts)}"


def edge_id(source: str, rel_type: str, target: str, article: str, qualifier: str = "") -> str:
    """Stable edge id: one edge per (source, type, target, article, qualifier).

    The qualifier keeps apart facts of the same article that differ in a property
    (two titles at one organization).
    """
    check_type(rel_type)
    return f"{rel_type}:{_digest(source, rel_type, target, article, normalise(qualifier))}"
