"""The Swedish lookup lemmas of spacy-lookups-data, loaded once per process.

The table takes about 190 MB in memory. The spaCy lemmatizer, the
common-word lexicon and the classifiers' features all read it; each loading
its own copy cost a worker process 380 MB.
"""

from __future__ import annotations

from functools import cache

from spacy.lookups import Lookups, Table, load_lookups


@cache
def swedish_lemma_table() -> Table:
    return load_lookups("sv", ["lemma_lookup"]).get_table("lemma_lookup")


def lemma_lookups() -> Lookups:
    """The shared table as the Lookups object spaCy's lemmatizer is initialised with."""
    lookups = Lookups()
    lookups.set_table("lemma_lookup", swedish_lemma_table())
    return lookups
