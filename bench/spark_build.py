"""kg build on Spark (local mode) against kg build --jobs 2, on one generated corpus, one run.

    nice python bench/spark_build.py [--articles 10000] [--work /tmp/kg-bench-spark]
                                     [--per-core 1,2,4] [--skip-local]

Generates the corpus with bench/gen_corpus.py (cached in --work), then measures, each as
a separate process tree (bench/_util.run_measured: wall time, peak of the tree's summed
resident memory; CPU of every process of the tree sampled from /proc, the JVM and Spark's
Python workers included):
- `kg build --jobs 2` (the single-machine engine);
- what `kg build --engine spark` runs (spark_build, local[*]: the Spark job, then the SQLite
  store filled from it);
- the Spark job alone (Parquet tables, no store) with 1, 2 and 4 partitions per core.
Prints a table and the ratios against --jobs 2, measured in this run.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import descendants, kg_command, load_script, machine, run_measured

# The child: the Spark job alone (Parquet tables), or as `kg build --engine spark` runs it
# (spark_build: the job, then the SQLite store filled).
CHILD = """
import json, sys, time
from kg.graph.spark import spark_build, spark_session
from kg.graph.spark.job import run
started = time.perf_counter()
spark = spark_session()
corpus, out, per_core, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if mode == "job":
    result = run(spark, [corpus], out, partitions_per_core=per_core)
    info = {"partitions": result.partitions, "problems": len(result.problems)}
else:
    summary = spark_build([corpus], out, spark=spark, partitions_per_core=per_core)
    info = {"partitions": summary.jobs, "articles": summary.articles, "problems": summary.skipped}
spark.stop()
print(json.dumps({**info, "seconds": time.perf_counter() - started}))
"""


def tree_cpu(pid: int, seen: dict[int, float]) -> None:
    """Note the CPU (user + system) each process of the tree has used so far, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    for p in {pid} | descendants(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        seen[p] = max(seen.get(p, 0.0), (int(fields[11]) + int(fields[12])) / tick)


def measured(cmd: list, log: Path):
    """run_measured, with the CPU of the whole tree sampled from /proc every 50 ms: a JVM is
    never reaped by the process that started it, so wait4 alone does not see its CPU (nor
    that of the Python workers it starts); each process is counted to its last sample."""
    import threading
    seen: dict[int, float] = {}
    done = threading.Event()
    root: list[int] = []

    def sample() -> None:
        while not done.wait(0.05):
            for pid in descendants(os.getpid()):
                if pid not in root and Path(f"/proc/{pid}/cmdline").is_file():
                    root.append(pid)   # the one child run_measured starts
            for pid in root[:1]:
                tree_cpu(pid, seen)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    m = run_measured([str(c) for c in cmd], log=log)
    done.set()
    thread.join()
    m.cpu_seconds = max(m.cpu_seconds, sum(seen.values()))
    return m


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
    done = {"run": name, "seconds": round(m.seconds, 1), "cpu_seconds": round(m.cpu_seconds, 1),
            "peak_tree_rss_mb": round(m.peak_tree_rss_mb), "note": extra, "load": os.getloadavg()[0]}
    print(f"  {name}: {done['seconds']} s, CPU {done['cpu_seconds']} s, peak {done['peak_tree_rss_mb']} MB "
          f"(load {done['load']:.1f})", flush=True)
    return done


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
        m = measured(kg_command("-q", "build", pages, "--store", fresh("local"), "--jobs", 2, "--no-progress"),
                     log=args.work / "local")
        rows.append(row("kg build --jobs 2", m))
    def spark_run(name: str, out: Path, per_core: int, mode: str, note: str) -> None:
        m = measured([sys.executable, "-c", CHILD, pages, out, per_core, mode],
                     log=args.work / name.replace(" ", "-").replace("/", ""))
        info = json.loads(m.stdout.strip().splitlines()[-1]) if m.returncode == 0 and m.stdout.strip() else {}
        rows.append(row(name, m, f"{note}, {info.get('partitions')} partitions"))

    spark_run("kg build --engine spark", fresh("spark"), 2, "build", "job + SQLite store filled")
    for per_core in [int(x) for x in args.per_core.split(",") if x]:
        spark_run(f"Spark job, {per_core} partitions/core", fresh(f"parquet-{per_core}"), per_core, "job",
                  "Parquet only")

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
