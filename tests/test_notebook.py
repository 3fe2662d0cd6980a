"""notebooks/explore.ipynb runs top to bottom on the sample corpus, so it never rots."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "explore.ipynb"
SAMPLE = REPO / "corpus" / "sample"


def test_explore_notebook_executes_and_shows_a_view():
    nbformat = pytest.importorskip("nbformat", reason="nbformat is a test extra: pip install -e '.[test]'")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is a test extra: pip install -e '.[test]'")
    if not SAMPLE.is_dir() or not any(p.is_file() for p in SAMPLE.rglob("*")):
        pytest.skip(f"no sample corpus at {SAMPLE}")

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the failing cell, on any error

    texts, pages = [], []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
            elif "text/html" in output.get("data", {}):
                pages.append(output["data"]["text/html"])
    printed = "".join(texts)
    assert "betweenness" in printed
    ranking = printed.split("betweenness", 1)[1].strip().splitlines()
    assert ranking and len(ranking[0].split()) == 3          # name, degree, betweenness
    assert " communities" in printed and "community 1, " in printed
    assert "brokers (highest betweenness): " in printed
    # the view is shown inline as an iframe holding the whole (escaped) page
    assert len(pages) == 1 and pages[0].startswith("<iframe srcdoc=")
    assert "id=&quot;kg-network&quot;" in pages[0]
