"""notebooks/explore.ipynb runs top to bottom on the sample corpus, so it never rots; its
figures are kept as test artifacts (tests/artifacts/notebook/, git-ignored)."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "explore.ipynb"
SAMPLE = REPO / "corpus" / "sample"
ARTIFACTS = REPO / "tests" / "artifacts" / "notebook"
FIGURES = ("chairs", "careers-gantt", "coappearance", "signings-per-district")


def test_explore_notebook_draws_its_four_figures(monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="nbformat is a test extra: pip install -e '.[test]'")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is a test extra: pip install -e '.[test]'")
    image = pytest.importorskip("matplotlib.image", reason="matplotlib is the research extra: pip install -e '.[test]'")
    if not SAMPLE.is_dir() or not any(p.is_file() for p in SAMPLE.rglob("*")):
        pytest.skip(f"no sample corpus at {SAMPLE}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    monkeypatch.setenv("KG_NOTEBOOK_FIGURES", str(ARTIFACTS))   # the kernel inherits it

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the failing cell, on any error

    printed, inline = [], 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                printed.append(output["text"])
            elif "image/png" in output.get("data", {}):
                inline += 1
    text = "".join(printed)
    # Chinese labels need a CJK font (scripts/setup.sh --test installs fonts-noto-cjk)
    assert "CJK font: none found" not in text, text
    assert inline == len(FIGURES)
    for name in FIGURES:
        path = ARTIFACTS / f"{name}.png"
        assert path.is_file(), f"{name}.png not saved"
        pixels = image.imread(path)
        height, width = pixels.shape[:2]
        assert width > 300 and height > 200
        assert pixels.std() > 0.05          # a drawing, not a blank canvas
    # the tables behind the figures are printed too, and the careers written as Excel
    assert "first_seen" in text and "career rows for" in text and "careers.xlsx" in text
