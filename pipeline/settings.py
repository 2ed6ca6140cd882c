"""Run settings, read once from defaults, the environment and the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_MAX_FILE_MB = 50.0


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told; the CLI overrides the environment."""

    input_dir: Path = Path("data/raw")
    output_dir: Path = Path("data/processed")
    max_file_bytes: int = int(DEFAULT_MAX_FILE_MB * 1024 * 1024)
    nlp_model: str | None = None  # a spaCy package name; None = auto (sv_core_news_* or own)
    batch_size: int = 8
    cache_dir: Path | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Environment variables KOMMUNLENS_* fill what the caller leaves out."""
        env: dict[str, object] = {}
        if "KOMMUNLENS_MAX_FILE_MB" in os.environ:
            env["max_file_bytes"] = int(float(os.environ["KOMMUNLENS_MAX_FILE_MB"]) * 1024 * 1024)
        if os.environ.get("KOMMUNLENS_NLP_MODEL"):
            env["nlp_model"] = os.environ["KOMMUNLENS_NLP_MODEL"]
        if os.environ.get("KOMMUNLENS_BATCH_SIZE"):
            env["batch_size"] = int(os.environ["KOMMUNLENS_BATCH_SIZE"])
        env.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **env)  # type: ignore[arg-type]
