"""Find Swedish date expressions in text and normalise them to ISO 8601 (CONVENTIONS.md).

Handles days ("22 december 2021", "24/2", "2021-12-22"), months ("feb", "december 2020"),
month, day and year ranges ("feb/mars", "2-6/2", "mellan 2018 och 2020"), seasons
("hösten 2003", "i höstas"), quarters ("Q3 2021"), half years, ISO weeks ("v. 12"),
decades ("1990-talet") and years relative to the document ("i år", "nästa år").

A date without a year takes the year of the document date (inferred_year=True). It moves to
the next year when its month is earlier than the document's month, the sentence or the one
before looks ahead ("nästa", "inför", "ska", ...) and the sentence itself is not in the past
tense. A later month in a sentence that looks back ("sedan december" in January) moves to
the year before. Without a document date such expressions are skipped: a date with an
unknown year cannot be written as ISO 8601. Times of day ("15.00", "kl. 17:00-20:00") are
never dates; "Jan", "Maj" mid-sentence (names) and "jul" (Christmas) alone are not months.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.nlp.numbers import longest_non_overlapping
from pipeline.nlp.references import References
from pipeline.plausible import bounds
from pipeline.resources import load_json


@dataclass(frozen=True)
class DateValue:
    """A normalised date: ISO value plus the first and last day it covers."""

    value: str
    start: datetime.date
    end: datetime.date
    granularity: str  # "day" | "month" | "year" | "season" | "range"
    inferred_year: bool


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in a text; start/end are character offsets into that text."""

    start: int
    end: int
    text: str
    date: DateValue


@cache
def _vocab() -> dict[str, Any]:
    return load_json("dates_sv.json")


def _alternation(words: list[str]) -> str:
    """Lower-case alternatives, longest first (the rules also scan lower-cased text)."""
    return "|".join(
        re.escape(w.lower()).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# ---------------------------------------------------------------- value builders


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day(y: int, m: int, d: int, inferred: bool) -> DateValue | None:
    try:
        day = datetime.date(y, m, d)
    except ValueError:
        return None
    return DateValue(day.isoformat(), day, day, "day", inferred)


def _month(y: int, m: int, inferred: bool) -> DateValue | None:
    if not 1 <= m <= 12:
        return None
    start = datetime.date(y, m, 1)
    end = datetime.date(y, m, _last_day(y, m))
    return DateValue(f"{y:04d}-{m:02d}", start, end, "month", inferred)


def _year(y: int, inferred: bool = False) -> DateValue:
    return DateValue(f"{y:04d}", datetime.date(y, 1, 1), datetime.date(y, 12, 31), "year", inferred)


def _year_range(y1: int, y2: int, worded: bool = False) -> DateValue | None:
    """A range of whole years; longer than max_range_years only when both ends are words."""
    limit = 100 if worded else _vocab()["max_range_years"]
    if not y1 < y2 <= y1 + limit:
        return None
    return DateValue(
        f"{y1:04d}/{y2:04d}", datetime.date(y1, 1, 1), datetime.date(y2, 12, 31), "range", False
    )


def _month_range(
    y1: int, m1: int, y2: int, m2: int, granularity: str, inferred: bool
) -> DateValue | None:
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y2, m2) <= (y1, m1):
        return None
    start = datetime.date(y1, m1, 1)
    end = datetime.date(y2, m2, _last_day(y2, m2))
    return DateValue(f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", start, end, granularity, inferred)


def _day_range(start: datetime.date, end: datetime.date, inferred: bool) -> DateValue | None:
    if end <= start:
        return None
    return DateValue(f"{start.isoformat()}/{end.isoformat()}", start, end, "range", inferred)


def _safe_date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


# ---------------------------------------------------------------- context


class _Context:
    """The text being searched, its document date, and sentence-level look-ahead cues."""

    def __init__(self, text: str, doc_date: datetime.date | None) -> None:
        self.text = text
        self.doc_date = doc_date
        self._ends: list[int] | None = None

    def _sentence_ends(self) -> list[int]:
        if self._ends is None:
            self._ends = [m.end() for m in _P().sentence_end.finditer(self.text)]
        return self._ends

    def looks_ahead(self, pos: int) -> bool:
        """True when a look-ahead cue occurs in this sentence or the one before."""
        ends = self._sentence_ends()
        i = bisect.bisect_right(ends, pos)
        start = ends[i - 2] if i >= 2 else 0
        stop = ends[i] if i < len(ends) else len(self.text)
        return _P().cue.search(self.text, start, stop) is not None

    def looks_back(self, pos: int) -> bool:
        """True when a look-back cue ("sedan", "förra") occurs in this sentence."""
        return self._in_sentence(_P().lookback, pos)

    def _in_sentence(self, pattern: re.Pattern[str], pos: int) -> bool:
        ends = self._sentence_ends()
        i = bisect.bisect_right(ends, pos)
        start = ends[i - 1] if i >= 1 else 0
        stop = ends[i] if i < len(ends) else len(self.text)
        return pattern.search(self.text, start, stop) is not None

    def looks_past(self, pos: int) -> bool:
        """True when this sentence looks back or is in the past tense ("bröt ut", "hölls")."""
        return self.looks_back(pos) or self._in_sentence(_P().past, pos)

    def at_sentence_start(self, pos: int) -> bool:
        before = self.text[max(0, pos - 40) : pos].rstrip(" \t\u00a0\"'«»(")
        return not before or before[-1] in ".!?:\n"

    def year_for(self, month: int, pos: int) -> int | None:
        """Year of an expression without one: the document's, or the next when looking ahead."""
        if self.doc_date is None:
            return None
        year = self.doc_date.year
        if month < self.doc_date.month and self.looks_ahead(pos) and not self.looks_past(pos):
            year += 1
        elif month > self.doc_date.month and (
            self.looks_back(pos)
            or (
                month - self.doc_date.month > 3
                and self.looks_past(pos)
                and not self.looks_ahead(pos)
            )
        ):
            year -= 1  # "Under hösten har ... haft" in January: the autumn before
        return year


# ---------------------------------------------------------------- patterns


_YEAR = r"(?:19|20)\d{2}(?![\d])(?![.,:]\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?::[ae])?"
_DAYN = r"(?:[12]\d|3[01]|0?[1-9])"
_MONN = r"(?:1[0-2]|0?[1-9])"
_DASH = r"[-–—]"


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    abbreviations: frozenset[str]
    never_alone: frozenset[str]
    seasons: dict[str, tuple[int, int]]
    seasons_need_year: frozenset[str]
    seasons_relative: dict[str, tuple[str, bool]]  # "i höstas" -> ("hösten", past?)
    ordinals: dict[str, int]
    relative_years: dict[str, int]
    time_markers: frozenset[str]
    sentence_end: re.Pattern[str]
    cue: re.Pattern[str]
    lookback: re.Pattern[str]
    past: re.Pattern[str]
    rules: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]  # (scan, exact, name)


def _group_end(rx: str, start: int) -> int:
    """Index just past the group that opens at ``rx[start]``."""
    depth, i, in_class = 0, start, False
    while i < len(rx):
        char = rx[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced pattern: {rx}")


def _without_leading_lookbehind(rx: str) -> str:
    """``rx`` minus a leading ``(?<!...)``, where that makes scanning faster.

    re cannot skip ahead to a pattern's first character when the pattern starts with
    a look-behind, so it tries every position. Without it, re finds candidates fast;
    but before an optional group the look-behind is what stops re from trying every
    position inside words, so there it stays.
    """
    if not rx.startswith("(?<!"):
        return rx
    rest = rx[_group_end(rx, 0) :]
    if rest.startswith("(") and rest[_group_end(rest, 0) :][:1] in ("?", "*"):
        return rx
    return rest


@cache
def _P() -> _Patterns:
    v = _vocab()
    months = {k.lower(): int(n) for k, n in v["months"].items()}
    abbrevs = {k.lower(): int(n) for k, n in v["month_abbreviations"].items()}
    all_months = {**abbrevs, **months}
    month = rf"(?:{_alternation(list(all_months))})(?![\w])"
    seasons = {k.lower(): (int(a), int(b)) for k, (a, b) in v["seasons"].items()}
    season = rf"(?:{_alternation(list(seasons))})(?![\w-])"
    relative_seasons: dict[str, tuple[str, bool]] = {}
    for phrase, name in v["seasons_past"].items():
        relative_seasons[phrase.lower()] = (name, True)
    for phrase, name in v["seasons_coming"].items():
        relative_seasons[phrase.lower()] = (name, False)
    ordinals = {k.lower(): int(n) for k, n in v["ordinals"].items()}
    ordinal = _alternation(list(ordinals))
    quarter_words = _alternation(v["quarter_words"])
    half_words = _alternation(v["half_year_words"])
    week_words = _alternation(v["week_words"])
    weekday = _alternation(v["weekdays"])
    connectors = _alternation(v["range_connectors"])
    sep = rf"(?:\s*[-–—/]\s*|\s+(?:{connectors}|och)\s+)"
    rel_years = {k.lower(): int(n) for k, n in v["relative_years"].items()}

    rules: list[tuple[str, str]] = [
        (
            rf"(?<![\d-])(?P<y1>{_YEAR})-(?P<m1>\d\d)-(?P<d1>\d\d)(?:\s*[-–—/]\s*|\s+(?:{connectors}|t\s?o\s?m\.?|till och med)\s+)"
            rf"(?P<y2>{_YEAR})-(?P<m2>\d\d)-(?P<d2>\d\d)(?![\d])",
            "iso_range",
        ),
        (r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\d])", "iso_day"),
        (r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)(?![\d-])", "iso_month"),
        (
            # "2021-13-45" is a broken date, not 2021-2113: no two-digit end before "-dd"
            rf"(?<![\w])(?:(?P<pre>från|mellan)\s+)?(?<![\d])(?P<y1>{_YEAR}){sep}(?P<y2>{_YEAR}|\d\d(?![\d])(?![-–/]\d))",
            "year_range",
        ),
        (r"(?<![\d])(?P<dec>(?:19|20)\d)0-talet(?![\w])", "decade"),
        (
            rf"(?<![\d,.])(?P<d1>{_DAY})(?:\s+(?P<m1>{month})\.?)?\s*(?:{_DASH}|\s(?:till|{connectors})\s)"
            rf"\s*(?P<d2>{_DAY})\s+(?P<m2>{month})(?:\.?\s+(?P<y>{_YEAR}))?",
            "day_range",
        ),
        (
            rf"(?<![\w])(?:(?P<wd>{weekday})(?:en)?\s+(?:den\s+)?)?(?<![\d,.])(?P<d>{_DAY})\s+"
            rf"(?P<m>{month})(?:\.?\s+(?P<y>{_YEAR}))?",
            "day_month",
        ),
        (
            rf"(?<![\w.,])(?P<d>{_DAYN})\.\s+(?P<m>{month})\.?\s+(?P<y>{_YEAR})",
            "day_month",
        ),
        (
            rf"(?<![\w])(?:(?P<pre>från|mellan)\s+)?(?P<m1>{month})\.?(?:\s+(?P<y1>{_YEAR}))?{sep}"
            rf"(?P<m2>{month})(?:\.?\s+(?P<y2>{_YEAR}))?",
            "month_range",
        ),
        (rf"(?<![\w])(?P<m>{month})\.?\s+(?P<y>{_YEAR})", "month_year"),
        (rf"(?<![\w-])(?P<m>{month})(?!-\w)", "month"),
        (
            rf"(?<![\d/.,:–-])(?P<d1>{_DAYN})\s*[-–]\s*(?P<d2>{_DAYN})/(?P<m>{_MONN})"
            rf"(?:(?:\s+|\s*[-/]\s*)(?P<y>{_YEAR}))?(?![\d/])",
            "num_range",
        ),
        (
            rf"(?<![\d/.,:–-])(?P<d>{_DAYN})/(?P<m>{_MONN})"
            rf"(?:(?:\s+|\s*[-/]\s*)(?P<y>{_YEAR}))?(?![\d/])(?!\s+av\b)",
            "num_day",
        ),
        (
            rf"(?<![\w-])(?P<s>{season})(?:\s+(?P<y>{_YEAR})(?:/(?:\d{{4}}|\d\d)(?![\d]))?)?",
            "season",
        ),
        (rf"(?<![\w-])(?P<rel>{_alternation(list(relative_seasons))})(?![\w-])", "season_rel"),
        (rf"(?<![\w])q(?P<q>[1-4])(?:\s*[-/]?\s*(?P<y>{_YEAR}))?(?![\w])", "quarter"),
        (
            rf"(?<![\w])(?:{quarter_words})\.?\s*(?P<q>[1-4])(?![\d])(?:,?\s+(?P<y>{_YEAR}))?",
            "quarter",
        ),
        (
            rf"(?<![\w])(?P<ord>{ordinal})\s+(?:{quarter_words})(?![\w])(?:\s+(?P<y>{_YEAR}))?",
            "quarter",
        ),
        (
            rf"(?<![\w])(?P<ord>{ordinal})\s+(?:{half_words})(?![\w])(?:\s+(?P<y>{_YEAR}))?",
            "half",
        ),
        (
            rf"(?<![\w.])(?:{week_words})\.?\s*(?P<w1>\d{{1,2}})(?:\s*[-–]\s*(?P<w2>\d{{1,2}}))?"
            rf"(?![\d])(?![.,:]\d)(?:,?\s+(?P<y>{_YEAR}))?",
            "week",
        ),
        (rf"(?<![\w])(?P<rel>{_alternation(list(rel_years))})(?![\w])", "relative_year"),
        (r"(?<![\w\-–/.,:])(?P<y>(?:19|20)\d\d)(?![\w\-–/])(?![.,:]\d)", "year"),
    ]
    cue = re.compile(rf"(?<![\w])(?:{_alternation(v['lookahead_cues'])})(?![\w])", re.IGNORECASE)
    return _Patterns(
        months=all_months,
        abbreviations=frozenset(abbrevs),
        never_alone=frozenset(w.lower() for w in v["abbreviations_never_alone"]),
        seasons=seasons,
        seasons_need_year=frozenset(v["seasons_need_year"]),
        seasons_relative=relative_seasons,
        ordinals=ordinals,
        relative_years=rel_years,
        time_markers=frozenset(v["time_markers"]),
        sentence_end=re.compile(r"[.!?]+(?=\s|$)|\n"),
        cue=cue,
        lookback=re.compile(
            rf"(?<![\w])(?:{_alternation(v['lookback_cues'])})(?![\w])", re.IGNORECASE
        ),
        past=re.compile(
            rf"(?<![\w])(?:{_alternation(v['past_tense_cues'])})(?![\w])", re.IGNORECASE
        ),
        rules=tuple(
            (re.compile(_without_leading_lookbehind(rx)), re.compile(rx, re.IGNORECASE), name)
            for rx, name in rules
        ),
    )


# ---------------------------------------------------------------- handlers


def _month_num(word: str) -> int:
    return _P().months[word.lower()]


def _two_digit_year(y1: int, part: str) -> int:
    if len(part) == 4:
        return int(part)
    century = y1 - y1 % 100
    y2 = century + int(part)
    return y2 if y2 > y1 else y2 + 100


def _h_iso_range(m: re.Match[str], ctx: _Context) -> DateValue | None:
    a = _safe_date(int(m["y1"]), int(m["m1"]), int(m["d1"]))
    b = _safe_date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
    return _day_range(a, b, False) if a and b else None


def _h_iso_day(m: re.Match[str], ctx: _Context) -> DateValue | None:
    return _day(int(m["y"]), int(m["m"]), int(m["d"]), False)


def _h_iso_month(m: re.Match[str], ctx: _Context) -> DateValue | None:
    y, mm = int(m["y"]), int(m["m"])
    if mm == (y + 1) % 100 or mm > 12:
        y2 = _two_digit_year(y, m["m"])
        return _year_range(y, y2) if y2 - y <= 30 else None
    return _month(y, mm, False) if mm >= 1 else None


def _h_year_range(m: re.Match[str], ctx: _Context) -> DateValue | None:
    between = m.group(0)[m.end("y1") - m.start() : m.start("y2") - m.start()].strip().lower()
    pre = (m["pre"] or "").lower()
    if between == "och" and pre != "mellan":
        return None
    if pre == "mellan" and between not in ("och", "-", "–", "—"):
        return None
    if len(m["y2"]) == 2 and between not in ("-", "–", "—", "/"):
        return None
    y1 = int(m["y1"])
    worded = pre in ("från", "mellan") and len(m["y2"]) == 4
    return _year_range(y1, _two_digit_year(y1, m["y2"]), worded)


def _h_decade(m: re.Match[str], ctx: _Context) -> DateValue | None:
    start = int(m["dec"]) * 10
    span = 100 if start % 100 == 0 else 10
    return _year_range(start, start + span - 1)


def _day_num(s: str) -> int:
    return int(s.split(":")[0])


def _h_day_range(m: re.Match[str], ctx: _Context) -> DateValue | None:
    m2 = _month_num(m["m2"])
    m1 = _month_num(m["m1"]) if m["m1"] else m2
    if m["y"]:
        y2, inferred = int(m["y"]), False
        y1 = y2 - 1 if m1 > m2 else y2
    else:
        y1 = ctx.year_for(m1, m.start())
        if y1 is None:
            return None
        y2, inferred = (y1 + 1 if m2 < m1 else y1), True
    a = _safe_date(y1, m1, _day_num(m["d1"]))
    b = _safe_date(y2, m2, _day_num(m["d2"]))
    return _day_range(a, b, inferred) if a and b else None


def _h_day_month(m: re.Match[str], ctx: _Context) -> DateValue | None:
    month = _month_num(m["m"])
    if m["y"]:
        return _day(int(m["y"]), month, _day_num(m["d"]), False)
    year = ctx.year_for(month, m.start())
    return _day(year, month, _day_num(m["d"]), True) if year is not None else None


def _h_month_range(m: re.Match[str], ctx: _Context) -> DateValue | None:
    between = m.group(0)[m.end("y1" if m["y1"] else "m1") - m.start() : m.start("m2") - m.start()]
    between = between.strip(" .\t\n").lower()
    pre = (m["pre"] or "").lower()
    if (between == "och") != (pre == "mellan"):
        return None
    m1, m2 = _month_num(m["m1"]), _month_num(m["m2"])
    inferred = False
    if m["y1"]:
        y1 = int(m["y1"])
        y2 = int(m["y2"]) if m["y2"] else (y1 + 1 if m2 < m1 else y1)
    elif m["y2"]:
        y2 = int(m["y2"])
        y1 = y2 - 1 if m1 > m2 else y2
    else:
        year = ctx.year_for(m1, m.start())
        if year is None:
            return None
        y1, y2, inferred = year, (year + 1 if m2 < m1 else year), True
    return _month_range(y1, m1, y2, m2, "range", inferred)


def _h_month_year(m: re.Match[str], ctx: _Context) -> DateValue | None:
    return _month(int(m["y"]), _month_num(m["m"]), False)


def _h_month(m: re.Match[str], ctx: _Context) -> DateValue | None:
    word = m["m"]
    low = word.lower()
    p = _P()
    if low in p.abbreviations:
        if low in p.never_alone or not word.islower():
            return None
    elif word[0].isupper() and not ctx.at_sentence_start(m.start()):
        return None  # "Maj" mid-sentence is a name
    month = p.months[low]
    year = ctx.year_for(month, m.start())
    return _month(year, month, True) if year is not None else None


def _numeric_year(m: re.Match[str], month: int, ctx: _Context) -> tuple[int | None, bool]:
    if m["y"]:
        return int(m["y"]), False
    return ctx.year_for(month, m.start()), True


def _h_num_range(m: re.Match[str], ctx: _Context) -> DateValue | None:
    month = int(m["m"])
    year, inferred = _numeric_year(m, month, ctx)
    if year is None:
        return None
    a = _safe_date(year, month, int(m["d1"]))
    b = _safe_date(year, month, int(m["d2"]))
    return _day_range(a, b, inferred) if a and b else None


def _h_num_day(m: re.Match[str], ctx: _Context) -> DateValue | None:
    if not m["y"] and m.group(0) == "24/7":
        return None  # "dygnet runt", not the 24th of July
    month = int(m["m"])
    year, inferred = _numeric_year(m, month, ctx)
    if year is None:
        return None
    return _day(year, month, int(m["d"]), inferred)


def _season_value(name: str, year: int, inferred: bool) -> DateValue | None:
    first, last = _P().seasons[name]
    end_year = year + 1 if last < first else year
    return _month_range(year, first, end_year, last, "season", inferred)


def _h_season(m: re.Match[str], ctx: _Context) -> DateValue | None:
    p = _P()
    name = m["s"].lower()
    if m["y"]:
        return _season_value(name, int(m["y"]), False)
    if name in p.seasons_need_year or ctx.doc_date is None:
        return None
    first, last = p.seasons[name]
    if last < first and ctx.doc_date.month <= last:  # the winter we are in, or the one before
        back = 2 if ctx.looks_back(m.start()) else 1
        return _season_value(name, ctx.doc_date.year - back, True)
    year = ctx.year_for(first, m.start())
    return _season_value(name, year, True) if year is not None else None


def _h_season_rel(m: re.Match[str], ctx: _Context) -> DateValue | None:
    if ctx.doc_date is None:
        return None
    p = _P()
    phrase = re.sub(r"\s+", " ", m["rel"].lower())
    name, past = p.seasons_relative[phrase]
    first, last = p.seasons[name]
    doc = ctx.doc_date
    if past:
        year = doc.year if doc.month > (first if last >= first else 12) else doc.year - 1
    else:
        year = doc.year - 1 if (last < first and doc.month <= last) else doc.year
    return _season_value(name, year, True)


def _period_year(m: re.Match[str], first_month: int, ctx: _Context) -> tuple[int | None, bool]:
    if m["y"]:
        return int(m["y"]), False
    return ctx.year_for(first_month, m.start()), True


def _h_quarter(m: re.Match[str], ctx: _Context) -> DateValue | None:
    q = int(m["q"]) if m.groupdict().get("q") else _P().ordinals[m["ord"].lower()]
    first = 3 * q - 2
    year, inferred = _period_year(m, first, ctx)
    if year is None:
        return None
    return _month_range(year, first, year, first + 2, "range", inferred)


def _h_half(m: re.Match[str], ctx: _Context) -> DateValue | None:
    half = _P().ordinals[m["ord"].lower()]
    if half > 2:
        return None
    first = 1 if half == 1 else 7
    year, inferred = _period_year(m, first, ctx)
    if year is None:
        return None
    return _month_range(year, first, year, first + 5, "range", inferred)


def _h_week(m: re.Match[str], ctx: _Context) -> DateValue | None:
    w1 = int(m["w1"])
    w2 = int(m["w2"]) if m["w2"] else w1
    if not 1 <= w1 <= w2 <= 53:
        return None
    if m["y"]:
        year, inferred = int(m["y"]), False
    else:
        if ctx.doc_date is None:
            return None
        year, inferred = ctx.doc_date.year, True
        ahead = ctx.looks_ahead(m.start()) and not ctx.looks_past(m.start())
        if w1 < ctx.doc_date.isocalendar()[1] and ahead:
            year += 1
    try:
        start = datetime.date.fromisocalendar(year, w1, 1)
        end = datetime.date.fromisocalendar(year, w2, 7)
    except ValueError:
        return None
    return _day_range(start, end, inferred)


def _h_relative_year(m: re.Match[str], ctx: _Context) -> DateValue | None:
    if ctx.doc_date is None:
        return None
    offset = _P().relative_years[re.sub(r"\s+", " ", m["rel"].lower())]
    return _year(ctx.doc_date.year + offset, True)


def _h_year(m: re.Match[str], ctx: _Context) -> DateValue | None:
    from pipeline.nlp.amounts import unit_follows  # lazy: amounts does not need dates

    before = ctx.text[max(0, m.start() - 12) : m.start()].split()
    if before and before[-1].lower() in _P().time_markers:
        return None
    if unit_follows(ctx.text, m.end()):
        return None  # "2021 kronor", "2000 personer": an amount, not a year
    return _year(int(m["y"]))


_HANDLERS: dict[str, Callable[[re.Match[str], _Context], DateValue | None]] = {
    "iso_range": _h_iso_range,
    "iso_day": _h_iso_day,
    "iso_month": _h_iso_month,
    "year_range": _h_year_range,
    "decade": _h_decade,
    "day_range": _h_day_range,
    "day_month": _h_day_month,
    "month_range": _h_month_range,
    "month_year": _h_month_year,
    "month": _h_month,
    "num_range": _h_num_range,
    "num_day": _h_num_day,
    "season": _h_season,
    "season_rel": _h_season_rel,
    "quarter": _h_quarter,
    "half": _h_half,
    "week": _h_week,
    "relative_year": _h_relative_year,
    "year": _h_year,
}


# ---------------------------------------------------------------- public API


def _rule_matches(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Every rule's matches, as case-insensitive matches on ``text``.

    Python's re scans a case-insensitive pattern several times slower than a
    case-sensitive one, and the rules ran over every character of every text. So
    each rule scans a lower-cased copy case-sensitively, without its leading
    look-behind, and only where it hits is the full case-insensitive rule matched
    on the original. That yields the same matches as ``finditer`` on the original
    and gives handlers the original spelling ("Maj" is a name, "maj" a month).
    Where lower-casing changes the length of the text (rare Unicode), the original
    is scanned directly.
    """
    lowered = text.lower()
    same_length = len(lowered) == len(text)
    for scan, exact, name in _P().rules:
        if not same_length:
            for m in exact.finditer(text):
                yield m, name
            continue
        pos = 0
        while (hit := scan.search(lowered, pos)) is not None:
            m = exact.match(text, hit.start())
            if m is None:  # the look-behind failed here: try one character on
                pos = hit.start() + 1
                continue
            yield m, name
            pos = max(m.end(), hit.start() + 1)


def _plausible(value: DateValue) -> bool:
    """A real calendar span inside 1900-2100 (plausible_values.json), not longer than a
    worded range may be. (Month 13 or 30 February never get this far: their handlers find
    no calendar date, and a "2021-13" is no year range.)"""
    b = bounds()
    if value.start.year < b.min_year or value.end.year > b.max_year or value.end < value.start:
        return False
    return value.end.year - value.start.year <= 100


def find_dates(text: str, doc_date: datetime.date | None = None) -> list[DateMatch]:
    """All date expressions in text, non-overlapping, sorted by start (longest wins).

    Case numbers, paragraph references, URLs, phone numbers, times of day and the like
    (pipeline.nlp.references) are never dates: a match that overlaps one is dropped.
    """
    ctx = _Context(text, doc_date)
    candidates: list[tuple[int, int, DateValue]] = []
    references: References | None = None
    for m, name in _rule_matches(text):
        value = _HANDLERS[name](m, ctx)
        if value is None or not _plausible(value):
            continue
        if references is None:
            references = References(text)
        if references and references.overlaps(m.start(), m.end()):
            continue
        candidates.append((m.start(), m.end(), value))
    return [DateMatch(s, e, text[s:e], v) for s, e, v in longest_non_overlapping(candidates)]


_WORD = re.compile(r"[\wåäöÅÄÖ-]+")


@cache
def _goal_cues() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    cues = _vocab()["goal_cues"]
    until = tuple(sorted((tuple(c.lower().split()) for c in cues["until"]), key=len, reverse=True))
    return frozenset(c.lower() for c in cues["name"]), until


def is_goal_year(
    sentence: str, start: int, value: DateValue, doc_date: datetime.date | None = None
) -> bool:
    """Whether the date at `start` of `sentence` names a goal or plan year, not a reported one.

    "Vision 2030", "Översiktsplan 2040", "Agenda 2030": a name word at most three words
    before the year. "till år 2030", "senast 2025": an until-word right before a year that
    lies after the document's date (or the document has none).
    """
    if value.granularity not in ("year", "range"):
        return False
    names, until = _goal_cues()
    before = [w.lower() for w in _WORD.findall(sentence[max(0, start - 80) : start])][-3:]
    if any(w in names for w in before):
        return True
    for cue in until:
        if tuple(before[-len(cue) :]) == cue:
            return doc_date is None or value.start.year > doc_date.year
    return False


def normalise_date(expr: str, doc_date: datetime.date | None = None) -> DateValue | None:
    """The date an expression stands for ("den 4 maj", "hösten 2003"), or None."""
    matches = find_dates(expr, doc_date)
    if not matches:
        return None
    return max(matches, key=lambda d: d.end - d.start).date
