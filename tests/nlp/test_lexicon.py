from __future__ import annotations

import pytest

from pipeline.nlp.lexicon import is_common_word, looks_like_common_noun


@pytest.mark.parametrize(
    "word", ["Resultat", "Pandemin", "Inom", "Samverkan", "Regionen", "Större"]
)
def test_ordinary_words(word):
    assert is_common_word(word)


@pytest.mark.parametrize("word", ["Kalix", "Ingrid", "Sverige", "Almi", "Svensson", "Göteborg"])
def test_names_are_not_ordinary_words(word):
    assert not is_common_word(word)


@pytest.mark.parametrize(
    "word", ["Coronapandemin", "Kunskapshöjning", "Digitalisering", "Attraktionskraft"]
)
def test_compounds_and_derivations_look_like_common_nouns(word):
    assert looks_like_common_noun(word)


@pytest.mark.parametrize("word", ["Kalix", "Sollefteå", "Ingrid"])
def test_names_do_not_look_like_common_nouns(word):
    assert not looks_like_common_noun(word)
