"""The seed pages in the test Neo4j, put there the way a user does: `kg build`, then `kg load`.

Shared by the Browser and full-text tests; the database is emptied first (tests own it).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.graph.store import Store
from kg.loaders.neo4j_connection import Neo4jSettings
from kg.loaders.neo4j_writer import clear

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


def kg(*args: str, settings: Neo4jSettings) -> None:
    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USER": settings.user,
           "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database}
    done = subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"kg {' '.join(args)} failed: {done.stderr[-2000:]}"


def load_seeds(settings: Neo4jSettings, work: Path) -> list:
    """Empty the database, build the seed pages into `work` and load them; the store's nodes."""
    store = work / "seed-store"
    clear(settings)
    kg("build", str(SEEDS), "--store", str(store), "--no-progress", settings=settings)
    kg("load", "--store", str(store), "--no-progress", settings=settings)
    with Store(store) as opened:
        return list(opened.nodes())
