"""Labelled sentence candidates from the aligned corpus (build time)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.detect import SentenceCandidate, candidates
from training.initiatives.corpus import AlignedDocument, Mention


@dataclass
class Example:
    doc: str
    candidate: SentenceCandidate
    initiative: list[Mention]  # annotated initiatives in this sentence
    outcome: list[Mention]
    money: list[Mention]
    role: str = "body"  # the annotated role of the unit the sentence lies in (most of it)


def _inside(m: Mention, start: int, end: int) -> bool:
    """Most of the mention lies in [start, end)."""
    overlap = min(m.end, end) - max(m.start, start)
    return overlap * 2 >= (m.end - m.start) and overlap > 0


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(min(end, b) - max(start, a) > (end - start) // 2 for a, b in spans)


def document_examples(aligned: AlignedDocument) -> list[Example]:
    """Every pipeline sentence inside the annotated part of a document, with its labels."""
    doc = aligned.doc
    out = []
    for c in candidates(doc.sentences, doc.entities, doc.doc_type, doc.text, doc.decisions):
        s = c.sentence
        if not _covered(s.start, s.end, aligned.covered):
            continue
        mine = [m for m in aligned.mentions if _inside(m, s.start, s.end)]
        roles = [
            (min(s.end, b) - max(s.start, a), u.role)
            for a, b, u in aligned.units
            if min(s.end, b) > max(s.start, a)
        ]
        out.append(
            Example(
                doc.name,
                c,
                [m for m in mine if m.kind == "initiative"],
                [m for m in mine if m.kind == "outcome"],
                [m for m in mine if m.kind == "money"],
                max(roles)[1] if roles else "body",
            )
        )
    return out


def folds(names: list[str], k: int = 5) -> dict[str, int]:
    """A fixed assignment of documents to k folds (sorted names, round robin)."""
    return {name: i % k for i, name in enumerate(sorted(names))}
