"""The development corpus as the pipeline sees it, with our annotation aligned to its sentences.

Build time only. `analysed_documents()` runs ingest, metadata and the NLP stage over every
annotated document (cached in build/initiatives/ per pipeline version) and keeps what the
detectors read: the clean text, the sentences, entities and amounts, the metadata.
`aligned_examples()` finds each annotated initiative, outcome and amount in the clean text
(stand-off annotation, see training/annotation) and marks the pipeline sentences they fall in.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.dataset.records import AmountRecord, DateRecord, EntityRecord, Sentence
from pipeline.ingested import IngestedDocument
from pipeline.settings import Settings
from pipeline.version import pipeline_version
from training.annotation.anchor import Normalised
from training.annotation.standoff import Unit, find_document, load_units
from training.paths import BUILD, SHARED_CORPUS

CACHE = BUILD / "initiatives" / "analysed"


@dataclass
class AnalysedDocument:
    """What the detectors see of one document."""

    name: str
    doc_id: str
    text: str
    doc_type: str
    municipality: str | None
    published: dt.date | None
    sentences: list[Sentence]
    entities: list[EntityRecord]
    dates: list[DateRecord]
    amounts: list[AmountRecord]
    ingested: IngestedDocument | None = None
    decisions: frozenset[int] = frozenset()  # sentences inside an agenda item's decision


def _analyse(paths: list[Path]) -> list[AnalysedDocument]:
    from pipeline.documents import _pieces, ingest_file
    from pipeline.extract.detect import decision_sentences
    from pipeline.extract.entities import collect
    from pipeline.minutes import read_minutes
    from pipeline.nlp.loader import load_pipeline

    settings = Settings(max_file_bytes=200 * 1024 * 1024)
    when = dt.datetime.now(dt.UTC)
    nlp = load_pipeline().nlp
    out = []
    for path in paths:
        item = ingest_file(path, path.parent, settings, when)
        if not isinstance(item, IngestedDocument):
            continue
        pieces = [(offset, doc) for _, offset, doc in _pieces(nlp, [item])]
        facts = collect(item.doc_id, pieces, item.raw.layout)
        minutes = (
            read_minutes(item.raw.text, item.raw.layout)
            if item.meta.doc_type == "minutes"
            else None
        )
        decisions = decision_sentences(
            facts.sentences, [i.decision for i in minutes.items if i.decision] if minutes else []
        )
        out.append(
            AnalysedDocument(
                name=path.name,
                doc_id=item.doc_id,
                text=item.raw.text,
                doc_type=item.meta.doc_type,
                municipality=item.meta.municipality,
                published=item.meta.published,
                sentences=facts.sentences,
                entities=facts.entities,
                dates=facts.dates,
                amounts=facts.amounts,
                ingested=item,
                decisions=decisions,
            )
        )
    return out


def analysed_documents(
    names: Iterable[str], corpus: Path = SHARED_CORPUS
) -> list[AnalysedDocument]:
    """The named documents analysed by the current pipeline (cached per pipeline version)."""
    names = sorted(set(names))
    path = CACHE / f"{pipeline_version()}.pkl"
    cached: dict[str, AnalysedDocument] = {}
    if path.exists():
        with path.open("rb") as fh:
            cached = pickle.load(fh)  # our own build cache, never a user file
    missing = [n for n in names if n not in cached]
    if missing:
        files = [p for p in (find_document(n, corpus) for n in missing) if p is not None]
        for doc in _analyse(files):
            cached[doc.name] = doc
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump(cached, fh)
    return [cached[n] for n in names if n in cached]


@dataclass
class Mention:
    """An annotated item located in a document's clean text."""

    kind: str  # initiative | outcome | money
    start: int
    end: int
    labels: dict = field(default_factory=dict)


@dataclass
class AlignedDocument:
    doc: AnalysedDocument
    covered: list[tuple[int, int]]  # clean-text spans of the annotated units
    mentions: list[Mention]
    units: list[tuple[int, int, Unit]]  # clean-text span and the unit


def _locate(norm: Normalised, text: str, start: int) -> tuple[int, int] | None:
    return norm.find(text, start) or norm.find(text, 0)


def align(doc: AnalysedDocument, units: list[Unit]) -> AlignedDocument:
    """Annotated units and their items as clean-text spans (what cannot be found is skipped)."""
    norm = Normalised.of(doc.text)
    covered, mentions, located = [], [], []
    cursor = 0
    for unit in units:
        span = _locate(norm, unit.text, cursor)
        if span is None:
            continue
        cursor = span[0]
        covered.append(span)
        located.append((span[0], span[1], unit))
        for kind, items in (
            ("initiative", unit.initiatives),
            ("outcome", unit.outcomes),
            ("money", unit.money),
        ):
            for item in items:
                hit = norm.find(item["quote"], span[0])
                if hit is None or hit[0] > span[1]:
                    continue
                labels = {k: v for k, v in item.items() if k not in ("start", "end", "quote")}
                mentions.append(Mention(kind, hit[0], hit[1], labels))
    return AlignedDocument(doc, covered, mentions, located)


def aligned_corpus(corpus: Path = SHARED_CORPUS) -> list[AlignedDocument]:
    """Every annotated document, analysed and aligned."""
    units_by_doc: dict[str, list[Unit]] = {}
    for unit in load_units(corpus):
        units_by_doc.setdefault(unit.doc, []).append(unit)
    docs = analysed_documents(units_by_doc, corpus)
    return [align(d, units_by_doc[d.name]) for d in docs]
