"""Roles of sentences: greetings, signatures, headings, links, furniture, lead-ins, layout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.extract.sentence_roles import (
    is_activity_lead_in,
    is_boilerplate,
    is_general_statement,
    is_greeting,
    is_heading,
    is_list_item,
    is_logistics,
    is_signature,
    is_topic_lead_in,
    is_url_line,
    layout,
    looks_like_lead_in,
    split_label,
    strip_marker,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"


def _segment():
    spec = importlib.util.spec_from_file_location("extract_segment", FIXTURES / "segment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.split_sentences


@pytest.mark.parametrize(
    "text",
    [
        "God Jul & Gott Nytt År!",
        "Hör gärna av dig om du har frågor!",
        "Stort tack för i år",
        "Hej alla!",
    ],
)
def test_greetings(text):
    assert is_greeting(text)


@pytest.mark.parametrize(
    "text",
    [
        "Med vänliga hälsningar",
        "Vänliga hälsningar, Per",
        "Jonas Karlsson- Näringslivschef",
        "Eva Lind - Näringslivschef",
        "Anna-Karin Berg, projektledare",
    ],
)
def test_signatures(text):
    assert is_signature(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kommunen har lanserat en e-tjänst.",
        "Almi, Martin Hellström",
        "Näringslivskontoret - nu med öppet hus varje tisdag för alla nya företagare",
    ],
)
def test_not_signatures(text):
    assert not is_signature(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.verksamt.se/driva",
        "Här kan du läsa mer om projektet",
        "Läs mer på www.storbacka.se/foretag",
        "Information om stöden finns här: https://example.se/stod",
        "Sidan finns på två språk: Besokstorbacka.se | Besokstorbacka.com",
    ],
)
def test_url_lines(text):
    assert is_url_line(text)


def test_sentence_with_a_domain_inside_is_not_a_url_line():
    text = (
        "Kommunen har lanserat storbacka.se, en webbsida där företag inom bristyrken "
        "kan annonsera efter personal."
    )
    assert not is_url_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "Publicerad 2021-03-30",
        "Sidan uppdaterad 2021-03-31",
        "Tid för nästa träff: 18 januari 15.00",
    ],
)
def test_furniture_and_logistics_are_boilerplate(text):
    assert is_boilerplate(text)


def test_logistics():
    assert is_logistics("Tid för nästa träff: 18 januari")
    assert not is_logistics("Vi ordnade en träff för handlare.")


@pytest.mark.parametrize(
    "text",
    [
        "Samarbete är avgörande för hållbara resultat.",
        "Vi lever fortfarande med en pågående pandemi.",
        "Jag tror att nästa år blir bättre.",
    ],
)
def test_general_statements(text):
    assert is_general_statement(text)


def test_general_statement_negative():
    assert not is_general_statement("Kommunen har genomfört tolv företagsbesök.")


def test_headings():
    assert is_heading("Tillbakablick över 2021")
    assert is_heading("Resultat", followed_by_text=True)
    assert not is_heading("Resultat", followed_by_text=False)
    assert not is_heading("Kommunen har anordnat en mässa.")
    assert not is_heading("• Digitala företagsbesök", followed_by_text=True)
    assert not is_heading("Planen är att vi ska;")


def test_markers_and_labels():
    assert strip_marker("• Översätta webbsidan") == ("Översätta webbsidan", 2)
    assert strip_marker("– Region JH") == ("Region JH", 2)
    assert is_list_item("• Digitala företagsbesök")
    assert not is_list_item("Digitala företagsbesök")
    label, rest, offset = split_label("Nätverk: Organisering av träffar för handlare.")
    assert label == "Nätverk"
    assert rest == "Organisering av träffar för handlare."
    assert "Nätverk: Organisering av träffar för handlare."[offset:] == rest
    assert split_label("Under 2024 kommer vi att göra följande: mycket")[0] is None


def test_lead_ins():
    assert looks_like_lead_in("Planen är att kommunen under 2021 bland annat ska;")
    assert looks_like_lead_in("Insatser som genomförts")
    assert not looks_like_lead_in("Kunskapshöjning")
    assert is_topic_lead_in("De områden som kommunen valt är:")
    assert is_activity_lead_in("Många satsningar har gjorts under året;")
    assert not is_activity_lead_in("De områden som kommunen ska satsa på är:")


def test_layout_on_fixture():
    text = (FIXTURES / "nyhetsbrev.txt").read_text(encoding="utf-8")
    sentences = _segment()(text)
    by_text = dict(zip((s.text for s in sentences), layout(sentences, text), strict=True))
    assert by_text["Det här har vi gjort"].heading
    assert by_text["Resultat"].heading
    assert by_text["Under 2024 ska vi bland annat;"].lead_in_line
    assert by_text["• Översätta företagsguiden till engelska"].item
    assert not by_text["Fler besökare i centrum under sommaren."].heading
    # The last line is followed by nothing, so it is no heading.
    assert not by_text["Eva Lind - Näringslivschef"].heading


def test_layout_without_text_finds_the_same_headings_items_and_lead_ins():
    # Without the clean text a line start after a full stop is a guess, but the roles agree.
    text = (FIXTURES / "nyhetsbrev.txt").read_text(encoding="utf-8")
    sentences = _segment()(text)

    def roles(lays):
        return [(x.heading, x.item, x.lead_in_line) for x in lays]

    assert roles(layout(sentences)) == roles(layout(sentences, text))
