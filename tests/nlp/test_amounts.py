"""Tests for pipeline.nlp.amounts: money, quantities, percentages and scores in Swedish."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.amounts import (
    AmountValue,
    amount_entity_value,
    amount_label,
    find_amounts,
    normalise_amount,
    unit_noun,
)
from pipeline.nlp.numbers import format_swedish_number

# (expression, label, entity value, approx, per)
NORMALISE_CASES = [
    ("1 760 000 kronor", "MONEY", "1760000", False, None),
    ("1 760 000 kr", "MONEY", "1760000", False, None),
    ("1\u2009760\u2009000 kr", "MONEY", "1760000", False, None),
    ("1\u00a0760\u00a0000 kronor", "MONEY", "1760000", False, None),
    ("1\u202f760\u202f000 SEK", "MONEY", "1760000", False, None),
    ("1760000 SEK", "MONEY", "1760000", False, None),
    ("ca 37 miljoner", "MONEY", "37000000", True, None),
    ("ca. 37 miljoner kronor", "MONEY", "37000000", True, None),
    ("2,5 mnkr", "MONEY", "2500000", False, None),
    ("2,5 mkr", "MONEY", "2500000", False, None),
    ("2,5 Mkr", "MONEY", "2500000", False, None),
    ("2,5 miljoner kronor", "MONEY", "2500000", False, None),
    ("500 tkr", "MONEY", "500000", False, None),
    ("500 000:-", "MONEY", "500000", False, None),
    ("1,5 miljarder", "MONEY", "1500000000", False, None),
    ("drygt 2 mnkr", "MONEY", "2000000", True, None),
    ("knappt 3 mkr", "MONEY", "3000000", True, None),
    ("37 MSEK", "MONEY", "37000000", False, None),
    ("3 miljarder kronor", "MONEY", "3000000000", False, None),
    ("1,1 miljoner kronor", "MONEY", "1100000", False, None),
    ("en miljon kronor", "MONEY", "1000000", False, None),
    ("tre miljoner kronor", "MONEY", "3000000", False, None),
    ("50 kronor per år", "MONEY", "50", False, "year"),
    ("200 000 kr/år", "MONEY", "200000", False, "year"),
    ("4 mnkr årligen", "MONEY", "4000000", False, "year"),
    ("över 100 000 kronor", "MONEY", "100000", True, None),
    ("uppemot 2 miljoner kronor", "MONEY", "2000000", True, None),
    ("1 500 personer", "QUANTITY", "1500 personer", False, None),
    ("27 personer", "QUANTITY", "27 personer", False, None),
    ("39 landsbygdskommuner", "QUANTITY", "39 kommuner", False, None),
    ("drygt 15 olika e-tjänster", "QUANTITY", "15 e-tjänster", True, None),
    ("fyra medarbetare", "QUANTITY", "4 medarbetare", False, None),
    ("12 nystartade företag", "QUANTITY", "12 företag", False, None),
    ("cirka 650 stycken", "QUANTITY", "650 stycken", True, None),
    ("500 fler i sysselsättning", "QUANTITY", "500 sysselsatta", False, None),
    ("3 miljoner invånare", "QUANTITY", "3000000 invånare", False, None),
    ("närmare 40 deltagare", "QUANTITY", "40 deltagare", True, None),
    ("ett 20-tal företag", "QUANTITY", "20 företag", True, None),
    ("10–15 personer", "QUANTITY", "10 personer", True, None),
    ("800 besökare per år", "QUANTITY", "800 besökare", False, "year"),
    ("20 procent", "PERCENT", "20", False, None),
    ("20 %", "PERCENT", "20", False, None),
    ("12,5%", "PERCENT", "12.5", False, None),
    ("tre procent", "PERCENT", "3", False, None),
    ("runt 40 procent", "PERCENT", "40", True, None),
    ("NKI 72", "SCORE", "NKI 72", False, None),
    ("NKI-värdet har stigit till 87,9", "SCORE", "NKI 87.9", False, None),
    ("Insikt 75", "SCORE", "Insikt 75", False, None),
    ("plats 63", "SCORE", "ranking 63", False, None),
    ("placering 63", "SCORE", "ranking 63", False, None),
    ("63:e plats", "SCORE", "ranking 63", False, None),
]


@pytest.mark.parametrize(("expr", "label", "value", "approx", "per"), NORMALISE_CASES)
def test_normalise_amount(expr: str, label: str, value: str, approx: bool, per: str | None) -> None:
    got = normalise_amount(expr)
    assert got is not None, expr
    assert (amount_label(got), amount_entity_value(got), got.approx, got.per) == (
        label,
        value,
        approx,
        per,
    )


# (text, [(span text, label, entity value), ...]): all matches, in order
FIND_CASES = [
    (
        "Varje kommun får 1 760 000 kronor per år till sitt utvecklingsarbete.",
        [("1 760 000 kronor per år", "MONEY", "1760000")],
    ),
    (
        "Regeringen har avsatt ca 37 miljoner i stöd till landsbygden.",
        [("ca 37 miljoner", "MONEY", "37000000")],
    ),
    ("Byn har 37 miljoner skäl att fira.", []),
    (
        "Vi har nått företagen, cirka 650 stycken, med information.",
        [("cirka 650 stycken", "QUANTITY", "650 företag")],
    ),
    (
        "Länets 39 landsbygdskommuner samlade 1 500 personer.",
        [
            ("39 landsbygdskommuner", "QUANTITY", "39 kommuner"),
            ("1 500 personer", "QUANTITY", "1500 personer"),
        ],
    ),
    (
        "Medborgarna kan nu använda drygt 15 olika e-tjänster.",
        [("drygt 15 olika e-tjänster", "QUANTITY", "15 e-tjänster")],
    ),
    (
        "Enheten har anställt fyra medarbetare under året.",
        [("fyra medarbetare", "QUANTITY", "4 medarbetare")],
    ),
    (
        "Målet är 500 fler i sysselsättning till 2025.",
        [("500 fler i sysselsättning", "QUANTITY", "500 sysselsatta")],
    ),
    (
        "Andelen steg med 20 procent, från 12,5% till 15 %.",
        [
            ("20 procent", "PERCENT", "20"),
            ("12,5%", "PERCENT", "12.5"),
            ("15 %", "PERCENT", "15"),
        ],
    ),
    (
        "NKI-värdet enligt mätningen har ökat till 87,9 i år.",
        [("NKI-värdet enligt mätningen har ökat till 87,9", "SCORE", "NKI 87.9")],
    ),
    (
        "NKI 2021 blev 74 för bygglov.",
        [("NKI 2021 blev 74", "SCORE", "NKI 74")],
    ),
    (
        "Kommunen hamnade på plats 12 av 290 kommuner.",
        [("plats 12", "SCORE", "ranking 12"), ("290 kommuner", "QUANTITY", "290 kommuner")],
    ),
    ("I rankingen kom vi på 63:e plats.", [("63:e plats", "SCORE", "ranking 63")]),
    ("Laget tog 1:a plats.", [("1:a plats", "SCORE", "ranking 1")]),
    (
        "Budgeten är 2,5 mnkr och drygt 2 mnkr går till lön.",
        [("2,5 mnkr", "MONEY", "2500000"), ("drygt 2 mnkr", "MONEY", "2000000")],
    ),
    ("Investeringen landar på 1,5 miljarder.", [("1,5 miljarder", "MONEY", "1500000000")]),
    ("Priset är 500 000:- exklusive moms.", [("500 000", "MONEY", "500000")]),
    ("Totalt 2000 personer deltog.", [("2000 personer", "QUANTITY", "2000 personer")]),
    ("Gåvan var på 2021 kronor.", [("2021 kronor", "MONEY", "2021")]),
    (
        "Sedan 2018 har 27 personer fått jobb.",
        [("27 personer", "QUANTITY", "27 personer")],
    ),
    (
        "Vi ordnade 12 möten och 3 seminarier med 45 deltagare.",
        [
            ("12 möten", "QUANTITY", "12 möten"),
            ("3 seminarier", "QUANTITY", "3 seminarier"),
            ("45 deltagare", "QUANTITY", "45 deltagare"),
        ],
    ),
    ("Stödet ligger på\u00a02\u00a0000\u00a0kr.", [("2\u00a0000\u00a0kr", "MONEY", "2000")]),
    ("Ett 30-tal företagare kom.", [("30-tal företagare", "QUANTITY", "30 företagare")]),
    ("Ett sextiotal butiker har öppnat.", [("sextiotal butiker", "QUANTITY", "60 butiker")]),
    (
        "Vi besökte de butiker som finns i kommunen, omkring 120 st, under våren.",
        [("omkring 120 st", "QUANTITY", "120 butiker")],
    ),
    (
        "Anslaget var 2 400 000\nkronor per år under hela perioden.",
        [("2 400 000\nkronor per år", "MONEY", "2400000")],
    ),
    ("Siffran för 2021\n\nRegion Norr är okänd.", []),
    ("Tid: kl. 08.30–10.00\nPlats: biblioteket.", []),
    (
        "Ett par hundra stödpengar: 37 miljoner\ntill bygden.",
        [("37 miljoner", "MONEY", "37000000")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_amounts(text: str, expected: list[tuple[str, str, str]]) -> None:
    matches = find_amounts(text)
    got = [(m.text, amount_label(m.amount), amount_entity_value(m.amount)) for m in matches]
    assert got == expected
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert m.text == m.text.strip(" .,;!?")


# Texts in which no amount may be found.
NEGATIVE_CASES = [
    "År 2018 och 2021 var bra år.",
    "Perioden 2018–2024 är lång.",
    "Nästa träff är 24/2 och 2-6/2.",
    "Hon stod 1:a i kön för 2:a gången.",
    "Ring 08-123 456 eller skriv till 831 82 Östersund.",
    "Vi ses kl. 17:00-20:00.",
    "Det var 37 år sedan.",
    "Av dem var 12 nöjda.",
    "Det tog en vecka att bygga.",
    "Ett företag och en person deltog.",
    "Vi har 5 000 i kassan.",
    "Under 2021 startade arbetet.",
    "Läs kapitel 3 och sidan 14.",
    "Insikter från förra året visar 30 förbättringar.",
    "Rapport 2013:10 beskriver läget.",
]


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_no_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_normalise_amount_none_for_plain_text() -> None:
    assert normalise_amount("inga siffror här") is None
    assert normalise_amount("42") is None
    # a frequency ("2ggr i veckan") counts times, not things
    assert normalise_amount("2ggr") is None


def test_money_value_is_in_sek() -> None:
    got = normalise_amount("2,5 mnkr")
    assert got == AmountValue("money", 2500000.0, "SEK", False, None)


@pytest.mark.parametrize(
    ("word", "unit"),
    [
        ("företagen", "företag"),
        ("Personerna", "personer"),
        ("landsbygdskommuner", "kommuner"),
        ("småföretagare", "företagare"),
        ("transporter", None),
        ("kommunfullmäktige", None),
        ("år", None),
    ],
)
def test_unit_noun(word: str, unit: str | None) -> None:
    assert unit_noun(word) == unit


@given(st.integers(min_value=0, max_value=10**12))
def test_kronor_round_trip(n: int) -> None:
    text = f"Beloppet är {format_swedish_number(n)} kronor."
    matches = find_amounts(text)
    assert len(matches) == 1
    assert matches[0].amount.kind == "money"
    assert matches[0].amount.value == n
    assert matches[0].text == f"{format_swedish_number(n)} kronor"


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_decimal_kronor_round_trip(whole: int, hundredths: int) -> None:
    value = float(f"{whole}.{hundredths:02d}")
    text = f"Det kostar {format_swedish_number(value)} kr per år"
    matches = find_amounts(text)
    assert [(m.amount.value, m.amount.per) for m in matches] == [(value, "year")]


_TOKENS = st.sampled_from(
    [
        "1", "12", "2021", "1 500", "1\u2009500", "87,9", "1.500", "1 500.5", "-", "–", "/",
        ":", ":a", ":-", ".", ",", " ", "\n", "\n\n", "kr", "kronor", "mnkr", "milj.",
        "miljoner", "miljarder", "tusen", "procent", "%", "personer", "företagen", "stycken",
        "st", "NKI", "plats", "ca.", "drygt", "per år", "fyra", "ett", "sextiotal", "-tal",
        "kl.", "24/2", "budget", "olika",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=12), st.booleans())
def test_find_amounts_invariants(parts: list[str], spaced: bool) -> None:
    text = (" " if spaced else "").join(parts)
    previous_end = 0
    for m in find_amounts(text):
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end
        assert m.text == m.text.strip() and m.text[-1] not in ".,;:"
        assert amount_label(m.amount) in {"MONEY", "QUANTITY", "PERCENT", "SCORE"}
        assert amount_entity_value(m.amount) or (m.amount.value is None and m.amount.warning)
        previous_end = m.end


# ------------------------------------------------------------ implausible values (issue 17)

ABSURD = [
    ("1 000 000 000 000 000 000 kr", "money"),
    ("20 000 miljarder kronor", "money"),
    ("100000000 procent", "percent"),
    ("1 500 %", "percent"),
]


@pytest.mark.parametrize(("expr", "kind"), ABSURD)
def test_implausible_amounts_keep_their_text_without_a_value(expr: str, kind: str) -> None:
    (match,) = find_amounts(f"Budgeten är {expr} enligt förslaget.")
    assert match.text == expr
    assert match.amount.kind == kind
    assert match.amount.value is None
    assert match.amount.warning and "implausible" in match.amount.warning
    assert amount_entity_value(match.amount) is None


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=10**21))
def test_fuzzed_money_is_a_value_only_when_plausible(n: int) -> None:
    (match,) = find_amounts(f"Stödet är {format_swedish_number(n)} kronor.")
    if n <= 10**13:
        assert match.amount.value == n and match.amount.warning is None
    else:
        assert match.amount.value is None and match.amount.warning


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**10))
def test_fuzzed_percentages_are_a_value_only_when_plausible(n: int) -> None:
    (match,) = find_amounts(f"Ökningen var {n} procent.")
    if n <= 1000:
        assert match.amount.value == n and match.amount.warning is None
    else:
        assert match.amount.value is None and match.amount.warning
