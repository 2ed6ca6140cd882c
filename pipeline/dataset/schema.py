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


def row_id(table: str, row: dict[str, Any]) -> str:
    """A stable id for a row: the table, the document and the fact's key columns, hashed.

    The same document processed again gives the same fact the same id, so a correction
    that names it keeps applying; nothing depends on row order or counters.
    """
    spec = contract()["tables"][table]
    parts = [table, str(row.get("doc_id", ""))]
    parts += [f"{k}={row.get(k)!r}" for k in spec.get("identity", spec.get("key", []))]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def to_arrow(table: str, rows: list[Any]) -> pa.Table:
    """Rows (dataclasses or dicts) to a typed Arrow table, sorted by the table's key.

    A row without a `row_id` gets one (row_id()); `corrected` defaults to False.
    """
    dicts = [asdict(r) if is_dataclass(r) else dict(r) for r in rows]
    schema = arrow_schema(table)
    for d in dicts:
        if "row_id" in schema.names and not d.get("row_id"):
            d["row_id"] = row_id(table, d)
        if "corrected" in schema.names and d.get("corrected") is None:
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
