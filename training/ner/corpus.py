"""Split and convert NER corpora for training (build time).

The format itself (reading, writing, tags to spans) is pipeline/evaluate/ner_format.py.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from pipeline.evaluate.ner_format import (  # noqa: F401  (re-exported for training code)
    OUTSIDE,
    NerSentence,
    normalise_tag,
    parse_ner_lines,
    read_ner_corpus,
    sentence_spans,
    write_ner_corpus,
)

SPLIT_NAMES = ("train", "dev", "test")
DEFAULT_FRACTIONS = (0.8, 0.1, 0.1)


def _sentence_key(sentence: NerSentence) -> str:
    return hashlib.sha1("\x1f".join(sentence.tokens).encode("utf-8")).hexdigest()


def split_corpus(
    sentences: Sequence[NerSentence],
    seed: int = 13,
    fractions: Sequence[float] = DEFAULT_FRACTIONS,
    names: Sequence[str] = SPLIT_NAMES,
) -> dict[str, list[NerSentence]]:
    """Deterministic seeded split; identical sentences land in the same part (no leakage).

    Unique sentence texts are sorted by hash, shuffled with ``random.Random(seed)`` and cut by
    ``fractions``; corpus order is kept inside each part.
    """
    if len(fractions) != len(names):
        raise ValueError("one fraction per split name")
    total = sum(fractions)
    if total <= 0:
        raise ValueError("fractions must sum to a positive number")
    keys = sorted({_sentence_key(s) for s in sentences})
    random.Random(seed).shuffle(keys)
    part_of: dict[str, str] = {}
    bounds, acc = [], 0.0
    for frac in fractions:
        acc += frac / total
        bounds.append(round(acc * len(keys)))
    start = 0
    for name, end in zip(names, bounds, strict=True):
        for key in keys[start:end]:
            part_of[key] = name
        start = end
    parts: dict[str, list[NerSentence]] = {name: [] for name in names}
    for sentence in sentences:
        parts[part_of[_sentence_key(sentence)]].append(sentence)
    return parts


def sentence_to_doc(sentence: NerSentence, nlp: Language) -> Doc:
    """A Doc with the gold tokens (no re-tokenisation) and gold entities."""
    doc = Doc(nlp.vocab, words=sentence.tokens)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in sentence_spans(sentence.tags)]
    return doc


def to_docbin(sentences: Iterable[NerSentence], nlp: Language) -> DocBin:
    """Gold Docs for spaCy training; every sentence is its own Doc."""
    docbin = DocBin(store_user_data=False)
    for sentence in sentences:
        docbin.add(sentence_to_doc(sentence, nlp))
    return docbin


def swap_mentions(
    sentences: Sequence[NerSentence], seed: int = 13, copies: int = 1, rate: float = 0.7
) -> list[NerSentence]:
    """Augmented copies of sentences with entities: mentions swapped for same-label mentions.

    Each entity is replaced with probability ``rate`` by a mention of the same label drawn from
    ``sentences``; the model then sees names in new contexts, which helps on a small corpus.
    Only sentences whose mentions changed are returned (the originals are not included).
    """
    rng = random.Random(seed)
    pool: dict[str, list[tuple[str, ...]]] = {}
    for sentence in sentences:
        for start, end, label in sentence_spans(sentence.tags):
            pool.setdefault(label, []).append(tuple(sentence.tokens[start:end]))
    out: list[NerSentence] = []
    for _ in range(copies):
        for sentence in sentences:
            spans = sentence_spans(sentence.tags)
            if not spans:
                continue
            tokens: list[str] = []
            tags: list[str] = []
            last, changed = 0, False
            for start, end, label in spans:
                tokens += sentence.tokens[last:start]
                tags += sentence.tags[last:start]
                mention = tuple(sentence.tokens[start:end])
                if rng.random() < rate:
                    mention = rng.choice(pool[label])
                    changed = changed or mention != tuple(sentence.tokens[start:end])
                tokens += mention
                tags += [label] * len(mention)
                last = end
            tokens += sentence.tokens[last:]
            tags += sentence.tags[last:]
            if changed:
                out.append(NerSentence(tokens, tags))
    return out
