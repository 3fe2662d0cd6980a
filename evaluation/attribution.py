"""Is each fact's evidence in the article the fact is attributed to?

Every edge of the store carries its article's id and the sentence it came from. This
check reads each article's page again (the file the Article node names) and looks the
sentence up in that article's own text span: headline, sub-headline, body, and the byline
and caption lines printed with it. A sentence found there is **own**. One found only in
the page's masthead or 导读 (index) lines is **page**: page furniture, which the reader
keeps with the page's first article (it belongs to no article; counted apart). One found
in another article of the page is **misplaced** (the paragraph went to the wrong article,
as when columns were read out of order); one found nowhere on the page is **absent**.

An article whose text changed since the store was built is found again by file and
title, so a store built by an older reader is checked against what the page says now.

    python -m kg.evaluation.attribution [STORE]
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.graph import schema
from kg.graph.elements import EdgeRecord
from kg.graph.records import Article
from kg.reading.reader import read_paths

PAGE_KEYS = ("masthead", "digest")
OWN_KEYS = ("byline", "authors")


def own_span(article: Article) -> str:
    """The text an article's facts may quote: its text, its bylines and its captions."""
    lines = [article.text, *article.captions]
    for key, value in article.extra:
        if key in OWN_KEYS:
            lines.extend((value,) if isinstance(value, str) else value)
    return "\n".join(str(line) for line in lines)


def page_span(articles: Iterable[Article]) -> str:
    """The page furniture the reader keeps with the first article: masthead and 导读."""
    lines: list[str] = []
    for article in articles:
        for key, value in article.extra:
            if key in PAGE_KEYS:
                lines.extend(value.splitlines() if isinstance(value, str) else value)
    return "\n".join(lines)


@dataclass(frozen=True)
class Finding:
    """One evidence sentence not in its article's own span."""

    kind: str            # page | misplaced | absent | unread
    article: str         # the title of the article the fact is attributed to
    predicate: str
    evidence: str
    found_in: str = ""   # misplaced: the title of the article the sentence is in


@dataclass
class Report:
    facts: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)

    @property
    def misplaced(self) -> int:
        return self.counts["misplaced"]

    def to_json(self) -> dict[str, Any]:
        return {"facts": self.facts, "counts": dict(self.counts),
                "findings": [f.__dict__ for f in self.findings]}


class _Pages:
    """Articles of each page file, read once."""

    def __init__(self) -> None:
        self._files: dict[str, list[Article]] = {}

    def articles(self, file: str) -> list[Article]:
        if file not in self._files:
            self._files[file] = [a for a in read_paths([file]) if isinstance(a, Article)]
        return self._files[file]

    def find(self, file: str, article_id: str, title: str) -> Article | None:
        page = self.articles(file)
        by_id = [a for a in page if a.id == article_id]
        if by_id:
            return by_id[0]
        by_title = [a for a in page if a.title == title]
        return by_title[0] if len(by_title) == 1 else None


def check(edges: Iterable[EdgeRecord], articles: dict[str, tuple[str, str]]) -> Report:
    """Classify the evidence of `edges`; `articles` maps an Article node id to (file, title)."""
    pages = _Pages()
    report = Report()
    for edge in edges:
        aid = str(edge.prop("article") or "")
        sentences = [str(edge.prop("evidence") or ""), *(edge.prop("also_evidence") or ())]
        sentences = [s for s in sentences if s]
        if not aid or not sentences:
            continue
        report.facts += 1
        file, title = articles.get(schema.node_id(schema.ARTICLE, id=aid), ("", ""))
        article = pages.find(file, aid, title) if file else None
        if article is None:
            report.counts["unread"] += 1
            report.findings.append(Finding("unread", title or aid, edge.type, sentences[0]))
            continue
        page = pages.articles(file)
        own = own_span(article)
        kind, where = "own", ""
        for sentence in sentences:
            if sentence in own:
                continue
            if sentence in page_span(page):
                kind = "page" if kind == "own" else kind
                continue
            other = next((a for a in page if a is not article and sentence in own_span(a)), None)
            kind, where = ("misplaced", other.title or "(无标题)") if other else ("absent", "")
            break
        report.counts[kind] += 1
        if kind != "own":
            report.findings.append(Finding(kind, article.title, edge.type, sentence if kind != "page" else sentences[0],
                                           where))
    return report


def check_store(store: Any) -> Report:
    """The check over every fact of a store (graph.store.Store)."""
    articles = {node.id: (str(node.prop("file") or ""), str(node.prop("title") or ""))
                for node in store.nodes(schema.ARTICLE)}
    return check(store.edges(), articles)


def main(argv: list[str] | None = None) -> int:
    from kg.graph.store import DEFAULT_STORE, Store
    args = sys.argv[1:] if argv is None else argv
    with Store(args[0] if args else DEFAULT_STORE) as store:
        report = check_store(store)
    print(f"facts with evidence: {report.facts}")
    for kind in ("own", "page", "misplaced", "absent", "unread"):
        print(f"  {kind:<10} {report.counts[kind]}")
    for f in report.findings:
        if f.kind != "page":
            where = f" (in: {f.found_in})" if f.found_in else ""
            print(f"  {f.kind}: [{f.article}] {f.predicate} « {f.evidence[:60]}{where}")
    return 1 if report.counts["misplaced"] or report.counts["absent"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
