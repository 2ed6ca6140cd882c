"""Organisation names from a name and a head word (training/lexicons/organisation_patterns.json)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
import srsly

from pipeline.nlp.org_patterns import OrganisationPatterns, resolve

LEXICONS = Path(__file__).resolve().parents[2] / "training" / "lexicons"


@pytest.fixture(scope="module")
def patterns() -> OrganisationPatterns:
    return OrganisationPatterns.from_json(srsly.read_json(LEXICONS / "organisation_patterns.json"))


def found(patterns, text):
    return [(m.text, m.value) for m in resolve(patterns.find(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bygglov för Tempohus Kungsbacka AB:s hus.",
            ("Tempohus Kungsbacka AB:s", "Tempohus Kungsbacka AB"),
        ),
        ("Inom Kalix kommun finns mycket.", ("Kalix kommun", "Kalix kommun")),
        ("Möte med Företagarna Töre i går.", ("Företagarna Töre", "Företagarna Töre")),
        (
            "Vi och Västerbottens handelskammare.",
            ("Västerbottens handelskammare", "Västerbottens handelskammare"),
        ),
        ("Ritad av Klara Arkitekter AB.", ("Klara Arkitekter AB", "Klara Arkitekter AB")),
        ("en del av Kalixföretagarna nu", ("Kalixföretagarna", "Kalixföretagarna")),
        (
            "avstämning med Räddningstjänsten\nStorgöteborg om",
            ("Räddningstjänsten\nStorgöteborg", "Räddningstjänsten Storgöteborg"),
        ),
    ],
)
def test_names_with_heads(patterns, text, expected):
    assert expected in found(patterns, text)


def test_ordinary_words_and_sentence_starts_are_no_names(patterns):
    assert found(patterns, "Denna kommun är bra. Ny kommun bildas.") == []
    assert found(patterns, "Reningsverket byggs om.") == []
    assert found(patterns, "Älvsbyns Energi AB Årsredovisning 2010") == [
        ("Älvsbyns Energi AB", "Älvsbyns Energi AB")
    ]


def test_component_saves_its_patterns(tmp_path):
    nlp = spacy.blank("sv")
    component = nlp.add_pipe("kommunlens_org_patterns")
    empty = nlp("Tempohus AB bygger")
    assert len(empty.spans["kl_org_patterns"]) == 0  # nothing before initialize
    component.initialize(lexicon_dir=str(LEXICONS))
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    doc = loaded("Tempohus AB bygger")
    spans = doc.spans["kl_org_patterns"]
    assert [(s.text, s._.kl_value, s._.kl_source) for s in spans] == [
        ("Tempohus AB", "Tempohus AB", "rule")
    ]
