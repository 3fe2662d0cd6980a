"""All the performance figures of issue 7 in one run, on one machine.

    python bench/run_all.py [--articles 10000] [--speedup-articles 2000] [--work DIR]
                            [--parts machine,extract,ner,jobs,build,person,neo4j,views,growth] [--json FILE]
                            [--growth-sizes 1000,4000]
                            [--neo4j]   (the Neo4j part clears the database: opt in)

Parts (each prints one clear line with its figure, or `skipped: <reason>` when what it
measures is not there):
- extract: extraction throughput as a ratio to bare jieba.posseg.cut (bench/extract_speed.py)
- ner:     recogniser throughput against jieba (bench/ner_speed.py)
- jobs:    `kg build --jobs 2` speed-up over `--jobs 1` on a generated corpus
- build:   end-to-end `kg build` time and peak memory for --articles generated articles
- person:  `kg person` latency on that store (bench/person_latency.py, else timed here)
- neo4j:   batched load rate against per-record MERGE (bench/neo4j_load.py; needs the server)
- views:   time to write the HTML view of a 2,000-node graph (graph.views)
- growth:  build time and peak memory by store size, and a one-day increment against the
           same day into an empty store (bench/growth.py --sizes --growth-sizes)
Nothing here uses the network (Neo4j is on localhost).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import ROOT, bolt_reachable, kg_command, load_script, machine, run_measured

PARTS = ("machine", "extract", "ner", "jobs", "build", "person", "neo4j", "views", "growth")


class Skip(Exception):
    """A part cannot run here; the message says why."""


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work: Path = args.work
        self.results: dict[str, dict] = {}
        self.gen = load_script("gen_corpus")

    # helpers ---------------------------------------------------------------------------
    def say(self, part: str, line: str, **figures) -> None:
        print(f"{part:8s} {line}", flush=True)
        self.results.setdefault(part, {}).update(figures, line=line)

    def corpus(self, articles: int) -> Path:
        folder = self.work / f"corpus-{articles}"
        if not (folder / "manifest.json").is_file():
            self.gen.generate(articles, folder, seed=self.args.seed)
        return folder

    def need_command(self, name: str) -> None:
        probe = subprocess.run(kg_command(name, "--help"), capture_output=True, cwd=ROOT)
        if probe.returncode != 0:
            raise Skip(f"`kg {name}` is not there yet")

    def build(self, corpus: Path, store: Path, *extra: str):
        shutil.rmtree(store, ignore_errors=True)
        result = run_measured(kg_command("build", corpus, "--store", store, *extra), log=store.with_suffix(".log"))
        if result.returncode not in (0, 3):
            tail = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
            raise RuntimeError(f"kg build {' '.join(extra)} exited {result.returncode}: {tail}")
        return result

    def script(self, name: str, *args: str, timeout: float = 900) -> str:
        if load_script_path(name) is None:
            raise Skip(f"bench/{name}.py is not there yet")
        done = subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py"), *args], capture_output=True,
                              text=True, cwd=ROOT, timeout=timeout)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            raise RuntimeError(f"bench/{name}.py exited {done.returncode}: {tail}")
        return done.stdout.strip()

    # parts -----------------------------------------------------------------------------
    def part_machine(self) -> None:
        m = machine()
        self.say("machine", f"{m['nproc']} cpus ({m['cpu']}), {m['memory']}, Python {m['python']}", **m)

    def part_extract(self) -> None:
        out = self.script("extract_speed")
        for line in out.splitlines():
            print(f"{'':8s} | {line}")
        self.say("extract", "extraction vs jieba.posseg.cut: " + _last_ratio(out), output=out)

    def part_ner(self) -> None:
        out = self.script("ner_speed")
        for line in out.splitlines():
            print(f"{'':8s} | {line}")
        self.say("ner", "recogniser vs jieba.posseg.cut: " + _lines_with(out, "ratio"), output=out)

    def part_jobs(self) -> None:
        self.need_command("build")
        n = self.args.speedup_articles
        corpus = self.corpus(n)
        times, peaks, cpu = {}, {}, {}
        for jobs in (1, 2):
            runs = [self.build(corpus, self.work / f"store-jobs{jobs}", "--jobs", str(jobs))
                    for _ in range(self.args.repeat)]
            times[jobs] = min(r.seconds for r in runs)
            peaks[jobs] = max(r.peak_tree_rss_mb for r in runs)   # the whole tree: workers too
            cpu[jobs] = min(r.cpu_seconds for r in runs)
        same = _same_graph(self.work / "store-jobs1", self.work / "store-jobs2")
        speedup = times[1] / times[2]
        self.say("jobs", f"kg build of {n} articles: --jobs 1 {times[1]:.1f} s, --jobs 2 {times[2]:.1f} s, "
                 f"speed-up {speedup:.2f}x (target >= 1.7x); same graph: {same}; "
                 f"peak RSS of the process tree {peaks[1]:.0f} / {peaks[2]:.0f} MB, "
                 f"CPU {cpu[1]:.1f} / {cpu[2]:.1f} s",
                 articles=n, jobs1_s=round(times[1], 2), jobs2_s=round(times[2], 2),
                 speedup=round(speedup, 2), same_graph=same,
                 peak_tree_rss_mb_jobs1=round(peaks[1]), peak_tree_rss_mb_jobs2=round(peaks[2]),
                 cpu_s_jobs1=round(cpu[1], 1), cpu_s_jobs2=round(cpu[2], 1))

    def part_build(self) -> None:
        self.need_command("build")
        n = self.args.articles
        corpus = self.corpus(n)
        store = self.work / "store-full"
        result = self.build(corpus, store)
        counts = _store_counts(store)
        self.say("build", f"kg build of {n} articles: {result.seconds:.1f} s ({n / result.seconds:.0f} articles/s), "
                 f"peak RSS {result.peak_tree_rss_mb:.0f} MB (the whole process tree; largest single "
                 f"process {result.peak_rss_mb:.0f} MB), CPU {result.cpu_seconds:.1f} s; {counts}",
                 articles=n, seconds=round(result.seconds, 1), articles_per_s=round(n / result.seconds, 1),
                 peak_tree_rss_mb=round(result.peak_tree_rss_mb), peak_rss_mb=round(result.peak_rss_mb),
                 cpu_s=round(result.cpu_seconds, 1), exit=result.returncode, store=counts)

    def part_person(self) -> None:
        store = self.work / "store-full"
        if not (store / "kg.sqlite").is_file():
            raise Skip("no store of --articles articles (the build part did not run)")
        if load_script_path("person_latency") is not None:
            out = self.script("person_latency", "--store", str(store), "--runs", "5")
            for line in out.splitlines():
                print(f"{'':8s} | {line}")
            self.say("person", "bench/person_latency.py: " + _lines_with(out, "kg person"), output=out)
            return
        self.need_command("person")
        name = _busiest_person(store)
        times = []
        for _ in range(5):
            r = run_measured(kg_command("person", name, "--store", store), log=self.work / "person")
            if r.returncode != 0:
                raise RuntimeError(f"kg person {name} exited {r.returncode}: {r.stderr.strip()[-200:]}")
            times.append(r.seconds)
        median = statistics.median(times)
        self.say("person", f"kg person {name} (most connected person) end to end: median {median * 1000:.0f} ms "
                 f"of 5 (min {min(times) * 1000:.0f} ms; target < 1 s)",
                 name=name, median_ms=round(median * 1000), min_ms=round(min(times) * 1000))

    def part_neo4j(self) -> None:
        if load_script_path("neo4j_load") is None:
            raise Skip("bench/neo4j_load.py is not there yet")
        if not bolt_reachable():
            raise Skip("the Neo4j server is not running (scripts/neo4j.sh start)")
        if not self.args.neo4j:
            raise Skip("bench/neo4j_load.py clears the Neo4j database; give --neo4j to allow it")
        out = self.script("neo4j_load")
        for line in out.splitlines():
            print(f"{'':8s} | {line}")
        self.say("neo4j", "batched load vs per-record MERGE: " + _last_ratio(out), output=out)

    def part_views(self) -> None:
        try:
            from kg import views
        except ImportError as exc:
            raise Skip(f"graph.views cannot be imported: {exc}") from exc
        graph, source = self.view_graph(2000)
        out = self.work / "view-2000.html"
        start = time.perf_counter()
        result = views.graph_view(graph, out, max_nodes=graph.number_of_nodes(), articles=True)
        seconds = time.perf_counter() - start
        size = out.stat().st_size / 1e6
        self.say("views", f"view of a {result.nodes}-node, {result.edges}-edge graph ({source}): {seconds:.2f} s, "
                 f"{size:.1f} MB of HTML", nodes=result.nodes, edges=result.edges, seconds=round(seconds, 2),
                 html_mb=round(size, 1), source=source)

    def part_growth(self) -> None:
        out = self.script("growth", "--sizes", self.args.growth_sizes, "--work", str(self.work / "growth"),
                          timeout=6 * 3600)
        for line in out.splitlines():
            print(f"{'':8s} | {line}")
        rows = [line for line in out.splitlines() if line.startswith("  one day")]
        self.say("growth", "one day into the biggest store vs into an empty one: "
                 + (_last_ratio(rows[-1]) if rows else "(no figure)"), output=out)

    def view_graph(self, size: int):
        """2,000 nodes of the built store (the most connected), or of a small fresh build."""
        import networkx as nx
        store = self.work / "store-full"
        if not (store / "kg.sqlite").is_file():
            store = self.work / "store-jobs1"
        if not (store / "kg.sqlite").is_file():
            return _synthetic_graph(size, self.args.seed), "synthetic, no built store"
        from kg.graph.store import Store
        with Store(store) as s:
            whole = s.to_networkx()
        if whole.number_of_nodes() < size:
            raise Skip(f"the store has only {whole.number_of_nodes()} nodes")
        degree = dict(whole.degree())
        keep = sorted(whole.nodes, key=lambda n: (-degree[n], n))[:size]
        return nx.MultiDiGraph(whole.subgraph(keep)), f"top {size} nodes by degree of {store.name}"

    def run(self, parts: list[str]) -> None:
        for part in parts:
            try:
                getattr(self, f"part_{part}")()
            except Skip as why:
                self.say(part, f"skipped: {why}", skipped=str(why))
            except Exception as exc:  # one part failing must not hide the others' figures
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                self.say(part, f"failed: {type(exc).__name__}: {message}", failed=message)


def load_script_path(name: str) -> Path | None:
    path = ROOT / "bench" / f"{name}.py"
    return path if path.is_file() else None


def _last_ratio(output: str) -> str:
    """The script's own summary: its last line that states a ratio, else its last line."""
    lines = [l.strip() for l in output.splitlines() if l.strip()]
    for line in reversed(lines):
        if re.search(r"ratio|speed-?up|\d+(\.\d+)?\s*x\b|×", line, re.I):
            return line
    return lines[-1] if lines else "(no output)"


def _synthetic_graph(size: int, seed: int):
    """A graph of the networkx contract with `size` nodes: people attend events held in
    places, hold positions in organizations, and every fact cites an article."""
    import random

    import networkx as nx

    from kg.graph import schema
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    shares = {"Article": 0.2, "Person": 0.35, "Organization": 0.15, "Place": 0.1, "Event": 0.2}
    by_label: dict[str, list[str]] = {}
    for label, share in shares.items():
        for i in range(int(size * share)):
            name = f"{label}{i}"
            node = schema.node_id(label, id=name) if label == "Article" else schema.node_id(
                label, **{k: (name if k == "name" else None) for k in schema.KEY_PROPERTIES[label]})
            attrs = {"label": label, "name": name}
            if label == "Article":
                attrs.update(title=f"标题{i}", date=f"2022-06-{1 + i % 28:02d}", newspaper="某某日报",
                             file=f"p{i}.txt", reporters="")
            g.add_node(node, **attrs)
            by_label.setdefault(label, []).append(node)
    wiring = [("Person", "ATTENDED", "Event"), ("Person", "CHAIRED", "Event"),
              ("Person", "HOLDS_POSITION", "Organization"), ("Event", "HELD_IN", "Place"),
              ("Event", "ORGANIZED_BY", "Organization")]
    for _ in range(size * 2):
        src, rel, dst = rng.choice(wiring)
        u, v, art = rng.choice(by_label[src]), rng.choice(by_label[dst]), rng.choice(by_label["Article"])
        key = schema.edge_id(u, rel, v, art)
        g.add_edge(u, v, key=key, type=rel, article=art, evidence=f"{u}{schema.ROLE_WORDS[rel]}{v}。",
                   confidence=0.9)
        g.add_edge(u, art, key=schema.edge_id(u, "MENTIONED_IN", art, art), type="MENTIONED_IN", article=art,
                   evidence="", confidence=1.0)
    return g


def _lines_with(output: str, word: str) -> str:
    """The script's lines that state `word`, joined on one line."""
    lines = [l.strip() for l in output.splitlines() if word in l]
    return "; ".join(lines) if lines else _last_ratio(output)


def _store_counts(store: Path) -> str:
    try:
        from kg.graph.store import Store
        with Store(store) as s:
            counts = s.count_labels()
            edges = sum(1 for _ in s.edges())
        return ", ".join(f"{k} {v}" for k, v in counts.items()) + f", {edges} edges"
    except Exception as exc:  # counts are a courtesy; the timing stands without them
        return f"(counts unavailable: {exc})"


def _same_graph(a: Path, b: Path) -> bool:
    from kg.graph.store import Store
    with Store(a) as sa, Store(b) as sb:
        return (sorted((n.id, n.props) for n in sa.nodes()) == sorted((n.id, n.props) for n in sb.nodes())
                and sorted((e.id, e.props) for e in sa.edges()) == sorted((e.id, e.props) for e in sb.edges()))


def _busiest_person(store: Path) -> str:
    from kg.graph.store import Store
    with Store(store) as s:
        best = max(s.nodes("Person"), key=lambda n: (s.mentions(n.id), n.id), default=None)
    if best is None:
        raise Skip("the store has no Person")
    return str(best.prop("name"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--speedup-articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each --jobs build; the best counts")
    parser.add_argument("--work", type=Path, help="folder for corpora and stores (default: a temporary one)")
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--growth-sizes", default="1000,4000", help="store sizes of the growth part")
    parser.add_argument("--neo4j", action="store_true",
                        help="run the Neo4j part, which CLEARS the database the settings point at")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown parts {unknown}; choose from {', '.join(PARTS)}")
    temporary = None
    if args.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="kg-bench-")
        args.work = Path(temporary.name)
    args.work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    try:
        bench.run(parts)
    finally:
        if args.json:
            args.json.write_text(json.dumps(bench.results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if temporary:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
