"""Big views in a real browser: file size and time to interactive of whole-graph views.

    python bench/view_big.py [--articles 10000] [--sizes 2000,300] [--runs 3] [--work DIR]
                             [--seed 1] [--json FILE] [--page FILE ...]

Builds (once, kept in --work) a store of `--articles` generated articles
(bench/gen_corpus.py, then `kg build`), draws `kg view graph --max-nodes N` of it for each
N of --sizes (the N most connected nodes, articles not drawn, as a user gets them) and
opens each page in Debian's headless Chromium through tests/browser.py (offline,
file:// URL), --runs times, a fresh tab each time.

Time to interactive, as measured here: from asking the browser to open the file until
the page says it is ready (`window.kg.ready`: the network is built and its first frame
with the final layout is on the canvas; with a layout computed in Python that is the
first draw, with physics the frame after stabilisation), plus the time the search box
takes to answer: a name typed (the busiest node's, Chinese), Enter, until that node is
selected and focused. Also printed: the Python time to write the page, the file size,
and the median time of one full redraw (what panning and zooming cost per frame).

--page FILE measures pages written elsewhere (e.g. by an older version), without the
search step when the page has no search box. Prints the load average it ran under:
timings on a shared machine are noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _util import kg_command, load_script, run_measured

READY_TIMEOUT = 600.0

# One redraw, timed inside the page (ms): what every pan or zoom frame costs.
REDRAW_MS = """
var done = arguments[arguments.length - 1];
var start = performance.now();
kg.network.once('afterDrawing', function () { done(performance.now() - start); });
kg.network.redraw();
"""

# Type a name into the search box and press Enter: ms until the node is selected.
SEARCH_MS = """
var name = arguments[0], id = arguments[1], done = arguments[arguments.length - 1];
var box = document.getElementById('kg-search');
if (!box) { done(null); return; }
var start = performance.now();
box.value = name;
box.dispatchEvent(new Event('input', {bubbles: true}));
box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
function check() {
  var selected = kg.network.getSelectedNodes();
  if (selected.length === 1 && selected[0] === id) {
    kg.network.once('afterDrawing', function () { done(performance.now() - start); });
    kg.network.redraw();
  } else if (performance.now() - start > 10000) { done(-1); }
  else { setTimeout(check, 5); }
}
check();
"""


def build_store(work: Path, articles: int, seed: int) -> Path:
    """The generated corpus and its store, made once and kept in `work`."""
    store = work / f"store-{articles}"
    if (store / "kg.sqlite").is_file():
        return store
    corpus = work / f"corpus-{articles}"
    if not (corpus / "manifest.json").is_file():
        load_script("gen_corpus").generate(articles, corpus, seed=seed)
    shutil.rmtree(store, ignore_errors=True)
    print(f"building a store of {articles} generated articles (once) ...", flush=True)
    result = run_measured(kg_command("build", corpus, "--store", store), log=work / "build")
    if result.returncode not in (0, 3):
        sys.exit(f"kg build exited {result.returncode}: {result.stderr.strip()[-300:]}")
    print(f"  built in {result.seconds:.0f} s", flush=True)
    return store


def write_pages(store: Path, sizes: list[int], out: Path) -> list[dict]:
    """Each size's page, as `kg view graph --max-nodes N` writes it; the write timed."""
    from kg import views
    from kg.graph.store import Store

    with Store(store) as opened:
        graph = opened.to_networkx()
    pages = []
    for size in sizes:
        selection = views.select_graph(graph, max_nodes=size)
        path = out / f"view-{size}.html"
        start = time.perf_counter()
        result = views.write_view(graph, selection, path)
        seconds = time.perf_counter() - start
        busiest = selection.nodes[0]
        pages.append({"path": path, "nodes": result.nodes, "edges": result.edges, "write_s": seconds,
                      "search": (views.node_name(graph, busiest), busiest)})
    return pages


def measure(driver, path: Path, search: tuple[str, str] | None) -> dict:
    """One fresh load of the page: seconds to ready, search ms, one redraw ms."""
    import browser as harness

    driver.get("about:blank")
    start = time.perf_counter()
    harness.load_view(driver, path, timeout=READY_TIMEOUT)
    ready = time.perf_counter() - start
    figures = {"ready_s": ready, "search_ms": None}
    if search and driver.execute_script("return !!document.getElementById('kg-search')"):
        ms = driver.execute_async_script(SEARCH_MS, *search)
        if ms is None or ms < 0:
            raise RuntimeError(f"the search box did not find {search[0]!r} in {path.name}")
        figures["search_ms"] = ms
    figures["redraw_ms"] = statistics.median(driver.execute_async_script(REDRAW_MS) for _ in range(3))
    errors = harness.console_errors(driver)
    if errors:
        raise RuntimeError(f"{path.name}: console errors: {errors[:2]}")
    return figures


def report(path: Path, runs: list[dict], extra: dict) -> dict:
    size_mb = path.stat().st_size / 1e6
    ready = statistics.median(r["ready_s"] for r in runs)
    searches = [r["search_ms"] for r in runs if r["search_ms"] is not None]
    search_s = statistics.median(searches) / 1000 if searches else None
    tti = ready + (search_s or 0.0)
    redraw = statistics.median(r["redraw_ms"] for r in runs)
    line = (f"{path.name}: {extra.get('nodes', '?')} nodes, {extra.get('edges', '?')} edges, "
            f"{size_mb:.2f} MB; ready {ready:.2f} s"
            + (f" + search {search_s * 1000:.0f} ms" if search_s is not None else " (no search box)")
            + f" = time to interactive {tti:.2f} s (median of {len(runs)}, "
              f"min ready {min(r['ready_s'] for r in runs):.2f} s); one redraw {redraw:.0f} ms")
    if "write_s" in extra:
        line += f"; written in {extra['write_s']:.2f} s"
    print(line, flush=True)
    return {"page": path.name, "size_mb": round(size_mb, 3), "ready_s": round(ready, 3),
            "search_s": None if search_s is None else round(search_s, 3), "tti_s": round(tti, 3),
            "redraw_ms": round(redraw, 1), "runs": runs,
            **{k: v for k, v in extra.items() if k in ("nodes", "edges", "write_s")}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--sizes", default="2000,300", help="nodes per view, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="loads of each page; the median counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="folder for the corpus, store and pages (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--page", type=Path, action="append", default=[],
                        help="measure this page instead of drawing the store (repeat)")
    args = parser.parse_args(argv)

    import browser as harness
    reason = harness.missing_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    temporary = None
    if args.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="kg-viewbench-")
        args.work = Path(temporary.name)
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cpus)", flush=True)
    try:
        if args.page:
            pages = [{"path": p, "search": None} for p in args.page]
        else:
            store = build_store(args.work, args.articles, args.seed)
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
            pages = write_pages(store, sizes, args.work)
        results = []
        with harness.open_browser() as driver:
            for page in pages:
                runs = [measure(driver, page["path"], page["search"]) for _ in range(args.runs)]
                results.append(report(page["path"], runs, page))
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
        if args.json:
            args.json.write_text(json.dumps({"results": results, "loadavg": load}, ensure_ascii=False,
                                            indent=1, default=str) + "\n", encoding="utf-8")
    finally:
        if temporary:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
