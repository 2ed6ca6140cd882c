"""Open a dataset folder as one object, and narrow it by municipality, period or type.

Analysts and the report work on a `Dataset`: one typed DataFrame per table of the
contract. Filters return a new Dataset restricted by doc_id, so every table stays
consistent with the documents that remain.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.dataset.io import read_table
from pipeline.dataset.schema import arrow_schema

DOC_TABLES = ("entities", "dates", "amounts", "initiatives", "outcomes", "focus_areas")


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
    municipality_summary: pd.DataFrame
    errors: pd.DataFrame
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
    """A Dataset from in-memory tables; a missing summary is computed from the others."""
    frames = {name: _as_frame(name, tables.get(name)) for name in TABLE_NAMES}
    ds = Dataset(**frames, path=path)
    if tables.get("municipality_summary") is None:
        ds = _with_fresh_summary(ds)
    return ds


def load_dataset(path: str | Path) -> Dataset:
    """Read every table of a dataset folder (the output of `kommunlens run`)."""
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"dataset folder {path} does not exist")
    tables = {name: read_table(path, name) for name in TABLE_NAMES}
    if not (path / "municipality_summary.parquet").exists():
        tables.pop("municipality_summary")
    return dataset_from_tables(tables, path=path)


def _with_fresh_summary(ds: Dataset) -> Dataset:
    from pipeline.dataset.summary import summary_frame  # summary builds on compare -> load

    return replace(ds, municipality_summary=summary_frame(ds))


def restrict(ds: Dataset, doc_ids: Iterable[str]) -> Dataset:
    """Keep only the given documents in every table; errors (files without a doc) stay."""
    keep = set(doc_ids)
    frames = {}
    for name in ("documents", *DOC_TABLES):
        frame = getattr(ds, name)
        frames[name] = frame[frame["doc_id"].isin(keep)].reset_index(drop=True)
    return _with_fresh_summary(replace(ds, **frames))


def fold(name: str) -> str:
    """Comparison form of a name: NFC, stripped, case-folded ('Östersund' == 'östersund')."""
    return unicodedata.normalize("NFC", str(name)).strip().casefold()


def filter_municipalities(ds: Dataset, names: Iterable[str]) -> Dataset:
    """Documents about these municipalities (names match case-insensitively, or kommunkod)."""
    wanted = {fold(n) for n in names}
    docs = ds.documents
    hit = docs["municipality"].map(lambda m: isinstance(m, str) and fold(m) in wanted)
    hit |= docs["municipality_code"].map(lambda c: isinstance(c, str) and fold(c) in wanted)
    return restrict(ds, docs.loc[hit.astype(bool), "doc_id"])


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value)
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return dt.date.fromisoformat(text)


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


def filter_period(
    ds: Dataset, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> Dataset:
    """Documents whose publication date or period overlaps [start, end] (either end open).

    Undated documents are dropped. A year ('2022') or month ('2022-03') is read as its
    first day for `start`; pass a full date for an exact end.
    """
    lo, hi = _as_date(start), _as_date(end)
    keep = []
    for row in ds.documents.to_dict("records"):
        first, last = document_span(row)
        if first is None:
            continue
        if (hi is None or first <= hi) and (lo is None or last >= lo):
            keep.append(row["doc_id"])
    return restrict(ds, keep)


def filter_doc_types(ds: Dataset, types: Iterable[str]) -> Dataset:
    """Documents of these doc_types (report, minutes, newsletter, article, other)."""
    wanted = {fold(t) for t in types}
    docs = ds.documents
    hit = docs["doc_type"].map(lambda t: isinstance(t, str) and fold(t) in wanted)
    return restrict(ds, docs.loc[hit.astype(bool), "doc_id"])
