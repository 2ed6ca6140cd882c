"""Sentence boundaries for municipal text: every line starts a sentence.

Bullet items, headings and signature lines are units of their own in these
documents, so a line break always ends a sentence; inside a line, . ! ? end
one when the next word starts with a capital, a digit or a dash.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.extensions import doc_text
from pipeline.resources import load_json


def _rules() -> tuple[frozenset[str], frozenset[str]]:
    data = load_json("sentence_rules.json")
    return frozenset(data["enders"]), frozenset(data["abbreviations"])


def sentence_starts(texts: list[str], spaces: list[str]) -> list[bool]:
    """Whether each token (text, trailing whitespace) starts a sentence."""
    enders, abbreviations = _rules()
    starts = [True] * len(texts)
    for i in range(1, len(texts)):
        prev = texts[i - 1]
        if "\n" in prev or "\n" in spaces[i - 1]:
            continue
        text = texts[i]
        if text.isspace():
            starts[i] = False
        elif prev in enders:
            if i >= 2 and texts[i - 2].lower() in abbreviations:
                starts[i] = False
            else:
                first = text[:1]
                starts[i] = first.isupper() or first.isdigit() or first in "–-•”\"'"
        else:
            starts[i] = False
    return starts


@Language.component("kommunlens_sentences", assigns=["token.is_sent_start"])
def set_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts for the whole Doc at once (per-token setters are slow)."""
    if len(doc) == 0:
        return doc
    text = doc_text(doc)
    bounds = doc.to_array([IDX, LENGTH]).tolist()  # no Token objects: they are slow to make
    texts = [text[i : i + n] for i, n in bounds]
    ends = [i + n for i, n in bounds]
    nexts = [i for i, _ in bounds[1:]] + [len(text)]
    starts = sentence_starts(texts, [text[e:n] for e, n in zip(ends, nexts, strict=True)])
    values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64")
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc
