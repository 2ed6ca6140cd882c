"""Span values written straight into user_data read back through spaCy's ``span._``."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from pipeline.nlp.extensions import SPAN_VALUES, set_span_values, span_values


def test_values_written_directly_are_spacys_extension_values():
    doc = spacy.blank("sv")("Tillväxtverket betalar 2 mnkr")
    span = Span(doc, 0, 1, label="ORG")
    set_span_values(span, kl_value="Tillväxtverket", kl_kb_id="x")
    assert span._.kl_value == "Tillväxtverket"
    assert span._.kl_kb_id == "x"
    assert span._.kl_source is None
    span._.kl_source = "gazetteer"
    assert span_values(span) == ("Tillväxtverket", "x", "gazetteer", None, None)
    assert len(span_values(span)) == len(SPAN_VALUES)


def test_none_clears_a_value_set_for_the_same_offsets():
    doc = spacy.blank("sv")("Västerås vann")
    place = Span(doc, 0, 1, label="LOC")
    set_span_values(place, kl_kb_id="1980")
    club = Span(doc, 0, 1, label="ORG")
    set_span_values(club, kl_kb_id=None)
    assert club._.kl_kb_id is None
