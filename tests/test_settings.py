"""Run settings: environment, overrides and checks."""

from __future__ import annotations

import pytest

from pipeline.settings import Settings, default_workers


def test_workers_default_to_the_cores(monkeypatch):
    monkeypatch.delenv("KOMMUNLENS_WORKERS", raising=False)
    assert Settings.from_env().workers == default_workers() >= 1


def test_environment_then_overrides(monkeypatch):
    monkeypatch.setenv("KOMMUNLENS_WORKERS", "3")
    monkeypatch.setenv("KOMMUNLENS_RUNNER", "dask")
    monkeypatch.setenv("KOMMUNLENS_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    settings = Settings.from_env()
    assert (settings.workers, settings.runner, settings.dask_address) == (
        3,
        "dask",
        "tcp://10.0.0.5:8786",
    )
    assert Settings.from_env(workers=1, runner="local").workers == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"runner": "spark"}, "runner must be one of local, dask"),
        ({"workers": 0}, "workers must be at least 1"),
        ({"batch_size": 0}, "batch size must be at least 1"),
    ],
)
def test_impossible_settings_fail_early(overrides, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env(**overrides)
