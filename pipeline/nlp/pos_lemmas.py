"""Lemmas of the POS model: the edit-tree lemmatizer's, with the lookup table for new words.

spaCy's trainable lemmatizer learns edit trees ("strip -arna") from ~24 000 training tokens.
On a word it saw in training it is usually right; on a new word it guesses from the word's
shape and context, and the guess is often wrong for irregular and compound words
("föräldrarnas", "cirkulationsförhållanden"). This component runs after it and:

1. for an open-class word (NOUN, VERB, ADJ, ADV) that was not in the training data, takes
   the lemma of spacy-lookups-data's Swedish table when the table knows the word, except
   for participles and "-ande"/"-ende" nouns and adjectives, whose UD lemma is the word
   itself ("utlämnad", "betecknande") while the table gives the verb;
2. writes a lemma in lower case unless the word is a proper noun or all capitals
   ("Föräldrar" -> "förälder"; "Sverige" and "EU" stay).

The training words are collected in ``initialize`` from the training examples and saved with
the model (``to_disk``/``from_disk``). The table is the project's one compact copy
(``pipeline.nlp.lemmas.swedish_lemma_table``), a pinned dependency, not a file of the model.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy import util
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.nlp.lemmas import LemmaTable, swedish_lemma_table

FACTORY = "kommunlens_pos_lemmas"
OPEN_CLASSES = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
KEEP_CASE = frozenset({"PROPN"})
PRESENT_PARTICIPLE_ENDINGS = ("ande", "ende")
DATA_FILE = "known_words.json"


def lower_first(lemma: str, token: Token) -> str:
    """Lower-case lemma, except for proper nouns and words written in capitals."""
    if lemma[:1].isupper() and token.pos_ not in KEEP_CASE and not token.text.isupper():
        return lemma[:1].lower() + lemma[1:]
    return lemma


class PosLemmas:
    """Pipeline component: lookup lemmas for new open-class words; lemma case."""

    def __init__(
        self,
        nlp: Language,
        name: str = FACTORY,
        table: Callable[[], LemmaTable] | None = None,
    ):
        self.name = name
        self.known: frozenset[str] = frozenset()  # lower-case forms of the training data
        self._table = table or swedish_lemma_table
        self._cache: dict[tuple[int, ...], int] = {}  # (orth, pos, morph, lemma) -> lemma

    def lemma(self, token: Token) -> str:
        lemma = token.lemma_ or token.text
        lower = token.text.lower()
        if token.pos_ in OPEN_CLASSES and lower not in self.known and self._use_table(token):
            found = self._table().get(token.text) or self._table().get(lower)
            if found:
                lemma = found
        return lower_first(lemma, token)

    @staticmethod
    def _use_table(token: Token) -> bool:
        if "Part" in token.morph.get("VerbForm"):
            return False  # UD: the participle is its own lemma ("utlämnad")
        return not (
            token.pos_ != "VERB" and token.text.lower().endswith(PRESENT_PARTICIPLE_ENDINGS)
        )

    def __call__(self, doc: Doc) -> Doc:
        """Works on the Doc's columns; a token's new lemma is cached by its columns."""
        if len(doc) == 0:
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        cache = self._cache
        strings = doc.vocab.strings
        for i, row in enumerate(columns.tolist()):
            key = tuple(row)
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(self.lemma(doc[i]))
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        """The training words: the reference tokens of ``get_examples``."""
        if get_examples is None:
            return
        self._set(token.text.lower() for eg in get_examples() for token in eg.reference)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"known": lambda: srsly.json_dumps(sorted(self.known))}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "PosLemmas":
        util.from_bytes(data, {"known": lambda b: self._set(srsly.json_loads(b))}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = util.ensure_path(path)
        util.to_disk(path, {DATA_FILE: lambda p: srsly.write_json(p, sorted(self.known))}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "PosLemmas":
        path = util.ensure_path(path)
        util.from_disk(path, {DATA_FILE: lambda p: self._set(srsly.read_json(p))}, exclude)
        return self

    def _set(self, words: Iterable[str]) -> None:
        self.known = frozenset(words)
        self._cache = {}


@Language.factory(
    FACTORY,
    assigns=["token.lemma"],
    requires=["token.lemma", "token.pos", "token.morph"],
    default_config={},
)
def make_pos_lemmas(nlp: Language, name: str) -> "PosLemmas":
    """Factory for ``nlp.add_pipe("kommunlens_pos_lemmas")``; runs after the lemmatizer."""
    return PosLemmas(nlp, name)
