"""The municipality_summary table: one row per municipality, built from the compare rows.

Nested counts are JSON object strings so the table stays flat and Parquet-friendly;
the numbers are exactly those of `compare` (one definition for both).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping

import pandas as pd
import pyarrow as pa

from pipeline.dataset.compare import KEY_SEP, compare
from pipeline.dataset.load import TABLE_NAMES, Dataset, empty_frame
from pipeline.dataset.schema import to_arrow
from pipeline.dataset.view import FUNDING_ROLES

TABLE = "municipality_summary"


Cells = dict[str, list[tuple]]  # measure -> [(key, value, n_evidence)] in compare order


def _cells_by_municipality(measures: pd.DataFrame) -> dict[str, Cells]:
    """The compare rows grouped by municipality and measure in one pass.

    Filtering the whole frame once per municipality would be quadratic in
    municipalities x rows; this keeps the summary linear.
    """
    out: dict[str, Cells] = {}
    for name, measure, key, value, n in zip(
        measures["municipality"],
        measures["measure"],
        measures["key"],
        measures["value"],
        measures["n_evidence"],
        strict=True,
    ):
        out.setdefault(name, {}).setdefault(measure, []).append((key, value, n))
    return out


def _as_map(cells: Cells, measure: str) -> dict[str, float | int]:
    return {str(k): _plain(v) for k, v, _ in cells.get(measure, [])}


def _plain(value: object) -> float | int | str:
    if hasattr(value, "item"):
        value = value.item()
    return value


def _json(mapping: Mapping) -> str:
    return json.dumps(mapping, ensure_ascii=False)


def _first(docs: list[dict], column: str) -> str | None:
    """The first non-null value of a column over the documents, as str."""
    return next((str(d[column]) for d in docs if not pd.isna(d[column])), None)


def _funding_by_funder_and_year(cells: Cells) -> dict[str, dict[str, float]]:
    """funder -> year -> SEK from the money_by_role_and_funder rows of the funding roles."""
    out: dict[str, dict[str, float]] = {}
    for key, value, _ in cells.get("money_by_role_and_funder", []):
        role, funder, year = str(key).split(KEY_SEP)
        if role in FUNDING_ROLES:
            years = out.setdefault(funder, {})
            years[year] = years.get(year, 0.0) + float(_plain(value))
    return out


def _docs_by_municipality(ds: Dataset) -> dict[str, list[dict]]:
    """Each municipality's documents (doc_id, code, county), ordered by doc_id."""
    docs = ds.documents.sort_values("doc_id")
    out: dict[str, list[dict]] = {}
    for doc_id, name, code, county in zip(
        docs["doc_id"],
        docs["municipality"],
        docs["municipality_code"],
        docs["county"],
        strict=True,
    ):
        out.setdefault(name, []).append(
            {"doc_id": doc_id, "municipality_code": code, "county": county}
        )
    return out


def summary_rows(ds: Dataset) -> list[dict]:
    """The summary as dicts (column -> value), one per municipality with documents."""
    by_name = _cells_by_municipality(compare(ds, None))
    docs_by_name = _docs_by_municipality(ds)
    entities_per_doc = Counter(ds.entities["doc_id"])
    money_rows = ds.amounts[ds.amounts["kind"] == "money"] if len(ds.amounts) else ds.amounts
    money_per_doc = Counter(money_rows["doc_id"])
    out = []
    for name in ds.municipalities():
        rows = by_name.get(name, {})
        docs = docs_by_name.get(name, [])
        ids = {d["doc_id"] for d in docs}
        doc_types = _as_map(rows, "documents")
        n_documents = int(doc_types.pop("total", len(docs)))
        period = _as_map(rows, "period")
        money = _as_map(rows, "money_total_sek")
        by_type = _as_map(rows, "initiatives_by_type")
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
                "n_money_amounts": sum(money_per_doc[d] for d in ids),
                "money_total_sek": float(money.get("funding_and_investment", 0.0)),
                "money_per_year_sek": float(money.get("per_year", 0.0)),
                "money_by_funder": _json(_as_map(rows, "money_by_funder")),
                "money_by_funder_and_year": _json(_funding_by_funder_and_year(rows)),
                "top_organisations": list(_as_map(rows, "organisations")),
                "n_outcomes": int(sum(_as_map(rows, "outcomes").values())),
                "outcome_indicators": _json(
                    {k: int(v) for k, v in _as_map(rows, "outcomes").items() if v}
                ),
                "scores": _json(_as_map(rows, "scores")),
                "n_entities": sum(entities_per_doc[d] for d in ids),
            }
        )
    return out


def summary_frame(ds: Dataset) -> pd.DataFrame:
    """The summary of a Dataset as a typed frame (empty with the right columns when no rows)."""
    rows = summary_rows(ds)
    return to_arrow(TABLE, rows).to_pandas() if rows else empty_frame(TABLE)


def _without_sentences(table: pa.Table) -> pa.Table:
    """The table with its `sentence` column emptied (kept, all null).

    The summary holds counts and values, never the evidence sentences; turning every
    sentence into a Python string was most of the write step's memory (about 1.3 GiB for
    10 000 documents)."""
    if "sentence" not in table.column_names:
        return table
    index = table.column_names.index("sentence")
    field = table.schema.field(index)
    return table.set_column(index, field, pa.nulls(table.num_rows, field.type))


def build_municipality_summary(tables: Mapping[str, pa.Table | pd.DataFrame]) -> pa.Table:
    """The municipality_summary table from the other tables (as build_tables returns them)."""
    frames = {
        name: (
            _without_sentences(tables[name]).to_pandas()
            if isinstance(tables.get(name), pa.Table)
            else tables.get(name)
        )
        for name in TABLE_NAMES
    }
    frames = {n: f if f is not None else empty_frame(n) for n, f in frames.items()}
    ds = Dataset(**frames)
    return to_arrow(TABLE, summary_rows(ds))
