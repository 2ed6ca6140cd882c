"""Minutes into table rows: agenda_items, attendance, and each sentence's § item.

`agenda_paragraph` is worked out once per sentence (the item whose span holds the
sentence's start) and copied onto every row made from that sentence, after the extractors
have made their rows, so no extractor needs to know about minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from pipeline.dataset.records import AgendaItemRecord, AttendanceRecord, Sentence
from pipeline.minutes import AgendaItem, Minutes, paragraph_at

Row = TypeVar("Row")


def sentence_paragraphs(
    sentences: Sequence[Sentence], items: Iterable[AgendaItem]
) -> dict[int, str]:
    """sent_idx -> paragraph of the § item the sentence belongs to (only those that have one)."""
    in_body = sorted((i for i in items if i.in_body), key=lambda i: i.start)
    if not in_body:
        return {}
    out = {}
    for sentence in sentences:
        paragraph = paragraph_at(in_body, sentence.start)
        if paragraph is not None:
            out[sentence.idx] = paragraph
    return out


def with_paragraphs(rows: list[Row], paragraphs: dict[int, str]) -> list[Row]:
    """The rows with `agenda_paragraph` set from their sentence (rows unchanged when none)."""
    if not paragraphs:
        return rows
    return [
        replace(row, agenda_paragraph=paragraphs[row.sent_idx])  # type: ignore[attr-defined]
        if row.sent_idx in paragraphs  # type: ignore[attr-defined]
        else row
        for row in rows
    ]


def agenda_rows(doc_id: str, minutes: Minutes | None) -> list[AgendaItemRecord]:
    if minutes is None:
        return []
    return [
        AgendaItemRecord(doc_id, i.paragraph, i.case_number, i.title, i.decision, i.start, i.end)
        for i in minutes.items
    ]


def attendance_rows(doc_id: str, minutes: Minutes | None) -> list[AttendanceRecord]:
    if minutes is None:
        return []
    return [
        AttendanceRecord(doc_id, a.name, a.party, a.role, a.present, a.start, a.end)
        for a in minutes.attendance
    ]
