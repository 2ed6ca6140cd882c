"""Every table of a dataset for people who work in spreadsheets: CSV files or one Excel workbook.

`kommunlens export --format csv|xlsx --data DIR` writes each table (documents ... kpi), the
codebook and the data dictionary, and the analysts' corrections. Text that a spreadsheet
would read as a formula (a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return) gets a leading apostrophe, so a document cannot put a formula into someone's
spreadsheet (OWASP, "CSV injection"). Lists are joined with '; ', dates written as ISO.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.load import TABLE_NAMES, load_dataset
from pipeline.dataset.schema import contract
from pipeline.resources import codebook
from pipeline.review.corrections import CORRECTIONS_FILE, FIELDS, read_corrections

FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CODEBOOK_SECTIONS = ("doc_types", "focus_areas", "initiative_types", "statuses")
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL = 32_767
WORKBOOK = "kommunlens.xlsx"
CSV_FOLDER = "export"


class ExportError(ValueError):
    """The dataset cannot be written in the format asked for (one line says why)."""


def neutralise(text: str) -> str:
    """Text that a spreadsheet would take for a formula, made plain text ('=1+1' -> "'=1+1")."""
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value: Any) -> Any:
    """A table value as a spreadsheet cell: numbers, booleans and dates as they are (null as
    None), lists joined, text neutralised."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # numpy scalars and arrays
    if isinstance(value, list | tuple):
        return neutralise("; ".join("" if v is None else str(v) for v in value))
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, bool | int | float | dt.date):
        return value
    return neutralise(str(value))


def _text(value: Any) -> str:
    """A cell as CSV text (ISO dates, empty for null)."""
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheets(data_dir: Path) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Sheet name -> (header, rows): every table, the codebook, the columns, the corrections."""
    ds = load_dataset(data_dir)
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for name in TABLE_NAMES:
        frame: pd.DataFrame = getattr(ds, name)
        header = list(frame.columns)
        rows = [list(values) for values in frame.itertuples(index=False, name=None)]
        out[name] = (header, rows)
    book = codebook()
    out["codebook"] = (
        ["section", "code", "name_sv", "description"],
        [
            [section, item["code"], item.get("name_sv"), item.get("description")]
            for section in CODEBOOK_SECTIONS
            for item in book[section]
        ]
        + [
            ["entity_labels", e["label"], None, e.get("description")] for e in book["entity_labels"]
        ],
    )
    out["columns"] = (
        ["table", "column", "type", "nullable", "description"],
        [
            [table, column, spec["type"], spec["nullable"], spec["description"]]
            for table, t in contract()["tables"].items()
            for column, spec in t["columns"].items()
        ],
    )
    corrections, _ = read_corrections(Path(data_dir) / CORRECTIONS_FILE)
    out["corrections"] = (list(FIELDS), [c.as_row() for c in corrections])
    return out


def _replace(target: Path, write: Any) -> None:
    """Write to a temporary name beside target, then rename (files get the umask's mode)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_csv(data_dir: Path, out_dir: Path) -> list[Path]:
    """One <sheet>.csv per sheet (UTF-8 with BOM, so Excel reads å, ä, ö)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in sheets(data_dir).items():
        target = out_dir / f"{name}.csv"

        def write(tmp: Path, header: list[str] = header, rows: Iterable = rows) -> None:
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows([_text(v) for v in row] for row in rows)

        _replace(target, write)
        written.append(target)
    return written


def _fit(value: Any) -> Any:
    """Text cut to what an Excel cell holds (32 767 characters)."""
    if isinstance(value, str) and len(value) >= XLSX_MAX_CELL:
        return value[: XLSX_MAX_CELL - 1] + "…"
    return value


def write_xlsx(data_dir: Path, target: Path) -> list[Path]:
    """One workbook, a sheet per table plus codebook, columns and corrections."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
    except ImportError as exc:  # pragma: no cover - openpyxl is in the lock file
        raise ExportError("xlsx needs openpyxl: pip install openpyxl") from exc
    workbook = Workbook(write_only=True)
    for name, (header, rows) in sheets(data_dir).items():
        if len(rows) + 1 > XLSX_MAX_ROWS:
            raise ExportError(
                f"{name} has {len(rows)} rows, more than a sheet holds; use --format csv"
            )
        sheet = workbook.create_sheet(title=name[:31])
        bold = Font(bold=True)
        head = []
        for h in header:
            c = WriteOnlyCell(sheet, value=h)
            c.font = bold
            head.append(c)
        sheet.append(head)
        for row in rows:
            sheet.append([_fit(cell(v)) for v in row])
        sheet.freeze_panes = "A2"
    target.parent.mkdir(parents=True, exist_ok=True)
    _replace(target, workbook.save)
    return [target]


def export_dataset(data_dir: str | Path, fmt: str, out: str | Path | None = None) -> list[Path]:
    """Write the dataset in data_dir as CSV files (default data_dir/export/) or an Excel
    workbook (default data_dir/kommunlens.xlsx); the paths written."""
    data_dir = Path(data_dir)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not data_dir.is_dir():
        raise FileNotFoundError(f"dataset folder {data_dir} does not exist")
    if fmt == "csv":
        return write_csv(data_dir, Path(out) if out else data_dir / CSV_FOLDER)
    return write_xlsx(data_dir, Path(out) if out else data_dir / WORKBOOK)
