"""`kommunlens review`: the doubtful rows first, and a short session that writes corrections.

The rows to review are initiatives and outcomes, lowest detector confidence first; rows
without a confidence (not scored) come after the scored ones, in document order; rows an
analyst already corrected, or that a line of corrections.csv names, are left out.

The session reads one answer per row from a text stream (the terminal, or a pipe in tests and
scripts) and appends every correction to corrections.csv at once, so stopping half-way loses
nothing. A file-based session (`--from FILE`) checks a file of corrections against the tables
and appends the lines that apply. The tables change at the next `kommunlens run`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import pyarrow as pa

from pipeline.dataset.load import Dataset
from pipeline.dataset.schema import arrow_schema
from pipeline.review.corrections import (
    CORRECTIONS_FILE,
    Correction,
    CorrectionError,
    append_corrections,
    apply_corrections,
    check_value,
    correctable_tables,
    read_corrections,
    stamp,
)

REVIEWED_TABLES = ("initiatives", "outcomes")
SHOWN = {
    "initiatives": ("initiative_type", "status", "municipality"),
    "outcomes": ("indicator", "value", "year", "direction", "municipality"),
}
ADD_FIELDS = {
    "initiatives": ("text", "initiative_type", "status", "dates"),
    "outcomes": ("text", "indicator", "value", "unit", "year", "direction"),
}
HELP = (
    "  Enter: keep  ·  d [note]: drop  ·  s COLUMN VALUE [-- note]: set  ·  "
    "a: add a missed row from this document  ·  q: quit"
)


@dataclass(frozen=True)
class Doubtful:
    """A row to review, with what the reviewer needs to judge it."""

    table: str
    row_id: str
    confidence: float | None
    doc_id: str
    title: str | None
    source_path: str | None
    sent_idx: int | None
    text: str
    sentence: str
    fields: dict[str, Any]


def _none(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def doubtful_rows(
    ds: Dataset,
    tables: Iterable[str] = REVIEWED_TABLES,
    limit: int | None = None,
    exclude: Iterable[str] = (),
) -> list[Doubtful]:
    """Initiatives and outcomes, lowest confidence first, unscored after; corrected ones out."""
    skip = set(exclude)
    docs = {d["doc_id"]: d for d in ds.documents.to_dict("records")}
    found: list[Doubtful] = []
    for table in tables:
        for row in getattr(ds, table).to_dict("records"):
            if row.get("corrected") is True or row["row_id"] in skip:
                continue
            doc = docs.get(row["doc_id"], {})
            found.append(
                Doubtful(
                    table=table,
                    row_id=row["row_id"],
                    confidence=_none(row.get("confidence")),
                    doc_id=row["doc_id"],
                    title=_none(doc.get("title")),
                    source_path=_none(doc.get("source_path")),
                    sent_idx=_none(row.get("sent_idx")),
                    text=row["text"],
                    sentence=row["sentence"],
                    fields={k: _none(row.get(k)) for k in SHOWN[table]},
                )
            )
    found.sort(
        key=lambda d: (
            d.confidence is None,
            d.confidence if d.confidence is not None else 0.0,
            d.source_path or "",
            d.sent_idx if d.sent_idx is not None else -1,
            d.table,
        )
    )
    return found[:limit] if limit else found


def format_doubtful(rows: list[Doubtful], fmt: str = "table") -> str:
    """The list for `kommunlens review --list` (table or csv)."""
    frame = pd.DataFrame(
        [
            {
                "table": r.table,
                "row_id": r.row_id,
                "confidence": r.confidence,
                **{k: r.fields.get(k) for k in ("initiative_type", "status", "indicator", "value")},
                "text": r.text,
                "document": r.source_path,
                "sent_idx": r.sent_idx,
            }
            for r in rows
        ]
    )
    if frame.empty:
        return "No rows to review."
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n").rstrip("\n")
    frame = frame.dropna(axis=1, how="all")
    frame["text"] = frame["text"].map(lambda t: t if len(t) <= 70 else t[:69] + "…")
    return frame.to_string(index=False, na_rep="–")


def _describe(n: int, total: int, r: Doubtful) -> str:
    conf = "not scored" if r.confidence is None else f"confidence {r.confidence:.2f}"
    fields = " · ".join(f"{k} {v}" for k, v in r.fields.items() if v is not None)
    where = f"{r.title or r.source_path} ({r.source_path}, sentence {r.sent_idx})"
    return (
        f"\n[{n}/{total}] {r.table} {r.row_id} · {conf} · {fields}\n"
        f"  “{r.text}”\n  in: “{r.sentence}”\n  {where}"
    )


def _split_note(text: str) -> tuple[str, str]:
    if " -- " in text:
        body, note = text.split(" -- ", 1)
        return body.strip(), note.strip()
    return text.strip(), ""


def _ask(stdin: TextIO, stdout: TextIO, prompt: str) -> str | None:
    stdout.write(prompt)
    stdout.flush()
    line = stdin.readline()
    return None if line == "" else line.rstrip("\n")


def _add(r: Doubtful, stdin: TextIO, stdout: TextIO) -> Correction | None:
    """Ask for the fields of a missed row of the same table and document."""
    row: dict[str, Any] = {"doc_id": r.doc_id}
    stdout.write(f"  A missed {r.table[:-1]} in {r.source_path}; empty text cancels.\n")
    for column in ADD_FIELDS[r.table]:
        while True:
            answer = _ask(stdin, stdout, f"  {column}: ")
            if answer is None or (column == "text" and not answer.strip()):
                return None
            if not answer.strip():
                break
            try:
                value = check_value(r.table, column, answer)
            except CorrectionError as exc:
                stdout.write(f"  {exc}\n")
                continue
            row[column] = value.isoformat() if isinstance(value, dt.date) else value
            break
    note = _ask(stdin, stdout, "  note: ") or ""
    return Correction(r.table, "", "add", value=json.dumps(row, ensure_ascii=False), note=note)


def _answer(r: Doubtful, line: str, stdin: TextIO, stdout: TextIO) -> Correction | str | None:
    """A correction, "quit", "keep", or None (an answer to ask again)."""
    command, _, rest = line.strip().partition(" ")
    command = command.lower()
    if command in ("", "k", "keep"):
        return "keep"
    if command in ("q", "quit"):
        return "quit"
    if command in ("d", "drop"):
        return Correction(r.table, r.row_id, "drop", note=rest.strip())
    if command in ("s", "set"):
        body, note = _split_note(rest)
        column, _, value = body.partition(" ")
        if not column:
            stdout.write("  set needs a column and a value: s status completed\n")
            return None
        try:
            check_value(r.table, column, value)
        except CorrectionError as exc:
            stdout.write(f"  {exc}\n")
            return None
        if column in ("row_id", "doc_id", "corrected"):
            stdout.write(f"  {column} cannot be changed\n")
            return None
        return Correction(r.table, r.row_id, "set", column, value.strip(), note=note)
    if command in ("a", "add"):
        return _add(r, stdin, stdout) or "keep"
    stdout.write(HELP + "\n")
    return None


def interactive_session(
    data_dir: Path,
    rows: list[Doubtful],
    stdin: TextIO,
    stdout: TextIO,
    who: str,
) -> list[Correction]:
    """Ask about each row; append each correction to corrections.csv as it is made."""
    path = Path(data_dir) / CORRECTIONS_FILE
    written: list[Correction] = []
    stdout.write(f"{len(rows)} rows to review, the most doubtful first.\n{HELP}\n")
    for n, r in enumerate(rows, start=1):
        stdout.write(_describe(n, len(rows), r) + "\n")
        while True:
            line = _ask(stdin, stdout, "> ")
            if line is None:
                return written
            answer = _answer(r, line, stdin, stdout)
            if answer is None:
                continue
            if answer == "quit":
                return written
            if isinstance(answer, Correction):
                correction = stamp(answer, who)
                append_corrections(path, [correction])
                written.append(correction)
                stdout.write(f"  written: {correction.describe()}\n")
            if answer == "keep" or isinstance(answer, Correction):
                if isinstance(answer, Correction) and answer.action == "add":
                    continue  # still on the same row: it may itself be wrong
                break
    return written


def file_session(
    data_dir: Path, ds: Dataset, source: Path, who: str
) -> tuple[list[Correction], list[str]]:
    """Check the corrections in `source` against the tables; append those that apply.

    Returns (appended, problems); a line that names a missing row or has a bad value is
    reported and not appended.
    """
    corrections, unreadable = read_corrections(source)
    problems = [f"{source.name}:{line}: {message}" for line, message in unreadable]
    tables = {
        name: pa.Table.from_pandas(frame, schema=arrow_schema(name), preserve_index=False)
        for name, frame in _doc_tables(ds)
    }
    checked = apply_corrections(tables, corrections, dt.datetime.now(dt.UTC))
    bad_lines = {int(e.source_path.rsplit(":", 1)[1]) for e in checked.problems}
    problems += [
        f"{source.name}:{e.source_path.rsplit(':', 1)[1]}: {e.error_type}: {e.message}"
        for e in checked.problems
    ]
    good = [stamp(c, who) for c in corrections if c.line not in bad_lines]
    append_corrections(Path(data_dir) / CORRECTIONS_FILE, good)
    return good, problems


def _doc_tables(ds: Dataset) -> list[tuple[str, pd.DataFrame]]:
    return [(name, getattr(ds, name)) for name in correctable_tables()]


def already_named(data_dir: Path) -> set[str]:
    """Row ids that corrections.csv already names (not to be asked about again)."""
    corrections, _ = read_corrections(Path(data_dir) / CORRECTIONS_FILE)
    return {c.row_id for c in corrections if c.row_id}
