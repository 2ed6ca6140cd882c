"""Is a capitalised word a name or an ordinary Swedish word?

The statistical NER was trained on news; on municipal texts it takes
capitalised headings and sentence starts ("Resultat", "Pandemin", "Inom
Digitalisering") for names. A word is ordinary when its lower-case form is a
Swedish stop word, a lower-case lemma, or an inflected form whose lemma is
lower-case in spacy-lookups-data; proper nouns have capitalised lemmas there.
"""

from __future__ import annotations

import json
from functools import cache

from spacy.lang.sv.stop_words import STOP_WORDS

from pipeline.nlp.lemmas import LemmaTable, swedish_lemma_table
from pipeline.resources import resource_path


@cache
def _table() -> tuple[LemmaTable, frozenset[str]]:
    table = swedish_lemma_table()
    lemmas = frozenset(v for v in table.lemmas() if v.islower())
    return table, lemmas


@cache
def _rules() -> dict:
    with open(resource_path("entity_rules.json"), encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _extra_words() -> frozenset[str]:
    return frozenset(_rules()["extra_common_words"])


def is_common_word(word: str) -> bool:
    """True for 'Resultat', 'Pandemin', 'Inom'; False for 'Kalix', 'Ingrid', 'Sverige'."""
    w = word.lower()
    if w in STOP_WORDS or w in _extra_words():
        return True
    table, lemmas = _table()
    if w in lemmas:
        return True
    lemma = table.get(w)
    return isinstance(lemma, str) and lemma.islower()


def looks_like_common_noun(word: str) -> bool:
    """Also compounds and derivations: 'Coronapandemin', 'Kunskapshöjning', 'Digitalisering'.

    Names that end in an ordinary word look like compounds too
    ("Hallstahammar"), so callers use this only for words at a line start,
    after the gazetteers have claimed the known names.
    """
    if is_common_word(word):
        return True
    w = word.lower()
    rules = _rules()
    if any(w.endswith(s) and len(w) > len(s) + 3 for s in rules["common_noun_suffixes"]):
        return True
    n = rules["compound_min_part"]
    return any(is_common_word(w[i:]) for i in range(n - 1, len(w) - n + 1))
