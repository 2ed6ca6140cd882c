"""Text features shared by the sentence classifiers.

Swedish is richly inflected ("upphandlingar", "upphandlingen"), so word features use
lookup lemmas; character n-grams catch compounds ("besöksnäringsträffar") that the
lemma table does not split. Only module-level functions are used so that a fitted
FeatureUnion pickles with joblib.
"""

from __future__ import annotations

import re
from functools import cache

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from pipeline.nlp.lemmas import LemmaTable, swedish_lemma_table

TOKEN_RE = re.compile(r"\w+(?:-\w+)*")
NUMBER_RE = re.compile(r"^[\d_]+(?:-[\d_]+)*$|^\d+\w{0,2}$")
NUM_TOKEN = "<num>"
# The lookup table maps a few very frequent words to the wrong lemma ("företag" -> "företa",
# "har" -> "hare", "ska" -> "skola"); these corrections keep them apart from unrelated words.
LEMMA_FIXES = {
    "företag": "företag",
    "har": "ha",
    "för": "för",
    "stöd": "stöd",
    "ska": "ska",
    "en": "en",
    "med": "med",
}


@cache
def _lemma_table() -> LemmaTable:
    """The spacy-lookups-data Swedish lemma table (keyed by string hash), loaded once."""
    return swedish_lemma_table()


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated words stay one token."""
    return TOKEN_RE.findall(text.lower())


def lemmatise(text: str) -> str:
    """Lower-cased lookup lemmas joined by spaces; numbers become "<num>"."""
    table = _lemma_table()
    out = []
    for token in tokenize(text):
        if NUMBER_RE.match(token):
            out.append(NUM_TOKEN)
        else:
            out.append(LEMMA_FIXES.get(token) or table.get(token, token))
    return " ".join(out)


def lower(text: str) -> str:
    """Lower-case preprocessor for the character features."""
    return text.lower()


def make_text_features() -> FeatureUnion:
    """TF-IDF over lemma 1-2 grams plus TF-IDF over char_wb 2-5 grams of the lower-cased text."""
    words = TfidfVectorizer(
        preprocessor=lemmatise,
        token_pattern=r"\S+",
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        preprocessor=lower,
        sublinear_tf=True,
        min_df=2,
        max_features=60000,
    )
    return FeatureUnion([("lemmas", words), ("chars", chars)])
