"""A document's clean text as lines with their offsets and furniture kind."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TextLine:
    start: int
    end: int
    text: str
    kind: str | None  # the furniture kind (layout span) the line belongs to, None for prose


def text_lines(text: str, layout: Iterable[object] = ()) -> list[TextLine]:
    """Every non-blank line of `text` with its offsets and the kind of layout span holding it."""
    spans = sorted((s.start, s.end, s.kind) for s in layout)  # type: ignore[attr-defined]
    starts = [s[0] for s in spans]
    out: list[TextLine] = []
    position = 0
    for raw in text.split("\n"):
        start, end = position, position + len(raw)
        position = end + 1
        if not raw.strip():
            continue
        i = bisect.bisect_right(starts, start) - 1
        kind = spans[i][2] if i >= 0 and spans[i][0] <= start < spans[i][1] else None
        lead = len(raw) - len(raw.lstrip())
        out.append(TextLine(start + lead, end - (len(raw) - len(raw.rstrip())), raw.strip(), kind))
    return out
