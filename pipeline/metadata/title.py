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
    """Form labels and list labels of minutes: "Plats och tid ...", "Närvaro- och ..."."""
    minutes = load_json("minutes_rules.json")
    words = [
        *load_json("layout_rules.json")["form_labels"],
        *minutes["list_labels"],
        *minutes["stop_labels"],
        *minutes["name_stop_words"],
    ]
    labels = sorted(set(words), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, labels))})(?![\wåäö])", re.I)


@cache
def _organ_endings() -> tuple[str, ...]:
    return tuple(load_json("minutes_rules.json")["organ_words"])


# "Gösta Mukka, S", "Klara Olofsson (C) ...": a line of an attendance list.
_PERSON_LINE = re.compile(
    r"^[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\s+[A-ZÅÄÖ][a-zåäöé]+"
    r"(?:,\s?[A-ZÅÄÖ][A-Za-zÅÄÖ]{0,4}\b|\s*\([A-ZÅÄÖ][A-Za-zÅÄÖ]{0,5}\))"
)
_CONTACT = re.compile(
    r"@|https?://|www\.|\b(?:e-post|telefon|tel|fax|besöksadress|postadress|adress)\s*:", re.I
)
_LIST_MARK = re.compile(r"^\s*(?:[•▪●◦*·–—-]|\d{1,2}[.)])\s")


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
    if n >= 2:
        return True
    words = _WORD.findall(line)
    if n != 1 or len(words) != 1:
        return False
    word = words[0]
    if word.lower().endswith(_organ_endings()):
        return False  # "Kommunstyrelsens": the body of a letterhead, not the document's title
    # One long word, perhaps with a number ("Samsynsguiden", "Sörstafors 4"), not a shouted
    # label ("KALIX", "info", "Industri").
    rest = line.replace(word, "").strip(" .:!?")
    return len(word) >= 9 and not word.isupper() and (not rest or rest.isdigit())


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
    raw_lines = [raw for raw in text.splitlines() if raw.strip()][:_MAX_LINES]
    filled = [_candidate(raw) for raw in raw_lines]
    fallback = None
    for i, line in enumerate(filled):
        if not line or _DATE_ONLY.match(line) or _NOT_TITLE.match(line):
            continue
        if _LIST_MARK.match(raw_lines[i]) and any(
            _LIST_MARK.match(raw_lines[k]) for k in (i - 1, i + 1) if 0 <= k < len(raw_lines)
        ):
            continue  # an item of a list is not the heading (a lone bulleted line may be)
        if line.endswith(":") or _PERSON_LINE.match(line) or _CONTACT.search(line):
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


_MINUTES_HEADING = re.compile(r"protokoll|anteckningar", re.I)
_TRAILING_COUNTER = re.compile(r"\s*\d{1,4}\s?\(\s?\d{1,4}\s?\)\s*$")


def minutes_title(lines: list[str], body: str | None) -> str | None:
    """The heading of a set of minutes: the first early line naming the protocol or notes
    ("KUNGSBACKA KOMMUN SAMMANTRÄDESPROTOKOLL", "Kommunfullmäktiges protokoll 2015-09-17"),
    without a page counter; else the body that met ("Allmänna utskott")."""
    for raw in lines[:15]:
        line = _TRAILING_COUNTER.sub("", _candidate(raw))
        if (
            _MINUTES_HEADING.search(line)
            and 1 <= len(line.split()) <= 12
            and not _form_labels().match(line)
            and _words_besides_dates(line) >= 1
        ):
            return _cut(line)
    return body[:1].upper() + body[1:] if body else None
