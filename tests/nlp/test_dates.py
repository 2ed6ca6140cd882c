"""Tests for pipeline.nlp.dates: Swedish date expressions to ISO 8601."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.dates import DateValue, find_dates, normalise_date

D = datetime.date
DEC21 = D(2021, 12, 22)
DEC20 = D(2020, 12, 14)
MAY21 = D(2021, 5, 10)

# (expression, document date, value, granularity, inferred_year)
NORMALISE_CASES = [
    ("2021-12-22", None, "2021-12-22", "day", False),
    ("2021-03-30", None, "2021-03-30", "day", False),
    ("2019-06-01–2019-06-30", None, "2019-06-01/2019-06-30", "range", False),
    ("22 december 2021", None, "2021-12-22", "day", False),
    ("4 maj 2005", None, "2005-05-04", "day", False),
    ("den 4 maj", MAY21, "2021-05-04", "day", True),
    ("31 maj", MAY21, "2021-05-31", "day", True),
    ("1:a mars 2021", None, "2021-03-01", "day", False),
    ("3:e oktober 2019", None, "2019-10-03", "day", False),
    ("tisdag 9 mars 2021", None, "2021-03-09", "day", False),
    ("22/12 2021", None, "2021-12-22", "day", False),
    ("22/12-2021", None, "2021-12-22", "day", False),
    ("24/2", MAY21, "2021-02-24", "day", True),
    ("14/1", MAY21, "2021-01-14", "day", True),
    ("2-6/2", D(2021, 1, 15), "2021-02-02/2021-02-06", "range", True),
    ("8–10 juni 2022", None, "2022-06-08/2022-06-10", "range", False),
    ("30 maj – 2 juni 2021", None, "2021-05-30/2021-06-02", "range", False),
    ("december 2020", None, "2020-12", "month", False),
    ("feb 2021", None, "2021-02", "month", False),
    ("febr. 2021", None, "2021-02", "month", False),
    ("sept 2020", None, "2020-09", "month", False),
    ("oktober", MAY21, "2021-10", "month", True),
    ("sept", MAY21, "2021-09", "month", True),
    ("feb/mars 2021", None, "2021-02/2021-03", "range", False),
    ("januari–mars 2022", None, "2022-01/2022-03", "range", False),
    ("november 2020 till januari 2021", None, "2020-11/2021-01", "range", False),
    ("2021", None, "2021", "year", False),
    ("2018–2024", None, "2018/2024", "range", False),
    ("2018-2024", None, "2018/2024", "range", False),
    ("2018 – 2024", None, "2018/2024", "range", False),
    ("från 2018 till 2024", None, "2018/2024", "range", False),
    ("mellan 2018 och 2020", None, "2018/2020", "range", False),
    ("2020-21", None, "2020/2021", "range", False),
    ("2021/2022", None, "2021/2022", "range", False),
    ("2021-03", None, "2021-03", "month", False),
    ("1990-talet", None, "1990/1999", "range", False),
    ("hösten 2003", None, "2003-09/2003-11", "season", False),
    ("våren 2014", None, "2014-03/2014-05", "season", False),
    ("sommaren 2019", None, "2019-06/2019-08", "season", False),
    ("vintern 2020", None, "2020-12/2021-02", "season", False),
    ("sommaren", MAY21, "2021-06/2021-08", "season", True),
    ("i höstas", D(2022, 2, 1), "2021-09/2021-11", "season", True),
    ("Q3 2021", None, "2021-07/2021-09", "range", False),
    ("Q1 2020", None, "2020-01/2020-03", "range", False),
    ("kvartal 3 2021", None, "2021-07/2021-09", "range", False),
    ("tredje kvartalet 2021", None, "2021-07/2021-09", "range", False),
    ("fjärde kvartalet", MAY21, "2021-10/2021-12", "range", True),
    ("första halvåret 2021", None, "2021-01/2021-06", "range", False),
    ("andra halvåret 2020", None, "2020-07/2020-12", "range", False),
    ("v. 12", MAY21, "2021-03-22/2021-03-28", "range", True),
    ("v.12", MAY21, "2021-03-22/2021-03-28", "range", True),
    ("vecka 12 2021", None, "2021-03-22/2021-03-28", "range", False),
    ("vecka 1 2021", None, "2021-01-04/2021-01-10", "range", False),
    ("v 40-42 2021", None, "2021-10-04/2021-10-24", "range", False),
    ("i år", MAY21, "2021", "year", True),
    ("förra året", MAY21, "2020", "year", True),
]


@pytest.mark.parametrize(("expr", "doc_date", "value", "granularity", "inferred"), NORMALISE_CASES)
def test_normalise_date(
    expr: str, doc_date: D | None, value: str, granularity: str, inferred: bool
) -> None:
    got = normalise_date(expr, doc_date)
    assert got is not None, expr
    assert (got.value, got.granularity, got.inferred_year) == (value, granularity, inferred)


# (expression, document date, first day, last day)
BOUNDS_CASES = [
    ("februari 2024", None, D(2024, 2, 1), D(2024, 2, 29)),
    ("2021", None, D(2021, 1, 1), D(2021, 12, 31)),
    ("vintern 2020", None, D(2020, 12, 1), D(2021, 2, 28)),
    ("mellan 2018 och 2020", None, D(2018, 1, 1), D(2020, 12, 31)),
    ("v. 1", D(2021, 1, 5), D(2021, 1, 4), D(2021, 1, 10)),
    ("22 december 2021", None, D(2021, 12, 22), D(2021, 12, 22)),
]


@pytest.mark.parametrize(("expr", "doc_date", "first", "last"), BOUNDS_CASES)
def test_date_bounds(expr: str, doc_date: D | None, first: D, last: D) -> None:
    got = normalise_date(expr, doc_date)
    assert isinstance(got, DateValue)
    assert (got.start, got.end) == (first, last)


# (text, document date, [(span text, value), ...]): all matches, in order
FIND_CASES = [
    (
        "Vi ser fram emot ett nytt år: i februari ordnar vi en temavecka (2-6/2) "
        "och en frukostträff om inköp (24/2).",
        DEC21,
        [("februari", "2022-02"), ("2-6/2", "2022-02-02/2022-02-06"), ("24/2", "2022-02-24")],
    ),
    (
        "Samma upplägg gäller för 2021: i februari en temavecka (2-6/2).",
        DEC20,
        [("2021", "2021"), ("februari", "2020-02"), ("2-6/2", "2020-02-02/2020-02-06")],
    ),
    (
        "Vi ses på nästa möte som äger rum 18 januari kl 15.00 i kommunhuset.",
        DEC20,
        [("18 januari", "2021-01-18")],
    ),
    ("Nästa möte: 18 januari 15.00", DEC20, [("18 januari", "2021-01-18")]),
    (
        "Efter nyår kan man söka, och sista chansen är i feb/mars.",
        DEC20,
        [("feb/mars", "2021-02/2021-03")],
    ),
    ("Mässan hölls i februari med många besökare.", DEC21, [("februari", "2021-02")]),
    (
        "Planen gäller för perioden 2018–2024 och följs upp 2021-03-30.",
        None,
        [("2018–2024", "2018/2024"), ("2021-03-30", "2021-03-30")],
    ),
    (
        "Satsningen pågick mellan 2018 och 2020 i tre kommuner.",
        None,
        [("mellan 2018 och 2020", "2018/2020")],
    ),
    ("Kursen hölls v. 12 i Östersund.", MAY21, [("v. 12", "2021-03-22/2021-03-28")]),
    ("Kursen startar v. 12 i Östersund.", DEC20, [("v. 12", "2021-03-22/2021-03-28")]),
    (
        "Resultatet för Q3 2021 var bättre än för hösten 2003.",
        None,
        [("Q3 2021", "2021-07/2021-09"), ("hösten 2003", "2003-09/2003-11")],
    ),
    ("Den 4 maj 2005 invigdes bron.", None, [("4 maj 2005", "2005-05-04")]),
    ("Beslut fattades den 4 maj.", MAY21, [("4 maj", "2021-05-04")]),
    (
        "Rapporten kom i december 2020 och följdes av en ny i juni.",
        MAY21,
        [("december 2020", "2020-12"), ("juni", "2021-06")],
    ),
    (
        "Under 2019 och 2020 ökade antalet.",
        None,
        [("2019", "2019"), ("2020", "2020")],
    ),
    (
        "Projektet löper 2021/2022 och utvärderas hösten 2022.",
        None,
        [("2021/2022", "2021/2022"), ("hösten 2022", "2022-09/2022-11")],
    ),
    (
        "Mötet hålls tisdag 9 mars 2021 klockan 10.",
        None,
        [("tisdag 9 mars 2021", "2021-03-09")],
    ),
    ("Anmäl dig senast 14/1.", DEC20, [("14/1", "2021-01-14")]),
    ("Den 14/1 togs beslutet.", DEC20, [("14/1", "2020-01-14")]),
    ("Temat för vecka 12 2021 är handel.", None, [("vecka 12 2021", "2021-03-22/2021-03-28")]),
    (
        "Siffrorna för första halvåret 2021 är klara.",
        None,
        [("första halvåret 2021", "2021-01/2021-06")],
    ),
    ("Under 1990-talet flyttade många.", None, [("1990-talet", "1990/1999")]),
    ("Träffen blir\u00a022 december 2021.", None, [("22 december 2021", "2021-12-22")]),
    ("Inför sommaren planeras fler evenemang.", MAY21, [("sommaren", "2021-06/2021-08")]),
    ("Datumet var 2021-12-22.", None, [("2021-12-22", "2021-12-22")]),
    (
        "Året som gått. Nu ska vi blicka framåt.\nNästa steg tas i mars.",
        DEC21,
        [("mars", "2022-03")],
    ),
    (
        "Vi summerar året. Arbetet pågick i mars och april.",
        DEC21,
        [("mars", "2021-03"), ("april", "2021-04")],
    ),
    (
        "Inför nästa år ser vi ljust på läget. Stormen som drog in den 3 februari var svår.",
        DEC21,
        [("nästa år", "2022"), ("3 februari", "2021-02-03")],
    ),
    ("Ledigheten har ökat sedan december.", D(2021, 1, 18), [("december", "2020-12")]),
    ("Beläggningen var lägre än förra vintern.", D(2021, 1, 18), [("vintern", "2019-12/2020-02")]),
    ("Det blev kallt i vintern som var.", D(2021, 1, 18), [("vintern", "2020-12/2021-02")]),
    ("Kontoret flyttade 1 mars.", DEC21, [("1 mars", "2021-03-01")]),
    ("Anmäl dig senast 1 mars.", DEC21, [("1 mars", "2022-03-01")]),
]


@pytest.mark.parametrize(("text", "doc_date", "expected"), FIND_CASES)
def test_find_dates(text: str, doc_date: D | None, expected: list[tuple[str, str]]) -> None:
    matches = find_dates(text, doc_date)
    assert [(m.text, m.date.value) for m in matches] == expected
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert m.text == m.text.strip(" .,;:!?")


# Texts in which no date may be found.
NEGATIVE_CASES = [
    ("Vi nådde 1 500 personer.", MAY21),
    ("Projektet fick 2021 kronor i gåva.", MAY21),
    ("Totalt 2000 personer deltog.", MAY21),
    ("Öppet kl. 17:00-20:00 varje dag.", MAY21),
    ("Se Rapport 2013:10 för detaljer.", MAY21),
    ("Maj-Britt Larsson leder arbetet.", MAY21),
    ("Han heter Jan och bor i stan.", MAY21),
    ("Vi firar jul tillsammans.", MAY21),
    ("Stödet finns 24/7 för alla.", MAY21),
    ("Det gäller 1/3 av alla företag.", MAY21),
    ("Den 4 maj hände något.", None),
    ("I februari hände något.", None),
    ("Det tog en vecka (två dagar).", MAY21),
    ("Ring 08-123 456 för mer information.", MAY21),
    ("vår kommun är bäst", MAY21),
    ("Vi har 12 anställda och 3 200 medlemmar.", MAY21),
]


@pytest.mark.parametrize(("text", "doc_date"), NEGATIVE_CASES)
def test_no_dates(text: str, doc_date: D | None) -> None:
    assert find_dates(text, doc_date) == []


def test_normalise_date_without_year_or_doc_date_is_none() -> None:
    assert normalise_date("den 4 maj") is None
    assert normalise_date("v. 12") is None
    assert normalise_date("ingenting här") is None


def test_matches_are_sorted_and_non_overlapping() -> None:
    text = "Mellan 2018 och 2020, sedan 2021-03-30, Q3 2021 och hösten 2003 samt 22/12 2021."
    matches = find_dates(text)
    assert len(matches) == 5
    for a, b in itertools.pairwise(matches):
        assert a.end <= b.start


_TOKENS = st.sampled_from(
    [
        "12", "2021", "2018", "1 500", "87,9", "-", "–", "/", ":", ":a", ".", ",", " ", "\n",
        "Q3", "v.", "vecka", "kvartalet", "tredje", "halvåret", "hösten", "i höstas", "feb",
        "febr.", "mars", "Maj", "jan", "december", "mellan", "och", "från", "till", "den",
        "tisdag", "nästa", "ska", "sedan", "i år", "1990-talet", "2020-21", "2021-12-22",
        "24/7", "kl.", "kronor", "personer",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_TOKENS, max_size=12),
    st.booleans(),
    st.sampled_from([None, DEC21, D(2021, 1, 5)]),
)
def test_find_dates_invariants(parts: list[str], spaced: bool, doc_date: D | None) -> None:
    text = (" " if spaced else "").join(parts)
    previous_end = 0
    for m in find_dates(text, doc_date):
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end
        assert m.text == m.text.strip() and m.text[-1] not in ".,;:"
        assert m.date.start <= m.date.end
        previous_end = m.end


SCAN_TEXTS = [
    "Mötet hölls den 4 Maj 2021 och MAJ kom sedan; Q3 2021, q4-2022, VECKA 12 och v. 13.",
    "Från Januari 2019 till MARS 2020, hösten 2003, 2018–2024, 2-6/2 och 24/7.",
    "Maj Andersson talade. 1995-03-01 – 1995-04-30, 12:e mars, Vårterminen 2022.",
    "İstanbul den 3 mars 2020: lower() gör texten längre, så originalet söks direkt.",
    "1234-56-78 20201-01 x2020 2020x -2020 2020- 19999, men år 2020 räknas.",
]


@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_fast_scan_finds_what_a_case_insensitive_scan_finds(text):
    import re

    from pipeline.nlp.dates import _P, _rule_matches

    expected = [
        (m.span(), m.group(0), name) for _, exact, name in _P().rules for m in exact.finditer(text)
    ]
    found = [(m.span(), m.group(0), name) for m, name in _rule_matches(text)]
    assert found == expected
    assert found  # every text has dates
    assert all(isinstance(m, re.Match) for m, _ in _rule_matches(text))
