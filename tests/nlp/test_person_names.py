"""Person-name matching from first names plus surnames."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pipeline.nlp import person_names
from tests.conftest import SHARED
from tests.nlp.shipped import person_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = SHARED / "corpus" / "seeds"


def find_person_names(text):
    return person_names.find_person_names(text, person_rules())


def load_first_names():
    return person_rules().first_names


def strip_genitive(name):
    return person_names.strip_genitive(name, load_first_names())


def names(text):
    return [(m.text, m.value) for m in find_person_names(text)]


def test_first_name_list_is_large_and_has_hyphenated_names():
    first = load_first_names()
    assert len(first.names) >= 500
    assert {"Lars-Åke", "Ann-Sofie", "Ingrid", "Ludde", "Olle"} <= first.names
    assert "Hans" in first.everyday


def test_simple_and_hyphenated_names():
    assert names("berättar Ingrid Mars som är projektledare") == [("Ingrid Mars", "Ingrid Mars")]
    assert names("kontakt via Lars-Åke Wassö inom projektet") == [
        ("Lars-Åke Wassö", "Lars-Åke Wassö")
    ]
    assert names("Ann-Sofie Lind-Berg talade") == [("Ann-Sofie Lind-Berg", "Ann-Sofie Lind-Berg")]
    assert names("Carin Becker Åström, kommunchef") == [
        ("Carin Becker Åström", "Carin Becker Åström")
    ]
    assert names("Anna af Klercker kom") == [("Anna af Klercker", "Anna af Klercker")]


def test_genitive_removed_from_value_only():
    assert names("Kent Sjöströms projekt") == [("Kent Sjöströms", "Kent Sjöström")]
    assert names("Madeleine Ahlqvists råd") == [("Madeleine Ahlqvists", "Madeleine Ahlqvist")]
    assert strip_genitive("Ingrid Mars") == "Ingrid Mars"
    assert strip_genitive("Effie Kourlos") == "Effie Kourlos"


def test_name_broken_over_lines():
    assert names("Information, Hans \n\nSvensson, Maria Söderkvist") == [
        ("Hans \n\nSvensson", "Hans Svensson"),
        ("Maria Söderkvist", "Maria Söderkvist"),
    ]


def test_no_false_positives():
    assert names("Kent Kommun och Maria Region") == []
    assert names("Hans Företag växer. Hans Kalix.") == []
    assert names("Bo Kvar i Kalix") == []
    assert names("avslutar Ingrid.") == []
    assert names("ingrid mars") == []
    assert names("Jonas Karlsson Näringslivschef") == [("Jonas Karlsson", "Jonas Karlsson")]
    assert names("Jonas Karlsson- Näringslivschef") == [("Jonas Karlsson", "Jonas Karlsson")]


def test_spacy_component_writes_person_spans():
    nlp = spacy.blank("sv")
    nlp.add_pipe("kommunlens_person_names").initialize(
        lexicon_dir=Path(__file__).resolve().parents[2] / "training" / "lexicons"
    )
    doc = nlp("Enligt Kent Sjöströms plan leder Ola Kereby arbetet.")
    got = [
        (s.text, s.label_, s._.kl_value, s._.kl_kb_id, s._.kl_source)
        for s in doc.spans["kl_person"]
    ]
    assert got == [
        ("Kent Sjöströms", "PER", "Kent Sjöström", None, "gazetteer"),
        ("Ola Kereby", "PER", "Ola Kereby", None, "gazetteer"),
    ]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not available")
def test_person_names_agree_with_gold_on_seeds():
    gold: dict[str, set] = {}
    for line in (FIXTURES / "gold_facts.jsonl").read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        gold.setdefault(fact["doc"], set())
        if fact["label"] == "PER":
            gold[fact["doc"]].add(fact["value"])
    for doc, expected in gold.items():
        text = (SEEDS / doc).read_text(encoding="utf-8")
        assert {m.value for m in find_person_names(text)} == expected, doc


def test_hyphenated_first_names_and_initials_from_the_list():
    assert names("Ulla-Maria Åkerblom och K-E Simonsson, V") == [
        ("Ulla-Maria Åkerblom", "Ulla-Maria Åkerblom"),
        ("K-E Simonsson", "K-E Simonsson"),
    ]


def test_a_first_name_after_a_surname_starts_the_next_person():
    assert names("Maria Gustafsson Christina Johansson Lars-Göran Zetterlund, ej") == [
        ("Maria Gustafsson", "Maria Gustafsson"),
        ("Christina Johansson", "Christina Johansson"),
        ("Lars-Göran Zetterlund", "Lars-Göran Zetterlund"),
    ]


def test_a_final_s_is_a_genitive_only_before_what_is_owned():
    assert names("Henrik Thunes (M) yrkande") == [("Henrik Thunes", "Henrik Thunes")]
    assert names("Jörgen Peters, ordförande") == [("Jörgen Peters", "Jörgen Peters")]
    assert names("Kent Sjöströms förslag och Anna Anderssons.") == [
        ("Kent Sjöströms", "Kent Sjöström"),
        ("Anna Anderssons", "Anna Anderssons"),
    ]


def test_an_organisation_head_is_no_surname():
    assert names("Kristina Grape, Klara Arkitekter Tommy Henningsson, kommunchef") == [
        ("Kristina Grape", "Kristina Grape"),
        ("Tommy Henningsson", "Tommy Henningsson"),
    ]
