"""Library-level steps of a run: discover, plan, ingest, analyse, store, assemble.

No Prefect here: flows/ wraps these in tasks; a notebook or a test can call
them directly. Every failure is caught per document and returned as an
ErrorRecord, so one bad file never stops a run; only transient I/O errors are
raised, so that the task that met them can be retried.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

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
from pipeline.dataset.store import ResultStore, version_key
from pipeline.ingest import read_document, sha256_of
from pipeline.ingest.base import IngestError, RawDocument, is_transient
from pipeline.metadata import DocumentMetadata, detect_metadata
from pipeline.nlp.chunks import chunk_text
from pipeline.nlp.loader import load_pipeline, model_label
from pipeline.settings import Settings
from pipeline.version import pipeline_version

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
        sha = sha256_of(path)
        raw = read_document(path, settings)
        meta = detect_metadata(raw)
    except Exception as exc:  # one bad file must not stop the run
        if is_transient(exc):
            raise
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
    ingested: list[IngestedDocument],
    settings: Settings,
    when: dt.datetime,
    seconds: dict[str, float] | None = None,
) -> tuple[list[DocumentResult], list[ErrorRecord]]:
    """NLP, extraction and classification for a batch of ingested documents.

    When `seconds` is given, the time spent in the NLP and extraction stages is
    added to its "nlp" and "extract" entries.
    """
    loaded = load_pipeline(settings.nlp_model)
    version = pipeline_version()
    pieces: dict[int, list[tuple[int, Doc]]] = {n: [] for n in range(len(ingested))}
    errors: list[ErrorRecord] = []
    started = time.perf_counter()
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
    nlp_done = time.perf_counter()
    results = []
    for n, item in enumerate(ingested):
        if n not in pieces:
            continue
        try:
            results.append(analyse_document(item, pieces[n], loaded.name, version))
        except Exception as exc:
            errors.append(error_record(item.source_path, "extract", exc, when))
    if seconds is not None:
        seconds["nlp"] = seconds.get("nlp", 0.0) + nlp_done - started
        seconds["extract"] = seconds.get("extract", 0.0) + time.perf_counter() - nlp_done
    return results, errors


# --- runs that skip finished documents -------------------------------------------------


def store_for(settings: Settings) -> ResultStore:
    """The result store of an output folder, for this pipeline version and NLP model."""
    key = version_key(pipeline_version(), model_label(settings.nlp_model))
    return ResultStore(Path(settings.output_dir) / ".store", key)


@dataclass(frozen=True)
class PlannedFile:
    source_path: str  # relative to the input folder
    doc_id: str | None  # None when the file could not be hashed (ingest will report why)


@dataclass
class RunPlan:
    """Which files a run covers and which of them still need processing."""

    files: list[PlannedFile]
    todo: list[str]  # source paths to process
    reused: int  # documents whose stored result is reused
    errors: list[ErrorRecord] = field(default_factory=list)


def plan_run(paths: list[Path], root: Path, store: ResultStore, when: dt.datetime) -> RunPlan:
    """Hash every file; a file whose doc_id is in the store is not processed again.

    A file with the same content as an earlier one is reported once in `errors`
    (duplicate_file) and not counted twice.
    """
    files: list[PlannedFile] = []
    todo: list[str] = []
    errors: list[ErrorRecord] = []
    first_path: dict[str, str] = {}
    reused = 0
    for path in paths:
        source = relative(path, root)
        try:
            doc_id: str | None = sha256_of(path)[:16]
        except OSError:
            doc_id = None
        if doc_id is not None and doc_id in first_path:
            message = f"same content as {first_path[doc_id]}; its rows are under doc_id {doc_id}"
            errors.append(ErrorRecord(source, "discover", "duplicate_file", message, when))
            continue
        if doc_id is not None:
            first_path[doc_id] = source
        files.append(PlannedFile(source, doc_id))
        if doc_id is not None and store.has(doc_id):
            reused += 1
        else:
            todo.append(source)
    return RunPlan(files, todo, reused, errors)


@dataclass
class BatchOutcome:
    """What a batch did: the doc_id stored for each file, errors, and where time went."""

    done: dict[str, str] = field(default_factory=dict)  # source path -> doc_id
    errors: list[ErrorRecord] = field(default_factory=list)
    n_words: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # ingest, nlp, extract, store


def process_files(
    sources: list[str], root: Path, settings: Settings, when: dt.datetime
) -> BatchOutcome:
    """Ingest, analyse and store one batch; each document is stored as soon as it is done."""
    store = store_for(settings)
    outcome = BatchOutcome(seconds={"ingest": 0.0, "nlp": 0.0, "extract": 0.0, "store": 0.0})
    started = time.perf_counter()
    ingested: list[IngestedDocument] = []
    for source in sources:
        item = ingest_file(Path(root) / source, Path(root), settings, when)
        if isinstance(item, ErrorRecord):
            outcome.errors.append(item)
        elif store.has(item.doc_id):  # done by an earlier attempt of this batch
            outcome.done[item.source_path] = item.doc_id
        else:
            ingested.append(item)
            outcome.n_words += len(item.raw.text.split())
    outcome.seconds["ingest"] = time.perf_counter() - started
    if ingested:
        results, errors = analyse_batch(ingested, settings, when, outcome.seconds)
        outcome.errors += errors
        started = time.perf_counter()
        for result in results:
            store.save(result.document.doc_id, result)
            outcome.done[result.document.source_path] = result.document.doc_id
        outcome.seconds["store"] = time.perf_counter() - started
    return outcome


def assemble(
    plan: RunPlan, outcomes: list[BatchOutcome], store: ResultStore, when: dt.datetime
) -> tuple[list[DocumentResult], list[ErrorRecord]]:
    """Every covered file's stored result, in the plan's order, plus all errors."""
    done: dict[str, str] = {}
    errors: list[ErrorRecord] = list(plan.errors)
    for outcome in outcomes:
        done.update(outcome.done)
        errors += outcome.errors
    failed = {e.source_path for e in errors}
    todo = set(plan.todo)
    results: list[DocumentResult] = []
    for planned in plan.files:
        doc_id = done.get(planned.source_path)
        if doc_id is None and planned.source_path not in todo:
            doc_id = planned.doc_id
        if doc_id is None:
            if planned.source_path not in failed:
                errors.append(
                    ErrorRecord(
                        planned.source_path,
                        "ingest",
                        "internal_error",
                        "file was not processed (its batch failed); run again to retry",
                        when,
                    )
                )
            continue
        result = store.load(doc_id)
        if result is None:
            errors.append(
                ErrorRecord(
                    planned.source_path,
                    "ingest",
                    "internal_error",
                    f"stored result for doc_id {doc_id} is missing or unreadable; run again",
                    when,
                )
            )
            continue
        if result.document.source_path != planned.source_path:  # same file, moved or renamed
            result.document = replace(result.document, source_path=planned.source_path)
        results.append(result)
    errors.sort(key=lambda e: (e.source_path, e.stage))
    return results, errors
