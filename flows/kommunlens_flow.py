"""The Prefect flow: discover -> ingest + analyse in batches -> assemble -> write -> report.

Only orchestration lives here; every step is a function in pipeline/.
Documents are mapped in batches (not one task per document) because
thousands of tiny tasks are slow in Prefect.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline.dataset.assemble import build_tables, write_dataset
from pipeline.dataset.records import ErrorRecord
from pipeline.documents import (
    DocumentResult,
    IngestedDocument,
    analyse_batch,
    discover,
    ingest_file,
)
from pipeline.report.html import write_report
from pipeline.settings import Settings

ProgressFn = Callable[[int, int], None]


@dataclass
class RunSummary:
    """What a run did, for the CLI's closing lines."""

    n_files: int
    n_documents: int
    n_errors: int
    by_type: dict[str, int] = field(default_factory=dict)
    by_municipality: dict[str, int] = field(default_factory=dict)
    output_dir: str = ""
    errors: list[ErrorRecord] = field(default_factory=list)


def print_progress(done: int, total: int) -> None:
    """One updating line on a terminal, one line per step in a log."""
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\r[{done}/{total}] documents processed", end=end, file=sys.stderr, flush=True)
    else:
        print(f"[{done}/{total}] documents processed", file=sys.stderr, flush=True)


@task(name="process-batch", retries=0, cache_policy=NO_CACHE)
def process_batch(
    paths: list[Path], root: Path, settings: Settings, when: dt.datetime
) -> tuple[list[DocumentResult], list[ErrorRecord]]:
    """Ingest and analyse one batch of files."""
    ingested: list[IngestedDocument] = []
    errors: list[ErrorRecord] = []
    for path in paths:
        item = ingest_file(path, root, settings, when)
        (errors if isinstance(item, ErrorRecord) else ingested).append(item)
    results, analysis_errors = analyse_batch(ingested, settings, when) if ingested else ([], [])
    return results, errors + analysis_errors


@task(name="write-dataset", cache_policy=NO_CACHE)
def write_outputs(
    results: list[DocumentResult], errors: list[ErrorRecord], settings: Settings
) -> str:
    tables = build_tables(results, errors)
    write_dataset(settings.output_dir, tables)
    return str(settings.output_dir)


@task(name="write-report", cache_policy=NO_CACHE)
def write_report_task(output_dir: str) -> str:
    return str(write_report(Path(output_dir)))


def _count(values: list[str | None], missing: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v or missing] = counts.get(v or missing, 0) + 1
    return dict(sorted(counts.items()))


# One batch at a time: the spaCy pipeline is shared within the process and is not
# documented as thread-safe. For a cluster, swap the runner:
# kommunlens_flow.with_options(task_runner=DaskTaskRunner(...)).
@flow(name="kommunlens", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=1))
def kommunlens_flow(settings: Settings, progress: ProgressFn | None = None) -> RunSummary:
    """Process every file under settings.input_dir into tables in settings.output_dir."""
    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    root = Path(settings.input_dir)
    paths = discover(root)
    batches = [
        paths[i : i + settings.batch_size] for i in range(0, len(paths), settings.batch_size)
    ]
    futures = [process_batch.submit(batch, root, settings, when) for batch in batches]
    results: list[DocumentResult] = []
    errors: list[ErrorRecord] = []
    done = 0
    if progress and not paths:
        progress(0, 0)
    for batch, future in zip(batches, futures, strict=True):
        batch_results, batch_errors = future.result()
        results += batch_results
        errors += batch_errors
        done += len(batch)
        if progress:
            progress(done, len(paths))
    out = write_outputs(results, errors, settings)
    write_report_task(out)
    docs = [r.document for r in results]
    return RunSummary(
        n_files=len(paths),
        n_documents=len(docs),
        n_errors=len(errors),
        by_type=_count([d.doc_type for d in docs], "other"),
        by_municipality=_count([d.municipality for d in docs], "(regional/none)"),
        output_dir=out,
        errors=errors,
    )
