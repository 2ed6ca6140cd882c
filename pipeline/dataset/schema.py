"""The data contract (resources/schema.json) as pyarrow schemas and a validator."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, is_dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.resources import load_json

_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "list<string>": pa.list_(pa.string()),
    "list<int64>": pa.list_(pa.int64()),
}


def contract() -> dict[str, Any]:
    """The parsed schema.json."""
    return load_json("schema.json")


def table_names() -> list[str]:
    return list(contract()["tables"])


def columns(table: str) -> dict[str, dict[str, Any]]:
    return contract()["tables"][table]["columns"]


def arrow_schema(table: str) -> pa.Schema:
    """Column order and types exactly as in the contract."""
    return pa.schema(
        [
            pa.field(name, _ARROW_TYPES[spec["type"]], nullable=spec["nullable"])
            for name, spec in columns(table).items()
        ],
        metadata={"schema_version": contract()["schema_version"], "table": table},
    )


def identity_columns(table: str) -> list[str]:
    """The columns that say which fact a row is (besides its document)."""
    spec = contract()["tables"][table]
    return list(spec.get("identity", spec.get("key", [])))


def row_id(table: str, row: dict[str, Any], occurrence: int = 1) -> str:
    """A stable id for a row: the table, the document and the fact as written, hashed.

    The fact is the table's identity columns (an initiative's text, an entity's text and
    label), not its offsets: the same document processed again, even with another sentence
    splitter, gives the same fact the same id, so a correction that names it keeps applying.
    A fact written twice in one document is told apart by its occurrence (1, 2, ... in
    document order); nothing depends on row order or counters otherwise.
    """
    parts = [table, str(row.get("doc_id", ""))]
    parts += [f"{k}={row.get(k)!r}" for k in identity_columns(table)]
    if occurrence > 1:
        parts.append(f"#{occurrence}")
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _position(row: dict[str, Any]) -> tuple:
    """Where a row sits in its document, for numbering repeated facts."""
    return tuple(-1 if row.get(k) is None else row[k] for k in ("start_char", "end_char"))


def assign_row_ids(table: str, rows: list[dict[str, Any]]) -> None:
    """Give every row without a row_id one (row_id()), numbering repeats in document order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if not row.get("row_id"):
            groups.setdefault(row_id(table, row), []).append(row)
    for base, same in groups.items():
        same.sort(key=_position)
        same[0]["row_id"] = base
        for n, row in enumerate(same[1:], start=2):
            row["row_id"] = row_id(table, row, n)


def to_arrow(table: str, rows: list[Any]) -> pa.Table:
    """Rows (dataclasses or dicts) to a typed Arrow table, sorted by the table's key.

    A row without a `row_id` gets one (assign_row_ids); `corrected` defaults to False.
    """
    dicts = [asdict(r) if is_dataclass(r) else dict(r) for r in rows]
    schema = arrow_schema(table)
    if "row_id" in schema.names:
        assign_row_ids(table, dicts)
    if "corrected" in schema.names:
        for d in dicts:
            if d.get("corrected") is None:
                d["corrected"] = False
    names = schema.names
    data = {name: [d.get(name) for d in dicts] for name in names}
    arrow = pa.Table.from_pydict(data, schema=schema)
    key = contract()["tables"][table].get("key", [])
    if key and arrow.num_rows:
        arrow = arrow.sort_by([(k, "ascending") for k in key])
    return arrow


def validate_frame(table: str, frame: pd.DataFrame | pa.Table) -> list[str]:
    """Differences between a table and the contract; empty when it conforms."""
    arrow = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame)
    expected = arrow_schema(table)
    problems = []
    if arrow.schema.names != expected.names:
        problems.append(f"{table}: columns {arrow.schema.names} != {expected.names}")
        return problems
    for field in expected:
        actual = arrow.schema.field(field.name)
        if not actual.type.equals(field.type):
            problems.append(f"{table}.{field.name}: type {actual.type} != {field.type}")
        if not field.nullable and arrow.column(field.name).null_count:
            problems.append(f"{table}.{field.name}: has nulls but is not nullable")
    return problems
