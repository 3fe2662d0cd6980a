"""The embedded store filled from a Spark build's articles table, one partition at a time.

toLocalIterator brings one partition to the driver at a time, so the driver holds a
partition, never the table. The contributions go through the store's own writer
(BuildWriter.put, then finish), which keeps the resolution keys an incremental build
needs beside the graph, in one transaction: a fill killed half-way leaves the store as
it was. The store's graph therefore equals the Parquet graph by the rule both follow
(merge.resolve of the same contributions); tests/test_spark.py checks that it does.
"""
from __future__ import annotations

import os
from typing import Any

from kg.graph.spark.job import ARTICLES


def check_new_store(store_dir: str | os.PathLike) -> None:
    """A Spark build makes a new store: refuse, before any work, one that holds articles."""
    from kg.graph.store import Store, StoreError, StoreMissing

    try:
        with Store(store_dir) as existing:
            held = existing.article_count()
    except StoreMissing:
        return
    if held:
        raise StoreError(f"store {store_dir} already holds {held} articles; --engine spark builds a new store "
                         f"(give an empty --store; increments: docs/scale.md)")


def fill_store(spark: Any, out: str | os.PathLike, store_dir: str | os.PathLike) -> int:
    """Write the build under `out` into the store at `store_dir`; returns the articles written."""
    from kg.graph.writer import BuildWriter

    check_new_store(store_dir)
    articles = spark.read.parquet(f"{out}/{ARTICLES}").where("id IS NOT NULL").select("id", "data")
    with BuildWriter(store_dir) as writer:
        for row in articles.toLocalIterator():
            writer.put_text(row["data"])
        writer.finish()
        return writer.written
