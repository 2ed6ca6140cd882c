"""The date a document was published or a meeting held.

Looked for, in order: a date after "Publicerad", "Datum" and the like
anywhere in the text; then the first full date (day precision) in the first
lines ("Årskrönika | 2021-12-22", "Anteckningar näringslivsdialog 14 december
2020"). Dates further down ("Sidan uppdaterad ...", "nästa möte ...") are not
publication dates.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from pipeline.nlp.dates import find_dates
from pipeline.resources import load_json


def _cues() -> dict:
    return load_json("metadata_cues.json")


@cache
def _prefix_pattern() -> re.Pattern[str]:
    words = "|".join(map(re.escape, _cues()["published_prefixes"]))
    return re.compile(rf"(?<!\w)(?:{words})\s*:?\s*", re.IGNORECASE)


def _first_day(text: str) -> dt.date | None:
    for match in find_dates(text):
        if match.date.granularity == "day" and not match.date.inferred_year:
            return match.date.start
    return None


def detect_published(text: str) -> dt.date | None:
    """Publication date, or None when the document does not state one."""
    for prefix in _prefix_pattern().finditer(text):
        window = text[prefix.end() : prefix.end() + 40].split("\n", 1)[0]
        found = _first_day(window)
        if found:
            return found
    lines = [line for line in text.splitlines() if line.strip()]
    header = "\n".join(lines[: _cues()["header_lines"]])
    return _first_day(header)
