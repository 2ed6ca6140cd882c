"""Workers started early: the run takes over the same processes instead of starting new ones."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from flows import workers
from pipeline.settings import Settings


@pytest.fixture
def light_pools(monkeypatch):
    """Pools of bare processes (no model loading), so the test is about the hand-over."""
    made: list[ProcessPoolExecutor] = []

    def new_pool(settings: Settings) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            settings.workers, mp_context=multiprocessing.get_context("spawn")
        )
        made.append(pool)
        return pool

    monkeypatch.setattr(workers, "_new_pool", new_pool)
    yield made
    workers.stop_early_workers()
    for pool in made:
        pool.shutdown(wait=True, cancel_futures=True)


def test_the_run_takes_over_the_workers_started_early(light_pools):
    settings = Settings(workers=2)
    assert workers.start_workers_early(settings)
    (early,) = light_pools
    assert len(early._processes) == 2  # started before the run asked for them
    started = set(early._processes)
    with workers.worker_pool(settings) as pool:
        assert pool is early
        assert workers.run_in_worker(os.getpid) in started
    assert len(light_pools) == 1  # no second pool
    assert workers._early is None


def test_early_workers_for_other_settings_are_stopped_and_replaced(light_pools):
    assert workers.start_workers_early(Settings(workers=2))
    with workers.worker_pool(Settings(workers=3)) as pool:
        assert pool is light_pools[1]
        assert pool is not light_pools[0]


def test_no_early_workers_without_a_local_pool(light_pools):
    assert not workers.start_workers_early(Settings(workers=1))
    assert not workers.start_workers_early(Settings(workers=2, runner="dask"))
    assert light_pools == []
