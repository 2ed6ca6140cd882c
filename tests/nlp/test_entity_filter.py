"""Boundary words: form labels, page markers, headings and titles never start or end a name."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.nlp.entity_filter import EntityFilter
from tests.conftest import shared_path

LEXICONS = Path(__file__).resolve().parents[2] / "training" / "lexicons"
NLP = spacy.blank("sv")


@pytest.fixture(scope="module")
def entity_filter() -> EntityFilter:
    return EntityFilter.from_file(LEXICONS / "entity_filter.json")


def trimmed(entity_filter, text, label):
    doc = NLP(text)
    start, end = entity_filter.trim(doc, 0, len(doc), label)
    return doc[start:end].text


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Hallstahammar Postadress", "ORG", "Hallstahammar"),
        ("Lofsdalen sidan", "LOC", "Lofsdalen"),
        ("Luleå ISBN", "LOC", "Luleå"),
        ("Dnr KS-2023-00527", "PER", ""),
        ("Mathias Brandt Ordförande", "PER", "Mathias Brandt"),
        ("KD Vesa Hiltunen", "PER", "Vesa Hiltunen"),
        ("( Kalix kommun )", "ORG", "Kalix kommun"),
        ("Kungsbacka C", "LOC", "Kungsbacka C"),  # party letters only cut people and organisations
    ],
)
def test_edges_are_trimmed(entity_filter, text, label, expected):
    assert trimmed(entity_filter, text, label) == expected


def test_names_are_kept_whole(entity_filter):
    for text in ("Tillväxtverket", "Region Jämtland Härjedalen", "WA3RM", "Anna Svensson"):
        assert trimmed(entity_filter, text, "ORG") == text


def test_round_trip(tmp_path, entity_filter):
    entity_filter.to_file(tmp_path / "f.json")
    assert EntityFilter.from_file(tmp_path / "f.json") == entity_filter


@pytest.mark.slow  # reads every annotated document
def test_no_annotated_name_starts_or_ends_with_a_boundary_word(entity_filter):
    """The list is checked against our own annotation: a boundary word at the edge of an
    annotated name would be cut off a real name."""
    shared_path("corpus")
    from training.annotation.standoff import load_units

    offenders = []
    for unit in load_units():
        for s, e, label in unit.entities:
            text = unit.text[s:e]
            if trimmed(entity_filter, text, label) != text.strip():
                offenders.append((text, label))
    assert len(offenders) <= 5, offenders
