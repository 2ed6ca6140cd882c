"""The shipped initiative and outcome detectors: loadable, recorded with a held-out figure."""

from __future__ import annotations

import pytest

from pipeline.analysis import load_detectors
from pipeline.evaluate.classify import recorded_metrics
from tests.conftest import shared_path


def test_detectors_load_with_their_thresholds():
    d = load_detectors()
    assert 0 < d.initiatives.threshold < 1 and 0 < d.outcomes.threshold < 1
    assert hasattr(d.initiatives.sentences, "predict_proba")


def test_cross_validated_figures_are_recorded_with_the_models():
    cv = recorded_metrics("initiatives")["cross_validation_by_document"]
    assert cv["folds"] == 5
    for table in ("initiatives", "outcomes"):
        assert 0.0 < cv[table]["f1"] <= 1.0
        assert cv[table]["tp"] + cv[table]["fn"] > 0


@pytest.mark.slow
def test_detectors_learned_the_annotation():
    """On the annotated sentences they were fitted on, the detectors agree far above chance."""
    shared_path("corpus", "dev")
    from pipeline.extract.detect import as_row, positive_proba
    from training.initiatives.corpus import aligned_corpus
    from training.initiatives.examples import document_examples
    from training.initiatives.models import initiative_target

    examples = [e for a in aligned_corpus() for e in document_examples(a)][:600]
    det = load_detectors().initiatives
    p = positive_proba(det.sentences, [as_row(e.candidate) for e in examples])
    gold = [initiative_target(e) for e in examples]
    hits = sum(1 for g, x in zip(gold, p, strict=True) if g and x >= det.threshold)
    false = sum(1 for g, x in zip(gold, p, strict=True) if not g and x >= det.threshold)
    assert sum(gold) > 20
    assert hits / sum(gold) > 0.6 and false < hits
