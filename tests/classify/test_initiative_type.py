"""Initiative type classifier: held-out accuracy, API shape and a pickle round trip."""

from __future__ import annotations

from collections import Counter

import joblib
import numpy as np
import pytest

from pipeline.classify.initiative_type import (
    InitiativeTypeClassifier,
    initiative_type_codes,
    load_initiative_type_model,
    predict_initiative_type,
)
from pipeline.classify.train_initiatives import evaluate_initiatives, load_examples


def test_annotated_data_covers_every_type_in_both_splits() -> None:
    rows = load_examples()
    counts = Counter((r["initiative_type"], r["split"]) for r in rows)
    for code in initiative_type_codes():
        assert counts[(code, "train")] >= 30, code
        assert counts[(code, "test")] >= 10, code
    train_texts = {r["text"] for r in rows if r["split"] == "train"}
    assert not train_texts & {r["text"] for r in rows if r["split"] == "test"}
    assert {r["status"] for r in rows} == {"completed", "ongoing", "planned"}


def test_held_out_accuracy() -> None:
    test = load_examples("test")
    model = load_initiative_type_model()
    pred = model.predict([r["text"] for r in test])
    accuracy = sum(p == r["initiative_type"] for p, r in zip(pred, test, strict=True)) / len(test)
    majority = Counter(r["initiative_type"] for r in test).most_common(1)[0][1] / len(test)
    assert accuracy >= 0.80
    assert accuracy > 3 * majority


def test_evaluate_initiatives_reports_per_class() -> None:
    metrics = evaluate_initiatives()
    assert set(metrics["initiative_type"]["per_class"]) == set(initiative_type_codes())
    assert set(metrics["status"]["per_class"]) == {"completed", "ongoing", "planned"}
    assert metrics["initiative_type"]["n"] == len(load_examples("test"))


def test_classes_and_probabilities() -> None:
    model = load_initiative_type_model()
    assert sorted(model.classes_) == sorted(initiative_type_codes())
    proba = model.predict_proba(["Kommunen har lanserat fem nya e-tjänster för företag."])
    assert proba.shape == (1, len(model.classes_))
    assert np.isclose(proba.sum(), 1.0)
    label, score = predict_initiative_type("Upphandlingen av snöröjning pågår.")
    assert label == "procurement"
    assert 0.0 < score <= 1.0


def test_fit_rejects_unknown_labels() -> None:
    with pytest.raises(ValueError, match="not in the codebook"):
        InitiativeTypeClassifier().fit(["a", "b"], ["funding", "no_such_type"])


def test_pickle_round_trip(tmp_path) -> None:
    train = load_examples("train")
    model = InitiativeTypeClassifier().fit(
        [r["text"] for r in train], [r["initiative_type"] for r in train]
    )
    path = tmp_path / "model.joblib"
    joblib.dump(model, path)
    loaded = joblib.load(path)
    texts = [r["text"] for r in load_examples("test")[:20]]
    assert loaded.predict(texts) == model.predict(texts)
    assert list(loaded.classes_) == list(model.classes_)
