"""Reading minutes as minutes: meeting date, body, § items and attendance.

`read_minutes` takes a document's clean text and its furniture (RawDocument.layout) and
returns what the `documents`, `agenda_items` and `attendance` tables hold for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.minutes.agenda import AgendaItem, agenda_items
from pipeline.minutes.attendance import Attendee, attendance
from pipeline.minutes.header import meeting_body, meeting_date
from pipeline.minutes.lines import text_lines

__all__ = ["AgendaItem", "Attendee", "Minutes", "paragraph_at", "read_minutes"]


@dataclass(frozen=True)
class Minutes:
    meeting_date: dt.date | None
    body: str | None
    items: tuple[AgendaItem, ...] = field(default_factory=tuple)
    attendance: tuple[Attendee, ...] = field(default_factory=tuple)


def read_minutes(text: str, layout: Iterable[object] = ()) -> Minutes:
    """Meeting date, body, agenda items and attendance of a set of minutes."""
    layout = tuple(layout)
    lines = text_lines(text, layout)
    items = agenda_items(text, layout)
    first_item = min((i.start for i in items if i.in_body), default=None)
    first_toc = min((ln.start for ln in lines if ln.kind == "toc"), default=None)
    stops = [x for x in (first_item, first_toc) if x is not None]
    return Minutes(
        meeting_date=meeting_date(lines),
        body=meeting_body(lines),
        items=tuple(items),
        attendance=tuple(attendance(lines, min(stops) if stops else None)),
    )


def paragraph_at(items: Iterable[AgendaItem], offset: int) -> str | None:
    """The paragraph of the item whose body holds `offset`, or None."""
    for item in items:
        if item.in_body and item.start <= offset < item.end:
            return item.paragraph
    return None
