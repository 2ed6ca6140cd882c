"""Collect per-document results into the dataset's tables and write them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from pipeline.dataset.io import write_schema, write_table
from pipeline.dataset.records import ErrorRecord
from pipeline.dataset.schema import to_arrow
from pipeline.dataset.summary import build_municipality_summary

RESULT_TABLES = (
    "entities",
    "dates",
    "amounts",
    "initiatives",
    "outcomes",
    "focus_areas",
    "agenda_items",
    "attendance",
)
# Tables a run writes; `kpi` is written by `kommunlens kpi import` and kept as it is.
RUN_TABLES = ("documents", *RESULT_TABLES, "municipality_summary", "errors")


def build_tables(results: Iterable, errors: Iterable[ErrorRecord]) -> dict[str, pa.Table]:
    """Typed, key-sorted tables from DocumentResults and ErrorRecords."""
    results = list(results)
    tables = {"documents": to_arrow("documents", [r.document for r in results])}
    for name in RESULT_TABLES:
        tables[name] = to_arrow(name, [row for r in results for row in getattr(r, name)])
    tables["municipality_summary"] = build_municipality_summary(tables)
    tables["errors"] = to_arrow("errors", list(errors))
    return tables


def write_dataset(out_dir: Path, tables: dict[str, pa.Table], csv: bool = False) -> list[Path]:
    """Write every table atomically, the schema last (so it describes what is there)."""
    out_dir = Path(out_dir)
    written = [write_table(out_dir, name, table, csv=csv) for name, table in tables.items()]
    written.append(write_schema(out_dir))
    return written
