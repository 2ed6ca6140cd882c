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


_early: tuple[tuple[int, str | None], ProcessPoolExecutor] | None = None


def _new_pool(settings: Settings) -> ProcessPoolExecutor:
    for name in _SINGLE_THREAD:
        os.environ.setdefault(name, "1")  # inherited by the spawned workers
    return ProcessPoolExecutor(
        max_workers=settings.workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=warm_up,
        initargs=(settings.nlp_model,),
    )


def _ready() -> None:
    """A task that only makes the pool start a worker (which warms up first)."""


def start_workers_early(settings: Settings) -> bool:
    """Start the worker processes now, so that they load the models while the caller starts
    the Prefect server and plans (both take seconds); the run's worker_pool takes them over.
    False when this run has no pool (dask runner, one worker)."""
    global _early
    if settings.runner != "local" or settings.workers < 2:
        return False
    if _early is None:
        pool = _new_pool(settings)
        for _ in range(settings.workers):  # a spawn pool starts one process per waiting task
            pool.submit(_ready)
        _early = ((settings.workers, settings.nlp_model), pool)
    return True


def _take_early_pool(settings: Settings) -> ProcessPoolExecutor | None:
    """The pool start_workers_early started, when it fits these settings (else it stops)."""
    global _early
    if _early is None:
        return None
    (workers, model), pool = _early
    _early = None
    if (workers, model) == (settings.workers, settings.nlp_model):
        return pool
    pool.shutdown(wait=False, cancel_futures=True)
    return None


def stop_early_workers() -> None:
    """Stop workers started early that no run took over (the run ended before it needed them)."""
    global _early
    if _early is not None:
        pool = _early[1]
        _early = None
        stop_workers(pool)  # they may still be loading the models: no need to wait


@contextmanager
def worker_pool(settings: Settings) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `settings.workers` processes for the local runner; None when not needed."""
    global _pool
    if settings.runner != "local" or settings.workers < 2:
        yield None
        return
    pool = _take_early_pool(settings) or _new_pool(settings)
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
