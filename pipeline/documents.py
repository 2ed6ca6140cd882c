"""The heavy steps of a run: ingest, analyse (spaCy, extraction, classifiers) and store.

No Prefect here: flows/ wraps these in tasks; a notebook or a test can call
them directly. Every failure is caught per document and returned as an
ErrorRecord, so one bad file never stops a run; only transient I/O errors are
raised, so that the task that met them can be retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.analysis import analyse_document
from pipeline.dataset.records import (  # noqa: F401  (DocumentResult: API)
    AmountRecord,
    DateRecord,
    DocumentRecord,
    DocumentResult,
    EntityRecord,
    ErrorRecord,
    FocusAreaRecord,
    InitiativeRecord,
    OutcomeRecord,
)
from pipeline.extract.entities import FactCollector
from pipeline.ingest import parse_document, read_file
from pipeline.ingest.base import IngestError, is_transient
from pipeline.ingested import IngestedDocument
from pipeline.limits import limits
from pipeline.metadata import detect_metadata
from pipeline.nlp.chunks import chunk_text
from pipeline.nlp.loader import load_pipeline
from pipeline.runs import (  # noqa: F401  (discover: API)
    BatchOutcome,
    discover,
    file_stat,
    relative,
    store_for,
)
from pipeline.settings import Settings
from pipeline.version import pipeline_version


def error_record(
    source_path: str, stage: str, exc: BaseException, when: dt.datetime
) -> ErrorRecord:
    if isinstance(exc, IngestError):
        return ErrorRecord(source_path, stage, exc.error_type, exc.message, when)
    message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return ErrorRecord(source_path, stage, "internal_error", message, when)


def read_source(
    path: Path, root: Path, settings: Settings, when: dt.datetime
) -> bytes | ErrorRecord:
    """A file's bytes, read once for hashing and parsing; a failure becomes an ErrorRecord."""
    try:
        return read_file(path, settings)
    except Exception as exc:  # one bad file must not stop the run
        if is_transient(exc):
            raise
        return error_record(relative(path, root), "ingest", exc, when)


def ingest_bytes(
    data: bytes, path: Path, root: Path, settings: Settings, when: dt.datetime, sha: str
) -> IngestedDocument | ErrorRecord:
    """Parse one file's bytes and detect its metadata; any failure becomes an ErrorRecord."""
    source = relative(path, root)
    try:
        raw = parse_document(data, path, settings, sha256=sha)
        meta = detect_metadata(raw)
    except Exception as exc:  # one bad file must not stop the run
        if is_transient(exc):
            raise
        return error_record(source, "ingest", exc, when)
    return IngestedDocument(sha[:16], sha, source, raw, meta)


def ingest_file(
    path: Path, root: Path, settings: Settings, when: dt.datetime
) -> IngestedDocument | ErrorRecord:
    """Read one file and detect its metadata; any failure becomes an ErrorRecord."""
    data = read_source(path, root, settings, when)
    if isinstance(data, ErrorRecord):
        return data
    return ingest_bytes(data, path, root, settings, when, hashlib.sha256(data).hexdigest())


def _pieces(
    nlp: Language, ingested: list[IngestedDocument], max_chars: int | None = None
) -> Iterator[tuple[int, int, Doc]]:
    """(document number, offset, Doc) for every chunk of every document, via nlp.pipe.

    Chunks are made as the pipe asks for them and handed on at most `max_chars` of text
    at a time (limits.nlp_batch_chars), so a long document never has many large pieces in
    the pipeline at once.
    """
    max_chars = max_chars or limits().nlp_batch_chars

    def made() -> Iterator[tuple[int, int, Doc]]:
        for n, item in enumerate(ingested):
            for offset, piece in chunk_text(item.raw.text):
                doc = nlp.make_doc(piece)
                doc._.kl_doc_date = item.meta.reference_date or item.meta.published
                yield n, offset, doc

    group: list[tuple[int, int, Doc]] = []
    size = 0
    for entry in itertools.chain(made(), [None]):
        if group and (entry is None or size + len(entry[2].text) > max_chars):
            docs = nlp.pipe([d for _, _, d in group], batch_size=len(group))
            for (n, offset, _), doc in zip(group, docs, strict=True):
                yield n, offset, doc
            group, size = [], 0
        if entry is not None:
            group.append(entry)
            size += len(entry[2].text)


def _collect(nlp: Language, ingested: list[IngestedDocument]) -> dict[int, FactCollector]:
    """Every document's facts, taken from each piece as it leaves the pipeline."""
    collectors = {n: FactCollector(item.doc_id, item.raw.layout) for n, item in enumerate(ingested)}
    for n, offset, doc in _pieces(nlp, ingested):
        collectors[n].add(offset, doc)
    return collectors


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
    errors: list[ErrorRecord] = []
    started = time.perf_counter()
    try:
        collectors = _collect(loaded.nlp, ingested)
    except Exception:  # retry one by one to find the document that fails
        collectors = {}
        for n, item in enumerate(ingested):
            try:
                collectors[n] = _collect(loaded.nlp, [item])[0]
            except Exception as exc:
                errors.append(error_record(item.source_path, "nlp", exc, when))
    nlp_done = time.perf_counter()
    results = []
    for n, item in enumerate(ingested):
        if n not in collectors:
            continue
        try:
            facts = collectors.pop(n).finish()
            results.append(analyse_document(item, facts, loaded.name, version))
        except Exception as exc:
            errors.append(error_record(item.source_path, "extract", exc, when))
    if seconds is not None:
        seconds["nlp"] = seconds.get("nlp", 0.0) + nlp_done - started
        seconds["extract"] = seconds.get("extract", 0.0) + time.perf_counter() - nlp_done
    return results, errors


def process_files(
    sources: list[str], root: Path, settings: Settings, when: dt.datetime
) -> BatchOutcome:
    """Ingest, analyse and store one batch; each document is stored as soon as it is done."""
    store = store_for(settings)
    outcome = BatchOutcome(seconds={"ingest": 0.0, "nlp": 0.0, "extract": 0.0, "store": 0.0})
    started = time.perf_counter()
    ingested: list[IngestedDocument] = []
    for source in sources:
        path = Path(root) / source
        stat = file_stat(path)
        data = read_source(path, Path(root), settings, when)
        if isinstance(data, ErrorRecord):
            outcome.errors.append(data)
            continue
        sha = hashlib.sha256(data).hexdigest()
        if stat is not None:
            outcome.stats[source] = stat
        if store.valid(sha[:16]):  # stored before: renamed, touched, or an earlier attempt
            outcome.done[source] = sha[:16]
            continue
        item = ingest_bytes(data, path, Path(root), settings, when, sha)
        if isinstance(item, ErrorRecord):
            outcome.errors.append(item)
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
            outcome.n_analysed += 1
        outcome.seconds["store"] = time.perf_counter() - started
    return outcome
