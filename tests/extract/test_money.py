"""Money with a role, who pays and receives, and the years a per-year amount covers."""

from __future__ import annotations

import datetime as dt

from pipeline.dataset.records import AmountRecord, DateRecord, EntityRecord, Sentence
from pipeline.extract.money import funding_direction, role_of, with_money_roles


def _sentences(*texts: str) -> list[Sentence]:
    out, pos = [], 0
    for i, t in enumerate(texts):
        out.append(Sentence(i, pos, pos + len(t), t))
        pos += len(t) + 1
    return out


def _amount(s: Sentence, text: str, value: float, per: str | None = None) -> AmountRecord:
    a = s.start + s.text.index(text)
    return AmountRecord(
        "d", s.idx, a, a + len(text), s.text, text, "money", value, "SEK", False, per
    )


def _org(s: Sentence, name: str) -> EntityRecord:
    a = s.start + s.text.index(name)
    return EntityRecord("d", s.idx, a, a + len(name), s.text, name, "ORG", name, None, "gazetteer")


def _years(s: Sentence, first: int, last: int) -> DateRecord:
    a = s.start + s.text.index(str(first))
    return DateRecord(
        "d",
        s.idx,
        a,
        a + 12,
        s.text,
        "x",
        f"{first}/{last}",
        dt.date(first, 1, 1),
        dt.date(last, 12, 31),
        "range",
        False,
    )


def test_per_year_funding_gets_its_period_from_the_next_sentence():
    s = _sentences(
        "För att stötta kommunerna har Tillväxtverket delat ut 1 760 000 kronor per år till varje kommun.",
        "Uppdraget löper från 2018 till 2024.",
    )
    (a,) = with_money_roles(
        [_amount(s[0], "1 760 000 kronor per år", 1_760_000, "year")],
        s,
        [_org(s[0], "Tillväxtverket")],
        [_years(s[1], 2018, 2024)],
        "Kalix",
    )
    assert (a.role, a.funder) == ("funding_received", "Tillväxtverket")
    assert (a.period_start, a.period_end, a.total_sek) == (2018, 2024, 12_320_000)


def test_tax_paid_by_firms_is_not_funding():
    s = _sentences(
        "Företagen i kommunen betalar 5,6 miljarder kronor i skatt, enligt Svenskt Näringsliv."
    )
    (a,) = with_money_roles(
        [_amount(s[0], "5,6 miljarder kronor", 5.6e9)],
        s,
        [_org(s[0], "Svenskt Näringsliv")],
        [],
        "Östersund",
    )
    assert a.role == "revenue_or_tax"
    assert a.total_sek == 5.6e9 and a.period_start is None


def test_roles_from_the_words_of_the_clause():
    assert role_of("kommunen avsätter 500 000 kronor i budget") == "budget"
    assert role_of("kostnaden beräknas till 2 miljoner") == "cost"
    assert role_of("investeringen på 40 miljoner kronor") == "investment"
    assert role_of("ett belopp på 300 kronor") == "other"


def test_who_gives_decides_received_or_granted():
    assert funding_direction("Tillväxtverket", "varje kommun", "Kalix") == "funding_received"
    assert funding_direction("Kalix kommun", "föreningen", "Kalix") == "funding_granted"


def test_other_amounts_are_left_as_they_are():
    s = _sentences("Det kom 200 besökare.")
    count = AmountRecord(
        "d", 0, 7, 10, s[0].text, "200", "quantity", 200.0, "besökare", False, None
    )
    assert with_money_roles([count], s, [], [], None) == [count]
