"""Narrowing a dataset: to municipalities, a period or document types, with a fresh summary.

Kept apart from loading (pipeline/dataset/load.py) because the municipality summary of a
narrowed dataset is rebuilt from the comparison code, which loading never needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from pipeline.dataset.load import DOC_TABLES, Dataset, document_span, fold
from pipeline.dataset.names import NameMatcher


def with_summary(ds: Dataset) -> Dataset:
    """The dataset with its municipality_summary computed from its other tables."""
    from pipeline.dataset.summary import summary_frame

    return replace(ds, municipality_summary=summary_frame(ds))


def restrict(ds: Dataset, doc_ids: Iterable[str]) -> Dataset:
    """Keep only the given documents in every table; errors (files without a doc) stay."""
    keep = set(doc_ids)
    frames = {}
    for name in ("documents", *DOC_TABLES):
        frame = getattr(ds, name)
        frames[name] = frame[frame["doc_id"].isin(keep)].reset_index(drop=True)
    return with_summary(replace(ds, **frames))


def filter_municipalities(ds: Dataset, names: Iterable[str]) -> Dataset:
    """Documents about these municipalities: names as typed ('Ostersund', 'Kalix kommun',
    '2514'; pipeline/dataset/names.py); a name that matches none keeps nothing."""
    docs = ds.documents
    known = docs.dropna(subset=["municipality", "municipality_code"])
    matcher = NameMatcher(
        ds.municipalities(),
        dict(zip(known["municipality_code"], known["municipality"], strict=True)),
    )
    wanted = {matcher.match(str(n)) for n in names} - {None}
    hit = docs["municipality"].map(lambda m: isinstance(m, str) and m in wanted)
    return restrict(ds, docs.loc[hit.astype(bool), "doc_id"])


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value)
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return dt.date.fromisoformat(text)


def filter_period(
    ds: Dataset, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> Dataset:
    """Documents whose publication date or period overlaps [start, end] (either end open).

    Undated documents are dropped. A year ('2022') or month ('2022-03') is read as its
    first day for `start`; pass a full date for an exact end.
    """
    lo, hi = _as_date(start), _as_date(end)
    keep = []
    for row in ds.documents.to_dict("records"):
        first, last = document_span(row)
        if first is None:
            continue
        if (hi is None or first <= hi) and (lo is None or last >= lo):
            keep.append(row["doc_id"])
    return restrict(ds, keep)


def filter_doc_types(ds: Dataset, types: Iterable[str]) -> Dataset:
    """Documents of these doc_types (report, minutes, newsletter, article, other)."""
    wanted = {fold(t) for t in types}
    docs = ds.documents
    hit = docs["doc_type"].map(lambda t: isinstance(t, str) and fold(t) in wanted)
    return restrict(ds, docs.loc[hit.astype(bool), "doc_id"])
