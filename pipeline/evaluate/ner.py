"""Score a spaCy pipeline's entities against an IO-tagged NER file (exact span + label).

Docs are built from the gold tokens so that tokenisation never causes a mismatch; only the
labels the project reports (PER, ORG, LOC by default) are scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.evaluate.ner_format import NerSentence, read_ner_corpus, sentence_spans

DEFAULT_LABELS = ("PER", "ORG", "LOC")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "support": n_gold}


def predict_docs(
    sentences: Iterable[NerSentence], nlp: Language, batch_size: int = 256
) -> list[Doc]:
    """Run every pipeline component on Docs made from the gold tokens."""
    docs: Iterable[Doc] = (Doc(nlp.vocab, words=s.tokens) for s in sentences)
    for _, proc in nlp.pipeline:
        docs = _apply(proc, docs, batch_size)
    return list(docs)


def _apply(proc, docs: Iterable[Doc], batch_size: int) -> Iterable[Doc]:
    """One component over a stream; a function so each generator binds its own component."""
    if hasattr(proc, "pipe"):
        return proc.pipe(docs, batch_size=batch_size)
    return (proc(doc) for doc in docs)


def evaluate_ner_sentences(
    sentences: Sequence[NerSentence], nlp: Language, labels: Sequence[str] | None = None
) -> dict:
    """Per-label and micro-averaged P/R/F1 over ``labels`` for already-read sentences."""
    labels = tuple(labels) if labels is not None else DEFAULT_LABELS
    counts = {label: [0, 0, 0] for label in labels}  # tp, predicted, gold
    for sentence, doc in zip(sentences, predict_docs(sentences, nlp), strict=True):
        gold = {span for span in sentence_spans(sentence.tags) if span[2] in counts}
        pred = {(e.start, e.end, e.label_) for e in doc.ents if e.label_ in counts}
        for start, end, label in pred:
            counts[label][1] += 1
            counts[label][0] += (start, end, label) in gold
        for _, _, label in gold:
            counts[label][2] += 1
    per_label = {label: _prf(*counts[label]) for label in labels}
    totals = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"labels": per_label, "overall": _prf(*totals), "n_sentences": len(sentences)}


def evaluate_ner(path: Path, nlp: Language, labels: Sequence[str] | None = None) -> dict:
    """Score ``nlp`` on an IO-tagged file: exact token span and label must match."""
    return evaluate_ner_sentences(read_ner_corpus(Path(path)), nlp, labels)


def format_ner_report(result: dict) -> str:
    """Aligned plain-text table: one row per label and a micro-averaged overall row."""
    rows = [("label", "P", "R", "F1", "support")]
    for name, score in [*result["labels"].items(), ("overall", result["overall"])]:
        rows.append(
            (
                name,
                f"{score['p']:.3f}",
                f"{score['r']:.3f}",
                f"{score['f1']:.3f}",
                str(score["support"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        )
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    lines.append(f"sentences: {result['n_sentences']}")
    return "\n".join(lines)
