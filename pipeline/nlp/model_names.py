"""Which spaCy pipeline a run uses, and the name `documents.nlp_model` records.

Kept apart from the loader so that the flow's own process can name the model
(to tell which stored results are still valid) without importing spaCy.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
from pathlib import Path

SWEDISH_MODELS = ("sv_core_news_lg", "sv_core_news_md", "sv_core_news_sm")
OWN_MODEL = "kommunlens-sv"
ENV_VAR = "KOMMUNLENS_NLP_MODEL"


class ModelNotFoundError(RuntimeError):
    """The requested spaCy pipeline is not installed."""


def resolve_model_name(requested: str | None = None) -> str:
    """The base pipeline to use: explicit request, installed Swedish model, or our own."""
    name = requested or os.environ.get(ENV_VAR) or None
    if name:
        if name != OWN_MODEL and importlib.util.find_spec(name) is None and not os.path.isdir(name):
            raise ModelNotFoundError(
                f"spaCy pipeline {name!r} is not installed; install it or use {OWN_MODEL!r}"
            )
        return name
    for candidate in SWEDISH_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    return OWN_MODEL


def model_label(requested: str | None = None) -> str:
    """What `documents.nlp_model` records, found without loading the pipeline.

    The flow needs it up front to tell which stored results are still valid.
    """
    name = resolve_model_name(requested)
    if name == OWN_MODEL:
        from pipeline import __version__

        return f"{OWN_MODEL}-{__version__}"
    if os.path.isdir(name):
        meta = json.loads((Path(name) / "meta.json").read_text(encoding="utf-8"))
        return f"{meta.get('lang', 'sv')}_{meta.get('name', Path(name).name)}-{meta.get('version', '?')}"
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return f"{name}-{version}"
