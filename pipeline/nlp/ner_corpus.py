"""Read, split and convert the token-per-line Swedish NER corpus (IO tags).

The corpus has one ``token TAG`` pair per line (TAB or spaces; the tag is the last field) and a
blank line between sentences. Tags are IO: consecutive tokens with the same tag are one entity.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

OUTSIDE = "O"
_OUTSIDE_ALIASES = {"0", "O", "o", "_", "-"}
SPLIT_NAMES = ("train", "dev", "test")
DEFAULT_FRACTIONS = (0.8, 0.1, 0.1)


@dataclass
class NerSentence:
    """One sentence: gold tokens and their IO tags (``"O"`` for outside)."""

    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def normalise_tag(tag: str) -> str:
    """Map the corpus' outside marker ``0`` (and ``O``) to ``O``; strip B-/I- if present."""
    tag = tag.strip()
    if tag in _OUTSIDE_ALIASES:
        return OUTSIDE
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BIES":
        return tag[2:]
    return tag


def parse_ner_lines(lines: Iterable[str]) -> list[NerSentence]:
    """Parse corpus lines; lines with a single field (no tag) are malformed and skipped."""
    sentences: list[NerSentence] = []
    current = NerSentence()
    for line in lines:
        fields = line.split()
        if not fields:
            if current.tokens:
                sentences.append(current)
                current = NerSentence()
            continue
        if len(fields) < 2:
            continue
        current.tokens.append(" ".join(fields[:-1]))
        current.tags.append(normalise_tag(fields[-1]))
    if current.tokens:
        sentences.append(current)
    return sentences


def read_ner_corpus(path: Path) -> list[NerSentence]:
    """Read a corpus file into sentences with normalised tags."""
    with Path(path).open(encoding="utf-8") as handle:
        return parse_ner_lines(handle)


def write_ner_corpus(sentences: Iterable[NerSentence], path: Path) -> None:
    """Write sentences in the corpus format (TAB separated, blank line between sentences)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for sentence in sentences:
            for token, tag in zip(sentence.tokens, sentence.tags, strict=True):
                handle.write(f"{token}\t{tag}\n")
            handle.write("\n")


def sentence_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans (token start, exclusive end, label) from IO tags: runs of one label."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = OUTSIDE
    for i, raw in enumerate([*tags, OUTSIDE]):
        tag = normalise_tag(raw)
        if tag == label:
            continue
        if start is not None and label != OUTSIDE:
            spans.append((start, i, label))
        start, label = i, tag
    return spans


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
