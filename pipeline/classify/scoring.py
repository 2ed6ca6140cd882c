"""Held-out scores for single-label classifiers, in one shape for every report."""

from __future__ import annotations

from typing import Any

from sklearn.metrics import accuracy_score, classification_report


def label_scores(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class precision / recall / F1 / support."""
    report = classification_report(gold, pred, output_dict=True, zero_division=0)
    per_class = {
        label: {k: round(float(v), 3) for k, v in values.items()}
        for label, values in report.items()
        if label not in ("accuracy", "macro avg", "weighted avg")
    }
    return {
        "accuracy": round(float(accuracy_score(gold, pred)), 3),
        "macro_f1": round(float(report["macro avg"]["f1-score"]), 3),
        "n": len(gold),
        "per_class": per_class,
    }
