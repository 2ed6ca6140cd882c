"""Worker processes for the CPU-bound part of a run (reading PDFs, spaCy, classifiers).

The local runner keeps Prefect's tasks in threads of the flow's process and
hands each batch to a pool of worker processes; each worker loads the spaCy
pipeline once and keeps it for every batch it gets. Workers do not talk to
the Prefect API, so they start in seconds. On a Dask cluster the Dask workers
are the processes and there is no pool: the task does the work itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from pipeline.settings import Settings

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
# One BLAS/OpenMP thread per worker process: the workers already fill the cores.
_SINGLE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def warm_up(nlp_model: str | None) -> None:
    """Load the pipeline and the classifiers once per worker, before the first batch.

    Ctrl-C on a terminal reaches the whole process group: workers ignore it and are
    stopped by the run (worker_pool), so no worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from pipeline.analysis import load_models
    from pipeline.nlp.lemmas import swedish_lemma_table
    from pipeline.nlp.loader import load_pipeline

    swedish_lemma_table()  # first, while the process is empty (building it needs memory)
    load_pipeline(nlp_model)
    load_models()


@contextmanager
def worker_pool(settings: Settings) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `settings.workers` processes for the local runner; None when not needed."""
    global _pool
    if settings.runner != "local" or settings.workers < 2:
        yield None
        return
    for name in _SINGLE_THREAD:
        os.environ.setdefault(name, "1")  # inherited by the spawned workers
    pool = ProcessPoolExecutor(
        max_workers=settings.workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=warm_up,
        initargs=(settings.nlp_model,),
    )
    _pool = pool
    try:
        yield pool
    except BaseException:  # interrupted or failed: stop the batches in flight now
        _pool = None
        stop_workers(pool)
        raise
    finally:
        _pool = None
        pool.shutdown(wait=True, cancel_futures=True)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's processes (what they finished is already stored)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def run_in_worker(fn: Callable[..., T], *args: object) -> T:
    """Run fn(*args) in the pool when there is one, else here."""
    pool = _pool
    if pool is None:
        return fn(*args)
    return pool.submit(fn, *args).result()
