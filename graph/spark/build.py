"""spark_build: what `kg build --engine spark` runs."""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.graph.ingest import BuildSummary
from kg.graph.spark import job
from kg.graph.spark.fill import check_new_store, fill_store

log = logging.getLogger(__name__)

PARQUET_DIR = "parquet"   # the Parquet tables, inside the store directory unless told otherwise


def parquet_location(store_dir: str | os.PathLike, out: str | os.PathLike | None) -> str:
    """Where the Parquet tables go: a URI as given, a local folder made absolute (the
    executors' working directories differ from the driver's), by default <store>/parquet."""
    from kg.reading.reader import is_uri

    if out is not None and is_uri(out):
        return os.fspath(out)
    return str((Path(out) if out is not None else Path(store_dir) / PARQUET_DIR).resolve())


def spark_build(paths: Sequence[str | os.PathLike], store_dir: str | os.PathLike, *,
                spark: Any = None, conf: Mapping[str, str] | None = None, out: str | os.PathLike | None = None,
                partitions_per_core: int = 2, date: str | None = None, city: str | None = None,
                fill: bool = True) -> BuildSummary:
    """Build `paths` on Spark: Parquet tables under `out` (default <store>/parquet; on a
    cluster a URI every executor can write, hdfs:// or s3a://), then the embedded store at
    `store_dir` filled from them (unless `fill` is False).

    `spark` is a session to use (default: the active one, or a local one made with `conf`,
    once the store has been found usable).
    """
    from kg.graph.spark.session import spark_session
    from kg.graph.store import Store

    started = time.monotonic()
    if fill:
        check_new_store(store_dir)
    spark = spark or spark_session(conf=conf)
    where = parquet_location(store_dir, out)
    result = job.run(spark, paths, where, partitions_per_core=partitions_per_core, date=date, city=city)
    summary = BuildSummary(store=str(store_dir), jobs=result.partitions, problems=result.problems)
    articles = spark.read.parquet(f"{where}/{job.ARTICLES}").where("id IS NOT NULL")
    summary.files = articles.select("file").distinct().count()
    if fill:
        filling = time.monotonic()
        summary.articles = fill_store(spark, where, store_dir)
        log.info("store filled in %.1f s", time.monotonic() - filling)
        with Store(store_dir) as store:
            summary.labels = store.count_labels()
            summary.types = store.count_types()
            summary.total_articles = store.article_count()
    else:
        summary.articles = articles.select("id").distinct().count()
    summary.seconds = time.monotonic() - started
    return summary
