"""Initiative type classifier: API shape, codebook labels and the recorded held-out score."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.classify.initiative_type import (
    check_labels,
    initiative_type_codes,
    load_initiative_type_model,
    make_initiative_type_model,
    predict_initiative_type,
    predict_types,
)
from pipeline.evaluate.classify import recorded_metrics


def test_recorded_held_out_accuracy() -> None:
    metrics = recorded_metrics("initiative_type")["initiative_type"]
    assert metrics["accuracy"] >= 0.80
    assert metrics["n"] >= 100


def test_classes_and_probabilities() -> None:
    model = load_initiative_type_model()
    assert sorted(model.classes_) == sorted(initiative_type_codes())
    proba = model.predict_proba(["Kommunen har lanserat fem nya e-tjänster för företag."])
    assert proba.shape == (1, len(model.classes_))
    assert np.isclose(proba.sum(), 1.0)
    label, score = predict_initiative_type("Upphandlingen av snöröjning pågår.")
    assert label == "procurement"
    assert 0.0 < score <= 1.0
    assert predict_types(model, []) == []


def test_labels_must_be_codebook_codes() -> None:
    with pytest.raises(ValueError, match="not in the codebook"):
        check_labels(["funding", "no_such_type"], initiative_type_codes())


def test_factory_fits_and_predicts_a_tiny_set() -> None:
    texts = ["Vi har startat en företagslots", "Nytt lån till företag", "Ny e-tjänst för bygglov"]
    texts = texts * 3
    labels = ["advice_service", "funding", "digital_service"] * 3
    model = make_initiative_type_model().fit(texts, labels)
    assert predict_types(model, ["Ny e-tjänst för bygglov"]) == ["digital_service"]
