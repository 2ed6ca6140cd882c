"""The period a document reports on leaves out goal years and, when dated, future dates."""

from __future__ import annotations

import datetime as dt

from pipeline.dataset.records import DateRecord, Sentence
from pipeline.extract.period import reported_period
from pipeline.nlp.dates import find_dates, is_goal_year


def _rows(text: str, doc_date: dt.date | None = None) -> tuple[list[DateRecord], list[Sentence]]:
    sentence = Sentence(0, 0, len(text), text)
    rows = [
        DateRecord(
            "d",
            0,
            m.start,
            m.end,
            text,
            m.text,
            m.date.value,
            m.date.start,
            m.date.end,
            m.date.granularity,
            m.date.inferred_year,
        )
        for m in find_dates(text, doc_date)
    ]
    return rows, [sentence]


def test_goal_years_do_not_extend_the_period() -> None:
    text = "Under 2019 och 2020 växte företagen, i linje med Vision 2030 och Översiktsplan 2040."
    rows, sentences = _rows(text)
    assert {r.value for r in rows} >= {"2019", "2020", "2030", "2040"}  # still dates
    assert reported_period(rows, sentences) == (dt.date(2019, 1, 1), dt.date(2020, 12, 31))


def test_future_dates_of_a_dated_document_are_plans() -> None:
    text = "Satsningen startade 2018 och pågår 2022–2026 enligt planen för 2025."
    rows, sentences = _rows(text, dt.date(2022, 3, 1))
    start, end = reported_period(rows, sentences, dt.date(2022, 3, 1))
    assert start == dt.date(2018, 1, 1) and end.year <= 2022


def test_until_a_later_year_is_a_goal_only_after_the_document_date() -> None:
    later = find_dates("målet ska nås till år 2030")[0]
    sentence = "målet ska nås till år 2030"
    assert is_goal_year(sentence, sentence.index("2030"), later.date, dt.date(2021, 1, 1))
    past = "arbetet pågick fram till 2019"
    value = find_dates(past)[0].date
    assert not is_goal_year(past, past.index("2019"), value, dt.date(2021, 1, 1))


def test_no_dates_no_period() -> None:
    assert reported_period([], []) == (None, None)
