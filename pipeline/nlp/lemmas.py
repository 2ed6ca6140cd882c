"""The Swedish lookup lemmas of spacy-lookups-data, loaded once per process.

The table takes about 190 MB in memory. The spaCy lemmatizer, the
common-word lexicon and the classifiers' features all read it; each loading
its own copy cost a worker process 380 MB.
"""

from __future__ import annotations

from functools import cache

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.lookups import Lookups, Table, load_lookups
from spacy.tokens import Doc


@cache
def swedish_lemma_table() -> Table:
    return load_lookups("sv", ["lemma_lookup"]).get_table("lemma_lookup")


def lemma_lookups() -> Lookups:
    """The shared table as the Lookups object spaCy's lemmatizer is initialised with."""
    lookups = Lookups()
    lookups.set_table("lemma_lookup", swedish_lemma_table())
    return lookups


class LookupLemmatizer:
    """spaCy's lookup lemmatizer (same table, same lemmas) working on the Doc's arrays.

    spaCy's own component makes a Token object per word; reading and writing the
    ORTH and LEMMA columns instead made lemmatising several times faster.
    """

    def __init__(self) -> None:
        self._lemma_of: dict[int, int] = {}  # orth hash -> lemma hash, grows with the vocab

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        table = swedish_lemma_table()
        strings = doc.vocab.strings
        lemma_of = self._lemma_of
        lemmas = []
        for orth in doc.to_array([ORTH]).tolist():
            lemma = lemma_of.get(orth)
            if lemma is None:
                text = strings[orth]
                lemma = lemma_of[orth] = strings.add(table.get(text, text))
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("kommunlens_lemmas")
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer()
