"""The SparkSession a build runs in: local mode by default, a cluster under spark-submit."""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_MASTER = "local[*]"
MASTER_ENV = "KG_SPARK_MASTER"     # e.g. spark://host:7077, yarn, k8s://...; spark-submit's --master wins


class SparkUnavailable(RuntimeError):
    """PySpark (or Java) is missing; the message says how to get it."""


def spark_session(*, master: str | None = None, packages: tuple[str, ...] = (),
                  conf: Mapping[str, str] | None = None, app: str = "kg build") -> Any:
    """The active session, or a new one.

    `packages` are Maven coordinates Spark resolves itself (spark.jars.packages, Ivy
    cache under ~/.ivy2): the Neo4j connector comes this way. A session already running
    (spark-submit, a notebook) is reused as it is; its packages are its own.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("--engine spark needs PySpark: pip install 'kg-news[spark]' "
                               "(and Java 17)") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    # executors run this interpreter (the one kg is installed in) unless told otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    # under spark-submit (it sets PYSPARK_GATEWAY_PORT) its --master stands unless one is asked for
    master = master or os.environ.get(MASTER_ENV) or (None if "PYSPARK_GATEWAY_PORT" in os.environ else DEFAULT_MASTER)
    if master:
        builder = builder.master(master)
    builder = (builder.config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.python.worker.reuse", "true"))   # one extractor per Python worker, reused
    if packages:
        builder = builder.config("spark.jars.packages", ",".join(packages))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    # The JVM (Ivy's resolution report, Spark's own lines) and the Python workers it forks
    # inherit stdout: give them stderr, so `kg build --json` keeps stdout one JSON object.
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        session = builder.getOrCreate()
    except Exception as exc:   # no Java, a bad master, a package Maven Central does not serve
        first = str(exc).splitlines()[0] if str(exc) else repr(exc)
        raise SparkUnavailable(f"Spark could not start ({first}); it needs Java 17 (JAVA_HOME or java on the "
                               f"PATH) and, for --neo4j, Maven Central for the connector") from None
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    session.sparkContext.setLogLevel("ERROR")
    log.info("Spark %s, master %s", session.version, session.sparkContext.master)
    return session
