"""The token-per-line NER format (the Swedish NER corpus's, with IO or BIO tags): read,
write and turn tags into spans. Used at run time by `kommunlens eval ner FILE`.

One ``token TAG`` pair per line (TAB or spaces; the tag is the last field), a blank line
between sentences. Tags are IO or BIO: consecutive tokens with the same label are one
entity unless a ``B-`` tag starts a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

OUTSIDE = "O"
_OUTSIDE_ALIASES = {"0", "O", "o", "_", "-"}


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
        tag = normalise_tag(fields[-1])
        # keep "B-" only where it matters: a new entity right after one of the same label
        if fields[-1].startswith("B-") and current.tags and normalise_tag(current.tags[-1]) == tag:
            tag = "B-" + tag
        current.tags.append(tag)
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
    """Entity spans (token start, exclusive end, label): runs of one label, split at ``B-``."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = OUTSIDE
    for i, raw in enumerate([*tags, OUTSIDE]):
        tag = normalise_tag(raw)
        begins = raw.strip().startswith("B-")
        if tag == label and not begins:
            continue
        if start is not None and label != OUTSIDE:
            spans.append((start, i, label))
        start, label = i, tag
    return spans
