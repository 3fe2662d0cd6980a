"""Shared fixtures for tests/ (each group adds its own, small)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


# --- the seed pages, built once per session -------------------------------------------

@pytest.fixture(scope="session")
def seed_store_dir(tmp_path_factory) -> Path:
    """A store of the seed pages (jobs=1), built once for every test that reads one.

    Read it only: a test that builds into a store copies it first (shutil.copytree).
    """
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS}")
    from kg.graph.ingest import ingest

    path = tmp_path_factory.mktemp("seed-store")
    summary = ingest([SEEDS], path, jobs=1, progress=False)
    assert summary.problems == []
    return path


# --- Neo4j: the real server started by scripts/neo4j.sh (never mocked) --------------------

@pytest.fixture(scope="session")
def neo4j_settings():
    """Settings for the test server; skips with the reason when it does not answer.

    The test database is `neo4j` (Community has one user database); tests clear it.
    """
    from kg.loaders.neo4j_connection import DEFAULT_PASSWORD, Neo4jLoadError, Neo4jSettings, connect

    settings = Neo4jSettings(
        uri=os.environ.get("KG_TEST_NEO4J_URI", "bolt://localhost:7687"),
        password=os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD),
        database="neo4j", max_retry_time=5.0, connection_timeout=5.0)
    try:
        with connect(settings):
            pass
    except Neo4jLoadError as exc:
        pytest.skip(f"Neo4j test server not usable ({exc}); start it with scripts/neo4j.sh start")
    return settings


@pytest.fixture
def neo4j_db(neo4j_settings):
    """An empty test database (constraints and indexes stay)."""
    from kg.loaders.neo4j_writer import clear

    clear(neo4j_settings)
    return neo4j_settings
