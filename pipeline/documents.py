"""Library-level steps of a run: discover, ingest, analyse. No Prefect here.

flows/ wraps these in tasks; a notebook or a test can call them directly.
Every failure is caught per document and returned as an ErrorRecord, so one
bad file never stops a run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import __version__
from pipeline.analysis import analyse_document
from pipeline.dataset.records import (
    AmountRecord,
    DateRecord,
    DocumentRecord,
    EntityRecord,
    ErrorRecord,
    FocusAreaRecord,
    InitiativeRecord,
    OutcomeRecord,
)
from pipeline.ingest import read_document
from pipeline.ingest.base import IngestError, RawDocument
from pipeline.metadata import DocumentMetadata, detect_metadata
from pipeline.nlp.chunks import chunk_text
from pipeline.nlp.loader import load_pipeline
from pipeline.settings import Settings

SKIPPED_NAMES = ("readme",)


@dataclass(frozen=True)
class IngestedDocument:
    """A file that was read: its identity, clean text and metadata."""

    doc_id: str
    sha256: str
    source_path: str
    raw: RawDocument
    meta: DocumentMetadata


@dataclass
class DocumentResult:
    """All rows one document contributes to the dataset."""

    document: DocumentRecord
    entities: list[EntityRecord] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    initiatives: list[InitiativeRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    focus_areas: list[FocusAreaRecord] = field(default_factory=list)


def discover(input_dir: Path) -> list[Path]:
    """Every file under input_dir, sorted; hidden files and README files are skipped."""
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder {root} does not exist")
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.stem.lower() in SKIPPED_NAMES:
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def error_record(
    source_path: str, stage: str, exc: BaseException, when: dt.datetime
) -> ErrorRecord:
    if isinstance(exc, IngestError):
        return ErrorRecord(source_path, stage, exc.error_type, exc.message, when)
    message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return ErrorRecord(source_path, stage, "internal_error", message, when)


def ingest_file(
    path: Path, root: Path, settings: Settings, when: dt.datetime
) -> IngestedDocument | ErrorRecord:
    """Read one file and detect its metadata; any failure becomes an ErrorRecord."""
    source = relative(path, root)
    try:
        raw = read_document(path, settings)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        meta = detect_metadata(raw)
    except Exception as exc:  # one bad file must not stop the run
        return error_record(source, "ingest", exc, when)
    return IngestedDocument(sha[:16], sha, source, raw, meta)


def _pieces(nlp: Language, ingested: list[IngestedDocument]) -> Iterator[tuple[int, int, Doc]]:
    """(document number, offset, Doc) for every chunk of every document, via nlp.pipe."""
    index: list[tuple[int, int]] = []
    docs = []
    for n, item in enumerate(ingested):
        for offset, piece in chunk_text(item.raw.text):
            doc = nlp.make_doc(piece)
            doc._.kl_doc_date = item.meta.published
            docs.append(doc)
            index.append((n, offset))
    for (n, offset), doc in zip(index, nlp.pipe(docs, batch_size=16), strict=True):
        yield n, offset, doc


def analyse_batch(
    ingested: list[IngestedDocument], settings: Settings, when: dt.datetime
) -> tuple[list[DocumentResult], list[ErrorRecord]]:
    """NLP, extraction and classification for a batch of ingested documents."""
    loaded = load_pipeline(settings.nlp_model)
    pieces: dict[int, list[tuple[int, Doc]]] = {n: [] for n in range(len(ingested))}
    errors: list[ErrorRecord] = []
    try:
        for n, offset, doc in _pieces(loaded.nlp, ingested):
            pieces[n].append((offset, doc))
    except Exception:  # retry one by one to find the document that fails
        pieces = {}
        for n, item in enumerate(ingested):
            try:
                pieces[n] = [(o, d) for _, o, d in _pieces(loaded.nlp, [item])]
            except Exception as exc:
                errors.append(error_record(item.source_path, "nlp", exc, when))
    results = []
    for n, item in enumerate(ingested):
        if n not in pieces:
            continue
        try:
            results.append(analyse_document(item, pieces[n], loaded.name, __version__))
        except Exception as exc:
            errors.append(error_record(item.source_path, "extract", exc, when))
    return results, errors
