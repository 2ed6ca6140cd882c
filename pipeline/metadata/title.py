"""A title for every document: the file's own, else its heading.

The heading is the first line of prose that reads like one: not page furniture (headers,
page numbers, web-viewer buttons: the caller passes the text with those blanked), not a
photo caption (the line before "Foto: ..."), not a dateline ("NYHET10 juni 2022", "Version
2023-10-10", "Tor 26 maj / År 40"), not a form line of minutes ("Plats och tid ..."), and
not a sentence (a long line ending in a full stop). When no line qualifies, the first line
of prose is cut to length. A title the file declares wins unless it is a code ("KS23-373").
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.nlp.dates import find_dates
from pipeline.resources import load_json

MAX_TITLE_CHARS = 160
HEADING_MAX_WORDS = 18
_MAX_LINES = 40  # a heading comes early; later lines are never titles
_DATE_ONLY = re.compile(r"^[\d\s./:-]+$")
_NOT_TITLE = re.compile(
    r"^(publicerad|publicerat|publiceringsdatum|uppdaterad|datum|sida \d|sidan uppdaterad|"
    r"foto|bild|text|källa)\b",
    re.I,
)
_CAPTION_NEXT = re.compile(r"^(?:foto|bild|fotograf|photo)\s*:", re.I)
_WORD = re.compile(r"[^\W\d_]{3,}")


@cache
def _form_labels() -> re.Pattern[str]:
    labels = sorted(load_json("layout_rules.json")["form_labels"], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, labels))})\b", re.I)


@cache
def _calendar_words() -> frozenset[str]:
    vocab = load_json("dates_sv.json")
    words = {*vocab["months"], *vocab["month_abbreviations"], *vocab["weekdays"]}
    return frozenset(w.lower() for w in words) | {"tor", "ons", "tis", "mån", "fre", "lör", "sön"}


def _words_besides_dates(line: str) -> int:
    """Words of three letters or more that are not part of a date or a calendar word."""
    for match in reversed(find_dates(line)):
        line = line[: match.start] + " " + line[match.end :]
    return sum(1 for w in _WORD.findall(line) if w.lower() not in _calendar_words())


def _enough_words(line: str) -> bool:
    """Two words besides dates, or one long word that is not a shouted label ("Samsynsguiden",
    not "KALIX", "info" or "Industri")."""
    n = _words_besides_dates(line)
    word = line.strip(" .:!?")
    return n >= 2 or (n == 1 and len(word) >= 9 and word.isalpha() and not word.isupper())


def _is_code(title: str) -> bool:
    """'KS23-373 168': a case number or file code, not a title."""
    return len(_WORD.findall(title)) < 1 or (
        len(_WORD.findall(title)) < 2 and sum(c.isdigit() for c in title) >= 3
    )


def _candidate(line: str) -> str:
    return line.strip().lstrip("•–-▪ ").strip()


def detect_title(text: str, file_title: str | None) -> str | None:
    """Prefer the title the file declares; else the document's heading (see module doc)."""
    if file_title and file_title.strip() and not _is_code(file_title):
        return " ".join(file_title.split())
    lines = [_candidate(raw) for raw in text.splitlines()]
    filled = [line for line in lines if line][:_MAX_LINES]
    fallback = None
    for i, line in enumerate(filled):
        if _DATE_ONLY.match(line) or _NOT_TITLE.match(line):
            continue
        nxt = filled[i + 1] if i + 1 < len(filled) else ""
        if _CAPTION_NEXT.match(nxt):
            continue
        if _form_labels().match(line) or not _enough_words(line):
            continue
        fallback = fallback or line
        words = line.split()
        if len(words) <= HEADING_MAX_WORDS and not (len(words) > 8 and line.endswith(".")):
            return _cut(line)
    return _cut(fallback) if fallback else None


def _cut(line: str) -> str:
    return line if len(line) <= MAX_TITLE_CHARS else line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
