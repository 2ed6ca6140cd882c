"""Our municipal annotation as NER training data: folds, tokens, BIO tags."""

from __future__ import annotations

from collections import Counter

import pytest
import spacy

from pipeline.evaluate.ner_format import parse_ner_lines, sentence_spans
from tests.conftest import shared_path
from training.ner.municipal import (
    FOLDS,
    assign_folds,
    doc_sentence,
    municipal_examples,
    select,
    summary,
    unit_doc,
)

NLP = spacy.blank("sv")


def test_folds_are_fixed_balanced_and_independent_of_order():
    names = [f"{i:03d}_doc.txt" for i in range(57)]
    folds = assign_folds(names)
    assert folds == assign_folds(reversed(names))
    assert sorted(Counter(folds.values()).values()) == [19, 19, 19]
    more = assign_folds([*names, "999_new.txt"])
    assert sum(folds[n] != more[n] for n in names) < len(names) / 2


def test_glued_names_get_their_own_tokens():
    text = "Vi i Östersund42. Effie KourlosFoto: X"
    doc = unit_doc(NLP, text, [(5, 14, "LOC"), (18, 31, "PER")])
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Östersund", "LOC"),
        ("Effie Kourlos", "PER"),
    ]
    assert doc.text == text  # the text itself is unchanged


def test_bio_tags_keep_adjacent_names_apart_and_skip_line_breaks():
    text = "Maria Gustafsson Christina Johansson\nKalix kommun"
    doc = unit_doc(NLP, text, [(0, 16, "PER"), (17, 36, "PER"), (37, 49, "ORG")])
    sentence = doc_sentence(doc)
    assert "\n" not in sentence.tokens
    assert sentence.tags[:4] == ["B-PER", "I-PER", "B-PER", "I-PER"]
    lines = [f"{t}\t{tag}" for t, tag in zip(sentence.tokens, sentence.tags, strict=True)]
    (read,) = parse_ner_lines(lines)
    assert sentence_spans(read.tags) == [(0, 2, "PER"), (2, 4, "PER"), (4, 6, "ORG")]


@pytest.fixture(scope="module")
def examples():
    shared_path("corpus")
    return municipal_examples(NLP)


@pytest.mark.slow  # reads every annotated document, the PDFs too (about a minute)
def test_every_annotated_unit_becomes_an_example(examples):
    stats = summary(examples)
    assert stats["units"] >= 2000 and stats["documents"] >= 57
    assert stats["units_with_entities"] >= 800
    assert sum(stats["entities"].values()) >= 1370  # all but a few that sit inside one token
    assert sorted(stats["documents_per_fold"]) == list(range(FOLDS))


@pytest.mark.slow
def test_a_held_out_fold_shares_no_document_with_training(examples):
    for fold in range(FOLDS):
        kept = {x.doc for x in select(examples, fold)}
        held = {x.doc for x in examples if x.fold == fold}
        assert held and not kept & held
