"""Sentence boundaries for municipal text: every line starts a sentence.

Bullet items, headings and signature lines are units of their own in these
documents, so a line break always ends a sentence; inside a line, . ! ? end
one when the next word starts with a capital, a digit or a dash.
"""

from __future__ import annotations

import json
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.resources import resource_path


@cache
def _rules() -> tuple[frozenset[str], frozenset[str]]:
    with open(resource_path("sentence_rules.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    return frozenset(data["enders"]), frozenset(data["abbreviations"])


def _starts_sentence(doc: Doc, i: int) -> bool:
    enders, abbreviations = _rules()
    prev = doc[i - 1]
    token = doc[i]
    if "\n" in prev.text or "\n" in prev.whitespace_:
        return True
    if token.is_space:
        return False
    if prev.text in enders:
        before = doc[i - 2].lower_ if i >= 2 else ""
        if before in abbreviations:
            return False
        first = token.text[:1]
        return first.isupper() or first.isdigit() or first in "–-•”\"'"
    return False


@Language.component("kommunlens_sentences")
def set_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts; leaves already decided boundaries to later components."""
    if len(doc) == 0:
        return doc
    doc[0].is_sent_start = True
    for i in range(1, len(doc)):
        doc[i].is_sent_start = _starts_sentence(doc, i)
    return doc
