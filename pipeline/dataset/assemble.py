"""Collect per-document results into the dataset's tables and write them."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa

from pipeline.dataset.io import write_schema, write_table
from pipeline.dataset.records import ErrorRecord
from pipeline.dataset.schema import contract, to_arrow
from pipeline.dataset.summary import build_municipality_summary
from pipeline.limits import is_truncation_warning
from pipeline.review.corrections import CORRECTIONS_FILE, apply_corrections, read_corrections

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
# Tables a run writes; `kpi` is written by `kommunlens kpi import` and kept as it is, and so is
# corrections.csv (written by analysts and `kommunlens review`, only read by a run).
CHUNK_SIZE = 256  # documents turned into Arrow at a time when the tables are built
RUN_TABLES = ("documents", *RESULT_TABLES, "municipality_summary", "errors")
PAUSE_ENV = "KOMMUNLENS_TEST_PAUSE_BETWEEN_TABLES"  # seconds; lets tests kill a run mid-write


def _pause_for_tests() -> None:
    pause = os.environ.get(PAUSE_ENV)
    if pause:
        time.sleep(float(pause))


def build_tables(
    results: Iterable,
    errors: Iterable[ErrorRecord],
    output_dir: Path | None = None,
    when: dt.datetime | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> dict[str, pa.Table]:
    """Typed, key-sorted tables from DocumentResults and ErrorRecords.

    `results` may be a lazy iterable: it is read `chunk_size` documents at a time, each
    chunk turned into Arrow and let go, so memory holds the compact tables, not every
    document's Python objects. A document's rows are all in one chunk (row ids are numbered
    per document), and the chunks are concatenated and sorted again by the table's key with
    a stable sort: the same tables as one conversion of all results at once.

    With `output_dir`, the analysts' corrections in its corrections.csv are applied to the
    extracted rows before the summary is built (pipeline/review/corrections.py); lines that
    no longer apply become `stale_correction` rows in `errors` (dated `when`, default now).
    The file itself is only read.
    """
    parts: dict[str, list[pa.Table]] = {name: [] for name in ("documents", *RESULT_TABLES)}
    truncated: list[ErrorRecord] = []
    for chunk in _batches(results, chunk_size):
        truncated += truncation_errors(chunk, when)
        parts["documents"].append(to_arrow("documents", [r.document for r in chunk]))
        for name in RESULT_TABLES:
            parts[name].append(to_arrow(name, [row for r in chunk for row in getattr(r, name)]))
    tables = {name: _concat_sorted(name, tables) for name, tables in parts.items()}
    # after the results: a lazy loader adds the results it cannot read
    errors = [*errors, *truncated]
    if output_dir is not None:
        corrections, unreadable = read_corrections(Path(output_dir) / CORRECTIONS_FILE)
        if corrections or unreadable:
            moment = when or max((e.when for e in errors), default=None)
            moment = moment or dt.datetime.now(dt.UTC).replace(microsecond=0)
            applied = apply_corrections(tables, corrections, moment, unreadable)
            tables = applied.tables
            errors += applied.problems
    tables["municipality_summary"] = build_municipality_summary(tables)
    tables["errors"] = to_arrow("errors", errors)
    return tables


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, max(1, size))):
        yield batch


def _concat_sorted(name: str, chunks: list[pa.Table]) -> pa.Table:
    """One table from chunks that are each sorted by the table's key (see build_tables)."""
    if not chunks:
        return to_arrow(name, [])
    if len(chunks) == 1:
        return chunks[0]
    table = pa.concat_tables(chunks)
    key = contract()["tables"][name].get("key", [])
    if key and table.num_rows:
        table = table.sort_by([(k, "ascending") for k in key])
    return table


def truncation_errors(results: Iterable, when: dt.datetime | None = None) -> list[ErrorRecord]:
    """A `truncated` row for each document whose text was cut at the size limit, so the
    run's summary says that part of it was not analysed (its warning says how much)."""
    moment = when or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return [
        ErrorRecord(r.document.source_path, "ingest", "truncated", warning, moment)
        for r in results
        for warning in r.document.warnings
        if is_truncation_warning(warning)
    ]


def table_errors(tables: dict[str, pa.Table]) -> list[ErrorRecord]:
    """The errors table as records: the files' errors and the corrections' problems, for the
    end-of-run summary."""
    return [
        ErrorRecord(**{k: r[k] for k in ErrorRecord.__dataclass_fields__})
        for r in tables["errors"].to_pylist()
    ]


def write_dataset(
    out_dir: Path, tables: dict[str, pa.Table], csv: bool = False, generation: str | None = None
) -> list[Path]:
    """Write every table atomically, the schema last (so it describes what is there)."""
    out_dir = Path(out_dir)
    written = []
    for name, table in tables.items():
        written.append(write_table(out_dir, name, table, csv=csv, generation=generation))
        _pause_for_tests()
    written.append(write_schema(out_dir))
    return written
