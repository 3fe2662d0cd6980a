"""Where each node of a big view is drawn, computed here so the browser never simulates.

A browser that lays out 2,000 nodes with physics spends minutes before the first usable
frame; so views of more than `style.PHYSICS_MAX_NODES` nodes get their positions from
here and the page draws them as they are (small views keep vis-network's physics, which
settles in about a second and looks good at that size).

How, per connected component (networkx finds them):
- up to `EXACT_MAX_NODES` nodes: networkx's ForceAtlas2, whose repulsion grows with
  degree, so the many events around the busiest officials spread out evenly;
- bigger: its `EXACT_MAX_NODES` best-connected nodes are the skeleton, laid out the same
  way, with an edge between two skeleton nodes that share a neighbour; every other node
  is placed, nearest first, where its placed neighbours are (their centre; a sunflower
  spiral around it when several land on one spot); then a few steps of
  Fruchterman-Reingold with the grid variant's cut-off (repulsion within 1.5 edge
  lengths only, so each step is linear, not quadratic) part nodes that landed together.
Each component is scaled to the room its nodes need; components are packed in rows,
largest first, and unconnected nodes (hidden when the page opens) fill a grid below.
Same input, same picture: every step is seeded or deterministic.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import networkx as nx
import numpy as np

EXACT_MAX_NODES = 300      # networkx's ForceAtlas2 is quadratic: the skeleton's size
FORCE_ATLAS_STEPS = 100
UNIT_PX = 110              # the layout's unit (about an edge) on the canvas, in pixels
AREA_PER_NODE = 1.3        # room per node, in squared units
REFINE_STEPS = 20          # grid Fruchterman-Reingold steps after the skeleton placement
SHARED_NEIGHBOUR_MAX = 12  # a node tying more skeleton nodes than this adds no skeleton edges
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Point = tuple[float, float]


def compute_layout(nodes: Sequence[str], pairs: Iterable[tuple[str, str]], *, seed: int) -> dict[str, Point]:
    """Canvas positions (pixels) of `nodes`, joined by the undirected `pairs`."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((u, v) for u, v in pairs if u != v)
    order = {n: i for i, n in enumerate(nodes)}
    isolated = [n for n in nodes if graph.degree(n) == 0]
    components = sorted((sorted(c, key=order.__getitem__) for c in nx.connected_components(graph)
                         if len(c) > 1), key=lambda c: (-len(c), order[c[0]]))
    placed = [_component(graph.subgraph(c), c, seed) for c in components]
    positions = _pack(placed, isolated)
    return {n: (round(x * UNIT_PX), round(y * UNIT_PX)) for n, (x, y) in positions.items()}


# --------------------------------------------------------------------------- one component

def _component(graph: nx.Graph, nodes: list[str], seed: int) -> dict[str, np.ndarray]:
    """Positions in layout units, centred near 0."""
    if len(nodes) == 2:
        return {nodes[0]: np.array([-0.5, 0.0]), nodes[1]: np.array([0.5, 0.0])}
    if len(nodes) <= EXACT_MAX_NODES:
        return _spread(_force_atlas(_ordered(graph, nodes), seed), len(nodes))
    degree = dict(graph.degree())
    ranked = sorted(nodes, key=lambda n: -degree[n])  # stable: ties keep the view's order
    skeleton = set(ranked[:EXACT_MAX_NODES])
    frame = _ordered(graph.subgraph(skeleton), [n for n in nodes if n in skeleton])
    for node in nodes:  # two skeleton nodes that share a neighbour belong near each other
        if node not in skeleton:
            tied = [m for m in graph[node] if m in skeleton]
            if 1 < len(tied) <= SHARED_NEIGHBOUR_MAX:
                frame.add_edges_from((a, b) for i, a in enumerate(tied) for b in tied[i + 1:])
    start = _spread(_force_atlas(frame, seed), len(nodes))
    start = _place_rest(graph, nodes, start)
    index = {n: i for i, n in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges()], dtype=np.int64)
    refined = _refine(np.array([start[n] for n in nodes]), edges)
    return dict(zip(nodes, refined))


def _ordered(graph: nx.Graph, nodes: list[str]) -> nx.Graph:
    """A copy whose node order is `nodes` (the layout's seed applies in that order)."""
    copy = nx.Graph()
    copy.add_nodes_from(nodes)
    copy.add_edges_from(graph.edges())
    return copy


def _force_atlas(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    return nx.forceatlas2_layout(graph, seed=seed, max_iter=FORCE_ATLAS_STEPS)


def _spread(pos: dict[str, np.ndarray], total: int) -> dict[str, np.ndarray]:
    """Centred and scaled to the room a component of `total` nodes needs: the half of
    the nodes nearest the centre fill a disc of `AREA_PER_NODE` per node."""
    centre = np.median(np.array(list(pos.values())), axis=0)
    moved = {n: np.asarray(p, dtype=float) - centre for n, p in pos.items()}
    radius = float(np.median([np.linalg.norm(p) for p in moved.values()])) or 1.0
    wanted = math.sqrt(total / 2 * AREA_PER_NODE / math.pi)
    return {n: p * (wanted / radius) for n, p in moved.items()}


def _place_rest(graph: nx.Graph, nodes: list[str], placed: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every node not yet placed goes where its placed neighbours are, nearest first."""
    placed = dict(placed)
    crowd: dict[tuple[int, int], int] = {}
    frontier = [n for n in nodes if n in placed]
    while len(placed) < len(nodes):
        wave = list(dict.fromkeys(m for n in frontier for m in graph[n] if m not in placed))
        if not wave:  # cannot happen in a connected component; keeps the loop finite
            wave = [n for n in nodes if n not in placed]
        for node in wave:
            near = [placed[m] for m in graph[node] if m in placed]
            centre = np.mean(near, axis=0) if near else np.zeros(2)
            spot = (round(float(centre[0]) * 4), round(float(centre[1]) * 4))
            i = crowd.get(spot, 0)
            crowd[spot] = i + 1
            # a sunflower around the spot: the i-th newcomer at radius ~ sqrt(i)
            radius = 0.6 + 0.45 * math.sqrt(i) if len(near) == 1 or i else 0.0
            angle = i * _GOLDEN_ANGLE
            placed[node] = centre + radius * np.array([math.cos(angle), math.sin(angle)])
        frontier = wave
    return placed


def _refine(pos: np.ndarray, edges: np.ndarray, steps: int = REFINE_STEPS) -> np.ndarray:
    """Fruchterman-Reingold with the grid variant's cut-off (repulsion k²/d within 1.5k
    only, so a step is linear), the pull of edges weakened: the placement already says
    where things belong; this spreads nodes that landed on top of each other."""
    k, cutoff, pull_share = 1.0, 1.5, 0.15
    pos = pos.astype(float).copy()
    n = len(pos)
    temperature = 0.4
    for _ in range(steps):
        i, j = _near_pairs(pos, cutoff)
        delta = pos[i] - pos[j]
        dist2 = np.maximum((delta * delta).sum(axis=1), 1e-4)
        push = delta * (k * k / dist2)[:, None]
        disp = _summed(i, push, n) - _summed(j, push, n)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = delta * (pull_share * np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            disp += _summed(edges[:, 1], pull, n) - _summed(edges[:, 0], pull, n)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature = max(temperature * 0.9, 0.05)
    return pos - pos.mean(axis=0) if n else pos


def _summed(index: np.ndarray, vectors: np.ndarray, n: int) -> np.ndarray:
    """Row i: the sum of `vectors` whose index is i (np.add.at, many times faster)."""
    return np.stack([np.bincount(index, weights=vectors[:, d], minlength=n) for d in (0, 1)], axis=1)


def _near_pairs(pos: np.ndarray, cutoff: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of points closer than `cutoff`, through a grid of cutoff-sized cells."""
    cells = np.floor(pos / cutoff).astype(np.int64)
    cells -= cells.min(axis=0)
    width = int(cells[:, 1].max()) + 3
    keys = (cells[:, 0] + 1) * width + cells[:, 1] + 1
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    firsts, lasts = [], []
    for dx in (-1, 0, 1):  # each point against the 3x3 cells around its own
        for dy in (-1, 0, 1):
            target = keys + dx * width + dy
            lo = np.searchsorted(sorted_keys, target, side="left")
            hi = np.searchsorted(sorted_keys, target, side="right")
            counts = hi - lo
            total = int(counts.sum())
            if not total:
                continue
            owner = np.repeat(np.arange(len(pos)), counts)
            starts = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
            firsts.append(owner)
            lasts.append(order[np.arange(total) + starts])
    if not firsts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    i, j = np.concatenate(firsts), np.concatenate(lasts)
    keep = i < j
    i, j = i[keep], j[keep]
    delta = pos[i] - pos[j]
    close = (delta * delta).sum(axis=1) < cutoff * cutoff
    return i[close], j[close]


# --------------------------------------------------------------------------- packing

def _pack(components: list[dict[str, np.ndarray]], isolated: list[str]) -> dict[str, Point]:
    """Components in rows, largest first (each row as wide as the largest); then the
    unconnected nodes in a grid under them."""
    gap = 2.0
    boxes = []
    for layout in components:
        points = np.array(list(layout.values()))
        low, high = points.min(axis=0), points.max(axis=0)
        boxes.append((layout, low, high - low))
    row_width = max([size[0] for _, _, size in boxes] + [math.sqrt(max(len(isolated), 1)) * 1.2])
    positions: dict[str, Point] = {}
    x = y = row_height = 0.0
    for layout, low, size in boxes:
        if x and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for node, p in layout.items():
            positions[node] = (float(p[0] - low[0] + x), float(p[1] - low[1] + y))
        x += size[0] + gap
        row_height = max(row_height, size[1])
    if isolated:
        top = y + row_height + (gap if boxes else 0.0)
        per_row = max(1, int(row_width / 1.2) + 1)
        for i, node in enumerate(isolated):
            positions[node] = ((i % per_row) * 1.2, top + (i // per_row) * 1.2)
    return positions
