from __future__ import annotations

from pipeline.dataset.records import EntityRecord
from pipeline.extract.entities import resolve_first_names


def _per(value: str, source: str = "model") -> EntityRecord:
    return EntityRecord("d", 0, 0, len(value), value, value, "PER", value, None, source)


def test_one_name_mentions_get_the_full_name():
    ents = [_per("Kent Sjöström", "gazetteer"), _per("Kent"), _per("Sjöström"), _per("Kents")]
    assert [e.value for e in resolve_first_names(ents)] == ["Kent Sjöström"] * 4


def test_ambiguous_first_name_keeps_its_value_when_not_from_the_model():
    ents = [
        _per("Peter Andrén", "gazetteer"),
        _per("Peter Vomaka", "gazetteer"),
        _per("Peter", "gazetteer"),
    ]
    assert [e.value for e in resolve_first_names(ents)] == ["Peter Andrén", "Peter Vomaka", "Peter"]


def test_unmatched_one_word_person_from_the_model_is_dropped():
    ents = [_per("Ingrid Mars", "gazetteer"), _per("Teams"), _per("Lockne")]
    assert [e.value for e in resolve_first_names(ents)] == ["Ingrid Mars"]


def test_other_labels_pass_through():
    org = EntityRecord(
        "d", 0, 0, 4, "Almi", "Almi", "ORG", "Almi Företagspartner", None, "gazetteer"
    )
    assert resolve_first_names([org]) == [org]
