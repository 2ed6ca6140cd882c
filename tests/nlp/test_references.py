"""Case numbers, paragraph references, URLs, ISBNs, phone numbers, times of day and page
references are never dates (nor amounts): fixed cases and generated ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.dates import find_dates
from pipeline.nlp.references import References, reference_spans

DOC = dt.date(2021, 6, 1)


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("Ärendet Dnr KS 2018/56 avgjordes.", "Dnr KS 2018/56"),
        ("§ 119 Dnr KS-2024-00167", "Dnr KS-2024-00167"),
        ("KS § 80 KS/2018:298 - 001 Motion", "KS/2018:298 - 001"),
        ("§ 253/2016 Dnr 2016/0669 KS-1 Diariekod: 004", "§ 253/2016"),
        ("Delrapport N 2010/8069/ENT lämnades.", "N 2010/8069/ENT"),
        (
            "Läs mer på https://www.kalix.se/2017/05/nyhet i dag.",
            "https://www.kalix.se/2017/05/nyhet",
        ),
        ("Se kalix.se/nyheter/2017/05/12/bra", "kalix.se/nyheter/2017/05/12/bra"),
        ("ISBN 978-91-7383-123-4", "ISBN 978-91-7383-123-4"),
        ("Ring 0220-24000 i dag", "0220-24000"),
        ("Telefon: 0221- 345 40", "Telefon: 0221- 345 40"),
        ("Mötet pågick kl. 13.00-13.35.", "kl. 13.00-13.35"),
        ("Organisationsnr: 212000-1256", "212000-1256"),
        ("enligt sidan 4 av 17", "sidan 4 av 17"),
        ("KS: 8/2015", "KS: 8/2015"),
        ("KS23-373", "KS23-373"),
    ],
)
def test_reference_is_found_and_holds_no_date(text: str, reference: str) -> None:
    found = [text[a:b] for a, b in reference_spans(text)]
    assert reference in found
    start = text.index(reference)
    refs = References(text)
    for m in find_dates(text, DOC):
        assert not refs.overlaps(m.start, m.end), m
        assert not (start <= m.start < start + len(reference)), m


def test_case_number_never_becomes_a_long_range() -> None:
    text = "Dnr KS 2018/56 och sidan .../2017/05/... samt 2016/0669."
    assert [m.date.value for m in find_dates(text)] == []


def test_real_dates_beside_references_are_kept() -> None:
    text = "Dnr KS 2018/56, beslut 2018-05-16 kl. 13.00 och mötet den 4 maj 2021."
    assert [m.date.value for m in find_dates(text)] == ["2018-05-16", "2021-05-04"]


_CODES = st.sampled_from(["KS", "KF", "BN", "KSAU", "MBN", "N", "Dnr", "Dnr KS", "dnr"])


@settings(max_examples=200, deadline=None)
@given(
    _CODES,
    st.integers(1990, 2099),
    st.integers(1, 99999),
    st.sampled_from(["/", "-", ":"]),
    st.sampled_from([" ", "-", "/", ""]),
)
def test_generated_case_numbers_are_never_dates(code, year, number, sep, gap) -> None:
    case = f"{code}{gap}{year}{sep}{number:0{len(str(number))}d}"
    text = f"Ärende {case} behandlades."
    for m in find_dates(text, DOC):
        assert not (text.index(case) <= m.start < text.index(case) + len(case)), (case, m)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 23), st.integers(0, 59))
def test_generated_times_of_day_are_never_dates(h1, m1, h2, m2) -> None:
    text = f"Öppet {h1:02d}.{m1:02d}-{h2:02d}.{m2:02d} och kl {h1}:{m1:02d}."
    assert find_dates(text, DOC) == []


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 999), st.integers(10, 99999), st.sampled_from(["08", "070", "0220", "0921"]))
def test_generated_phone_numbers_are_never_dates(a, b, area) -> None:
    text = f"Ring {area}-{a:03d} {b} eller tel {area}-{b}."
    assert find_dates(text, DOC) == []


@settings(max_examples=300, deadline=None)
@given(st.integers(1000, 9999), st.integers(0, 99), st.integers(0, 99))
def test_only_valid_calendar_days_inside_1900_2100(year, month, day) -> None:
    text = f"Beslut {year}-{month:02d}-{day:02d} och {day}/{month} {year}."
    for m in find_dates(text, DOC):
        assert m.date.start.year >= 1900 and m.date.end.year <= 2100
        assert m.date.start <= m.date.end
        if m.date.granularity == "day":
            dt.date(m.date.start.year, m.date.start.month, m.date.start.day)  # valid by type


@settings(max_examples=300, deadline=None)
@given(st.integers(1900, 2099), st.integers(1900, 2099), st.sampled_from(["-", "–", "/"]))
def test_digit_ranges_are_at_most_thirty_years(y1, y2, dash) -> None:
    for m in find_dates(f"Perioden {y1}{dash}{y2} granskades.", DOC):
        assert m.date.end.year - m.date.start.year <= 30, m


@settings(max_examples=200, deadline=None)
@given(st.integers(1900, 2050), st.integers(31, 40))
def test_longer_ranges_need_both_ends_in_words(start, span) -> None:
    end = start + span
    assert find_dates(f"Åren {start}–{end} var svåra.", DOC) == []
    worded = find_dates(f"Mellan {start} och {end} växte orten.", DOC)
    assert [m.date.value for m in worded] == [f"{start}/{end}"]


def test_impossible_days_are_not_dates() -> None:
    found = find_dates("Den 2021-13-01 och 2021-02-30 och 30/2 2021.", DOC)
    assert [m for m in found if m.date.granularity in ("day", "month")] == []


def test_case_number_glued_to_its_cue_is_not_a_span_of_years() -> None:
    """'Dnr-1990/91' is a case number; the same digits alone may be a fiscal year."""
    assert find_dates("Ärende Dnr-1990/91 behandlades.", DOC) == []
    assert [m.date.value for m in find_dates("Budgetåret 1990/91 var bra.", DOC)] != []
