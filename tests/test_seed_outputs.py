"""The seed pages give the recorded exports, byte for byte.

tests/data/seeds_triples.jsonl and seeds_entities.jsonl were written by `kg export` before
the code moved into one namespace, so this holds the move to "behaviour unchanged". A
change that is meant to alter what the extractor finds updates them on purpose:

    kg build ../shared/corpus/seeds --store /tmp/seeds && \
    kg export triples --store /tmp/seeds > tests/data/seeds_triples.jsonl && \
    kg export entities --store /tmp/seeds > tests/data/seeds_entities.jsonl
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
DATA = Path(__file__).resolve().parent / "data"

pytestmark = [pytest.mark.seeds,
              pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed pages not found at {SEEDS}")]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeds") / "store"
    # Articles keep the path they were read by; the recording read ../shared from the checkout.
    subprocess.run([sys.executable, "-m", "kg", "-q", "build", "../shared/corpus/seeds", "--store", str(path),
                    "--no-progress"], check=True, capture_output=True, cwd=REPO)
    return path


@pytest.mark.parametrize("fmt", ["triples", "entities"])
def test_export_is_the_recorded_one(store, fmt):
    run = subprocess.run([sys.executable, "-m", "kg", "export", fmt, "--store", str(store)],
                         check=True, capture_output=True)
    expected = (DATA / f"seeds_{fmt}.jsonl").read_bytes()
    got = run.stdout
    if got != expected:  # name the first line that differs, not a wall of bytes
        for number, (a, b) in enumerate(zip(got.splitlines(), expected.splitlines()), 1):
            if a != b:
                pytest.fail(f"line {number} differs:\n got      {a.decode()[:300]}\n recorded {b.decode()[:300]}")
        pytest.fail(f"{len(got.splitlines())} lines, recorded {len(expected.splitlines())}")
