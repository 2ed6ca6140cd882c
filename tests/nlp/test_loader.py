from __future__ import annotations

import importlib.util

import pytest

from pipeline.nlp import loader
from pipeline.nlp.loader import OWN_MODEL, ModelNotFoundError, load_pipeline, resolve_model_name


@pytest.fixture
def installed(monkeypatch):
    """Pretend some packages are installed."""
    names: set[str] = set()
    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return object() if name in names else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.delenv(loader.ENV_VAR, raising=False)
    return names


def test_own_pipeline_when_no_swedish_model_is_installed(installed):
    assert resolve_model_name() == OWN_MODEL


def test_largest_installed_swedish_model_wins(installed):
    installed.update({"sv_core_news_sm", "sv_core_news_md"})
    assert resolve_model_name() == "sv_core_news_md"


def test_environment_variable_and_explicit_name(installed, monkeypatch):
    installed.add("sv_core_news_sm")
    monkeypatch.setenv(loader.ENV_VAR, OWN_MODEL)
    assert resolve_model_name() == OWN_MODEL
    assert resolve_model_name("sv_core_news_sm") == "sv_core_news_sm"


def test_unknown_model_is_a_clear_error(installed):
    with pytest.raises(ModelNotFoundError, match="not installed"):
        resolve_model_name("sv_core_news_xl")


def test_own_pipeline_has_the_domain_components_and_a_name():
    loaded = load_pipeline(OWN_MODEL)
    names = loaded.nlp.pipe_names
    order = [
        "kommunlens_sentences",
        "ner",
        "kommunlens_gazetteer",
        "kommunlens_person_names",
        "kommunlens_numeric",
        "kommunlens_merge",
        "tagger",
        "morphologizer",
        "trainable_lemmatizer",
    ]
    assert [n for n in names if n in order] == order
    assert loaded.name.startswith("kommunlens-sv-")
    doc = loaded.nlp("Tillväxtverket gav Kalix kommun 1 760 000 kronor per år.")
    assert {(e.label_, e._.kl_source) for e in doc.ents} >= {
        ("ORG", "gazetteer"),
        ("MONEY", "rule"),
    }
    assert [t.lemma_ for t in loaded.nlp("kommunerna")] == ["kommun"]
