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
import pyarrow.compute as pc

from pipeline.dataset.compare import (
    COLUMNS_USED,
    KEY_SEP,
    PART_DOCUMENTS,
    compare,
    measure_rows,
    measures_frame,
    parts_by_documents,
)
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


def _docs_by_municipality(documents: pd.DataFrame) -> dict[str, list[dict]]:
    """Each municipality's documents (doc_id, code, county), ordered by doc_id."""
    docs = documents.sort_values("doc_id")
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


def _money_per_doc(amounts: pd.DataFrame) -> Counter:
    return Counter(amounts.loc[amounts["kind"] == "money", "doc_id"]) if len(amounts) else Counter()


def summary_rows(ds: Dataset) -> list[dict]:
    """The summary as dicts (column -> value), one per municipality with documents."""
    return _summary(
        ds.municipalities(),
        _cells_by_municipality(compare(ds, None)),
        _docs_by_municipality(ds.documents),
        Counter(ds.entities["doc_id"]),
        _money_per_doc(ds.amounts),
    )


def _summary(
    names: list[str],
    by_name: dict[str, Cells],
    docs_by_name: dict[str, list[dict]],
    entities_per_doc: Counter,
    money_per_doc: Counter,
) -> list[dict]:
    out = []
    for name in names:
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


# the columns the summary reads; `sentence` never (it holds counts, not evidence)
_PART_COLUMNS = {
    table: tuple(c for c in columns if c != "sentence") for table, columns in COLUMNS_USED.items()
}


def _part(table: pa.Table | pd.DataFrame | None, name: str, ids: pa.Array) -> pd.DataFrame:
    """The rows of these documents, only the columns the summary reads, as pandas."""
    if table is None:
        return empty_frame(name)
    columns = [c for c in _PART_COLUMNS.get(name, _columns(table)) if c in _columns(table)]
    if isinstance(table, pd.DataFrame):
        return table.loc[table["doc_id"].isin(ids.to_pylist()), columns]
    return table.select(columns).filter(pc.is_in(table["doc_id"], value_set=ids)).to_pandas()


def _columns(table: pa.Table | pd.DataFrame) -> list[str]:
    return list(table.columns) if isinstance(table, pd.DataFrame) else table.column_names


def build_municipality_summary(
    tables: Mapping[str, pa.Table | pd.DataFrame], part_documents: int = PART_DOCUMENTS
) -> pa.Table:
    """The municipality_summary table from the other tables (as build_tables returns them).

    Each municipality's figures depend only on its own documents, so they are measured a
    part at a time (about `part_documents` documents): only one part's rows are ever pandas
    or Python objects. Converting every table at once made this the largest step of a
    10 000-document run (1.7 GiB)."""
    documents = tables.get("documents")
    if documents is None:
        documents = empty_frame("documents")
    elif isinstance(documents, pa.Table):
        documents = documents.to_pandas()
    names = sorted(documents["municipality"].dropna().unique().tolist())
    kpi = tables.get("kpi")
    kpi = kpi.to_pandas() if isinstance(kpi, pa.Table) else kpi
    rows: list[dict] = []
    entities_per_doc: Counter = Counter()
    money_per_doc: Counter = Counter()
    counts = Counter(documents["municipality"].dropna())
    for part_names in parts_by_documents(counts, names, part_documents):
        docs = documents[documents["municipality"].isin(part_names)]
        ids = pa.array(docs["doc_id"].tolist(), pa.string())
        frames = {n: _part(tables.get(n), n, ids) for n in COLUMNS_USED}
        part = Dataset(
            **{n: frames.get(n, empty_frame(n)) for n in TABLE_NAMES}
            | {"documents": docs, "kpi": kpi if kpi is not None else empty_frame("kpi")}
        )
        rows += measure_rows(part, part_names)
        entities_per_doc.update(part.entities["doc_id"])
        money_per_doc.update(_money_per_doc(part.amounts))
    by_name = _cells_by_municipality(measures_frame(rows, names))
    return to_arrow(
        TABLE,
        _summary(names, by_name, _docs_by_municipality(documents), entities_per_doc, money_per_doc),
    )
