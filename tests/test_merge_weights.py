"""A node merged from a summary equals the node merged from every article.

The store sums alike mention rows (the same text from many articles) into one mention of
weight n placed at the first of those articles (graph/increment.merge_nodes); merge_node
must then vote, name and order exactly as over the articles one by one, whatever the ties."""
from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph import schema
from kg.resolution.merge import Mention, merge_node

NID = "p1"
# few values, so that counts tie and first sightings decide
names = st.sampled_from(["王建国", "王建国同志", "王", None])
values = st.sampled_from(["副市长", "市长", "", None])
places = st.sampled_from(["洛阳市", "洛龙区", None])


@st.composite
def article_rows(draw) -> list[tuple]:
    """What each of several articles says of one node: a few mentions each, as the fields
    the store keeps in a row (no article, no place in the article)."""
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        row = []
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.booleans()):
                props = (("title", draw(values)), ("aliases", tuple(draw(st.lists(names.filter(bool), max_size=2)))))
                row.append((True, draw(names), props, None, None))
            else:
                row.append((False, None, (), draw(values) or None, draw(places)))
        rows.append(tuple(row))
    return rows


def mentions(article: str, row: tuple, label: str, weight: int = 1) -> list[Mention]:
    return [Mention(NID, label if node else "", article, seq, node, name, props,
                    position=position if label == schema.PERSON else None,
                    held_in=place if label == schema.EVENT else None,
                    located_in=place if label == schema.PLACE else None,
                    event_type="meeting" if label == schema.EVENT else None, weight=weight)
            for seq, (node, name, props, position, place) in enumerate(row)]


@settings(max_examples=300, deadline=None)
@given(rows=article_rows(), label=st.sampled_from([schema.PERSON, schema.EVENT, schema.PLACE]),
       order=st.randoms())
def test_summed_rows_merge_as_every_article(rows, label, order):
    articles = [f"a{i:03d}" for i in range(len(rows))]
    every = [m for art, row in zip(articles, rows) for m in mentions(art, row, label)]
    alike: dict[tuple, list[str]] = defaultdict(list)
    for art, row in zip(articles, rows):
        alike[row].append(art)
    summed = [m for row, arts in alike.items() for m in mentions(min(arts), row, label, weight=len(arts))]
    order.shuffle(summed)   # merge_node reads in article order whatever order rows come in
    assert outcome(summed) == outcome(every)


def outcome(ms: list[Mention]) -> object:
    try:
        return merge_node(ms)
    except ValueError as exc:   # no name and no alias: the same refusal either way
        return str(exc)
