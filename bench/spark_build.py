"""kg build on Spark (local mode) against kg build --jobs 2, on one generated corpus, one run.

    nice python bench/spark_build.py [--articles 10000] [--work /tmp/kg-bench-spark]
                                     [--per-core 1,2,4] [--skip-local]

Generates the corpus with bench/gen_corpus.py (cached in --work), then measures, each as
a separate process tree (bench/_util.run_measured: wall time, CPU of the tree, peak of its
summed resident memory, the JVM and Spark's Python workers included):
- `kg build --jobs 2` (the single-machine engine);
- `kg build --engine spark` (local[*]: the Spark job, then the SQLite store filled from it);
- the Spark job alone (Parquet tables, no store) with 1, 2 and 4 partitions per core.
Prints a table and the ratios against --jobs 2, measured in this run.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import kg_command, load_script, machine, run_measured

# The child that runs only the Spark job (no store), with a given number of partitions per core.
JOB_ONLY = """
import json, sys, time
from kg.graph.spark import spark_session
from kg.graph.spark.job import run
started = time.perf_counter()
spark = spark_session()
result = run(spark, [sys.argv[1]], sys.argv[2], partitions_per_core=int(sys.argv[3]))
spark.stop()
print(json.dumps({"partitions": result.partitions, "files": result.files, "bytes": result.bytes,
                  "problems": len(result.problems), "seconds": time.perf_counter() - started}))
"""


def corpus(work: Path, articles: int) -> Path:
    out = work / f"corpus-{articles}"
    if not (out / "manifest.json").is_file():
        shutil.rmtree(out, ignore_errors=True)
        load_script("gen_corpus").generate(articles, out)
    return out


def row(name: str, m, extra: str = "") -> dict:
    if m.returncode != 0:
        tail = (m.stderr.strip().splitlines() or ["?"])[-1]
        raise SystemExit(f"{name} failed (exit {m.returncode}): {tail}")
    return {"run": name, "seconds": round(m.seconds, 1), "cpu_seconds": round(m.cpu_seconds, 1),
            "peak_tree_rss_mb": round(m.peak_tree_rss_mb), "note": extra}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench-spark"))
    parser.add_argument("--per-core", default="1,2,4", help="partitions per core to try, comma-separated")
    parser.add_argument("--skip-local", action="store_true", help="do not run kg build --jobs 2")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    pages = corpus(args.work, args.articles)
    print(f"corpus: {args.articles} articles in {pages} ({time.perf_counter() - t0:.0f} s to make)")
    print("machine:", json.dumps(machine(), ensure_ascii=False))
    rows = []

    def fresh(name: str) -> Path:
        path = args.work / name
        shutil.rmtree(path, ignore_errors=True)
        return path

    if not args.skip_local:
        m = run_measured(kg_command("-q", "build", pages, "--store", fresh("local"), "--jobs", 2, "--no-progress"),
                         log=args.work / "local")
        rows.append(row("kg build --jobs 2", m))
    m = run_measured(kg_command("-q", "build", pages, "--store", fresh("spark"), "--engine", "spark"),
                     log=args.work / "spark")
    rows.append(row("kg build --engine spark", m, "job + store fill"))
    for per_core in [int(x) for x in args.per_core.split(",") if x]:
        m = run_measured([sys.executable, "-c", JOB_ONLY, str(pages), str(fresh(f"parquet-{per_core}")),
                          str(per_core)], log=args.work / f"job-{per_core}")
        info = json.loads(m.stdout.strip().splitlines()[-1]) if m.returncode == 0 and m.stdout.strip() else {}
        rows.append(row(f"Spark job, {per_core} partitions/core", m, f"{info.get('partitions')} partitions"))

    base = rows[0]["seconds"] if not args.skip_local else None
    print(f"\n{'run':38} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'vs jobs 2':>10}  note")
    for r in rows:
        ratio = f"{r['seconds'] / base:.2f}x" if base else "-"
        print(f"{r['run']:38} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} {r['peak_tree_rss_mb']:8d} {ratio:>10}  "
              f"{r['note']}")
    print(json.dumps({"articles": args.articles, "rows": rows}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
