"""The `kpi` table of an output folder: imported Kolada values, kept across runs.

`kommunlens kpi import FILE` merges the file's values into the table: a value for the same
municipality, KPI, year and gender replaces the old one, every other row stays. A run never
writes this table (pipeline/dataset/assemble.py RUN_TABLES), so imports survive re-runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.dataset.io import read_table, write_table
from pipeline.dataset.schema import to_arrow
from pipeline.kpi.kolada import KpiValue, complete, read_kolada

TABLE = "kpi"
KEY = ("municipality_code", "kpi_id", "year", "gender")


@dataclass
class ImportResult:
    """What an import did, for the command's closing line."""

    path: Path
    n_values: int
    n_replaced: int
    n_rows: int
    kpis: list[str]
    municipalities: list[str]


def merge(existing: Iterable[dict], new: Iterable[dict]) -> tuple[list[dict], int]:
    """Rows of both, the new ones replacing old ones with the same key; (rows, replaced)."""
    rows = {tuple(r.get(k) for k in KEY): {**r, "row_id": None} for r in existing}
    replaced = 0
    for r in new:
        key = tuple(r.get(k) for k in KEY)
        replaced += key in rows
        rows[key] = {**r, "row_id": None}
    return list(rows.values()), replaced


def kpi_rows(values: Sequence[KpiValue], source_file: str) -> list[dict]:
    return [{**asdict(v), "source_file": source_file} for v in values]


def import_files(
    data_dir: Path,
    files: Sequence[Path],
    kpi_id: str | None = None,
    kpi_title: str | None = None,
) -> ImportResult:
    """Read the files (KoladaFormatError when one is not readable) and merge them into
    data_dir/kpi.parquet. A metadata file (KPI titles, municipality names) among them names
    the values of the others."""
    data_dir = Path(data_dir)
    parsed = [(Path(f), *read_kolada(Path(f), kpi_id, kpi_title)) for f in files]
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    for _, _, t, n in parsed:
        titles.update(t)
        names.update(n)
    old = read_table(data_dir, TABLE).to_dict("records") if data_dir.is_dir() else []
    old = [{k: (None if _na(v) else v) for k, v in r.items()} for r in old]
    known = {r["kpi_id"]: r["kpi_title"] for r in old if r.get("kpi_title")}
    titles = {**known, **titles}  # a title imported before names this import's values too
    new: list[dict] = []
    for path, values, _, _ in parsed:
        new += kpi_rows(complete(values, titles, names), path.name)
    for r in old:  # and a title that arrives later names earlier imports
        if not r.get("kpi_title") and r["kpi_id"] in titles:
            r["kpi_title"] = titles[r["kpi_id"]]
    rows, replaced = merge(old, new)
    table: pa.Table = to_arrow(TABLE, rows)
    data_dir.mkdir(parents=True, exist_ok=True)
    write_table(data_dir, TABLE, table)
    return ImportResult(
        path=data_dir / f"{TABLE}.parquet",
        n_values=len(new),
        n_replaced=replaced,
        n_rows=table.num_rows,
        kpis=sorted({r["kpi_id"] for r in new}),
        municipalities=sorted({r["municipality"] or r["municipality_code"] for r in new}),
    )


def _na(value: object) -> bool:
    try:
        return value != value  # NaN
    except (TypeError, ValueError):
        return False
