"""Open a dataset folder as one object.

Analysts and the report work on a `Dataset`: one typed DataFrame per table of the
contract. Narrowing a dataset (by municipality, period, type) is pipeline/dataset/select.py;
loading imports neither it nor the comparison code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.dataset.generations import GENERATION_TABLES, check_one_generation, tables_dir
from pipeline.dataset.io import read_table
from pipeline.dataset.names import fold  # noqa: F401  (re-exported: callers import it from here)
from pipeline.dataset.schema import arrow_schema

DOC_TABLES = (
    "entities",
    "dates",
    "amounts",
    "initiatives",
    "outcomes",
    "focus_areas",
    "agenda_items",
    "attendance",
)


@dataclass(frozen=True)
class Dataset:
    """The tables of one run; missing tables are empty frames with the contract's columns."""

    documents: pd.DataFrame
    entities: pd.DataFrame
    dates: pd.DataFrame
    amounts: pd.DataFrame
    initiatives: pd.DataFrame
    outcomes: pd.DataFrame
    focus_areas: pd.DataFrame
    agenda_items: pd.DataFrame
    attendance: pd.DataFrame
    municipality_summary: pd.DataFrame
    errors: pd.DataFrame
    kpi: pd.DataFrame
    path: Path | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name -> frame (without `path`)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "path"}

    def municipalities(self) -> list[str]:
        """Municipalities that have documents, sorted."""
        return sorted(self.documents["municipality"].dropna().unique().tolist())


TABLE_NAMES = tuple(f.name for f in fields(Dataset) if f.name != "path")


def empty_frame(name: str) -> pd.DataFrame:
    """An empty frame with the contract's columns and dtypes."""
    return arrow_schema(name).empty_table().to_pandas()


def _as_frame(name: str, table: pa.Table | pd.DataFrame | None) -> pd.DataFrame:
    if table is None:
        return empty_frame(name)
    if isinstance(table, pa.Table):
        return table.to_pandas()
    return table


def dataset_from_tables(
    tables: Mapping[str, pa.Table | pd.DataFrame], path: Path | None = None
) -> Dataset:
    """A Dataset from in-memory tables; a missing table is an empty frame.

    A missing municipality_summary stays empty here (computing it needs the comparison
    code, which loading never imports): ``pipeline.dataset.select.with_summary`` makes it.
    """
    frames = {name: _as_frame(name, tables.get(name)) for name in TABLE_NAMES}
    return Dataset(**frames, path=path)


def load_dataset(path: str | Path, generation: Path | None = None) -> Dataset:
    """Read every table of a dataset folder (the output of `kommunlens run`).

    The run tables come from the folder's current generation, resolved once, so they are one
    run's even while a new run switches over (MixedGenerationsError when the files of a
    folder disagree); `kpi` comes from the folder itself. `generation`: read the run tables
    from this generation folder instead (the run does, to render the report before the
    switch). `Dataset.path` is always `path`, where corrections.csv lives.
    """
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"dataset folder {path} does not exist")
    for _attempt in range(5):
        folder = generation or tables_dir(path)
        tables = {name: read_table(folder, name) for name in GENERATION_TABLES}
        check_one_generation(folder)
        if generation is not None or tables_dir(path) == folder:
            break  # else a run switched over while we read: read the new one
    tables["kpi"] = read_table(path, "kpi")
    return dataset_from_tables(tables, path=path)


def date_or_none(value: object) -> dt.date | None:
    """A date cell (date, Timestamp, None, NaT, NaN) as a date or None."""
    if value is None or (not isinstance(value, dt.date | str) and pd.isna(value)):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):  # also pd.Timestamp
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def document_span(row: Mapping) -> tuple[dt.date | None, dt.date | None]:
    """(first, last) date of a document: min/max of published and its period."""
    values = [date_or_none(row.get(c)) for c in ("published", "period_start", "period_end")]
    present = [v for v in values if v is not None]
    if not present:
        return None, None
    return min(present), max(present)
