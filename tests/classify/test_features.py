"""Lemma features: Swedish inflections collapse, numbers are masked, the union pickles."""

from __future__ import annotations

import pickle

from pipeline.classify.features import lemmatise, make_text_features, tokenize


def test_lemmatise_maps_inflected_forms_to_lemmas() -> None:
    assert lemmatise("Kommunens upphandlingar") == "kommun upphandling"
    assert lemmatise("företagen") == lemmatise("Företag")


def test_lemmatise_masks_numbers_and_keeps_hyphenated_words() -> None:
    out = lemmatise("Drygt 15 e-tjänster 2021").split()
    assert out[1] == "<num>" and out[-1] == "<num>"
    assert "e-tjänster" in out or "e-tjänst" in out


def test_tokenize_lowercases_and_drops_punctuation() -> None:
    assert tokenize("Hej, Östersund! NKI-värdet.") == ["hej", "östersund", "nki-värdet"]


def test_lemmatise_empty_text() -> None:
    assert lemmatise("") == ""


def test_text_features_fit_and_pickle() -> None:
    texts = ["Kommunen har lanserat e-tjänster.", "Nya detaljplaner för industrimark.", "Pandemin"]
    union = make_text_features()
    x = union.fit_transform(texts)
    assert x.shape[0] == 3 and x.shape[1] > 10
    clone = pickle.loads(pickle.dumps(union))
    assert (clone.transform(texts) != x).nnz == 0


def test_lemma_features_see_inflections_as_one_term() -> None:
    union = make_text_features().fit(["upphandlingen", "upphandlingar"])
    words = union.transformer_list[0][1]
    assert "upphandling" in words.vocabulary_
    assert "upphandlingar" not in words.vocabulary_
