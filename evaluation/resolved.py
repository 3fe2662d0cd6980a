"""The resolved graph read back per article, so the gold scorer sees what users see.

`kg build` runs each article through the extractor and `resolution.resolve.localise`, then
resolves all contributions at once (`resolution.merge.resolve`): 市政府 becomes
市人民政府, a bare 县委 its county's, a short form its full name, a bare title a post in
the body it names, persons and events merge across articles. `resolved_extractions` does
the same with the articles of one gold folder (one build) and gives back, for each article,
the nodes it mentions and the edges its sentences state, as records the scorer reads
(Entity, Fact): names are the graph's display names, a person's titles are the posts
(HOLDS_POSITION titles) stated in that article and the titles it left without a post.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from kg.graph import schema
from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.records import Article, Entity, Extraction, Fact
from kg.resolution.merge import resolve
from kg.resolution.resolve import localise

log = logging.getLogger(__name__)

# Node properties that are the resolver's bookkeeping, not what an extractor states.
_NOT_STATED = frozenset({"name", "positions", "no_post"})


def resolved_extractions(articles: Iterable[Article],
                         extract: Callable[[Article], Extraction]) -> dict[str, Extraction]:
    """Article id -> the resolved graph's share of that article (see the module docstring)."""
    articles = list(articles)
    contributions = [localise(extract(a)) for a in articles]
    nodes, edges = resolve(contributions)
    # the titles each article left without a post (`no_post` is per article before the
    # merge, the union of all articles' after it)
    unposted = {c.article_id: {schema.normalise(n.name): _unposted(n.props.get("no_post"))
                               for n in c.nodes if n.label == schema.PERSON} for c in contributions}
    return graph_extractions(articles, nodes, edges, unposted)


def _unposted(reasons: Any) -> tuple[str, ...]:
    """The titles of `no_post` reasons (`title: reason`)."""
    return tuple(str(r).split(": ", 1)[0] for r in reasons or ())


def graph_extractions(articles: Iterable[Article], nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord],
                      unposted: dict[str, dict[str, tuple[str, ...]]] | None = None) -> dict[str, Extraction]:
    """Each article's nodes (those MENTIONED_IN it) and edges (those whose `article` it is);
    `unposted`: article id -> person name -> the titles that article gave no post."""
    by_id = {n.id: n for n in nodes}
    mentioned: dict[str, list[tuple[NodeRecord, str]]] = defaultdict(list)
    stated: dict[str, list[EdgeRecord]] = defaultdict(list)
    for edge in edges:
        article = str(edge.prop("article") or "")
        if edge.type == schema.MENTIONED_IN:
            if edge.source in by_id:
                mentioned[article].append((by_id[edge.source], str(edge.prop("evidence") or "")))
        elif edge.source in by_id and edge.target in by_id:
            stated[article].append(edge)
    out = {}
    for art in articles:
        posts = _titles_by_person(mentioned[art.id], stated[art.id], (unposted or {}).get(art.id, {}))
        entity = _Entities(by_id, posts)
        facts = [Fact(entity(node.id), schema.MENTIONED_IN, Entity(schema.ARTICLE, art.id), art.id,
                      evidence, 1.0) for node, evidence in mentioned[art.id]]
        for edge in stated[art.id]:
            props = tuple((k, v) for k, v in edge.props
                          if k not in ("article", "evidence", "confidence", "also_evidence"))
            facts.append(Fact(entity(edge.source), edge.type, entity(edge.target), art.id,
                              str(edge.prop("evidence") or ""), float(edge.prop("confidence") or 1.0), props))
        entities = [entity(node.id) for node, _ in mentioned[art.id]]
        out[art.id] = Extraction(art, entities=entities, facts=facts)
    return out


def _titles_by_person(mentioned: list[tuple[NodeRecord, str]], stated: list[EdgeRecord],
                      unposted: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A person's titles in one article: the posts it states (HOLDS_POSITION titles), then
    the titles it gave no post (by the person's name in that article)."""
    out: dict[str, list[str]] = defaultdict(list)
    for edge in stated:
        if edge.type == schema.HOLDS_POSITION and edge.prop("title"):
            out[edge.source].append(str(edge.prop("title")))
    for node, _ in mentioned:
        if node.label == schema.PERSON:
            out[node.id] += unposted.get(schema.normalise(str(node.prop("name") or "")), ())
    return {person: tuple(dict.fromkeys(titles)) for person, titles in out.items()}


class _Entities:
    """Graph nodes as the scorer's Entity records (display name; a person's titles of the article)."""

    def __init__(self, by_id: dict[str, NodeRecord], titles: dict[str, tuple[str, ...]]):
        self.by_id = by_id
        self.titles = titles

    def __call__(self, node_id: str) -> Entity:
        node = self.by_id[node_id]
        props: dict[str, Any] = {k: v for k, v in node.props if k not in _NOT_STATED and v is not None}
        if node.label == schema.PERSON:
            props["titles"] = self.titles.get(node_id, ())
        name = str(node.prop("name") or "")
        return Entity(node.label, name, (("name", name), *sorted(props.items())))
