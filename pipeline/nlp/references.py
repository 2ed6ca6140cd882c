"""Stretches of text that hold digits but are never dates or amounts.

Case numbers and diarienummer ("Dnr KS 2018/56", "KS-2024-00167"), paragraph references
("§ 253/2016"), URLs (".../2017/05/..."), e-mail addresses, ISBNs, phone numbers, organisation
numbers, times of day ("kl. 13.00-13.35") and page references ("sidan 4 av 17"). A date or an
amount that overlaps one of them is dropped. The patterns are data: `not_dates` in
resources/dates_sv.json.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from pipeline.resources import load_json


@cache
def _pattern() -> re.Pattern[str]:
    table = load_json("dates_sv.json")["not_dates"]
    parts = [f"(?:{rx})" for name, rx in table.items() if not name.startswith("_")]
    return re.compile("|".join(parts), re.IGNORECASE)


def reference_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every reference in `text`, in order, not overlapping."""
    return [(m.start(), m.end()) for m in _pattern().finditer(text) if m.end() > m.start()]


class References:
    """The references of one text, for fast overlap tests."""

    def __init__(self, text: str) -> None:
        spans = reference_spans(text)
        self._starts = [a for a, _ in spans]
        self._ends = [b for _, b in spans]

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares a character with a reference."""
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self._ends[i] > start

    def __bool__(self) -> bool:
        return bool(self._starts)
