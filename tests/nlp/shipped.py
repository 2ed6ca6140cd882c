"""The word lists and rules as the shipped pipeline artefact holds them (for the nlp tests)."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from pipeline.nlp.gazetteer import Gazetteer
from pipeline.nlp.loader import own_pipeline
from pipeline.nlp.ner_features import FeatureLexicon, NerFeatures
from pipeline.nlp.person_names import PersonNameRules


@cache
def shipped_nlp() -> Language:
    return own_pipeline()


def gazetteer() -> Gazetteer:
    return shipped_nlp().get_pipe("kommunlens_gazetteer").gazetteer


def person_rules() -> PersonNameRules:
    return shipped_nlp().get_pipe("kommunlens_person_names").rules


def feature_component() -> NerFeatures:
    return shipped_nlp().get_pipe("ner_features")


def feature_lexicon() -> FeatureLexicon:
    return feature_component().lexicon
