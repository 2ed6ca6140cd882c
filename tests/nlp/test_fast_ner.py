"""The project's NER factory: spaCy's recognizer with an array-based label check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

from pipeline.nlp.fast_ner import FACTORY, FastEntityRecognizer, preset_labels
from pipeline.nlp.loader import load_spacy, nlp_path

TEXTS = [
    "Anna Lindqvist på Tillväxtverket besökte Kalix i tisdags.",
    "Region Jämtland Härjedalen och Mittuniversitetet startar ett projekt i Östersund.",
    "Kommunstyrelsen i Hallstahammar beslutade att ge Almi Företagspartner uppdraget.",
    "Statsministern reste till Bryssel för att träffa EU-kommissionen.",
    "",
]


def test_preset_labels_reads_entity_types():
    nlp = spacy.blank("sv")
    doc = nlp("Anna bor i Kalix")
    doc.ents = [Span(doc, 0, 1, label="PER"), Span(doc, 3, 4, label="LOC")]
    assert preset_labels([doc, nlp("inget här"), nlp("")]) == {"PER", "LOC"}


def test_new_preset_label_is_added_once():
    nlp = spacy.blank("sv")
    ner = nlp.add_pipe(FACTORY)
    ner.add_label("PER")
    nlp.initialize()
    assert isinstance(ner, FastEntityRecognizer)
    doc = nlp.make_doc("Volvo bygger bilar")
    doc.ents = [Span(doc, 0, 1, label="ORG")]
    assert ner._ensure_labels_are_added([doc]) == 1
    assert "ORG" in ner.labels
    assert ner._ensure_labels_are_added([doc]) == 0


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return nlp_path()  # committed with the code


def test_installed_model_uses_the_fast_factory(model_dir: Path):
    nlp = load_spacy(model_dir)
    assert isinstance(nlp.get_pipe("ner"), FastEntityRecognizer)


def test_same_entities_as_spacys_recognizer(model_dir: Path, tmp_path: Path):
    stock_dir = tmp_path / "stock"
    shutil.copytree(model_dir, stock_dir)
    config = stock_dir / "config.cfg"
    text = config.read_text(encoding="utf-8")
    assert f'factory = "{FACTORY}"' in text
    config.write_text(text.replace(f'factory = "{FACTORY}"', 'factory = "ner"'), encoding="utf-8")
    fast, stock = load_spacy(model_dir), load_spacy(stock_dir)
    assert not isinstance(stock.get_pipe("ner"), FastEntityRecognizer)

    def ents(nlp):
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(TEXTS * 3)]

    found = ents(fast)
    assert found == ents(stock)
    assert sum(map(len, found)) > 0
