"""`kg build --engine spark`: the same build as graph/ingest.py, as a Spark job.

Reading and extraction run as Spark tasks over byte-sized partitions of the input files;
resolution step 2 runs as Spark aggregations that group the rows of
kg.resolution.merge.sightings by the very keys the in-memory resolver groups them by (a
person's name, an event's key, an organization's scope), and calls the same functions on
each group (person_ids, event_id, short_forms_in_scope, article_share, merge_node), so the
two engines cannot disagree by construction. The output is the store's tables as Parquet
(job.py); the embedded SQLite store is then filled from them partition by partition
(fill.py), so every other `kg` command works on a Spark build. PySpark is an optional
dependency (`pip install kg-news[spark]`): nothing here is imported by a plain `kg build`.
docs/scale.md says when to use it and how to run it on a cluster.
"""
from __future__ import annotations

from kg.graph.spark.build import spark_build
from kg.graph.spark.session import SparkUnavailable, spark_session

__all__ = ["SparkUnavailable", "spark_build", "spark_session"]
