"""Planning a run and assembling its tables: which files are new, which are done.

Kept free of spaCy and the classifiers, so the flow's own process starts fast and stays
small; the heavy work (pipeline/documents.py) runs in the workers.

Each file is read and hashed once per run at most: the plan only looks at a file's size
and modification time, and reuses the doc_id the previous run recorded for it (in the
manifest) when both are unchanged and the result is still stored. Every other file goes to
a worker, which reads it once, hashes those bytes, and analyses it unless a result for that
content is already stored (a renamed or touched file).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.dataset.records import DocumentResult, ErrorRecord
from pipeline.dataset.store import ResultStore, version_key
from pipeline.nlp.model_names import model_label
from pipeline.settings import Settings
from pipeline.version import pipeline_version

SKIPPED_NAMES = ("readme",)


# A folder holding any of these was written by kommunlens (an output folder): never input.
OUTPUT_MARKERS = (".store", ".generations", ".lock", ".manifest.json")


@dataclass
class Scan:
    """What an input folder holds: the files to read, and links refused (path, target)."""

    files: list[Path]
    outside: list[tuple[str, str]] = field(default_factory=list)


def _is_output_folder(folder: Path) -> bool:
    return any((folder / marker).exists() for marker in OUTPUT_MARKERS)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def scan(input_dir: Path, exclude: Iterable[Path] = ()) -> Scan:
    """Every file under input_dir, sorted; hidden files and README files are skipped.

    Inputs stay inputs: a symbolic link whose target lies outside the input folder is not
    followed (it is listed in `outside`), and the folders in `exclude` (the run's output
    folder) and any folder kommunlens wrote (OUTPUT_MARKERS) are never read, even when they
    lie inside the input folder.
    """
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder {root} does not exist")
    real_root = root.resolve()
    skipped = {Path(p).resolve() for p in exclude}
    found: list[Path] = []
    outside: list[tuple[str, str]] = []
    if any(_inside(real_root, s) for s in skipped):  # the input is (in) the output folder
        return Scan(found, outside)
    for folder, dirs, names in os.walk(root):  # does not follow links to folders
        here = Path(folder)
        keep = []
        for d in sorted(dirs):
            sub = here / d
            if d.startswith(".") or sub.resolve() in skipped or _is_output_folder(sub):
                continue
            if sub.is_symlink():
                if not _inside(sub.resolve(), real_root):
                    outside.append((relative(sub, root), os.readlink(sub)))
                continue  # a link inside the folder: its files are read where they are
            keep.append(d)
        dirs[:] = keep
        for name in names:
            path = here / name
            if name.startswith(".") or path.stem.lower() in SKIPPED_NAMES:
                continue
            if path.is_symlink() and not _inside(path.resolve(), real_root):
                outside.append((relative(path, root), os.readlink(path)))
                continue
            if path.is_file():
                found.append(path)
    found.sort(key=lambda p: relative(p, root))
    return Scan(found, sorted(outside))


def discover(input_dir: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """The files `scan` finds to read."""
    return scan(input_dir, exclude).files


def outside_errors(outside: list[tuple[str, str]], when: dt.datetime) -> list[ErrorRecord]:
    """An `outside_input` error row per refused link."""
    return [
        ErrorRecord(
            source,
            "discover",
            "outside_input",
            f"symbolic link to {target}, outside the input folder; not followed",
            when,
        )
        for source, target in outside
    ]


def relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def store_for(settings: Settings) -> ResultStore:
    """The result store of an output folder, for this pipeline version and NLP model."""
    key = version_key(pipeline_version(), model_label(settings.nlp_model))
    return ResultStore(Path(settings.output_dir) / ".store", key)


@dataclass
class RunProgress:
    """How far the run in this process got, for the line an interrupted run ends with."""

    total: int | None = None  # files covered (None: not planned yet)
    reused: int = 0  # results already stored when the run started
    store: ResultStore | None = None
    before: set[str] = field(default_factory=set)  # doc_ids stored when the run started

    def start(self, total: int, reused: int, store: ResultStore) -> None:
        self.total, self.reused, self.store = total, reused, store
        self.before = store.doc_ids()

    def kept(self) -> int:
        """Documents whose results are stored: reused plus those this run stored."""
        new = len(self.store.doc_ids() - self.before) if self.store is not None else 0
        return min(self.reused + new, self.total or 0)


PROGRESS = RunProgress()


class EmptyInputError(RuntimeError):
    """The input folder has no documents but the output folder holds a dataset."""


def refuse_empty_input(n_files: int, input_dir: Path, output_dir: Path) -> None:
    """EmptyInputError when a run would replace a dataset with empty tables (an empty or
    unmounted input folder); `--allow-empty` skips this check."""
    out = Path(output_dir)
    if n_files == 0 and ((out / "documents.parquet").exists() or (out / "current").exists()):
        raise EmptyInputError(
            f"input folder {input_dir} holds no documents; not replacing the dataset in "
            f"{out} with empty tables (use --allow-empty to do that)"
        )


FileStat = tuple[int, int]  # (size in bytes, modification time in ns)


def file_stat(path: Path) -> FileStat | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass(frozen=True)
class PlannedFile:
    source_path: str  # relative to the input folder
    doc_id: str | None  # known from the previous run for an unchanged file; else the worker's
    stat: FileStat | None = None


@dataclass
class RunPlan:
    """Which files a run covers and which of them still need processing."""

    files: list[PlannedFile]
    todo: list[str]  # source paths to process
    reused: int  # documents whose stored result is reused
    errors: list[ErrorRecord] = field(default_factory=list)


def known_files(manifest: dict | None) -> dict[str, tuple[FileStat, str]]:
    """Source path -> ((size, mtime_ns), doc_id) from a previous run's manifest."""
    known: dict[str, tuple[FileStat, str]] = {}
    for row in (manifest or {}).get("files", []):
        if len(row) == 4 and row[1] and row[2] is not None:
            source, doc_id, size, mtime = row
            known[source] = ((int(size), int(mtime)), doc_id)
    return known


def plan_run(
    paths: list[Path], root: Path, store: ResultStore, manifest: dict | None = None
) -> RunPlan:
    """Reuse a stored result when the file's size and time match the previous run's record
    and the stored entry is one of this store format (a quick look at its first bytes; the
    full check is when it is read, in `assemble`); else the file is processed again."""
    known = known_files(manifest)
    files: list[PlannedFile] = []
    todo: list[str] = []
    reused = 0
    for path in paths:
        source = relative(path, root)
        stat = file_stat(path)
        previous = known.get(source)
        if stat is not None and previous and previous[0] == stat and store.looks_valid(previous[1]):
            files.append(PlannedFile(source, previous[1], stat))
            reused += 1
        else:
            files.append(PlannedFile(source, None, stat))
            todo.append(source)
    return RunPlan(files, todo, reused)


@dataclass
class BatchOutcome:
    """What a batch did: the doc_id stored for each file, errors, and where time went."""

    done: dict[str, str] = field(default_factory=dict)  # source path -> doc_id
    stats: dict[str, FileStat] = field(default_factory=dict)  # source path -> as read
    errors: list[ErrorRecord] = field(default_factory=list)
    n_words: int = 0
    n_analysed: int = 0  # documents analysed (the rest of `done` were already stored)
    seconds: dict[str, float] = field(default_factory=dict)  # ingest, nlp, extract, store


def resolve_plan(plan: RunPlan, outcomes: list[BatchOutcome], when: dt.datetime) -> RunPlan:
    """The plan with every processed file's doc_id; later copies of a content are duplicates.

    A file whose content equals an earlier file's (in path order) is reported once in
    `errors` (duplicate_file) and not counted twice.
    """
    done: dict[str, str] = {}
    stats: dict[str, FileStat] = {}
    for outcome in outcomes:
        done.update(outcome.done)
        stats.update(outcome.stats)
    files: list[PlannedFile] = []
    errors: list[ErrorRecord] = list(plan.errors)
    first_path: dict[str, str] = {}
    for planned in plan.files:
        doc_id = planned.doc_id or done.get(planned.source_path)
        stat = stats.get(planned.source_path, planned.stat)
        if doc_id is not None and doc_id in first_path:
            message = f"same content as {first_path[doc_id]}; its rows are under doc_id {doc_id}"
            errors.append(
                ErrorRecord(planned.source_path, "discover", "duplicate_file", message, when)
            )
            continue
        if doc_id is not None:
            first_path[doc_id] = planned.source_path
        files.append(PlannedFile(planned.source_path, doc_id, stat))
    return RunPlan(files, plan.todo, plan.reused, errors)


def assemble(
    plan: RunPlan,
    outcomes: list[BatchOutcome],
    store: ResultStore,
    when: dt.datetime,
    redo: Callable[[list[str]], BatchOutcome] | None = None,
) -> tuple[list[DocumentResult], list[ErrorRecord]]:
    """Every covered file's stored result, in the plan's order, plus all errors.

    `plan` is the resolved plan (resolve_plan): every processed file has its doc_id. A stored
    entry that does not read back as a result (damaged or planted) is removed; with `redo`
    its file is processed again at once (`redo([source path])`), else it gets an error row
    and the next run processes it.
    """
    results, errors = stream_results(plan, outcomes, store, when, redo)
    return list(results), errors


def stream_results(
    plan: RunPlan,
    outcomes: list[BatchOutcome],
    store: ResultStore,
    when: dt.datetime,
    redo: Callable[[list[str]], BatchOutcome] | None = None,
) -> tuple[Iterator[DocumentResult], list[ErrorRecord]]:
    """assemble's results, each loaded when it is asked for, so that a big corpus's results
    are never all in memory at once (build_tables takes them chunk by chunk), and its errors
    list, complete and sorted once every result has been read."""
    errors: list[ErrorRecord] = list(plan.errors)
    for outcome in outcomes:
        errors += outcome.errors
    return _load_results(plan, store, when, redo, errors), errors


def _not_stored(source_path: str, message: str, when: dt.datetime) -> ErrorRecord:
    """The error row of a covered file that has no usable stored result."""
    return ErrorRecord(source_path, "ingest", "internal_error", message, when)


def _load_results(
    plan: RunPlan,
    store: ResultStore,
    when: dt.datetime,
    redo: Callable[[list[str]], BatchOutcome] | None,
    errors: list[ErrorRecord],
) -> Iterator[DocumentResult]:
    failed = {e.source_path for e in errors}
    for planned in plan.files:
        doc_id = planned.doc_id
        if doc_id is None:
            if planned.source_path not in failed:
                message = "file was not processed (its batch failed); run again to retry"
                errors.append(_not_stored(planned.source_path, message, when))
            continue
        result = store.load(doc_id)
        if result is None:
            store.discard(doc_id)
            if redo is not None:
                outcome = redo([planned.source_path])
                errors += outcome.errors
                failed |= {e.source_path for e in outcome.errors}
                doc_id = outcome.done.get(planned.source_path, doc_id)
                result = store.load(doc_id) if planned.source_path in outcome.done else None
        if result is None:
            if planned.source_path not in failed:
                message = (
                    f"stored result for doc_id {doc_id} was missing or not valid and was "
                    "removed; run again"
                )
                errors.append(_not_stored(planned.source_path, message, when))
            continue
        if result.document.source_path != planned.source_path:  # same file, moved or renamed
            result.document = replace(result.document, source_path=planned.source_path)
        yield result
    errors.sort(key=lambda e: (e.source_path, e.stage))
