"""The period a document reports on, as opposed to every year it mentions.

`documents.period_start/period_end` span the document's dates except goal and plan years
("Vision 2030", "Översiktsplan 2040", "till år 2030": pipeline.nlp.dates.is_goal_year) and,
when the document is dated, dates that end after the document's own year (what is planned
is not yet reported). The dates table keeps every date; only the period leaves these out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pipeline.dataset.records import DateRecord, Sentence
from pipeline.nlp.dates import DateValue, is_goal_year


def reported_period(
    dates: Sequence[DateRecord],
    sentences: Sequence[Sentence],
    doc_date: dt.date | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """(first day, last day) of the reported period, or (None, None) when no date counts."""
    starts = {s.idx: s.start for s in sentences}
    kept: list[DateRecord] = []
    for d in dates:
        if doc_date is not None and d.date_end.year > doc_date.year:
            continue
        value = DateValue(d.value, d.date_start, d.date_end, d.granularity, d.inferred_year)
        offset = d.start_char - starts.get(d.sent_idx, d.start_char)
        if is_goal_year(d.sentence, offset, value, doc_date):
            continue
        kept.append(d)
    if not kept:
        return None, None
    return min(d.date_start for d in kept), max(d.date_end for d in kept)
