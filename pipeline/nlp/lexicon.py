"""Is a capitalised word a name or an ordinary Swedish word?

The statistical NER was trained on news; on municipal texts it takes
capitalised headings and sentence starts ("Resultat", "Pandemin", "Inom
Digitalisering") for names. A word is ordinary when its lower-case form is a
Swedish stop word, a lower-case lemma, or an inflected form whose lemma is
lower-case in spacy-lookups-data; proper nouns have capitalised lemmas there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.lang.sv.stop_words import STOP_WORDS

from pipeline.nlp.lemmas import LemmaTable, swedish_lemma_table
from pipeline.resources import load_json


@cache
def _lower_lemmas() -> tuple[LemmaTable, frozenset[str]]:
    table = swedish_lemma_table()
    return table, frozenset(v for v in table.lemmas() if v.islower())


@dataclass(frozen=True)
class CommonWords:
    """Ordinary Swedish words: stop words, lower-case lemmas of the lookup table, extras."""

    extra: frozenset[str] = frozenset()

    def __contains__(self, word: str) -> bool:
        w = word.lower()
        if w in STOP_WORDS or w in self.extra:
            return True
        table, lemmas = _lower_lemmas()
        if w in lemmas:
            return True
        lemma = table.get(w)
        return isinstance(lemma, str) and lemma.islower()


def common_words(extra: Iterable[str] | None = None) -> CommonWords:
    """The run-time lexicon (extras from entity_rules.json), or one with the given extras."""
    if extra is None:
        extra = load_json("entity_rules.json")["extra_common_words"]
    return CommonWords(frozenset(extra))


def is_common_word(word: str) -> bool:
    """True for 'Resultat', 'Pandemin', 'Inom'; False for 'Kalix', 'Ingrid', 'Sverige'."""
    return word in _runtime_words()


@cache
def _runtime_words() -> CommonWords:
    return common_words()


def looks_like_common_noun(word: str) -> bool:
    """Also compounds and derivations: 'Coronapandemin', 'Kunskapshöjning', 'Digitalisering'.

    Names that end in an ordinary word look like compounds too
    ("Hallstahammar"), so callers use this only for words at a line start,
    after the gazetteers have claimed the known names.
    """
    if is_common_word(word) or has_common_noun_suffix(word):
        return True
    w = word.lower()
    n = load_json("entity_rules.json")["compound_min_part"]
    return any(is_common_word(w[i:]) for i in range(n - 1, len(w) - n + 1))


def has_common_noun_suffix(word: str) -> bool:
    """Ends like a derived noun: "Årsredovisning", "Verksamheten", "Information"."""
    w = word.lower()
    suffixes = load_json("entity_rules.json")["common_noun_suffixes"]
    return any(w.endswith(s) and len(w) > len(s) + 3 for s in suffixes)
