"""Both analyst notebooks run top to bottom (nbclient, the venv's python3 kernel).

They read KOMMUNLENS_DATA: the synthetic dataset, an empty dataset folder (graceful
degradation), and the output of a real run over data/raw (the session fixture demo_run).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.fixtures.dataset.synthetic import write_synthetic_dataset

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = ("01_explore_dataset.ipynb", "02_compare_municipalities.ipynb")
BUDGET_SECONDS = 120


def _run(name: str, data_dir: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("KOMMUNLENS_DATA", str(data_dir))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws PNGs
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    return nb


def _outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def test_committed_notebooks_have_no_outputs():
    for name in NAMES:
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), name
        data_cells = [c for c in code if "KOMMUNLENS_DATA" in c.source]
        assert len(data_cells) == 1, f"{name}: the data path is set in exactly one cell"


@pytest.mark.slow
def test_notebooks_run_on_the_synthetic_dataset(tmp_path, monkeypatch):
    data = write_synthetic_dataset(tmp_path / "data")
    started = time.monotonic()
    explored = _run(NAMES[0], data, monkeypatch)
    compared = _run(NAMES[1], data, monkeypatch)
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET_SECONDS, f"notebooks took {elapsed:.0f}s"
    for nb in (explored, compared):
        images = [
            o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
        ]
        assert len(images) >= 3
    text = _outputs(compared)
    assert "Comparing: Kalix, Östersund, Hallstahammar" in text
    assert "Not in this dataset" not in text


@pytest.mark.slow
def test_notebooks_degrade_on_an_empty_dataset(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    _run(NAMES[0], empty, monkeypatch)
    text = _outputs(_run(NAMES[1], empty, monkeypatch))
    assert "Not in this dataset: Kalix, Östersund, Hallstahammar" in text


@pytest.mark.slow
def test_notebooks_run_on_a_real_run(demo_run, monkeypatch):
    """Both notebooks against the output of a real run over data/raw, in under 2 minutes."""
    settings, _ = demo_run
    start = time.perf_counter()
    for name in NAMES:
        text = _outputs(_run(name, Path(settings.output_dir), monkeypatch))
        assert "Traceback" not in text
    assert time.perf_counter() - start < 120
