"""Load the NLP pipeline: the project's own Swedish pipeline, or a sv_core_news model plus
the project's components.

Which base pipeline runs is decided in this order: an explicit name (CLI `--nlp-model`,
the setting, or KOMMUNLENS_NLP_MODEL), then sv_core_news_lg, md and sm when installed, then
the project's own pipeline, the artefact in ``pipeline/resources/nlp`` (built by
``make train``/``make nlp`` from ``training/``). The artefact is an ordinary spaCy pipeline
folder: ``spacy.load(path)`` opens it in a fresh interpreter, because every factory is
registered as an entry point (pyproject.toml) and every component that owns word lists
saves them inside the folder. With a sv_core_news base, the project's domain components
are copied from the artefact (``add_pipe(source=...)``) so they carry the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import use_ops

from pipeline.nlp.model_names import (  # noqa: F401  (re-exported)
    ENV_VAR,
    OWN_MODEL,
    SWEDISH_MODELS,
    ModelNotFoundError,
    model_label,
    resolve_model_name,
)
from pipeline.resources import resource_path

NLP_DIR = "nlp"
# The project's components that run on top of any base pipeline, in order.
DOMAIN_COMPONENTS = (
    "kommunlens_gazetteer",
    "kommunlens_person_names",
    "kommunlens_org_patterns",
    "kommunlens_numeric",
    "kommunlens_merge",
)


@dataclass(frozen=True)
class LoadedPipeline:
    nlp: Language
    name: str  # what documents.nlp_model records, e.g. "sv_core_news_sm-3.8.0" or "kommunlens-sv-0.1.0"


def nlp_path() -> Path:
    """The folder of the project's own pipeline artefact."""
    return resource_path(NLP_DIR)


def load_spacy(name: str | Path, **kwargs: object) -> Language:
    """spacy.load with thinc's matrix products done by numpy (OpenBLAS) instead of blis.

    On the 2-core AMD EPYC machines we run on, OpenBLAS multiplies float32
    matrices of the tok2vec's shapes at 78 GFLOP/s on one core and blis at
    25; the pipeline runs about 1.6 times faster and finds the same entities.
    """
    with use_ops("numpy", use_blis=False):
        return spacy.load(name, **kwargs)


def own_pipeline() -> Language:
    """The project's own pipeline artefact, as spacy.load gives it."""
    path = nlp_path()
    if not (path / "config.cfg").exists():
        raise ModelNotFoundError(
            f"the project's spaCy pipeline is missing ({path}); rebuild it with `make nlp`"
        )
    return load_spacy(path)


def _on_base(base: Language) -> Language:
    """A sv_core_news pipeline with the project's sentence rules and domain components.

    A base that already has them (a folder built like the artefact, e.g. a model trained
    for cross-validation) is used as it is.
    """
    if all(name in base.pipe_names for name in DOMAIN_COMPONENTS):
        return base
    own = own_pipeline()
    if "kommunlens_sentences" not in base.pipe_names:
        base.add_pipe("kommunlens_sentences", first=True)
    for name in DOMAIN_COMPONENTS:
        if name not in base.pipe_names:
            base.add_pipe(name, source=own)
    return base


@cache
def load_pipeline(requested: str | None = None) -> LoadedPipeline:
    """The full pipeline, built once per process and name."""
    name = resolve_model_name(requested)
    nlp = own_pipeline() if name == OWN_MODEL else _on_base(load_spacy(name))
    return LoadedPipeline(nlp=nlp, name=model_label(requested))


NER_PARTS = ("ner_features", "tok2vec", "ner")


def ner_only(requested: str | None = None) -> Language:
    """The statistical NER alone (its features and tok2vec), without rules and gazetteers."""
    name = resolve_model_name(requested)
    nlp = load_spacy(nlp_path() if name == OWN_MODEL else name)
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in NER_PARTS])
    return nlp


POS_DIR = "pos_model"


def pos_pipeline(requested: str | None = None) -> Language:
    """The part-of-speech, morphology and lemma components on their own (for `eval pos`).

    The project's pipeline runs them after the NER (they write token.tag_, which the NER's
    feature component also uses for its marks); with a sv_core_news base, its own tagger.
    """
    name = resolve_model_name(requested)
    if name != OWN_MODEL:
        return load_spacy(name)
    own = own_pipeline()
    if "morphologizer" in own.pipe_names:
        own.select_pipes(disable=[n for n in own.pipe_names if n in NER_PARTS])
        return own
    return load_spacy(resource_path(POS_DIR))
