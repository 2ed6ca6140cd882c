"""The Prefect flow: plan -> process new documents in batches -> assemble -> write -> report.

Only orchestration lives here; every step is a function in pipeline/.

- Documents go through in batches (one task per batch, not per document per step):
  thousands of tiny tasks are slow in Prefect.
- A document already processed by the same pipeline version is not processed
  again: each finished document is stored under <output>/.store as soon as it
  is done, so a killed run loses only the documents in flight.
- The local runner uses every core through a pool of worker processes
  (flows/workers.py); the dask runner hands the batches to a Dask cluster
  through prefect-dask.
- Batches that meet a transient I/O error are retried; any other failure of a
  file is a row in the `errors` table and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.workers import run_in_worker, worker_pool
from pipeline.dataset.assemble import build_tables, table_errors, write_dataset
from pipeline.dataset.generations import (
    link_top_level,
    new_generation,
    remove_leftovers,
    switch,
    tables_dir,
)
from pipeline.dataset.manifest import (
    file_hash,
    inputs_fingerprint,
    make_manifest,
    read_manifest,
    tables_are_current,
    write_manifest,
)
from pipeline.dataset.records import ErrorRecord
from pipeline.ingest.base import is_transient
from pipeline.lock import output_lock
from pipeline.progress import Progress, progress_line
from pipeline.report.html import write_report
from pipeline.runs import (
    PROGRESS,
    BatchOutcome,
    RunPlan,
    outside_errors,
    plan_run,
    refuse_empty_input,
    resolve_plan,
    scan,
    store_for,
    stream_results,
)
from pipeline.settings import Settings, max_file_bytes

STAGES = ("ingest", "nlp", "extract", "store")
# The CLI's SIGTERM handler (stop, keep what is stored, one line); Prefect installs its own
# for the flow, which logs a crash report first, so the flow puts this one back.
SIGTERM_HANDLER: Callable[[int, Any], None] | None = None


@dataclass
class RunSummary:
    """What a run did, for the CLI's closing lines and the benchmarks."""

    n_files: int
    n_documents: int
    n_errors: int
    n_processed: int = 0  # documents analysed in this run (the rest were reused)
    n_reused: int = 0
    n_words: int = 0  # words in the documents analysed in this run
    by_type: dict[str, int] = field(default_factory=dict)
    by_municipality: dict[str, int] = field(default_factory=dict)
    output_dir: str = ""
    errors: list[ErrorRecord] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed over workers
    seconds: float = 0.0  # wall clock of the flow


def print_progress(done: int, total: int, reused: int = 0, seconds: float = 0.0) -> None:
    """One updating line on a terminal, one line per step in a log: documents done, the
    rate of this run's documents (`seconds` since they were handed out) and the time left."""
    line = progress_line(Progress(done, total, reused, seconds))
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\r{line}\x1b[K", end=end, file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def _retry_if_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect retry condition: only I/O errors that may pass (EIO, timeouts, ...)."""
    exc = state.data if isinstance(state.data, BaseException) else None
    return exc is not None and is_transient(exc)


@task(
    name="plan-run",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_retry_if_transient,
)
def plan_task(settings: Settings, when: dt.datetime) -> RunPlan:
    root = Path(settings.input_dir)
    manifest = read_manifest(Path(settings.output_dir))
    found = scan(root, exclude=[Path(settings.output_dir)])
    plan = plan_run(found.files, root, store_for(settings), manifest)
    plan.errors += outside_errors(found.outside, when)
    return plan


@task(
    name="process-batch",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_retry_if_transient,
)
def process_batch(sources: list[str], settings: Settings, when: dt.datetime) -> BatchOutcome:
    """Ingest, analyse and store one batch (in a worker process when there is a pool)."""
    from pipeline.documents import process_files  # spaCy and the models: only where work runs

    started = time.perf_counter()
    outcome = run_in_worker(process_files, sources, Path(settings.input_dir), settings, when)
    get_run_logger().info(
        "%d files: %d stored, %d errors, %d words in %.1f s",
        len(sources),
        len(outcome.done),
        len(outcome.errors),
        outcome.n_words,
        time.perf_counter() - started,
    )
    return outcome


@task(
    name="write-dataset",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_retry_if_transient,
)
def write_dataset_task(
    plan: RunPlan, outcomes: list[BatchOutcome], settings: Settings, when: dt.datetime
) -> tuple[list[Any], list[ErrorRecord]]:
    """Tables, report and manifest from every covered document's stored result, written into
    a new generation that then becomes the current one; results of removed files are dropped.

    `plan` is resolved (every processed file has its doc_id)."""
    store = store_for(settings)
    results, errors = stream_results(plan, outcomes, store, when, redo=_redo(settings, when))
    out = Path(settings.output_dir)
    tables = build_tables(results, errors, output_dir=out, when=when)
    remove_leftovers(out)  # a failed earlier attempt's folder
    gen = new_generation(out)
    closing = _documents(tables["documents"]), table_errors(tables)  # with corrections' problems
    try:
        write_dataset(gen.path, tables, generation=gen.id)
        del tables  # the report reads the written tables; a large run needs the memory back
        report = write_report(out, generation=gen.path)
        manifest = run_manifest(plan, store.key, out)
        manifest.update(generation=gen.id, report=file_hash(report))
        write_manifest(gen.path, manifest)  # last: it vouches for the rest
    except BaseException:  # a full disk, an interruption: the current generation stays
        shutil.rmtree(gen.path, ignore_errors=True)
        raise
    switch(out, gen)
    store.prune(f.doc_id for f in plan.files if f.doc_id)
    return closing


def _documents(table: Any) -> list[Any]:
    """Each document's type and municipality, for the closing summary (the results
    themselves were let go chunk by chunk)."""
    types = table.column("doc_type").to_pylist()
    places = table.column("municipality").to_pylist()
    return [SimpleNamespace(doc_type=t, municipality=m) for t, m in zip(types, places, strict=True)]


def _redo(settings: Settings, when: dt.datetime) -> Callable[[list[str]], BatchOutcome]:
    """Process files again here, in the flow's process: those whose stored entry turned out
    not valid when the tables were assembled (rare: a damaged or planted file)."""

    def redo(sources: list[str]) -> BatchOutcome:
        from pipeline.documents import process_files

        get_run_logger().warning("%d stored results were not valid; processing again", len(sources))
        return process_files(sources, Path(settings.input_dir), settings, when)

    return redo


def run_manifest(plan: RunPlan, store_key: str, output_dir: Path | None = None) -> dict:
    """What the tables are built from: every covered file with its doc_id, size and time,
    the duplicates, and the analysts' corrections.csv and kpi table."""
    manifest = make_manifest(
        store_key,
        [(f.source_path, f.doc_id, *(f.stat or (None, None))) for f in plan.files],
        [e.source_path for e in plan.errors],
    )
    if output_dir is not None:
        manifest.update(inputs_fingerprint(output_dir))
    return manifest


def _current_tables(settings: Settings) -> tuple[list[Any], list[ErrorRecord]]:
    """Documents and errors as the tables already hold them (nothing changed)."""
    out = tables_dir(Path(settings.output_dir))
    docs = pd.read_parquet(out / "documents.parquet", columns=["doc_type", "municipality"])
    errors = [
        ErrorRecord(r.source_path, r.stage, r.error_type, r.message, r.when)
        for r in pd.read_parquet(out / "errors.parquet").itertuples(index=False)
    ]
    documents = [
        SimpleNamespace(doc_type=t, municipality=m if isinstance(m, str) else None)
        for t, m in zip(docs["doc_type"], docs["municipality"], strict=True)
    ]
    return documents, errors


def unchanged_summary(settings: Settings) -> RunSummary | None:
    """The run's summary when nothing changed since the last run, else None.

    The same plan and the same currency check as the flow (plan_task, run_corpus), done
    without Prefect: the CLI asks first, and a folder whose files, results, corrections and
    tables are all as the last run left them costs a scan and no Prefect server, worker
    process or flow run. None whenever any file is new, changed or gone, or the tables,
    the report or the manifest are not current; then the flow runs as usual."""
    started = time.perf_counter()
    out = Path(settings.output_dir)
    manifest = read_manifest(out)
    if manifest is None:
        return None
    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    root = Path(settings.input_dir)
    found = scan(root, exclude=[out])
    store = store_for(settings)
    plan = plan_run(found.files, root, store, manifest)
    if plan.todo:
        return None
    plan.errors += outside_errors(found.outside, when)
    plan = resolve_plan(plan, [], when)
    if not tables_are_current(out, run_manifest(plan, store.key, out)):
        return None
    link_top_level(out)  # in case one was deleted
    documents, errors = _current_tables(settings)
    return RunSummary(
        n_files=len(found.files),
        n_documents=len(documents),
        n_errors=len(errors),
        n_reused=plan.reused,
        by_type=_count([d.doc_type for d in documents], "other"),
        by_municipality=_count([d.municipality for d in documents], "(regional/none)"),
        output_dir=str(settings.output_dir),
        errors=errors,
        seconds=round(time.perf_counter() - started, 3),
    )


def make_task_runner(settings: Settings) -> TaskRunner:
    """Threads for the local runner (the pool does the heavy work); Dask for a cluster."""
    if settings.runner == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:  # pragma: no cover - prefect-dask is in the lock file
            raise RuntimeError(
                "the dask runner needs prefect-dask: pip install prefect-dask"
            ) from exc
        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": settings.workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    if settings.workers < 2:  # no pool: batches run in this process, one at a time,
        return ThreadPoolTaskRunner(max_workers=1)  # as the spaCy pipeline is shared
    # Two task threads per worker: while one thread reports a finished batch to the
    # Prefect API, the next batch is already queued at the worker, which never waits.
    return ThreadPoolTaskRunner(max_workers=2 * settings.workers)


def _count(values: list[str | None], missing: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v or missing] = counts.get(v or missing, 0) + 1
    return dict(sorted(counts.items()))


def run_settings(
    input_dir: str | Path,
    output_dir: str | Path,
    *,
    workers: int | None = None,
    runner: str | None = None,
    dask_address: str | None = None,
    batch_size: int | None = None,
    nlp_model: str | None = None,
    max_file_mb: float | str | None = None,
) -> Settings:
    """Settings for one run: arguments first, then KOMMUNLENS_* variables, then defaults."""
    output = Path(output_dir)
    return Settings.from_env(
        input_dir=Path(input_dir),
        output_dir=output,
        cache_dir=output / ".cache",
        workers=workers,
        runner=runner,
        dask_address=dask_address,
        batch_size=batch_size,
        nlp_model=nlp_model,
        **({"max_file_bytes": max_file_bytes(max_file_mb)} if max_file_mb is not None else {}),
    )


@flow(name="analyse-corpus", log_prints=False)
def analyse_corpus(
    input_dir: str,
    output_dir: str,
    workers: int | None = None,
    runner: str | None = None,
    dask_address: str | None = None,
    batch_size: int | None = None,
    nlp_model: str | None = None,
    max_file_mb: float | str | None = None,
    show_progress: bool = False,
    settings: Settings | None = None,
    allow_empty: bool = False,
) -> RunSummary:
    """Process every file under input_dir into the tables in output_dir.

    workers: processes (local) or Dask workers for a local cluster (default: one per core).
    runner: "local" (default) or "dask"; dask_address: an existing Dask scheduler.
    settings: the run's Settings when the caller already built them (the CLI does); then
    the other options are not read again.
    allow_empty: replace an existing dataset even when the input folder has no documents.
    """
    if settings is None:
        settings = run_settings(
            input_dir,
            output_dir,
            workers=workers,
            runner=runner,
            dask_address=dask_address,
            batch_size=batch_size,
            nlp_model=nlp_model,
            max_file_mb=max_file_mb,
        )
    return run_corpus(settings, show_progress=show_progress, allow_empty=allow_empty)


def run_corpus(
    settings: Settings, show_progress: bool = False, allow_empty: bool = False
) -> RunSummary:
    """The body of analyse_corpus, for callers that already hold Settings.

    Holds the output folder's lock throughout (LockBusy when another run holds it; the CLI
    takes it first, with --wait if asked) and first removes what a killed run left."""
    out = Path(settings.output_dir)
    with output_lock(out, warn=lambda m: print(m, file=sys.stderr)):
        remove_leftovers(out)
        return _run_locked(settings, show_progress, allow_empty)


def _run_locked(settings: Settings, show_progress: bool, allow_empty: bool) -> RunSummary:
    if SIGTERM_HANDLER is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, SIGTERM_HANDLER)  # instead of Prefect's crash report
    logger = get_run_logger()
    started = time.perf_counter()
    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not Path(settings.input_dir).is_dir():
        raise FileNotFoundError(f"input folder {settings.input_dir} does not exist")
    plan = plan_task(settings, when)
    total = len(plan.files)
    if not allow_empty:
        refuse_empty_input(total, settings.input_dir, settings.output_dir)
    PROGRESS.start(total, plan.reused, store_for(settings))
    logger.info(
        "%d files: %d to process, %d already done (%s runner, %d workers)",
        total,
        len(plan.todo),
        plan.reused,
        settings.runner,
        settings.workers,
    )
    size = settings.batch_size
    batches = [plan.todo[i : i + size] for i in range(0, len(plan.todo), size)]
    outcomes: list[BatchOutcome] = []
    done = plan.reused
    if show_progress:
        print_progress(done, total)
    if batches:
        runner = make_task_runner(settings)
        with runner, worker_pool(settings):  # the pool stops first when interrupted
            handed_out = time.perf_counter()
            futures = {
                runner.submit(process_batch, {"sources": b, "settings": settings, "when": when}): b
                for b in batches
            }
            for future in as_completed(list(futures)):
                batch = futures[future]
                try:
                    outcomes.append(future.result())
                except Exception as exc:  # retries exhausted: report the batch's files, go on
                    logger.error("batch of %d files failed: %s", len(batch), exc)
                    outcomes.append(_failed_batch(batch, exc, when))
                done += len(batch)
                if show_progress:
                    print_progress(done, total, plan.reused, time.perf_counter() - handed_out)
    plan = resolve_plan(plan, outcomes, when)
    current = not batches and tables_are_current(
        Path(settings.output_dir),
        run_manifest(plan, store_for(settings).key, Path(settings.output_dir)),
    )
    if current:
        logger.info("nothing changed since the last run; the tables are current")
        link_top_level(Path(settings.output_dir))  # in case one was deleted
        documents, errors = _current_tables(settings)
    else:
        documents, errors = write_dataset_task(plan, outcomes, settings, when)
    stage_seconds = {s: round(sum(o.seconds.get(s, 0.0) for o in outcomes), 3) for s in STAGES}
    return RunSummary(
        n_files=total,
        n_documents=len(documents),
        n_errors=len(errors),
        n_processed=sum(o.n_analysed for o in outcomes),
        n_reused=plan.reused + sum(len(o.done) - o.n_analysed for o in outcomes),
        n_words=sum(o.n_words for o in outcomes),
        by_type=_count([d.doc_type for d in documents], "other"),
        by_municipality=_count([d.municipality for d in documents], "(regional/none)"),
        output_dir=str(settings.output_dir),
        errors=errors,
        stage_seconds=stage_seconds,
        seconds=round(time.perf_counter() - started, 3),
    )


def _failed_batch(batch: list[str], exc: BaseException, when: dt.datetime) -> BatchOutcome:
    message = " ".join(f"{type(exc).__name__}: {exc}".split())[:250]
    return BatchOutcome(
        errors=[
            ErrorRecord(s, "ingest", "io_error", f"gave up after retries: {message}", when)
            for s in batch
        ]
    )
