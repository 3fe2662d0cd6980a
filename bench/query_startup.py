"""`kg query` start-up: the real CLI in a subprocess, next to a bare `python -c pass`.

    python bench/query_startup.py [--query person_timeline] [--runs 9]

Needs the Neo4j server and a loaded graph (the query's defaults must find something:
`kg load --store …` of the seed pages). The commands are run in turn, round after round,
so a busy machine slows them alike; medians are compared within this one run.

Prints the median wall time of
  - `python -c pass` (the interpreter alone),
  - `kg query NAME` (the `kg` script: only cmd_neo4j registered, the driver without numpy/pandas),
  - `python -m kg.cli query NAME` (every command module registered),
  - the same with numpy and pandas imported first, so the driver loads them as it did before
    (when they are installed): the call as it was before this change,
  - the query in-process, imports warm (connect, run, read: what no start-up can save),
and the start-up overhead of `kg query` (its time minus the in-process query) as a ratio
to `python -c pass`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# `kg query` as it ran before: every command module registered (the script name is not `kg`)
# and the driver importing numpy and pandas, which it does whenever they are installed.
BEFORE = """
import importlib.util, sys
for name in ("numpy", "pandas"):
    if importlib.util.find_spec(name):
        __import__(name)
from kg.cli import app
app()
"""


def kg_script() -> str:
    """The `kg` console script of this interpreter's environment (the one users run)."""
    beside = Path(sys.executable).parent / "kg"
    found = str(beside) if beside.exists() else shutil.which("kg")
    if not found:
        raise SystemExit("error: no `kg` script found (pip install -e . puts it beside python)")
    return found


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"error: {' '.join(cmd[-3:])} failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed


def in_process(name: str, runs: int) -> tuple[float, int]:
    """Median seconds of connect + run + read for the query, imports already done; rows."""
    from kg.loaders.neo4j_connection import Neo4jLoadError
    from kg.queries import runner

    query = runner.get(name)
    params = runner.bind(query, {})
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        try:
            _, result = runner.run(query, params)
        except Neo4jLoadError as exc:
            raise SystemExit(f"error: {exc}") from None
        times.append(time.perf_counter() - started)
        rows = len(result)
    return statistics.median(times), rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--query", default="person_timeline", help="library query to run with its defaults")
    ap.add_argument("--runs", type=int, default=9, help="rounds (each runs every command once)")
    args = ap.parse_args()
    os.environ.setdefault("NEO4J_PASSWORD", "kgpassword")

    query_time, rows = in_process(args.query, args.runs)
    if not rows:
        raise SystemExit(f"error: {args.query} returns no rows here; load a graph first (kg load)")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        f"kg query {args.query}": [kg_script(), "query", args.query],
        f"python -m kg.cli query {args.query}": [sys.executable, "-m", "kg.cli", "query", args.query],
        "as before (all modules, driver with numpy/pandas)": [sys.executable, "-c", BEFORE, "query", args.query],
    }
    times: dict[str, list[float]] = {label: [] for label in commands}
    for cmd in commands.values():  # one untimed round: disk caches warm for all alike
        timed(cmd)
    for _ in range(args.runs):
        for label, cmd in commands.items():
            times[label].append(timed(cmd))
    median = {label: statistics.median(values) for label, values in times.items()}
    width = max(map(len, median)) + 2
    for label, value in median.items():
        print(f"{label:<{width}} median {value:.3f} s  (min {min(times[label]):.3f}, max {max(times[label]):.3f})")
    print(f"{'query in-process':<{width}} median {query_time:.3f} s  ({rows} rows; connect, run, read)")
    base = median["python -c pass"]
    kg = median[f"kg query {args.query}"]
    overhead = kg - query_time
    before = median["as before (all modules, driver with numpy/pandas)"]
    print(f"kg query start-up overhead: {overhead:.3f} s = {overhead / base:.1f}x python -c pass "
          f"(whole call {kg:.3f} s = {kg / base:.1f}x; as before {before:.3f} s = {before / base:.1f}x, "
          f"{before / kg:.1f}x slower), {args.runs} rounds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
