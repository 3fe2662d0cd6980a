"""`kg person` end-to-end latency (the real CLI in a subprocess) on a store of N articles.

    python bench/person_latency.py --articles 10000            # corpus from bench/gen_corpus.py, kg build
    python bench/person_latency.py --articles 10000 --synthetic # store from synthetic Extraction records
    python bench/person_latency.py --store DIR                  # an existing store

Prints: store size, build time, then for the most mentioned person and a rare one the
median / min / max wall time of `kg person NAME` over --runs runs, next to the bare
start-up of the Python interpreter, and the in-process lookup time.

Both sides run in one environment: compiled bytecode is kept in a temporary folder
(PYTHONPYCACHEPREFIX) and one untimed round fills it, as an installed package has its
bytecode. Without that, an environment with PYTHONDONTWRITEBYTECODE set (this sandbox's)
compiles kg's own modules on every run while the direct query's sqlite3 comes compiled
with Python. --no-bytecode-cache keeps the caller's environment as it is.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def synthetic_store(store: Path, articles: int, seed: int) -> None:
    """A store built straight from Extraction records (no reader, no extractor)."""
    from kg.graph.ingest import resolve_into
    from kg.graph.records import Article, Entity, Extraction, Fact
    from kg.graph.writer import BuildWriter
    from kg.resolution.resolve import localise
    rng = random.Random(seed)
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
    people = sorted({rng.choice(surnames) + rng.choice(given) + rng.choice(given) for _ in range(4000)})
    orgs = [f"{u}局" for u in ("教育", "交通", "公安", "财政", "民政", "水利", "商务", "审计")] + ["市委", "市政府"]
    titles = ("局长", "副局长", "书记", "副书记", "主任")
    with BuildWriter(store) as writer:
        for i in range(articles):
            date = f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}"
            cast = rng.sample(people, 6)
            meeting = f"全市{rng.choice(('安全', '教育', '交通', '防汛'))}工作会议{i % 50}"
            sentence = "、".join(cast) + f"出席{meeting}。"
            art = Article(id=f"syn{i:06d}", title=meeting, body=sentence, file=f"syn/{i // 6}.txt",
                          date=date, city="林石市", reporters=(rng.choice(people),))
            ev = Entity("Event", meeting, (("type", "meeting"), ("date", date)))
            facts = [Fact(Entity("Person", cast[0]), "CHAIRED", ev, art.id, sentence, 0.9)]
            for name in cast:
                facts.append(Fact(Entity("Person", name), "ATTENDED", ev, art.id, sentence, 0.9))
                facts.append(Fact(Entity("Person", name), "HOLDS_POSITION",
                                  Entity("Organization", "林石" + rng.choice(orgs), (("kind", "government"),)),
                                  art.id, sentence, 0.9, (("title", rng.choice(titles)),)))
            writer.put(localise(Extraction(art, entities=[ev], facts=facts)))
        resolve_into(writer)


def corpus_store(store: Path, articles: int, seed: int, work: Path) -> None:
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), "--articles", str(articles),
                    "--out", str(corpus), "--seed", str(seed)], check=True)
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store),
                    "--no-progress"], check=True, cwd=REPO)


# The question `kg person` answers, asked of the store directly: one SQL join (the article
# through the person's MENTIONED_IN edge of it, whose target is the Article node, grouped so
# SQLite indexes it by article), in a new Python process that imports nothing but sqlite3;
# the rows printed as tab-separated text. The relationship types come from graph/schema.py
# as arguments (the child imports no kg module): argv 3 is MENTIONED_IN, 4.. the roles.
DIRECT_SQL = r"""
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}/kg.sqlite?mode=ro", uri=True)
roles = sys.argv[4:]
rows = db.execute(
    "SELECT coalesce(json_extract(ev.props, '$.date'), json_extract(a.props, '$.date')) AS date,"
    "       e.type, ev.name, json_extract(e.props, '$.evidence'), json_extract(a.props, '$.title')"
    " FROM edges e JOIN nodes ev ON ev.id = e.target"
    " LEFT JOIN (SELECT article, min(target) AS target FROM edges"
    "            WHERE source = ?1 AND type = ?2 GROUP BY article) m ON m.article = e.article"
    " LEFT JOIN nodes a ON a.id = m.target"
    f" WHERE e.source = ?1 AND e.type IN ({','.join('?' * len(roles))})"
    " ORDER BY date, ev.name", (sys.argv[2], sys.argv[3], *roles)).fetchall()
sys.stdout.write("".join("\t".join(map(str, row)) + "\n" for row in rows))
"""


def rounds(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times of each command, run in turn round after round (a busy machine slows all alike),
    after one untimed round (the bytecode cache, the OS's page cache of the store)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for timed in [False] + [True] * runs:
        for name, cmd in commands.items():
            t = time.perf_counter()
            subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            if timed:
                times[name].append(time.perf_counter() - t)
    return times


def bench_env(work: Path, bytecode_cache: bool) -> dict[str, str]:
    """The environment of every timed command: the same for kg and for the direct query."""
    env = dict(os.environ)
    if bytecode_cache:   # written outside the repository, which others share
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def kg_script() -> list[str]:
    """The `kg` console script of this Python (what a user runs), else python -m kg.cli."""
    script = Path(sys.executable).with_name("kg")
    found = str(script) if script.is_file() else shutil.which("kg")
    return [found] if found else [sys.executable, "-m", "kg.cli"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--store", type=Path)
    ap.add_argument("--synthetic", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="Run with the caller's environment as it is (see the module's docstring).")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-person-bench-"))
    store = args.store
    if store is None or not (store / "kg.sqlite").exists():
        store = store or work / "store"
        t = time.perf_counter()
        (synthetic_store(store, args.articles, args.seed) if args.synthetic
         else corpus_store(store, args.articles, args.seed, work))
        print(f"built {'synthetic' if args.synthetic else 'gen_corpus'} store of {args.articles} articles "
              f"in {time.perf_counter() - t:.1f} s -> {store}")
    from kg.answers.timeline import AmbiguousPerson, person_timeline
    from kg.graph import schema
    from kg.graph.store import Store
    with Store(store) as st:
        labels = st.count_labels()
        print(f"store: {st.article_count()} articles, {labels.get('Person', 0)} persons, "
              f"{sum(st.count_types().values())} edges, {(store / 'kg.sqlite').stat().st_size / 1e6:.1f} MB")
        busiest = st.top("Person", 1)[0][0]
        people = list(st.nodes("Person"))
        rare = min(people, key=lambda n: (st.mentions(n.id), n.id))
        targets = [(busiest, st.mentions(busiest.id)), (rare, st.mentions(rare.id))]
        for node, _ in targets:
            t = time.perf_counter()
            try:
                lines = len(person_timeline(st, node.prop("name"), person_id=node.id).lines)
            except AmbiguousPerson:
                lines = -1
            print(f"in-process lookup {node.prop('name')}: {1000 * (time.perf_counter() - t):.1f} ms, {lines} lines")
    commands = {"python": [sys.executable, "-c", "pass"]}
    for i, (node, _) in enumerate(targets):
        commands[f"kg{i}"] = [*kg_script(), "person", node.prop("name"), "--id", node.id, "--store", str(store)]
        commands[f"sql{i}"] = [sys.executable, "-c", DIRECT_SQL, str(store), node.id, schema.MENTIONED_IN,
                               *schema.PERSON_EVENT_ROLES]
    times = rounds(commands, args.runs, bench_env(work, not args.no_bytecode_cache))
    print(f"bytecode: {'as the environment has it' if args.no_bytecode_cache else 'cached (one untimed round)'}")
    print(f"python start-up:        median {statistics.median(times['python']):.3f} s")
    for i, (node, mentions) in enumerate(targets):
        kg, sql = times[f"kg{i}"], times[f"sql{i}"]
        print(f"kg person {node.prop('name')} ({mentions} articles): median {statistics.median(kg):.3f} s, "
              f"min {min(kg):.3f}, max {max(kg):.3f} over {args.runs} runs (target < 1 s)")
        print(f"  direct SQLite query:  median {statistics.median(sql):.3f} s, min {min(sql):.3f}; "
              f"ratio kg person / direct {statistics.median(kg) / statistics.median(sql):.2f}x (target <= 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
