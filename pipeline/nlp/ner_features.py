"""Gazetteer features for the statistical NER: what the word lists know, given to the model.

The NER corpus is small (90 000 training tokens of news), so the model has seen few of the
names it meets. This component marks each token that lies inside a known organisation or a
Swedish or foreign place, that is a known first name, that is built like an organisation's
name, a place's or a surname ("Statskontoret", "Tangentvägen", "Gaddefors"), or that is
capitalised but an ordinary Swedish word ("Polisen", "Resultat": lexicon.py). The marks go
into ``token.tag_``: the tok2vec embeds ``TAG`` like any other attribute, so the model learns
from the training data how far to trust each mark (a mark is only evidence). A tagger, if
the pipeline has one, runs after the NER and overwrites ``tag_`` with its own tags.

The word lists are the component's own data (``FeatureLexicon``): read from
``training/lexicons/`` by ``initialize`` when the model is trained, and saved with the model
by ``to_disk``, so the model and the lists it learnt from cannot drift apart.

Marks are joined with "+" when a token has several ("FN+LOC" for "Washington").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy
import srsly
from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from pipeline.nlp.extensions import doc_text
from pipeline.nlp.gazetteer import EMPTY_GAZETTEER, Gazetteer, build_trie_pattern, doc_matches
from pipeline.nlp.lexicon import CommonWords
from pipeline.nlp.person_names import FIRST_NAMES_FILE, FirstNames
from pipeline.resources import load_json

ORG_MARK = "ORG"
LOC_MARK = "LOC"
FIRST_NAME_MARK = "FN"
ORG_WORD_MARK = "ORGW"
PLACE_WORD_MARK = "LOCW"
SURNAME_WORD_MARK = "SNW"
COMMON_WORD_MARK = "CW"
WORLD_PLACES_FILE = "world_places.txt"
WORLD_ORGANISATIONS_FILE = "world_organisations.txt"
CUES_FILE = "ner_feature_cues.json"
COMMON_WORDS_FILE = "common_words.json"


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

    @classmethod
    def from_cues(cls, cues: dict) -> WordShapes:
        """From the suffix lists of ``ner_feature_cues.json``."""

        def suffixes(key: str) -> tuple[str, ...]:
            return tuple(sorted({s.lower() for s in cues[key]}, key=len, reverse=True))

        return cls(
            organisation=WordShape(
                suffixes("organisation_suffixes"), frozenset(cues["club_abbreviations"])
            ),
            place=WordShape(suffixes("place_suffixes")),
            surname=WordShape(suffixes("surname_suffixes")),
        )


def read_world_places(path: Path) -> frozenset[str]:
    """Names from a world-places file (comments and blank lines skipped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


def read_names(path: Path) -> frozenset[str]:
    """Names from an optional list file; a model saved before the list existed has none."""
    return read_world_places(path) if Path(path).exists() else frozenset()


def names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """Whole names, case-sensitive, with an optional genitive ("Norges", "USA:s")."""
    if not names:
        return None
    return re.compile(rf"(?<![\w-])(?:{build_trie_pattern(names)})(?::?s)?(?![\w])")


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)] if pattern else []


@dataclass
class FeatureLexicon:
    """Everything the feature marks are computed from; saved with the trained model."""

    gazetteer: Gazetteer = EMPTY_GAZETTEER
    first_names: FirstNames = field(default_factory=lambda: FirstNames(frozenset(), frozenset()))
    world_places: frozenset[str] = frozenset()
    # well-known organisations outside the gazetteer (media, companies, clubs): a mark only
    world_organisations: frozenset[str] = frozenset()
    cues: dict = field(default_factory=dict)
    common_words: CommonWords = field(default_factory=CommonWords)

    @cached_property
    def shapes(self) -> WordShapes | None:
        return WordShapes.from_cues(self.cues) if self.cues else None

    @cached_property
    def world_pattern(self) -> re.Pattern[str] | None:
        return names_pattern(self.world_places)

    @cached_property
    def organisation_pattern(self) -> re.Pattern[str] | None:
        return names_pattern(self.world_organisations)

    @classmethod
    def from_lexicons(cls, lexicon_dir: Path) -> FeatureLexicon:
        """Build time: the lists in ``training/lexicons``; common-word extras from the rules."""
        lexicon_dir = Path(lexicon_dir)
        return cls(
            gazetteer=Gazetteer.from_dir(lexicon_dir),
            first_names=FirstNames.from_file(lexicon_dir / FIRST_NAMES_FILE),
            world_places=read_world_places(lexicon_dir / WORLD_PLACES_FILE),
            world_organisations=read_names(lexicon_dir / WORLD_ORGANISATIONS_FILE),
            cues=srsly.read_json(lexicon_dir / CUES_FILE),
            common_words=CommonWords(
                frozenset(load_json("entity_rules.json")["extra_common_words"])
            ),
        )

    def to_dir(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.gazetteer.to_dir(path)
        self.first_names.to_file(path / FIRST_NAMES_FILE)
        text = "\n".join(sorted(self.world_places)) + "\n"
        (path / WORLD_PLACES_FILE).write_text(text, encoding="utf-8")
        if self.world_organisations:
            text = "\n".join(sorted(self.world_organisations)) + "\n"
            (path / WORLD_ORGANISATIONS_FILE).write_text(text, encoding="utf-8")
        srsly.write_json(path / CUES_FILE, self.cues)
        srsly.write_json(path / COMMON_WORDS_FILE, sorted(self.common_words.extra))

    @classmethod
    def from_dir(cls, path: Path) -> FeatureLexicon:
        path = Path(path)
        return cls(
            gazetteer=Gazetteer.from_dir(path),
            first_names=FirstNames.from_file(path / FIRST_NAMES_FILE),
            world_places=read_world_places(path / WORLD_PLACES_FILE),
            world_organisations=read_names(path / WORLD_ORGANISATIONS_FILE),
            cues=srsly.read_json(path / CUES_FILE),
            common_words=CommonWords(frozenset(srsly.read_json(path / COMMON_WORDS_FILE))),
        )

    def find_world_places(self, text: str) -> list[tuple[int, int]]:
        """Character spans of foreign places, genitives included ("Norges", "USA:s")."""
        return _spans(self.world_pattern, text)

    def find_world_organisations(self, text: str) -> list[tuple[int, int]]:
        """Character spans of listed organisations, genitives included ("Apotekets")."""
        return _spans(self.organisation_pattern, text)

    def word_marks(self, word: str) -> frozenset[str]:
        """Marks a word earns on its own: first name, organisation-, place- or surname-shaped,
        capitalised ordinary word."""
        marks = set()
        shapes = self.shapes
        if word in self.first_names.names:
            marks.add(FIRST_NAME_MARK)
        if shapes is not None and shapes.organisation.matches(word):
            marks.add(ORG_WORD_MARK)
        if shapes is not None and shapes.place.matches(word):
            marks.add(PLACE_WORD_MARK)
        common = word[:1].isupper() and word in self.common_words
        if common:
            marks.add(COMMON_WORD_MARK)
        elif shapes is not None and shapes.surname.matches(word):
            marks.add(SURNAME_WORD_MARK)
        return frozenset(marks)


class NerFeatures:
    """Pipeline component: gazetteer marks into ``token.tag_`` for the NER's tok2vec."""

    def __init__(self, nlp: Language, name: str = "kommunlens_ner_features") -> None:
        self.name = name
        self.lexicon = FeatureLexicon()
        self._word_marks: dict[int, frozenset[str]] = {}  # word hash -> marks, per process

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Language | None = None,
        lexicon_dir: str | None = None,
    ) -> None:
        """Read the word lists from ``lexicon_dir`` (when the NER is trained).

        Annotated ``str`` (a Path works too): spaCy validates ``[initialize.components]``
        settings against this signature, resolving the names in its own module.
        """
        if lexicon_dir is None:
            raise ValueError(f"{self.name}: initialize needs lexicon_dir (the word-list folder)")
        self.set_lexicon(FeatureLexicon.from_lexicons(Path(lexicon_dir)))

    def set_lexicon(self, lexicon: FeatureLexicon) -> None:
        self.lexicon = lexicon
        self._word_marks = {}

    def _marks_of(self, key: int, strings: StringStore) -> frozenset[str]:
        found = self._word_marks.get(key)
        if found is None:
            found = self._word_marks[key] = self.lexicon.word_marks(strings[key])
        return found

    def feature_marks(self, doc: Doc) -> list[str]:
        """One mark string per token; "" for a token no list knows."""
        strings = doc.vocab.strings
        marks = [self._marks_of(key, strings) for key in doc.to_array(ORTH).tolist()]

        def mark(start: int, end: int, label: str) -> None:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    marks[i] = marks[i] | {label}

        organisations, places = doc_matches(doc, self.lexicon.gazetteer)
        for match in organisations:
            mark(match.start, match.end, ORG_MARK)
        for match in places:
            mark(match.start, match.end, LOC_MARK)
        text = doc_text(doc)
        for start, end in self.lexicon.find_world_places(text):
            mark(start, end, LOC_MARK)
        for start, end in self.lexicon.find_world_organisations(text):
            mark(start, end, ORG_MARK)
        return ["+".join(sorted(m)) if m else "" for m in marks]

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        tags = [strings.add(mark) if mark else 0 for mark in self.feature_marks(doc)]
        doc.from_array([TAG], numpy.asarray(tags, dtype="uint64").reshape(-1, 1))
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.lexicon.to_dir(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NerFeatures:
        self.set_lexicon(FeatureLexicon.from_dir(Path(path)))
        return self


@Language.factory("kommunlens_ner_features", assigns=["token.tag"])
def make_ner_features(nlp: Language, name: str) -> NerFeatures:
    """Factory for ``nlp.add_pipe("kommunlens_ner_features")``; runs before the tok2vec."""
    return NerFeatures(nlp, name)
