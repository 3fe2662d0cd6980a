#!/usr/bin/env python3
"""Screenshot of a person view of the seed pages, for the README (docs/img/person-view.png).

Builds the seed pages into a temporary store, draws the view of the person with most
activities (or --person NAME), opens it in the system's headless Chromium (offline) and
saves what a reader sees first.

    python scripts/screenshot.py [--seeds ../shared/corpus/seeds] [--person 马正兰]
                                 [--out docs/img/person-view.png]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph import view_browser, views  # noqa: E402


def person_view_png(seeds: Path, out_png: Path, person: str | None = None,
                    html_out: Path | None = None) -> tuple[str, views.ViewResult, Path]:
    """Build `seeds`, write the person view (next to the PNG unless `html_out`), screenshot it."""
    from graph.store import Store
    from loaders.pipeline import build

    with tempfile.TemporaryDirectory(prefix="kg-shot-") as tmp:
        build([seeds], Path(tmp) / "store", jobs=1, progress=False)
        with Store(Path(tmp) / "store") as store:
            graph = store.to_networkx()
        node = views.find_nodes(graph, "Person", person)[0] if person else views.most_active_person(graph)
        if node is None:
            raise SystemExit(f"no person found in {seeds}")
        name = views.node_name(graph, node)
        html = html_out or Path(tmp) / "person.html"
        result = views.write_view(graph, views.select_ego(graph, "Person", node), html)
        png = view_browser.screenshot(result.path, out_png, width=1400, height=900)
    return name, result, png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "corpus" / "seeds")
    parser.add_argument("--person", help="person to draw (default: the one with most activities)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img" / "person-view.png")
    args = parser.parse_args()
    reason = view_browser.missing_reason()
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    if not args.seeds.is_dir():
        print(f"error: no seed pages at {args.seeds}", file=sys.stderr)
        return 1
    name, result, png = person_view_png(args.seeds, args.out, args.person)
    print(f"{png}: person view of {name} ({result.nodes} nodes, {result.edges} relations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
