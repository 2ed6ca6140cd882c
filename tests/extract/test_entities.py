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


def test_long_sentences_are_cut_into_bounded_parts():
    """A 'sentence' without punctuation (a table, a dump) becomes parts of at most
    max_sentence_chars, cut after punctuation when there is some."""
    import spacy

    from pipeline.extract.entities import bounded

    nlp = spacy.blank("sv")
    text = " ".join(f"ord{n}" for n in range(300)) + ", och " + "slut " * 50
    doc = nlp(text)
    whole = doc[0 : len(doc)]
    parts = bounded(whole, 200)
    assert len(parts) > 1
    assert all(p.end_char - p.start_char <= 200 for p in parts)
    assert [t.i for p in parts for t in p] == list(range(len(doc)))  # nothing lost or doubled
    assert bounded(doc[0:5], 200) == [doc[0:5]]


def test_collected_sentences_respect_the_cap(monkeypatch):
    from dataclasses import replace

    import spacy

    from pipeline.extract import entities
    from pipeline.limits import limits

    monkeypatch.setattr(entities, "limits", lambda: replace(limits(), max_sentence_chars=100))
    nlp = spacy.blank("sv")
    nlp.add_pipe("sentencizer")
    doc = nlp(" ".join(["ord"] * 400) + ".")
    facts = entities.collect("d", [(0, doc)])
    assert len(facts.sentences) > 10
    assert all(len(s.text) <= 100 for s in facts.sentences)
    assert [s.idx for s in facts.sentences] == list(range(len(facts.sentences)))
