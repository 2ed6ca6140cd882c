"""The date a document was published or a meeting held.

Looked for, in order: a day date right after "Publicerad", "Datum", "NYHET" and the like
anywhere in the text ("Publicerad 11 november 2019", "NYHET10 juni 2022", but not "Datum då
anslaget sätts upp ..."); then the first day date in the first lines that are short enough
to be headings ("Årskrönika | 2021-12-22", "Anteckningar näringslivsdialog 14 december
2020"). Dates further down or inside prose ("Sidan uppdaterad ...", "nästa möte den 7 juni")
are not publication dates. The caller passes the text with signatures, notices and web
furniture blanked, so an e-signature's "Datum: 2024-12-04" or a viewer's upload date never
counts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

from pipeline.nlp.dates import find_dates
from pipeline.resources import load_json

# "NYHET10 juni 2022": a label glued to the day that follows it.
_GLUED_DAY = re.compile(r"(?<=[A-ZÅÄÖa-zåäö]{3})(?=\d{1,2}\.?\s+[a-zåäöA-ZÅÄÖ]{3})")


def _cues() -> dict:
    return load_json("metadata_cues.json")


@cache
def _prefix_pattern() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(_cues()["published_prefixes"], key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{words})(?=[\s:\d])\s*:?\s*", re.IGNORECASE)


def first_day(text: str, max_start: int | None = None) -> dt.date | None:
    """The first date of day precision with a stated year, starting by `max_start`."""
    for match in find_dates(_GLUED_DAY.sub(" ", text)):
        if max_start is not None and match.start > max_start:
            return None
        if match.date.granularity == "day" and not match.date.inferred_year:
            return match.date.start
    return None


def detect_published(text: str, header_extra: Iterable[str] = ()) -> dt.date | None:
    """Publication date, or None when the document does not state one.

    `header_extra`: more heading lines to look at (a title a web viewer repeated).
    """
    cues = _cues()
    gap = int(cues["published_gap_chars"])
    spaced = _GLUED_DAY.sub(" ", text)
    for prefix in _prefix_pattern().finditer(spaced):
        window = spaced[prefix.end() : prefix.end() + gap + 40]
        found = first_day(window.split("\n", 1)[0], max_start=gap)
        if found:
            return found
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = [*lines[: cues["header_lines"]], *header_extra]
    for n, line in enumerate(header):
        # The first line may be a long heading ("Protokoll ... måndagen den 30 mars 2009.");
        # below it, a long line is prose, and a date in prose is not the document's.
        if _prefix_pattern().match(line):
            continue  # judged above: a labelled date that did not qualify ("Datum då anslaget")
        if n == 0 or len(line) <= cues["header_line_chars"]:
            found = first_day(line)
            if found:
                return found
    return None


def detect_reference_date(text: str, header_extra: Iterable[str] = ()) -> dt.date | None:
    """The date the document speaks from, for dates written without a year.

    The publication date when there is one; else the first month with its year in the
    heading lines ("#2 • DECEMBER 2022" on a newsletter's cover), as its first day.
    """
    published = detect_published(text, header_extra)
    if published is not None:
        return published
    cues = _cues()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in [*lines[: cues["header_lines"]], *header_extra]:
        if len(line) > cues["header_line_chars"]:
            continue
        for match in find_dates(_GLUED_DAY.sub(" ", line)):
            if match.date.granularity == "month" and not match.date.inferred_year:
                return match.date.start
    return None
