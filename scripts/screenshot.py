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
sys.path.insert(0, str(REPO / "tests"))  # the browser harness is a test helper, not shipped

import browser as view_browser  # noqa: E402

from kg import views  # noqa: E402


def person_view_png(seeds: Path, out_png: Path, person: str | None = None,
                    html_out: Path | None = None, no_hover: bool = False) -> tuple[str, views.ViewResult, Path]:
    """Build `seeds`, write the person view (to `html_out` if given), screenshot it with the
    person's hover card open (it shows positions, dates and evidence)."""
    from kg.graph.ingest import ingest
    from kg.graph.store import Store

    with tempfile.TemporaryDirectory(prefix="kg-shot-") as tmp:
        ingest([seeds], Path(tmp) / "store", jobs=1, progress=False)
        with Store(Path(tmp) / "store") as store:
            graph = store.to_networkx()
        node = views.find_nodes(graph, "Person", person)[0] if person else views.most_active_person(graph)
        if node is None:
            raise SystemExit(f"no person found in {seeds}")
        name = views.node_name(graph, node)
        html = html_out or Path(tmp) / "person.html"
        result = views.write_view(graph, views.select_ego(graph, "Person", node), html)
        png = view_browser.screenshot(result.path, out_png, width=1400, height=900,
                                      hover_node=None if no_hover else node)
    return name, result, png


def _has_cjk_font() -> bool:
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return True  # cannot tell; do not warn
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "corpus" / "seeds")
    parser.add_argument("--person", help="person to draw (default: the one with most activities)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img" / "person-view.png")
    parser.add_argument("--html", type=Path, help="also keep the view's HTML here")
    parser.add_argument("--no-hover", action="store_true", help="do not open the person's hover card")
    args = parser.parse_args()
    reason = view_browser.missing_reason()
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    if not _has_cjk_font():
        print("warning: no Chinese font found (fc-list :lang=zh); names will show as boxes. "
              "Debian: apt-get install -y fonts-noto-cjk", file=sys.stderr)
    if not args.seeds.is_dir():
        print(f"error: no seed pages at {args.seeds}", file=sys.stderr)
        return 1
    name, result, png = person_view_png(args.seeds, args.out, args.person, args.html, args.no_hover)
    print(f"{png}: person view of {name} ({result.nodes} nodes, {result.edges} relations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
