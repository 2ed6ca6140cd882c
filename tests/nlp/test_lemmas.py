"""The array-based lookup lemmatizer gives spaCy's lookup lemmas."""

from __future__ import annotations

import spacy

from pipeline.nlp.lemmas import lemma_lookups, swedish_lemma_table
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


def test_one_table_per_process():
    assert swedish_lemma_table() is swedish_lemma_table()
    assert lemma_lookups().get_table("lemma_lookup") is swedish_lemma_table()
