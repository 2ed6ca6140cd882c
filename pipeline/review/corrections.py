"""Analysts' corrections, kept in `corrections.csv` in the output folder and applied by every run.

One line per correction, columns `table, row_id, action, column, value, note, who, when`:

- `drop`: the row is wrong; it leaves the table.
- `set`: `column` of the row becomes `value` (text as in a CSV cell: '' is null, lists as a JSON
  list or 'a; b', dates as ISO). Codes are checked against the codebook and municipality names
  against the list of municipalities ('Ostersund', 'Kalix kommun' are accepted).
- `add`: a row the pipeline missed; `value` is the new row as a JSON object (at least `doc_id`
  and `text`; see `ADD_DEFAULTS` for what is filled in).

Applying them is a pure function of the tables and the lines (`apply_corrections`): the file is
read, never written, by a run. A line whose row no longer exists (its document changed or left
the corpus) is a `stale_correction` row in `errors` and stays in the file, so nothing an
analyst wrote is lost silently. The review command only ever appends lines (`append_corrections`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.dataset.names import official_municipality
from pipeline.dataset.records import ErrorRecord
from pipeline.dataset.schema import arrow_schema, columns, contract
from pipeline.resources import codes

CORRECTIONS_FILE = "corrections.csv"
FIELDS = ("table", "row_id", "action", "column", "value", "note", "who", "when")
ACTIONS = ("drop", "set", "add")
STAGE = "correction"
PROTECTED = ("row_id", "doc_id", "corrected")  # never `set` by a correction
# Codebook sections that hold the allowed values of coded columns.
CODED = {
    ("documents", "doc_type"): "doc_types",
    ("initiatives", "initiative_type"): "initiative_types",
    ("initiatives", "status"): "statuses",
    ("focus_areas", "focus_area"): "focus_areas",
}
CODED_LISTS = {"focus_areas": "focus_areas"}  # list columns whose items are codes
# Coded columns outside the codebook (their values as schema.json describes them).
ALLOWED = {
    ("outcomes", "direction"): ("increase", "decrease", "stable"),
    ("outcomes", "baseline_scope"): ("county", "country", "previous_year", "other"),
    ("amounts", "role"): (
        "funding_received",
        "funding_granted",
        "budget",
        "cost",
        "investment",
        "revenue_or_tax",
        "other",
    ),
    ("amounts", "kind"): ("money", "quantity", "percent", "score"),
}
MUNICIPALITY_COLUMNS = ("municipality",)
# Values an added row gets when the correction does not give them.
ADD_DEFAULTS: dict[str, Any] = {"sent_idx": -1, "start_char": -1, "end_char": -1, "n_mentions": 1}


@dataclass(frozen=True)
class Correction:
    """One line of corrections.csv (`line` is its line number, for messages)."""

    table: str
    row_id: str
    action: str
    column: str = ""
    value: str = ""
    note: str = ""
    who: str = ""
    when: str = ""
    line: int = 0

    def as_row(self) -> list[str]:
        return [getattr(self, f) for f in FIELDS]

    def describe(self) -> str:
        what = f"{self.action} {self.table}"
        if self.row_id:
            what += f" row {self.row_id}"
        if self.action == "set":
            what += f" {self.column}={self.value!r}"
        return what + (f" ({self.note})" if self.note else "")


@dataclass
class Outcome:
    """What applying the corrections did: the tables, the lines applied, the problems."""

    tables: dict[str, pa.Table]
    applied: list[Correction] = field(default_factory=list)
    problems: list[ErrorRecord] = field(default_factory=list)


class CorrectionError(ValueError):
    """A correction that cannot be applied as written (bad column, value or code)."""


def correctable_tables() -> list[str]:
    """Tables whose rows carry `corrected` (the document tables)."""
    return [t for t in contract()["tables"] if "corrected" in columns(t)]


# ---------------------------------------------------------------- reading and writing


def _dialect(text: str) -> str:
    """The delimiter of the file: ',' as written by kommunlens, ';' or tab as some spreadsheets
    save it."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def parse_corrections(text: str) -> tuple[list[Correction], list[tuple[int, str]]]:
    """Corrections from the file's text, and (line, message) for lines that cannot be read."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], []
    delimiter = _dialect(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [f for f in ("table", "row_id", "action") if f not in header]
    if missing:
        return [], [(1, f"the header lacks {', '.join(missing)}; expected {','.join(FIELDS)}")]
    out: list[Correction] = []
    bad: list[tuple[int, str]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        action = row.get("action", "").strip().lower()
        table = row.get("table", "").strip()
        if action not in ACTIONS:
            bad.append((line, f"action {action!r} is not one of {', '.join(ACTIONS)}"))
            continue
        if table not in correctable_tables():
            bad.append((line, f"table {table!r} cannot be corrected"))
            continue
        if action != "add" and not row.get("row_id", "").strip():
            bad.append((line, f"{action} needs a row_id"))
            continue
        if action == "set" and not row.get("column", "").strip():
            bad.append((line, "set needs a column"))
            continue
        out.append(
            Correction(
                table=table,
                row_id=row.get("row_id", "").strip(),
                action=action,
                column=row.get("column", "").strip(),
                value=row.get("value", ""),
                note=row.get("note", ""),
                who=row.get("who", ""),
                when=row.get("when", ""),
                line=line,
            )
        )
    return out, bad


def read_corrections(path: Path) -> tuple[list[Correction], list[tuple[int, str]]]:
    """The corrections in a file (none when it does not exist)."""
    path = Path(path)
    if not path.is_file():
        return [], []
    return parse_corrections(path.read_text(encoding="utf-8-sig", errors="replace"))


def fingerprint(out_dir: Path) -> str | None:
    """A hash of corrections.csv (None when there is none), so a run sees that it changed."""
    path = Path(out_dir) / CORRECTIONS_FILE
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def append_corrections(path: Path, corrections: Sequence[Correction]) -> int:
    """Add lines at the end of the file (with a header when it is new); never rewrite it."""
    path = Path(path)
    if not corrections:
        return 0
    existing = path.read_text(encoding="utf-8-sig", errors="replace") if path.is_file() else ""
    delimiter = _dialect(existing) if existing.strip() else ","
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if not existing.strip():
        writer.writerow(FIELDS)
    for c in corrections:
        writer.writerow(c.as_row())
    with path.open("a", encoding="utf-8", newline="") as fh:
        if existing and not existing.endswith("\n"):
            fh.write("\n")
        fh.write(buf.getvalue())
    return len(corrections)


# ---------------------------------------------------------------- values


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _as_list(value: Any) -> list:
    if _missing(value):
        return []
    if isinstance(value, list | tuple):
        return list(value)
    text = str(value).strip()
    if not text:
        return []
    if text.startswith("["):
        parsed = json.loads(text)
        if not isinstance(parsed, list):
            raise CorrectionError(f"{text!r} is not a list")
        return parsed
    return [part.strip() for part in text.replace("|", ";").split(";") if part.strip()]


def coerce(table: str, column: str, value: Any) -> Any:
    """A value (CSV text or JSON) as the column's type; CorrectionError when it cannot be."""
    spec = columns(table).get(column)
    if spec is None:
        raise CorrectionError(f"{table} has no column {column!r}")
    kind = spec["type"]
    if isinstance(value, str) and not value.strip() and not kind.startswith("list"):
        value = None
    if _missing(value):
        if not spec["nullable"]:
            raise CorrectionError(f"{table}.{column} cannot be empty")
        return None
    try:
        if kind == "string":
            return str(value).strip()
        if kind == "int64":
            number = float(str(value).replace(",", ".").replace(" ", ""))
            if not number.is_integer():
                raise ValueError(value)
            return int(number)
        if kind == "float64":
            return float(str(value).replace("\u202f", "").replace(" ", "").replace(",", "."))
        if kind == "bool":
            text = str(value).strip().lower()
            if text not in ("true", "false", "1", "0", "yes", "no", "ja", "nej"):
                raise ValueError(value)
            return text in ("true", "1", "yes", "ja")
        if kind == "date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        if kind == "timestamp":
            return dt.datetime.fromisoformat(str(value))
        if kind == "list<string>":
            return [str(v).strip() for v in _as_list(value)]
        if kind == "list<int64>":
            return [int(v) for v in _as_list(value)]
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise CorrectionError(f"{value!r} is not a valid {kind} for {table}.{column}") from exc
    raise CorrectionError(f"unsupported type {kind} of {table}.{column}")


def check_value(table: str, column: str, value: Any) -> Any:
    """coerce(), then codes from the codebook and municipality names made canonical."""
    value = coerce(table, column, value)
    section = CODED.get((table, column))
    if section and value is not None and value not in codes(section):
        raise CorrectionError(f"{value!r} is not a code of {section}: {', '.join(codes(section))}")
    allowed = ALLOWED.get((table, column))
    if allowed and value is not None and value not in allowed:
        raise CorrectionError(f"{value!r} is not one of {', '.join(allowed)}")
    if column in CODED_LISTS and value:
        allowed = codes(CODED_LISTS[column])
        wrong = [v for v in value if v not in allowed]
        if wrong:
            raise CorrectionError(f"{', '.join(wrong)} not in {CODED_LISTS[column]}")
    if column in MUNICIPALITY_COLUMNS and value is not None:
        official = official_municipality(value)
        if official is None:
            raise CorrectionError(f"{value!r} is not a Swedish municipality")
        value = official.name
    return value


# ---------------------------------------------------------------- applying


def added_row_id(c: Correction) -> str:
    """The id of a row an `add` line creates: its own row_id, else a hash of the line."""
    if c.row_id:
        return c.row_id
    text = "\x1f".join(["add", c.table, c.value.strip()])
    return "add-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _new_row(c: Correction, docs: dict[str, dict]) -> dict[str, Any]:
    """The row an `add` line describes, with defaults for what it leaves out."""
    try:
        given = json.loads(c.value)
    except json.JSONDecodeError as exc:
        raise CorrectionError(f"add: value is not a JSON object ({exc.msg})") from exc
    if not isinstance(given, dict):
        raise CorrectionError("add: value must be a JSON object of column: value")
    spec = columns(c.table)
    unknown = [k for k in given if k not in spec]
    if unknown:
        raise CorrectionError(f"add: {c.table} has no column {', '.join(unknown)}")
    if c.table == "documents":
        raise CorrectionError("add: documents come from the input folder; add the file there")
    if "doc_id" in spec and not given.get("doc_id"):
        raise CorrectionError("add: the row needs a doc_id")
    row: dict[str, Any] = {}
    for column, value in given.items():
        if column not in PROTECTED or column == "doc_id":
            row[column] = check_value(c.table, column, value)
    doc_id = row.get("doc_id")
    if "doc_id" in spec and doc_id not in docs:
        raise _Stale(f"document {doc_id!r} is not in the data")
    doc = docs.get(doc_id, {})
    row["row_id"] = added_row_id(c)
    row["corrected"] = True
    text = row.get("text")
    for column, col_spec in spec.items():
        if row.get(column) is not None:
            continue
        if column in ADD_DEFAULTS:
            row[column] = ADD_DEFAULTS[column]
        elif column == "municipality":
            row[column] = doc.get("municipality")
        elif column == "sentence":
            row[column] = text
        elif column.endswith("_id") and column != "row_id":
            row[column] = f"{doc_id}-{row['row_id']}"
        elif col_spec["type"].startswith("list") and not col_spec["nullable"]:
            row[column] = []
        elif not col_spec["nullable"]:
            raise CorrectionError(f"add: {c.table}.{column} is required")
    return row


class _Stale(Exception):
    """The row (or the document of an added row) no longer exists."""


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    arrow = pa.Table.from_pylist(rows, schema=arrow_schema(name))
    key = contract()["tables"][name].get("key", [])
    if key and arrow.num_rows:
        arrow = arrow.sort_by([(k, "ascending") for k in key])
    return arrow


def _problem(c: Correction, kind: str, message: str, when: dt.datetime) -> ErrorRecord:
    line = " ".join(f"{c.describe()}: {message}".split())
    return ErrorRecord(f"{CORRECTIONS_FILE}:{c.line}", STAGE, kind, line[:400], when)


def _follow_municipality(
    rows_by_table: dict[str, list[dict]], doc_id: str, value: str | None
) -> set:
    """A document moved to another municipality takes its initiatives and outcomes along."""
    touched = set()
    for name in ("initiatives", "outcomes"):
        for row in rows_by_table.get(name, []):
            if row.get("doc_id") == doc_id and row.get("municipality") != value:
                row["municipality"] = value
                row["corrected"] = True
                touched.add(name)
    return touched


def apply_corrections(
    tables: dict[str, pa.Table],
    corrections: Iterable[Correction],
    when: dt.datetime,
    unreadable: Iterable[tuple[int, str]] = (),
) -> Outcome:
    """The tables with the corrections applied, in file order; problems as error rows.

    Rows that a correction changed or added have `corrected` True. A correction of a row that
    is not there is a `stale_correction`; one that cannot be applied (unknown column, a value
    that is not a code) a `bad_correction`. Neither stops the others.
    """
    corrections = list(corrections)
    outcome = Outcome(tables=dict(tables))
    for line, message in unreadable:
        outcome.problems.append(
            ErrorRecord(f"{CORRECTIONS_FILE}:{line}", STAGE, "bad_correction", message, when)
        )
    if not corrections:
        return outcome
    wanted = {c.table for c in corrections if c.table in tables}
    if "documents" in wanted:
        wanted |= {"initiatives", "outcomes"} & set(tables)
    rows_by_table = {n: _rows(tables[n]) for n in wanted}
    index: dict[str, dict[str, dict]] = {}
    for name, rows in rows_by_table.items():
        index[name] = {}
        for row in rows:
            index[name].setdefault(row["row_id"], row)
    docs = {r["doc_id"]: r for r in _rows(tables["documents"])} if "documents" in tables else {}
    gone: set[int] = set()  # id() of dropped rows
    dropped: set[tuple[str, str]] = set()
    touched: set[str] = set()
    for c in corrections:
        if c.table not in rows_by_table:
            outcome.problems.append(_problem(c, "bad_correction", "no such table", when))
            continue
        rows = index[c.table]
        try:
            if c.action == "add":
                row = _new_row(c, docs)
                if row["row_id"] in rows:
                    continue  # the same line twice: one row
                rows[row["row_id"]] = row
                rows_by_table[c.table].append(row)
            elif (c.table, c.row_id) in dropped:
                continue  # already dropped by an earlier line
            elif c.row_id not in rows:
                raise _Stale("the row no longer exists")
            elif c.action == "drop":
                gone.add(id(rows.pop(c.row_id)))
                dropped.add((c.table, c.row_id))
            else:
                if c.column in PROTECTED:
                    raise CorrectionError(f"{c.column} cannot be changed")
                value = check_value(c.table, c.column, c.value)
                row = rows[c.row_id]
                row[c.column] = value
                row["corrected"] = True
                if c.table == "documents" and c.column == "municipality":
                    official = official_municipality(value) if value else None
                    row["municipality_code"] = official.code if official else None
                    row["county"] = official.county if official else row.get("county")
                    touched |= _follow_municipality(rows_by_table, row["doc_id"], value)
        except _Stale as exc:
            message = (
                f"{exc}; its document changed or left the corpus, or the fact is no longer "
                "found. The line is kept in corrections.csv: delete it there if it is obsolete"
            )
            outcome.problems.append(_problem(c, "stale_correction", message, when))
            continue
        except CorrectionError as exc:
            outcome.problems.append(_problem(c, "bad_correction", str(exc), when))
            continue
        touched.add(c.table)
        outcome.applied.append(c)
    for name in touched:
        kept = [r for r in rows_by_table[name] if id(r) not in gone]
        outcome.tables[name] = _table(name, kept)
    return outcome


def corrections_for(corrections: Iterable[Correction], table: str, row_id: str) -> list[Correction]:
    """The lines that name a row (for the report's notes)."""
    return [
        c
        for c in corrections
        if c.table == table and (c.row_id == row_id or added_row_id(c) == row_id)
    ]


def stamp(c: Correction, who: str, when: dt.datetime | None = None) -> Correction:
    """The correction signed and dated (ISO, seconds, UTC) as the review session writes it."""
    moment = (when or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return replace(c, who=c.who or who, when=c.when or moment.isoformat())
