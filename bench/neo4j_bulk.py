"""First load of a store: `kg load --bulk` (neo4j-admin import) vs the batched `kg load`, one run each.

    python bench/neo4j_bulk.py --store DIR              # a built store
    python bench/neo4j_bulk.py --articles 4000          # generate (bench/gen_corpus.py) and build one

Uses the development server (scripts/neo4j.sh, Bolt 7687) and CLEARS its database. Both
loads run as the real CLI in a subprocess (bench/_util.run_measured), from the same store:
first the batched load into the emptied database (UNWIND ... MERGE, 1000 rows a
transaction), then the server is stopped and `kg load --bulk --replace` imports the same
store into a fresh database and starts the server. Prints records/s of each, end to end
(reading the store, writing, and for the bulk path the server start and the indexes) and
of the writing alone (the loader's own rate; neo4j-admin's import), and the ratios.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import ROOT, kg_command, machine, run_measured

from kg.loaders.neo4j_bulk import SCRIPT
from kg.loaders.neo4j_connection import Neo4jSettings
from kg.loaders.neo4j_writer import clear, counts

_RATE = re.compile(r"([\d,]+)/s")


def build_store(articles: int, work: Path) -> Path:
    """bench/gen_corpus.py's corpus of `articles`, built by `kg build` (kept in `work`)."""
    corpus, store = work / f"corpus-{articles}", work / f"store-{articles}"
    if not (store / "kg.sqlite").is_file():
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--articles", str(articles),
                        "--out", str(corpus), "--seed", "1"], check=True)
        done = run_measured(kg_command("build", corpus, "--store", store, "--no-progress"))
        if done.returncode:
            raise SystemExit(f"kg build failed (exit {done.returncode})")
        print(f"built {articles} generated articles in {done.seconds:.1f} s -> {store}")
    return store


def rates(text: str) -> list[float]:
    """The records/s figures a `kg load` summary line gives, in order."""
    return [float(r.replace(",", "")) for r in _RATE.findall(text)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: generate and build one)")
    parser.add_argument("--articles", type=int, default=4000, help="generated articles when no --store")
    parser.add_argument("--work", type=Path, help="where a generated store is kept (default: a temp dir)")
    args = parser.parse_args()
    store = args.store or build_store(args.articles, args.work or Path(tempfile.mkdtemp(prefix="kg-bulk-bench-")))

    from kg.graph.store import Store
    with Store(store) as st:   # the records a load writes: every node and relationship
        records = sum(st.count_labels().values()) + sum(st.count_types().values())
    m = machine()
    print(f"store {store}: {records:,} records; {m['nproc']} cores, {m['memory']}, Python {m['python']}")

    settings = Neo4jSettings.from_env()
    clear(settings)
    log = Path(tempfile.mkdtemp(prefix="kg-bulk-bench-log-"))
    batched = run_measured(kg_command("load", "--store", store, "--no-progress"), log=log / "batched")
    if batched.returncode:
        print(f"error: kg load failed: {batched.stderr.strip()[-300:]}", file=sys.stderr)
        return 1
    after_batched = counts(settings)
    subprocess.run(["bash", str(SCRIPT), "stop"], check=True, capture_output=True)
    bulk = run_measured(kg_command("load", "--bulk", "--replace", "--store", store), log=log / "bulk")
    if bulk.returncode:
        subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True)
        print(f"error: kg load --bulk failed: {bulk.stderr.strip()[-300:]}", file=sys.stderr)
        return 1
    if counts(settings) != after_batched:
        print("error: the two loads left different graphs", file=sys.stderr)
        return 1

    batched_write = rates(batched.stdout)[0]
    bulk_all, bulk_import = rates(bulk.stdout)[:2]
    print(f"batched kg load:  {batched.seconds:7.1f} s end to end = {records / batched.seconds:8,.0f} records/s; "
          f"writing alone {batched_write:,.0f}/s; peak RSS {batched.peak_tree_rss_mb:,.0f} MB")
    print(f"kg load --bulk:   {bulk.seconds:7.1f} s end to end = {records / bulk.seconds:8,.0f} records/s "
          f"(with server start and indexes); neo4j-admin import alone {bulk_import:,.0f}/s; "
          f"peak RSS {bulk.peak_tree_rss_mb:,.0f} MB (client and neo4j-admin)")
    print("  " + bulk.stdout.strip().splitlines()[-1].strip())   # where the bulk path's time went
    print(f"ratio bulk / batched: end to end {batched.seconds / bulk.seconds:.2f}x, "
          f"writing {bulk_import / batched_write:.2f}x (kg load --bulk reported {bulk_all:,.0f}/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
