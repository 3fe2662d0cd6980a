"""Typed records that cross module boundaries, up to the store.

Data flows one way: loaders read text into `Article`s, the extractor turns an article
into `Mention`s, `Entity`s and `Fact`s (an `Extraction`), and resolution reduces each
to the `Contribution` the store keeps; the resolved graph's own records (`NodeRecord`,
`EdgeRecord`) are in graph/elements.py.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.graph.elements import freeze


@dataclass(frozen=True)
class Article:
    """One article cut from a newspaper page (or one JSONL record)."""

    id: str                      # stable: same file + same content -> same id
    title: str
    body: str                    # repaired text: broken lines joined, furniture dropped
    file: str                    # path the article was read from
    subtitle: str = ""
    date: str | None = None      # ISO date of the article's dateline, resolved
    date_text: str | None = None  # the dateline as written when it could not be resolved
    date_partial: str | None = None  # --MM-DD: a dateline with month and day but no year to give it
    page_date: str | None = None  # the paper's own date (masthead, --date or JSONL field)
    newspaper: str | None = None  # e.g. 许昌日报
    city: str | None = None       # the paper's city, e.g. 许昌市 (reads 市委 as 许昌市委)
    issue: str | None = None      # 第9705期
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    source: str | None = None     # JSONL "source" field
    extra: tuple[tuple[str, Any], ...] = ()  # JSONL keys we do not interpret, kept in order

    @property
    def best_date(self) -> str | None:
        """The article's date as far as it is known: its dateline's day, else the paper's
        date (a vague dateline, 近日, dates the article by its paper), else the partial
        --MM-DD of a dateline on a page whose year nobody gives."""
        return self.date or self.page_date or self.date_partial

    @property
    def text(self) -> str:
        """What the extractor reads: headline, sub-headline and body."""
        return "\n".join(part for part in (self.title, self.subtitle, self.body) if part)

    @property
    def furniture(self) -> tuple[str, ...]:
        """Lines outside the body that name people and may be cited as evidence: bylines,
        author credits, captions, and (on a page's first article) masthead and 导读 lines."""
        lines: list[str] = list(self.captions)
        for key, value in self.extra:
            if key in FURNITURE_KEYS:
                lines.extend(value.splitlines() if isinstance(value, str) else value)
        return tuple(line for line in lines if line)

    @property
    def citable(self) -> str:
        """All the text a fact of this article may quote: every evidence is a substring."""
        return "\n".join((self.text, *self.furniture))


# Article.extra keys the reader fills with page lines that facts may cite.
FURNITURE_KEYS = ("byline", "authors", "masthead", "digest")


@dataclass(frozen=True)
class ReadProblem:
    """A file (or a line of one) that could not be read; the run goes on without it."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"skipped {where}: {self.reason}"


@dataclass(frozen=True)
class Mention:
    """A span of text recognised as a named entity (the `kg ner` contract)."""

    start: int
    end: int
    text: str
    label: str  # "PERSON" | "ORG" | "PLACE"


@dataclass(frozen=True)
class Entity:
    """An entity as one article names it, before resolution across articles.

    `type` is a node label from graph.schema; `props` holds the label's key and extra
    properties (city, kind, level, date, investment ...).
    """

    type: str
    name: str
    props: tuple[tuple[str, Any], ...] = ()

    def prop(self, key: str, default: Any = None) -> Any:
        return dict(self.props).get(key, default)


@dataclass(frozen=True)
class Fact:
    """One statement with its provenance: subject -predicate-> object."""

    subject: Entity
    predicate: str           # a relationship type from graph.schema
    object: Entity
    article: str             # Article.id
    evidence: str            # the sentence it came from, verbatim from the article
    confidence: float
    props: tuple[tuple[str, Any], ...] = ()  # e.g. (("title", "市委副书记"),)

    def prop(self, key: str, default: Any = None) -> Any:
        return dict(self.props).get(key, default)


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)  # offsets into article.text
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


# Resolution's per-article records (kg.resolution.resolve.localise makes them; the store
# keeps them; readers decode them without loading the resolver).
@dataclass
class LocalNode:
    """One entity as one article names it, reduced to its resolution key."""

    key: str                       # label + normalised identity parts (kg.resolution.resolve.make_key)
    label: str
    name: str                      # as written (display name candidate)
    props: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""             # sentence naming it (for MENTIONED_IN)
    confidence: float = 1.0


@dataclass
class LocalEdge:
    """One fact of one article between two local keys."""

    source: str
    type: str
    target: str
    qualifier: str
    evidence: str
    confidence: float
    props: dict[str, Any] = field(default_factory=dict)   # extra edge props (title ...)
    also_evidence: list[str] = field(default_factory=list)


@dataclass
class Contribution:
    """Everything one article adds to the graph; what the store keeps per article."""

    article: dict[str, Any]        # id, title, date, newspaper, file, reporters, city
    nodes: list[LocalNode]
    edges: list[LocalEdge]
    dropped: int = 0               # facts outside the schema's endpoints

    @property
    def article_id(self) -> str:
        return self.article["id"]

    @property
    def file(self) -> str:
        return self.article.get("file") or ""

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article,
                "nodes": [asdict(n) for n in self.nodes],
                "edges": [asdict(e) for e in self.edges],
                "dropped": self.dropped}

    def to_text(self) -> str:
        """The stored form, compact JSON: the store's rows and the Spark job's are this text."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_text(cls, text: str | bytes) -> Contribution:
        return cls.from_json(json.loads(text))

    # The store keeps the stored form zlib'd: one place for how, both ways.
    @staticmethod
    def blob(text: str) -> bytes:
        """The store's bytes of a contribution's stored form (to_text)."""
        return zlib.compress(text.encode("utf-8"), 6)

    @classmethod
    def from_blob(cls, blob: bytes) -> Contribution:
        return cls.from_text(zlib.decompress(blob))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Contribution:
        article = dict(data["article"])
        article["reporters"] = tuple(article.get("reporters") or ())
        nodes = [LocalNode(**n) for n in data["nodes"]]
        edges = [LocalEdge(**e) for e in data["edges"]]
        items: tuple[LocalNode | LocalEdge, ...] = (*nodes, *edges)
        for item in items:
            item.props = {k: freeze(v) for k, v in item.props.items()}
        return cls(article=article, nodes=nodes, edges=edges,
                   dropped=data.get("dropped", 0))
