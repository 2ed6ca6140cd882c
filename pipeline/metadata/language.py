"""Language of a text from stop-word counts: enough to tell Swedish from English."""

from __future__ import annotations

import re
from functools import cache

from pipeline.resources import load_json

_WORD = re.compile(r"[^\W\d_]+")


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    cues = load_json("metadata_cues.json")
    return {"sv": frozenset(cues["swedish_stopwords"]), "en": frozenset(cues["english_stopwords"])}


def detect_language(text: str) -> str:
    """'sv', 'en' or 'und' when neither list covers at least 5 % of the words."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if not words:
        return "und"
    scores = {
        lang: sum(w in stop for w in words) / len(words) for lang, stop in _stopwords().items()
    }
    lang, share = max(scores.items(), key=lambda kv: kv[1])
    return lang if share >= 0.05 else "und"
