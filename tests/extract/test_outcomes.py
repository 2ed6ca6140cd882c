"""Outcome extraction: own sentences for the rules, the seed documents when ../shared exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.dataset.records import AmountRecord, Sentence
from pipeline.extract.outcomes import (
    extract_outcomes,
    is_outcome,
    outcome_cues,
    outcome_direction,
)
from tests.extract.seeds import seed_sentences
from tests.fixtures.extract.segment import split_sentences

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"


def fake_focus(texts: list[str]) -> list[list[str]]:
    return [["tourism_hospitality"] if "besök" in t else [] for t in texts]


def amount(s: Sentence, text: str, kind: str, value: float, unit: str | None) -> AmountRecord:
    start = s.start + s.text.index(text)
    return AmountRecord(
        "doc", s.idx, start, start + len(text), s.text, text, kind, value, unit, False, None
    )


def run(doc_text: str, amounts=(), **kw):
    return extract_outcomes(
        "doc",
        split_sentences(doc_text),
        [],
        list(amounts),
        "Storbacka",
        classify_focus=fake_focus,
        **kw,
    )


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("NKI-värdet enligt SKR har ökat till 81,5.", "increase"),
        ("Fler besökare och en ny handlingsplan för turismen.", "increase"),
        ("300 fler i sysselsättning", "increase"),
        ("Reaktionerna har varit mycket positiva från företagarna.", None),
        ("Undersökningen visar en viss förbättring av företagsklimatet.", "increase"),
        ("Arbetslösheten har minskat till 6 procent.", "decrease"),
        ("Antalet gästnätter ligger kvar på samma nivå som i fjol.", "stable"),
        ("Träffarna har resulterat i flera nya samarbeten.", None),
    ],
)
def test_is_outcome_positive_and_direction(text, direction):
    assert is_outcome(text)
    assert outcome_cues(text).direction == direction


@pytest.mark.parametrize(
    "text",
    [
        "Målet är att öka antalet besökare med 10 procent.",
        "Antalet besökare ska öka under 2025.",
        "Satsningen kommer att leda till fler jobb.",
        "Vi startar ett nätverk för att öka dialogen med fler företag.",
        "Resultat",
        "Vi ser en ökad oro bland handlarna.",
        "Samverkan är avgörande för hållbara resultat.",
        "Kommunen har lanserat en e-tjänst för bygglov.",
        "Har antalet besökare ökat?",
        "Genom långsiktigt arbete och samverkan har kommunen skapat bättre förutsättningar för handeln.",
    ],
)
def test_is_outcome_negative(text):
    assert not is_outcome(text)


def test_results_heading_lowers_the_bar():
    assert not is_outcome("Starkare band mellan skolan och näringslivet.")
    assert is_outcome("Starkare band mellan skolan och näringslivet.", in_results=True)
    text = "Resultat\nStarkare band mellan skolan och näringslivet.\nLärdomar\nStarkare band mellan handlarna."
    rows = run(text)
    assert [r.text for r in rows] == ["Starkare band mellan skolan och näringslivet."]


def test_score_amount_gives_indicator_and_value():
    text = "Resultat\nBättre service: Enkäten visar en viss förbättring, och NKI-värdet har ökat till 81,5."
    sentences = split_sentences(text)
    score = amount(sentences[1], "NKI-värdet har ökat till 81,5", "score", 81.5, "NKI")
    (row,) = run(text, [score])
    assert row.indicator == "NKI"
    assert row.value == 81.5
    assert row.direction == "increase"
    assert row.outcome_id == "doc-o001"
    assert text[row.start_char : row.end_char] == row.text
    # The label states the result itself, so it stays in the text.
    assert row.text.startswith("Bättre service:")


def test_label_without_result_is_dropped():
    text = "Turism: Fler besökare under sommaren än året innan."
    (row,) = run(text)
    assert row.text == "Fler besökare under sommaren än året innan."
    assert text[row.start_char : row.end_char] == row.text
    assert row.indicator == "besökare"
    assert row.focus_areas == ["tourism_hospitality"]


def test_quantity_amount_and_number_fallback():
    text = "• 300 fler i sysselsättning\n• Antalet nya företag har ökat från 80 till 95 i år."
    sentences = split_sentences(text)
    rows = run(text, [amount(sentences[0], "300", "quantity", 300.0, "personer")])
    assert [(r.indicator, r.value, r.direction) for r in rows] == [
        ("sysselsättning", 300.0, "increase"),
        ("nyföretagande", 95.0, "increase"),
    ]
    assert rows[0].text == "300 fler i sysselsättning"
    # Years are not values.
    assert run("Fler besökare under 2023.")[0].value is None


def test_fixture_newsletter_outcomes():
    text = (FIXTURES / "nyhetsbrev.txt").read_text(encoding="utf-8")
    rows = run(text, text=text)
    assert [(r.indicator, r.value, r.direction) for r in rows] == [
        ("nöjdhet", 74.0, "increase"),
        ("besökare", None, "increase"),
    ]
    assert all(r.municipality == "Storbacka" for r in rows)


# ---------------------------------------------------------------- seeds (../shared)


def _seed(prefix: str) -> tuple[str, list[Sentence]]:
    return seed_sentences(prefix)


def test_seed_003_nki_and_visitors():
    text, sentences = _seed("003")
    nki_sentence = next(s for s in sentences if "NKI-värdet" in s.text)
    # The SCORE amount the pipeline's amount matcher gives for "NKI-värdet ... 87,9".
    start = nki_sentence.start + nki_sentence.text.index("NKI-värdet")
    end = nki_sentence.start + nki_sentence.text.index("87,9") + len("87,9")
    score = AmountRecord(
        "003",
        nki_sentence.idx,
        start,
        end,
        nki_sentence.text,
        text[start:end],
        "score",
        87.9,
        "NKI",
        False,
        None,
    )
    rows = extract_outcomes(
        "003", sentences, [], [score], "Kalix", classify_focus=fake_focus, text=text
    )
    nki = next(r for r in rows if r.sent_idx == nki_sentence.idx)
    assert (nki.indicator, nki.value, nki.direction) == ("NKI", 87.9, "increase")
    visitors = next(r for r in rows if r.text.startswith("Fler besökare"))
    assert visitors.direction == "increase"
    assert visitors.indicator == "besökare"
    # Headings and general statements are not outcomes.
    assert not any(r.sentence in ("Resultat", "Slutsats") for r in rows)
    assert not any("är avgörande" in r.text for r in rows)


def test_seed_004_employment():
    text, sentences = _seed("004")
    rows = extract_outcomes("004", sentences, [], [], None, classify_focus=fake_focus, text=text)
    row = next(r for r in rows if "500 fler i sysselsättning" in r.text)
    assert (row.value, row.direction, row.indicator) == (500.0, "increase", "sysselsättning")
    assert not any("Tid för nästa träff" in r.sentence for r in rows)


def test_seed_000_no_outcome_from_purpose_or_greeting():
    text, sentences = _seed("000")
    rows = extract_outcomes("000", sentences, [], [], None, classify_focus=fake_focus, text=text)
    for r in rows:
        assert "för att nå fler" not in r.sentence
        assert "God Jul" not in r.sentence
        assert "smittspridning" not in r.sentence


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        # change words the phrase list lacks, found by lemma
        ("Orten tappar tolv placeringar i årets mätning.", "decrease"),
        ("Bruket avvecklar och 30 personer mister jobbet.", "decrease"),
        ("Det växande antalet turister märks i handeln.", "increase"),
        ("Handlarna har haft en god tillväxt de senaste åren.", "increase"),
        ("Kommunen klättrar i mätningen.", "increase"),
        # a listed phrase still decides first
        ("Antalet besökare har ökat trots att hotellet avvecklar.", "increase"),
        # a bare infinitive is a goal, a purpose clause is no result
        ("Målet är att öka antalet gästnätter.", None),
        ("Nätverket startades för att minska arbetslösheten.", None),
        ("Tillväxtverket fördelar stödet till kommunerna.", None),
    ],
)
def test_outcome_direction_by_lemma(text: str, direction: str | None) -> None:
    assert outcome_direction(text) == direction
