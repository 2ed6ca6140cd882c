"""The municipality_summary table: one row per municipality, built from the compare rows.

Nested counts are JSON object strings so the table stays flat and Parquet-friendly;
the numbers are exactly those of `compare` (one definition for both).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

import pandas as pd
import pyarrow as pa

from pipeline.dataset.compare import compare
from pipeline.dataset.load import TABLE_NAMES, Dataset, empty_frame
from pipeline.dataset.schema import to_arrow

TABLE = "municipality_summary"


def _as_map(rows: pd.DataFrame, measure: str) -> dict[str, float | int]:
    sub = rows[rows["measure"] == measure]
    return {str(k): _plain(v) for k, v in zip(sub["key"], sub["value"], strict=True)}


def _plain(value: object) -> float | int | str:
    if hasattr(value, "item"):
        value = value.item()
    return value


def _json(mapping: Mapping) -> str:
    return json.dumps(mapping, ensure_ascii=False)


def _first(docs: pd.DataFrame, column: str) -> str | None:
    values = docs[column].dropna()
    return str(values.iloc[0]) if len(values) else None


def summary_rows(ds: Dataset) -> list[dict]:
    """The summary as dicts (column -> value), one per municipality with documents."""
    measures = compare(ds, None)
    out = []
    for name in ds.municipalities():
        rows = measures[measures["municipality"] == name]
        docs = ds.documents[ds.documents["municipality"] == name].sort_values("doc_id")
        ids = set(docs["doc_id"])
        doc_types = _as_map(rows, "documents")
        n_documents = int(doc_types.pop("total", len(docs)))
        period = _as_map(rows, "period")
        money = _as_map(rows, "money_total_sek")
        by_type = _as_map(rows, "initiatives_by_type")
        money_rows = rows[rows["measure"] == "money_total_sek"]
        out.append(
            {
                "municipality": name,
                "municipality_code": _first(docs, "municipality_code"),
                "county": _first(docs, "county"),
                "n_documents": n_documents,
                "doc_types": _json({k: int(v) for k, v in doc_types.items() if v}),
                "first_date": dt.date.fromisoformat(period["first"]) if "first" in period else None,
                "last_date": dt.date.fromisoformat(period["last"]) if "last" in period else None,
                "focus_area_shares": _json(
                    {k: round(float(v), 4) for k, v in _as_map(rows, "focus_area").items()}
                ),
                "n_initiatives": int(sum(by_type.values())),
                "initiatives_by_type": _json({k: int(v) for k, v in by_type.items() if v}),
                "initiatives_by_status": _json(
                    {k: int(v) for k, v in _as_map(rows, "initiatives_by_status").items()}
                ),
                "n_money_amounts": int(
                    money_rows.loc[money_rows["key"] == "all", "n_evidence"].sum()
                ),
                "money_total_sek": float(money.get("all", 0.0)),
                "money_per_year_sek": float(money.get("per_year", 0.0)),
                "money_by_funder": _json(_as_map(rows, "money_by_funder")),
                "top_organisations": list(_as_map(rows, "organisations")),
                "n_outcomes": int(sum(_as_map(rows, "outcomes").values())),
                "outcome_indicators": _json(
                    {k: int(v) for k, v in _as_map(rows, "outcomes").items() if v}
                ),
                "scores": _json(_as_map(rows, "scores")),
                "n_entities": int(ds.entities["doc_id"].isin(ids).sum()),
            }
        )
    return out


def summary_frame(ds: Dataset) -> pd.DataFrame:
    """The summary of a Dataset as a typed frame (empty with the right columns when no rows)."""
    rows = summary_rows(ds)
    return to_arrow(TABLE, rows).to_pandas() if rows else empty_frame(TABLE)


def build_municipality_summary(tables: Mapping[str, pa.Table | pd.DataFrame]) -> pa.Table:
    """The municipality_summary table from the other tables (as build_tables returns them)."""
    frames = {
        name: (
            tables[name].to_pandas() if isinstance(tables.get(name), pa.Table) else tables.get(name)
        )
        for name in TABLE_NAMES
    }
    frames = {n: f if f is not None else empty_frame(n) for n, f in frames.items()}
    ds = Dataset(**frames)
    return to_arrow(TABLE, summary_rows(ds))
