"""Saving and loading the scikit-learn models with what they were made from.

A pickled scikit-learn model is only trustworthy with the scikit-learn version that made it
(scikit-learn does not promise compatibility across versions), so every model file holds the
estimator together with that version, the SHA-256 of its training data and its parameters;
loading refuses a model made by another version with a message that says what to do.
Model files are artefacts the project builds (``make train``), never user input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import joblib
import sklearn

from pipeline.resources import resource_path

FORMAT = 1
MODELS_DIR = "models"


class ModelVersionError(RuntimeError):
    """A model file made by another scikit-learn version (or in an old format)."""


@dataclass
class ModelFile:
    """What a model file holds."""

    estimator: Any
    sklearn_version: str
    training_data_sha256: str
    params: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT


def sha256_of_rows(rows: list[dict] | list[str]) -> str:
    """A stable hash of training examples (their JSON lines or texts)."""
    import json

    digest = hashlib.sha256()
    for row in rows:
        text = row if isinstance(row, str) else json.dumps(row, sort_keys=True, ensure_ascii=False)
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()


def save_model(estimator: Any, path: Path, training_data_sha256: str) -> Path:
    """Write the estimator with the scikit-learn version and the training data's hash."""
    params = estimator.get_params(deep=False) if hasattr(estimator, "get_params") else {}
    record = ModelFile(
        estimator=estimator,
        sklearn_version=sklearn.__version__,
        training_data_sha256=training_data_sha256,
        params={k: v for k, v in params.items() if isinstance(v, str | int | float | bool)},
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(record, path, compress=3)
    return path


def model_path(name: str) -> Path:
    """The shipped model file `name` (e.g. "focus_areas.joblib")."""
    return resource_path(MODELS_DIR, name)


def read_model_file(path: Path) -> ModelFile:
    """The model file's record, checked; ModelVersionError or FileNotFoundError otherwise."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; build it with `make train`")
    record = joblib.load(path)
    if not isinstance(record, ModelFile) or record.format != FORMAT:
        raise ModelVersionError(f"{path.name} is in an old format; rebuild it with `make train`")
    if record.sklearn_version != sklearn.__version__:
        raise ModelVersionError(
            f"{path.name} was made with scikit-learn {record.sklearn_version} but "
            f"{sklearn.__version__} is installed; install scikit-learn=={record.sklearn_version} "
            "(requirements.lock) or rebuild the models with `make train`"
        )
    return record


@cache
def load_model(name: str) -> Any:
    """The shipped estimator `name`, loaded and checked once per process."""
    return read_model_file(model_path(name)).estimator
