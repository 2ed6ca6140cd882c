"""Small corpora of distinct documents for the flow tests, made from the demo texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.dataset.schema import table_names
from tests.conftest import DEMO_DIR

TEXT_SOURCES = sorted(DEMO_DIR.glob("*.txt"))


def write_corpus(folder: Path, n: int) -> list[Path]:
    """n distinct .txt documents: the demo texts in turn, each with its own closing line."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        source = TEXT_SOURCES[k % len(TEXT_SOURCES)]
        text = source.read_bytes().decode("utf-8", errors="replace")
        path = folder / f"{k:03d}_{source.name}"
        path.write_text(f"{text.rstrip()}\n\nDokumentet har löpnummer {k + 1}.\n", "utf-8")
        paths.append(path)
    return paths


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of a dataset folder, `errors.when` dropped (it is the run's start time)."""
    tables = {}
    for name in table_names():
        path = Path(out) / f"{name}.parquet"
        if path.exists():
            frame = pd.read_parquet(path)
            tables[name] = frame.drop(columns="when") if name == "errors" else frame
    return tables


def assert_same_tables(a: Path, b: Path) -> None:
    left, right = read_tables(a), read_tables(b)
    assert set(left) == set(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
