"""Gazetteer features for the statistical NER: what the word lists know, given to the model.

The NER corpus is small (90 000 training tokens of news), so the model has seen few of the
names it meets. This component marks each token that lies inside a known organisation or a
Swedish or foreign place, that is a known first name, that is built like an organisation's
name, a place's or a surname ("Statskontoret", "Tangentvägen", "Gaddefors"), or that is
capitalised but an ordinary Swedish word ("Polisen", "Resultat": lexicon.py). The marks go
into ``token.tag_`` (the project's own pipeline has no tagger). The tok2vec embeds ``TAG``
like any other attribute, so the model learns from the training data how far to trust each
mark: unlike the gazetteer component, which asserts spans, a mark here is only evidence.

Marks are joined with "+" when a token has several ("FN+LOC" for "Washington").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from pipeline.nlp.extensions import doc_text
from pipeline.nlp.gazetteer import build_trie_pattern, doc_matches
from pipeline.nlp.lexicon import is_common_word
from pipeline.nlp.person_names import load_first_names
from pipeline.resources import resource_path

ORG_MARK = "ORG"
LOC_MARK = "LOC"
FIRST_NAME_MARK = "FN"
ORG_WORD_MARK = "ORGW"
PLACE_WORD_MARK = "LOCW"
SURNAME_WORD_MARK = "SNW"
COMMON_WORD_MARK = "CW"
WORLD_PLACES = "world_places.txt"
CUES = "ner_feature_cues.json"


@dataclass(frozen=True)
class WordShape:
    """Capitalised words built a certain way: ending in a suffix, or one of a few words."""

    suffixes: tuple[str, ...]  # lower case
    words: frozenset[str] = frozenset()

    def matches(self, word: str) -> bool:
        if word in self.words:
            return True
        if not word[:1].isupper():
            return False
        lower = word.lower()
        if not lower.endswith(self.suffixes):  # one C-level test for the common case
            return False
        return any(lower.endswith(s) and len(lower) >= len(s) + 3 for s in self.suffixes)


@dataclass(frozen=True)
class WordShapes:
    organisation: WordShape  # "Statskontoret", "IFK"
    place: WordShape  # "Tangentvägen", "Smålandskusten"
    surname: WordShape  # "Gaddefors", "Ingemarsdotter"


@cache
def load_word_shapes() -> WordShapes:
    """The suffix lists of ``ner_feature_cues.json``."""
    cues = json.loads(resource_path(CUES).read_text(encoding="utf-8"))

    def suffixes(key: str) -> tuple[str, ...]:
        return tuple(sorted({s.lower() for s in cues[key]}, key=len, reverse=True))

    return WordShapes(
        organisation=WordShape(
            suffixes("organisation_suffixes"), frozenset(cues["club_abbreviations"])
        ),
        place=WordShape(suffixes("place_suffixes")),
        surname=WordShape(suffixes("surname_suffixes")),
    )


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


def word_marks(word: str) -> frozenset[str]:
    """Marks a word earns on its own: first name, organisation-, place- or surname-shaped,
    capitalised ordinary word."""
    marks = set()
    shapes = load_word_shapes()
    if word in load_first_names().names:
        marks.add(FIRST_NAME_MARK)
    if shapes.organisation.matches(word):
        marks.add(ORG_WORD_MARK)
    if shapes.place.matches(word):
        marks.add(PLACE_WORD_MARK)
    common = word[:1].isupper() and is_common_word(word)
    if common:
        marks.add(COMMON_WORD_MARK)
    elif shapes.surname.matches(word):
        marks.add(SURNAME_WORD_MARK)
    return frozenset(marks)


# word hash -> its marks; words repeat, so each is looked at once per process
_WORD_MARKS: dict[int, frozenset[str]] = {}


def _marks_of(key: int, strings: StringStore) -> frozenset[str]:
    found = _WORD_MARKS.get(key)
    if found is None:
        found = _WORD_MARKS[key] = word_marks(strings[key])
    return found


def feature_marks(doc: Doc) -> list[str]:
    """One mark string per token; "" for a token no list knows."""
    strings = doc.vocab.strings
    marks = [_marks_of(key, strings) for key in doc.to_array(ORTH).tolist()]

    def mark(start: int, end: int, label: str) -> None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                marks[i] = marks[i] | {label}

    organisations, places = doc_matches(doc)
    for match in organisations:
        mark(match.start, match.end, ORG_MARK)
    for match in places:
        mark(match.start, match.end, LOC_MARK)
    for start, end in find_world_places(doc_text(doc)):
        mark(start, end, LOC_MARK)
    return ["+".join(sorted(m)) if m else "" for m in marks]


class NerFeatures:
    """Pipeline component: gazetteer marks into ``token.tag_`` for the NER's tok2vec."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        tags = [strings.add(mark) if mark else 0 for mark in feature_marks(doc)]
        doc.from_array([TAG], numpy.asarray(tags, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("kommunlens_ner_features")
def make_ner_features(nlp: Language, name: str) -> NerFeatures:
    """Factory for ``nlp.add_pipe("kommunlens_ner_features")``; runs before the tok2vec."""
    return NerFeatures()
