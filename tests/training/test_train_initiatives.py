"""Initiative-type training data and its held-out evaluation, recomputed."""

from __future__ import annotations

from collections import Counter

from pipeline.classify.initiative_type import initiative_type_codes
from pipeline.classify.status import classify_status
from pipeline.evaluate.classify import recorded_metrics
from training.classify.train_initiatives import evaluate_initiatives, load_examples


def test_annotated_data_covers_every_type_in_both_splits() -> None:
    rows = load_examples()
    counts = Counter((r["initiative_type"], r["split"]) for r in rows)
    for code in initiative_type_codes():
        assert counts[(code, "train")] >= 30, code
        assert counts[(code, "test")] >= 10, code
    train_texts = {r["text"] for r in rows if r["split"] == "train"}
    assert not train_texts & {r["text"] for r in rows if r["split"] == "test"}
    assert {r["status"] for r in rows} == {"completed", "ongoing", "planned"}


def test_recomputed_scores_equal_the_recorded_ones() -> None:
    metrics = evaluate_initiatives()
    recorded = recorded_metrics("initiative_type")
    assert set(metrics["initiative_type"]["per_class"]) == set(initiative_type_codes())
    assert metrics["initiative_type"]["n"] == len(load_examples("test"))
    assert metrics["initiative_type"]["accuracy"] == recorded["initiative_type"]["accuracy"]
    assert metrics["status"]["accuracy"] == recorded["status"]["accuracy"]


def test_status_accuracy_on_held_out_split() -> None:
    test = load_examples("test")
    gold = [r["status"] for r in test]
    pred = [classify_status(r["text"], r["lead_in"]) for r in test]
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(test)
    majority = Counter(gold).most_common(1)[0][1] / len(test)
    assert accuracy >= 0.85
    assert accuracy > majority + 0.3  # far better than always guessing the commonest status


def test_every_status_is_represented_and_predicted() -> None:
    test = load_examples("test")
    assert {r["status"] for r in test} == {"completed", "ongoing", "planned"}
    assert {classify_status(r["text"], r["lead_in"]) for r in test} == {
        "completed",
        "ongoing",
        "planned",
    }
