"""Build the NLP pipeline: a Swedish spaCy model when installed, else the project's own.

Which base pipeline runs is decided in this order: an explicit name (CLI
`--nlp-model`, the setting, or KOMMUNLENS_NLP_MODEL), then sv_core_news_lg, md
and sm when installed, then the project's own pipeline built from
`spacy.blank("sv")` with lookup lemmas and the NER trained on the Swedish NER
corpus (pipeline/resources/ner_model). The domain components run on top of
either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import use_ops

from pipeline.nlp import (  # noqa: F401  (factories)
    components,
    fast_ner,
    gazetteer,
    lemmas,
    ner_features,
    person_names,
    sentences,
)
from pipeline.nlp.model_names import (  # noqa: F401  (re-exported)
    ENV_VAR,
    OWN_MODEL,
    SWEDISH_MODELS,
    ModelNotFoundError,
    model_label,
    resolve_model_name,
)
from pipeline.resources import resource_path

NER_MODEL_DIR = "ner_model"


@dataclass(frozen=True)
class LoadedPipeline:
    nlp: Language
    name: str  # what documents.nlp_model records, e.g. "sv_core_news_sm-3.8.0" or "kommunlens-sv-0.1.0"


def load_spacy(name: str | Path) -> Language:
    """spacy.load with thinc's matrix products done by numpy (OpenBLAS) instead of blis.

    On the 2-core AMD EPYC machines we run on, OpenBLAS multiplies float32
    matrices of the tok2vec's shapes at 78 GFLOP/s on one core and blis at
    25; the pipeline runs about 1.6 times faster and finds the same entities.
    """
    with use_ops("numpy", use_blis=False):
        return spacy.load(name)


def _own_pipeline() -> Language:
    ner_dir = resource_path(NER_MODEL_DIR)
    # without the trained NER (a broken checkout), rules and gazetteers still run
    nlp = load_spacy(ner_dir) if (ner_dir / "config.cfg").exists() else spacy.blank("sv")
    nlp.add_pipe("kommunlens_sentences", first=True)
    nlp.add_pipe("kommunlens_lemmas", after="kommunlens_sentences")
    return nlp


def _add_domain_components(nlp: Language) -> Language:
    if "kommunlens_sentences" not in nlp.pipe_names:
        nlp.add_pipe("kommunlens_sentences", first=True)
    nlp.add_pipe("kommunlens_gazetteer")
    nlp.add_pipe("kommunlens_person_names")
    nlp.add_pipe("kommunlens_numeric")
    nlp.add_pipe("kommunlens_merge")
    return nlp


@cache
def load_pipeline(requested: str | None = None) -> LoadedPipeline:
    """The full pipeline, built once per process and name."""
    name = resolve_model_name(requested)
    nlp = _own_pipeline() if name == OWN_MODEL else load_spacy(name)
    nlp = _add_domain_components(nlp)
    return LoadedPipeline(nlp=nlp, name=model_label(requested))
