"""Gazetteer features for the statistical NER: what the word lists know, given to the model.

The NER corpus is small (90 000 training tokens of news), so the model has seen few of the
names it meets. This component marks each token that lies inside a known organisation, a
Swedish or foreign place, or that is a known first name, and writes the mark into
``token.tag_`` (the project's own pipeline has no tagger). The tok2vec embeds ``TAG`` like
any other attribute, so the model learns from the training data how far to trust each mark:
unlike the gazetteer component, which asserts spans, a mark here is only evidence.

Marks are joined with "+" when a token has several ("FN+LOC" for "Washington").
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.extensions import doc_text
from pipeline.nlp.gazetteer import build_trie_pattern, doc_matches
from pipeline.nlp.person_names import load_first_names
from pipeline.resources import resource_path

ORG_MARK = "ORG"
LOC_MARK = "LOC"
FIRST_NAME_MARK = "FN"
WORLD_PLACES = "world_places.txt"


@cache
def load_world_places() -> frozenset[str]:
    """Names from ``world_places.txt`` (comments and blank lines skipped)."""
    lines = resource_path(WORLD_PLACES).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _world_pattern() -> re.Pattern[str]:
    body = build_trie_pattern(load_world_places())
    return re.compile(rf"(?<![\w-])(?:{body})(?::?s)?(?![\w])")


def find_world_places(text: str) -> list[tuple[int, int]]:
    """Character spans of foreign places, genitives included ("Norges", "USA:s")."""
    return [match.span() for match in _world_pattern().finditer(text)]


def feature_marks(doc: Doc) -> list[str]:
    """One mark string per token; "" for a token no list knows."""
    text = doc_text(doc)
    marks: list[set[str]] = [set() for _ in range(len(doc))]

    def mark(start: int, end: int, label: str) -> None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                marks[i].add(label)

    organisations, places = doc_matches(doc)
    for match in organisations:
        mark(match.start, match.end, ORG_MARK)
    for match in places:
        mark(match.start, match.end, LOC_MARK)
    for start, end in find_world_places(text):
        mark(start, end, LOC_MARK)
    first_names = load_first_names().names
    for token in doc:
        if token.text in first_names:
            marks[token.i].add(FIRST_NAME_MARK)
    return ["+".join(sorted(m)) for m in marks]


class NerFeatures:
    """Pipeline component: gazetteer marks into ``token.tag_`` for the NER's tok2vec."""

    def __call__(self, doc: Doc) -> Doc:
        for token, mark in zip(doc, feature_marks(doc), strict=True):
            if mark:
                token.tag_ = mark
        return doc


@Language.factory("kommunlens_ner_features")
def make_ner_features(nlp: Language, name: str) -> NerFeatures:
    """Factory for ``nlp.add_pipe("kommunlens_ner_features")``; runs before the tok2vec."""
    return NerFeatures()
