"""Fuzzed dates: whatever the digits say, every date found is a real calendar date in
1900-2100, and an impossible day or month never turns into a range of years (issue 17)."""

from __future__ import annotations

import calendar
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.dates import find_dates
from pipeline.plausible import bounds

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
DOC_DATE = datetime.date(2021, 5, 10)
years = st.integers(1800, 2200)
months = st.integers(0, 19)
days = st.integers(0, 45)


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1] if 1 <= y <= 9999 else False


def _expressions(y: int, m: int, d: int) -> list[str]:
    """The triple written as a day in several formats."""
    out = [f"{y}-{m:02d}-{d:02d}", f"{d}/{m} {y}", f"{d}/{m}-{y}"]
    if 1 <= m <= 12:
        out.append(f"{d} {MONTHS[m - 1]} {y}")
    return out


def _check(text: str) -> list:
    found = find_dates(f"Mötet hölls {text} i Kalix kommun.", DOC_DATE)
    b = bounds()
    for match in found:
        value = match.date
        assert b.min_year <= value.start.year <= value.end.year <= b.max_year, (text, value)
        assert value.start <= value.end, (text, value)
        if value.granularity == "day":
            assert value.value == value.start.isoformat() == value.end.isoformat()
    return found


@settings(max_examples=400, deadline=None)
@given(years, months, days)
def test_fuzzed_dates_are_real_days_in_range(y: int, m: int, d: int) -> None:
    for text in _expressions(y, m, d):
        found = _check(text)
        if not _valid(y, m, d):
            # an impossible day is no day, and its month digits never become a year
            assert all(f.date.granularity != "day" or f.date.start.day != d for f in found)
            assert all(f.date.end.year - f.date.start.year <= 1 for f in found), (text, found)


@settings(max_examples=200, deadline=None)
@given(years, months)
def test_fuzzed_year_month_is_in_range(y: int, m: int) -> None:
    """ "2012-13" may be the years 2012-2013, but never a month 13 nor a year past 2100."""
    for found in _check(f"{y}-{m:02d}"):
        assert found.date.granularity != "month" or 1 <= m <= 12


@settings(max_examples=200, deadline=None)
@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 28))
def test_valid_iso_days_are_read_exactly(y: int, m: int, d: int) -> None:
    found = _check(f"{y}-{m:02d}-{d:02d}")
    assert [f.date.value for f in found] == [datetime.date(y, m, d).isoformat()]


def test_the_reported_cases() -> None:
    """'2021-13-45' was 2021-2113 and '2021-02-30' 2021-2102; '30 februari 2021' no day."""
    for text in ("2021-13-45", "2021-02-30", "30 februari 2021", "2021-00-10"):
        found = _check(text)
        assert all(f.date.end.year == 2021 and f.date.granularity != "day" for f in found), (
            text,
            found,
        )
