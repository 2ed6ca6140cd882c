"""Our annotation of municipal text as NER training data (build time).

The development corpus is annotated stand-off in ``training/data/annotations``
(``training.annotation.standoff.load_units``: each unit's text with PER/ORG/LOC character
spans). This module turns the units into what the NER trains on and is scored with:

- spaCy Docs tokenised as the pipeline tokenises (line breaks stay whitespace tokens, as in
  a run), with a token split where an annotated name is glued to another word
  ("Östersund42", "KourlosFoto"), and the entities set;
- the NER corpus format (token TAB tag, BIO tags so adjacent names stay apart; whitespace
  tokens left out), written to ``build/ner/municipal.txt`` with an index
  (``municipal.tsv``: document, unit, role, fold) beside it.

Cross-validation is by document: ``assign_folds`` puts every annotated document into one of
``FOLDS`` folds from a hash of its file name, fixed before any result was looked at.

    python -m training.ner.municipal [--compare]   # --compare: where the current model errs
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from pipeline.evaluate.ner_format import OUTSIDE, NerSentence, write_ner_corpus
from training.annotation.standoff import Unit, load_units
from training.paths import BUILD

FOLDS = 3
FOLD_SALT = "kommunlens-ner-cv"
DEFAULT_OUT = BUILD / "ner"
LABELS = ("PER", "ORG", "LOC")


@dataclass
class MunicipalExample:
    """One annotated unit as a training Doc, with where it comes from."""

    doc: str  # document file name
    unit: int
    part: int
    role: str
    fold: int
    example: Doc


def assign_folds(documents: Iterable[str], folds: int = FOLDS) -> dict[str, int]:
    """Document -> fold: names ordered by a salted SHA-1, then dealt out in turn.

    Depends only on the set of names, so adding a document moves few others; sizes differ
    by at most one.
    """

    def key(name: str) -> str:
        return hashlib.sha1(f"{FOLD_SALT}:{name}".encode()).hexdigest()

    return {name: i % folds for i, name in enumerate(sorted(set(documents), key=key))}


def _boundaries(text: str, entities: Sequence[tuple[int, int, str]]) -> set[int]:
    return {o for s, e, _ in entities for o in (s, e) if 0 < o < len(text)}


def unit_doc(nlp: Language, text: str, entities: Sequence[tuple[int, int, str]]) -> Doc:
    """The unit tokenised by ``nlp``, split at entity edges inside tokens, entities set.

    Entities with an empty or whitespace-only span are dropped; overlapping ones keep the
    first (the annotation has none).
    """
    doc = nlp.make_doc(text)
    cuts = _boundaries(text, entities)
    words: list[str] = []
    spaces: list[bool] = []
    for token in doc:
        start = token.idx
        inner = sorted(c for c in cuts if start < c < start + len(token.text))
        bounds = [start, *inner, start + len(token.text)]
        pieces = [token.text[a - start : b - start] for a, b in pairwise(bounds)]
        for j, piece in enumerate(pieces):
            words.append(piece)
            spaces.append(bool(token.whitespace_) if j == len(pieces) - 1 else False)
    out = Doc(nlp.vocab, words=words, spaces=spaces)
    ents: list[Span] = []
    taken: set[int] = set()
    for s, e, label in sorted(entities):
        span = out.char_span(s, e, label=label, alignment_mode="contract")
        if span is None or not span.text.strip() or taken & set(range(span.start, span.end)):
            continue
        taken |= set(range(span.start, span.end))
        ents.append(span)
    out.ents = ents
    return out


def doc_sentence(doc: Doc) -> NerSentence:
    """A Doc as a corpus sentence: BIO tags, whitespace tokens left out."""
    tokens, tags = [], []
    for token in doc:
        if token.is_space:
            continue
        tokens.append(token.text.replace("\u00a0", " ").strip() or "_")
        if token.ent_iob_ == "B":
            tags.append(f"B-{token.ent_type_}")
        elif token.ent_iob_ == "I":
            tags.append(f"I-{token.ent_type_}")
        else:
            tags.append(OUTSIDE)
    return NerSentence(tokens, tags)


def municipal_examples(
    nlp: Language | None = None, units: Iterable[Unit] | None = None
) -> list[MunicipalExample]:
    """Every annotated unit (headings, forms and empty units too: they are real negatives)."""
    nlp = nlp or spacy.blank("sv")
    units = list(load_units() if units is None else units)
    folds = assign_folds(u.doc for u in units)
    out = []
    for unit in units:
        if not unit.text.strip():
            continue
        entities = [(s, e, label) for s, e, label in unit.entities if label in LABELS]
        out.append(
            MunicipalExample(
                unit.doc,
                unit.i,
                unit.part,
                unit.role,
                folds[unit.doc],
                unit_doc(nlp, unit.text, entities),
            )
        )
    return out


def select(
    examples: Iterable[MunicipalExample], hold_out: int | None = None
) -> list[MunicipalExample]:
    """The examples whose document is not in fold ``hold_out`` (all when None)."""
    return [x for x in examples if hold_out is None or x.fold != hold_out]


def to_docbin(examples: Iterable[MunicipalExample], copies: int = 1) -> DocBin:
    """Training Docs, each example ``copies`` times."""
    docbin = DocBin(store_user_data=False)
    for x in examples:
        for _ in range(copies):
            docbin.add(x.example)
    return docbin


def write_corpus(examples: Sequence[MunicipalExample], out_dir: Path) -> tuple[Path, Path]:
    """``municipal.txt`` (NER corpus format) and ``municipal.tsv`` (its index) in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    txt, tsv = out_dir / "municipal.txt", out_dir / "municipal.tsv"
    write_ner_corpus([doc_sentence(x.example) for x in examples], txt)
    with tsv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(["sentence", "document", "unit", "part", "role", "fold", "entities"])
        for n, x in enumerate(examples):
            writer.writerow([n, x.doc, x.unit, x.part, x.role, x.fold, len(x.example.ents)])
    return txt, tsv


def _entity_set(doc: Doc) -> set[tuple[int, int, str]]:
    return {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS}


def count_errors(examples: Sequence[MunicipalExample], nlp: Language) -> int:
    """How many examples ``nlp`` gets wrong (any PER/ORG/LOC span or label differs)."""
    texts = (x.example.text for x in examples)
    wrong = 0
    for x, doc in zip(examples, nlp.pipe(texts, batch_size=64), strict=True):
        wrong += _entity_set(doc) != _entity_set(x.example)
    return wrong


def summary(examples: Sequence[MunicipalExample]) -> dict:
    """Counts for the report: units, units with entities, entities by label, fold sizes."""
    labels = Counter(e.label_ for x in examples for e in x.example.ents)
    docs_per_fold = Counter(fold for _, fold in {(x.doc, x.fold) for x in examples})
    return {
        "units": len(examples),
        "units_with_entities": sum(1 for x in examples if len(x.example.ents)),
        "entities": dict(sorted(labels.items())),
        "documents": len({x.doc for x in examples}),
        "documents_per_fold": dict(sorted(docs_per_fold.items())),
        "units_per_fold": dict(sorted(Counter(x.fold for x in examples).items())),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also count the units the current pipeline (NER alone and whole) gets wrong",
    )
    args = parser.parse_args(argv)
    examples = municipal_examples()
    txt, tsv = write_corpus(examples, args.out)
    stats = summary(examples)
    print(f"wrote {txt} and {tsv}")
    for key, value in stats.items():
        print(f"{key}: {value}")
    if args.compare:
        from pipeline.nlp.loader import load_pipeline, ner_only

        print("units the NER alone gets wrong:", count_errors(examples, ner_only()))
        print("units the whole pipeline gets wrong:", count_errors(examples, load_pipeline().nlp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
