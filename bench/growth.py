"""Growth of `kg build` with the store (issue 16): time and peak memory of the whole process
tree at several sizes, and a one-day increment on each store against the same day built
into an empty store.

    python bench/growth.py [--sizes 1000,4000,16000,64000] [--work DIR] [--jobs 2] [--nice 10]
                           [--repeat 2] [--json FILE]

One generated corpus (bench/gen_corpus.py, seed 1, 48 articles a day) serves every size: a
size is the first whole days holding at least that many articles, and its increment is
the generator's next day. Each size is built from empty with `kg build DIR --jobs J`; then
the next day is built into that store and into an empty one, alternately, `--repeat` times
(best of each), and the ratios of wall time and of CPU time are printed (the issue wants
<= 2x; on a shared machine CPU time is the steadier of the two). Figures from
bench/_util.run_measured: wall time, CPU and the peak summed RSS of the process tree
(workers included).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import kg_command, load_script, machine, run_measured

# the corpus's shape, given to gen_corpus: 2 papers x 4 pages x 6 articles a day
SHAPE = {"papers": 2, "pages_per_day": 4, "per_page": 6}
PER_DAY = SHAPE["papers"] * SHAPE["pages_per_day"] * SHAPE["per_page"]


def days_for(articles: int) -> int:
    return -(-articles // PER_DAY)


def link_days(pages: Path, days: list[str], out: Path) -> Path:
    """`out` holds (hard links to) the corpus pages of these days, paper by paper."""
    if out.is_dir():
        return out
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    wanted = set(days)
    for page in sorted(pages.rglob("*.txt")):
        if page.name[:10] in wanted:
            target = tmp / page.parent.name / page.name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(page, target)
    tmp.rename(out)
    return out


def build(corpus: Path, store: Path, jobs: int, nice: int, *, fresh: bool):
    if fresh:
        shutil.rmtree(store, ignore_errors=True)
    cmd = kg_command("build", corpus, "--store", store, "--jobs", jobs, "--no-progress", "--json")
    if nice:
        cmd = ["nice", "-n", str(nice), *cmd]
    result = run_measured(cmd, log=store.parent / f"{store.name}.log")
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise SystemExit(f"kg build {corpus} --store {store} exited {result.returncode}: {tail}")
    return result, json.loads(result.stdout)


def store_mb(store: Path) -> float:
    return sum(p.stat().st_size for p in store.iterdir() if p.is_file()) / 1024 / 1024


def increment(store: Path, day: Path, date: str, articles: int, args: argparse.Namespace) -> dict:
    """The day built into a copy of `store` and into an empty store, alternately; the figures."""
    # the same day into the big store and into an empty one, alternately; the big store
    # is copied each time so every increment starts from the same store
    grown, empty = [], []
    for _ in range(args.repeat):
        copy = store.with_name(store.name + "-plus-day")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(store, copy)
        # at rest on disk, as a store is between two days: else the build's first fsync
        # would also write back the gigabyte the copy just left dirty in the page cache
        os.sync()
        grown.append(build(day, copy, args.jobs, args.nice, fresh=False))
        empty.append(build(day, args.work / "store-day-only", args.jobs, args.nice, fresh=True))
    inc = min((r for r, _ in grown), key=lambda r: r.seconds)
    alone = min((r for r, _ in empty), key=lambda r: r.seconds)
    # CPU time of the whole tree: what a shared, busy machine disturbs least
    inc_cpu = min(r.cpu_seconds for r, _ in grown)
    alone_cpu = min(r.cpu_seconds for r, _ in empty)
    day_articles = grown[0][1]["articles"]
    same_total = grown[0][1]["total_articles"] == articles + day_articles
    ratio = inc.seconds / alone.seconds
    print(f"  one day ({day_articles} articles, {date}): into the {articles}-article store "
          f"{inc.seconds:.2f} s (peak {inc.peak_tree_rss_mb:.0f} MB), into an empty store {alone.seconds:.2f} s "
          f"(peak {alone.peak_tree_rss_mb:.0f} MB): ratio {ratio:.2f}x (target <= 2x); CPU {inc_cpu:.1f} s vs "
          f"{alone_cpu:.1f} s: ratio {inc_cpu / alone_cpu:.2f}x; "
          f"store then holds {grown[0][1]['total_articles']} articles ({'ok' if same_total else 'MISMATCH'})",
          flush=True)
    return {"day_articles": day_articles, "increment_s": round(inc.seconds, 2), "day_alone_s": round(alone.seconds, 2),
            "increment_peak_mb": round(inc.peak_tree_rss_mb), "ratio": round(ratio, 2),
            "increment_cpu_s": round(inc_cpu, 2), "day_alone_cpu_s": round(alone_cpu, 2),
            "cpu_ratio": round(inc_cpu / alone_cpu, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,4000,16000,64000", help="comma-separated article counts")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-growth"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--nice", type=int, default=10, help="niceness of the builds (0: none)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each increment (best is kept)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the stores a previous run built in --work; measure the increments only")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    m = machine()
    print(f"machine: {m['nproc']} cpus ({m['cpu']}), {m['memory']}, Python {m['python']}; "
          f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)

    total_days = days_for(max(sizes)) + 1
    pages = args.work / f"corpus-{total_days}d"
    if not (pages / "manifest.json").is_file():
        load_script("gen_corpus").generate(total_days * PER_DAY, pages, seed=args.seed, **SHAPE)
    dates = sorted({p.name[:10] for p in pages.rglob("*.txt")})

    rows = []
    for size in sizes:
        n_days = days_for(size)
        corpus = link_days(pages, dates[:n_days], args.work / f"days-{n_days}")
        day = link_days(pages, dates[n_days:n_days + 1], args.work / f"day-{n_days + 1}")
        store = args.work / f"store-{size}"
        if args.reuse and (store / "kg.sqlite").is_file():
            from kg.graph.store import Store
            with Store(store) as st:
                articles = st.article_count()
            print(f"store {size:>6}: {articles} articles (built by an earlier run)", flush=True)
            rows.append({"size": size, "articles": articles, **increment(store, day, dates[n_days], articles, args)})
            continue
        full, summary = build(corpus, store, args.jobs, args.nice, fresh=True)
        articles = summary["total_articles"]
        size_mb = store_mb(store)
        print(f"build {size:>6}: {articles} articles in {full.seconds:.1f} s "
              f"({full.seconds / articles * 1000:.1f} ms/article, CPU {full.cpu_seconds:.0f} s), "
              f"peak RSS of the tree {full.peak_tree_rss_mb:.0f} MB "
              f"({full.peak_tree_rss_mb * 1024 / articles:.1f} KiB/article), store {size_mb:.0f} MB; "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
        rows.append({"size": size, "articles": articles, "seconds": round(full.seconds, 1),
                     "cpu_seconds": round(full.cpu_seconds, 1), "peak_tree_rss_mb": round(full.peak_tree_rss_mb),
                     "kib_per_article": round(full.peak_tree_rss_mb * 1024 / articles, 1),
                     "store_mb": round(size_mb, 1),
                     **increment(store, day, dates[n_days], articles, args)})
    print("\n| articles | build s | ms/article | CPU s | peak RSS (tree) MB | KiB/article | store MB "
          "| one day into it s (CPU s) | same day, empty store s (CPU s) | ratio wall | ratio CPU |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        built = (f"{r['seconds']:.0f} | {r['seconds'] / r['articles'] * 1000:.1f} | {r['cpu_seconds']:.0f} "
                 f"| {r['peak_tree_rss_mb']} | {r['kib_per_article']} | {r['store_mb']:.0f}"
                 if "seconds" in r else "(earlier run) | | | | |")
        print(f"| {r['articles']:,} | {built} | {r['increment_s']:.1f} ({r['increment_cpu_s']:.1f}) "
              f"| {r['day_alone_s']:.1f} ({r['day_alone_cpu_s']:.1f}) "
              f"| {r['ratio']:.2f}x | **{r['cpu_ratio']:.2f}x** |")
    if args.json:
        args.json.write_text(json.dumps({"machine": m, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
