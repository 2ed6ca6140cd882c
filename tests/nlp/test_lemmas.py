"""The array-based lookup lemmatizer gives spaCy's lookup lemmas."""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp.lemmas import lemma_lookups, load_spacy_table, swedish_lemma_table
from tests.conftest import DEMO_DIR


def test_same_lemmas_as_spacys_lookup_lemmatizer():
    ours = spacy.blank("sv")
    ours.add_pipe("kommunlens_lemmas")
    reference = spacy.blank("sv")
    reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    reference.get_pipe("lemmatizer").initialize(lookups=lemma_lookups())
    for path in sorted(DEMO_DIR.glob("*.txt"))[:2]:
        text = path.read_bytes().decode("utf-8", errors="replace")
        got, expected = ours(text), reference(text)
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert [t.lemma_ for t in ours("kommunerna växte")] == ["kommun", "växa"]


@pytest.mark.slow
def test_one_compact_table_per_process_with_the_same_lemmas():
    compact = swedish_lemma_table()
    assert compact is swedish_lemma_table()
    original = load_spacy_table()
    assert len(compact) == len(original)
    for i, (key, lemma) in enumerate(original.items()):
        if i % 97 == 0:  # a spread sample; the whole table takes long in Python
            assert compact.get(key) == lemma
    for word in ("kommunerna", "företagen", "växte", "Kalix", "xyzzyq"):
        assert compact.get(word, word) == original.get(word, word)


def test_cache_file_round_trip_and_damage(tmp_path, monkeypatch):
    from pipeline.nlp import lemmas

    table = swedish_lemma_table()
    path = tmp_path / "lemmas.npz"
    lemmas._save(table, path)
    again = lemmas._load(path)
    assert again is not None and len(again) == len(table)
    for word in ("kommunerna", "företagen", "växte", "Kalix"):
        assert again.get(word, word) == table.get(word, word)
    path.write_bytes(path.read_bytes()[:1000])  # cut short
    assert lemmas._load(path) is None
