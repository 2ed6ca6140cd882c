"""Run settings, read once from defaults, the environment and the CLI."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_MAX_FILE_MB = 50.0
RUNNERS = ("local", "dask")


def max_file_bytes(mb: object, name: str = "--max-file-mb") -> int:
    """A size limit in megabytes as bytes; ValueError unless a positive finite number."""
    try:
        value = float(mb)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number of megabytes, not {mb}")
    return max(1, int(value * 1024 * 1024))


def default_workers() -> int:
    """One worker process per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told; the CLI overrides the environment."""

    input_dir: Path = Path("data/raw")
    output_dir: Path = Path("data/processed")
    max_file_bytes: int = int(DEFAULT_MAX_FILE_MB * 1024 * 1024)
    nlp_model: str | None = None  # a spaCy package name; None = auto (sv_core_news_* or own)
    batch_size: int = 8
    cache_dir: Path | None = None
    workers: int = 1  # processes for ingest + NLP; from_env() defaults this to the core count
    runner: str = "local"  # local (process pool on this machine) | dask (a Dask cluster)
    dask_address: str | None = None  # scheduler address; None = start a local Dask cluster

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Environment variables KOMMUNLENS_* fill what the caller leaves out."""
        env: dict[str, object] = {}
        if "KOMMUNLENS_MAX_FILE_MB" in os.environ:
            env["max_file_bytes"] = max_file_bytes(
                os.environ["KOMMUNLENS_MAX_FILE_MB"], "KOMMUNLENS_MAX_FILE_MB"
            )
        if os.environ.get("KOMMUNLENS_NLP_MODEL"):
            env["nlp_model"] = os.environ["KOMMUNLENS_NLP_MODEL"]
        if os.environ.get("KOMMUNLENS_BATCH_SIZE"):
            env["batch_size"] = int(os.environ["KOMMUNLENS_BATCH_SIZE"])
        env["workers"] = int(os.environ.get("KOMMUNLENS_WORKERS") or default_workers())
        if os.environ.get("KOMMUNLENS_RUNNER"):
            env["runner"] = os.environ["KOMMUNLENS_RUNNER"]
        if os.environ.get("KOMMUNLENS_DASK_ADDRESS"):
            env["dask_address"] = os.environ["KOMMUNLENS_DASK_ADDRESS"]
        env.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **env)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        """Fail early, with a message a user can act on, on settings that cannot work."""
        if self.runner not in RUNNERS:
            raise ValueError(f"runner must be one of {', '.join(RUNNERS)}, not {self.runner!r}")
        if self.max_file_bytes < 1:
            raise ValueError(f"the file size limit must be positive, not {self.max_file_bytes}")
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
        if self.batch_size < 1:
            raise ValueError(f"batch size must be at least 1, not {self.batch_size}")
