"""Planning a run and assembling its tables: which files are new, which are done.

Kept free of spaCy and the classifiers, so the flow's own process starts fast
and stays small; the heavy work (pipeline/documents.py) runs in the workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.dataset.records import DocumentResult, ErrorRecord
from pipeline.dataset.store import ResultStore, version_key
from pipeline.hashing import sha256_of
from pipeline.nlp.model_names import model_label
from pipeline.settings import Settings
from pipeline.version import pipeline_version

SKIPPED_NAMES = ("readme",)


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
