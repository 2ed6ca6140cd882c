"""Write and read the dataset folder: one Parquet file per table, plus schema.json.

Every file is written to a temporary name in the same folder and renamed into
place, so a crash mid-write never leaves a half table and never destroys the
previous run's file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic import atomic_write
from pipeline.dataset.schema import arrow_schema, contract, table_names

SCHEMA_FILE = "schema.json"


def write_table(
    out_dir: Path, name: str, table: pa.Table, csv: bool = False, generation: str | None = None
) -> Path:
    """One table as <name>.parquet (and optionally <name>.csv); `generation` tags the file
    with the run that wrote it (pipeline/dataset/generations.py)."""
    path = out_dir / f"{name}.parquet"
    if generation is not None:
        meta = dict(table.schema.metadata or {})
        meta[b"kommunlens.generation"] = generation.encode("utf-8")
        table = table.replace_schema_metadata(meta)
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
    if csv:
        frame = table.to_pandas()
        atomic_write(
            out_dir / f"{name}.csv", lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8")
        )
    return path


def write_schema(out_dir: Path) -> Path:
    path = out_dir / SCHEMA_FILE
    text = json.dumps(contract(), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def read_table(data_dir: Path, name: str) -> pd.DataFrame:
    """A table as pandas, with an empty typed frame when the file is missing."""
    path = Path(data_dir) / f"{name}.parquet"
    if not path.exists():
        return arrow_schema(name).empty_table().to_pandas()
    return pq.read_table(path).to_pandas()


def read_all(data_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(data_dir, name) for name in table_names()}
