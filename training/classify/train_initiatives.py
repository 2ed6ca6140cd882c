"""Train the initiative type model and evaluate it and the status rules on the held-out split.

Run: python -m training.classify.train_initiatives (after training.initiatives.train)

The model is fitted on the `train` split of training/data/initiatives.jsonl only, so that
the `test` split stays held out; the metrics are written next to the model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sklearn.pipeline import Pipeline

from pipeline.classify.initiative_type import (
    MODEL_FILE,
    check_labels,
    initiative_type_codes,
    load_initiative_type_model,
    make_initiative_type_model,
    predict_types,
)
from pipeline.classify.scoring import label_scores
from pipeline.classify.status import classify_status
from training.paths import DATA, MODELS

DATA_PATH = DATA / "initiatives.jsonl"
MODEL_PATH = MODELS / MODEL_FILE


def load_examples(split: str | None = None, path: Path = DATA_PATH) -> list[dict[str, Any]]:
    """Annotated initiatives, optionally only one split ("train" or "test")."""
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [r for r in rows if split is None or r["split"] == split]


def train_initiative_type(C: float = 20.0) -> Pipeline:
    """Fit the type model on the train split."""
    train = load_examples("train")
    labels = [r["initiative_type"] for r in train]
    check_labels(labels, initiative_type_codes())
    return make_initiative_type_model(C=C).fit([r["text"] for r in train], labels)


def evaluate_initiatives(model: Pipeline | None = None) -> dict[str, Any]:
    """Held-out scores: initiative type (model) and status (rules) on the test split."""
    test = load_examples("test")
    if model is None:
        try:
            model = load_initiative_type_model()
        except FileNotFoundError:
            model = train_initiative_type()
    type_pred = predict_types(model, [r["text"] for r in test])
    status_pred = [classify_status(r["text"], r["lead_in"]) for r in test]
    type_errors = [
        {"id": r["id"], "text": r["text"], "gold": r["initiative_type"], "pred": p}
        for r, p in zip(test, type_pred, strict=True)
        if p != r["initiative_type"]
    ]
    status_errors = [
        {"id": r["id"], "text": r["text"], "lead_in": r["lead_in"], "gold": r["status"], "pred": p}
        for r, p in zip(test, status_pred, strict=True)
        if p != r["status"]
    ]
    return {
        "split": "test",
        "n_train": len(load_examples("train")),
        "initiative_type": label_scores([r["initiative_type"] for r in test], type_pred)
        | {"errors": type_errors},
        "status": label_scores([r["status"] for r in test], status_pred)
        | {"errors": status_errors},
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Score the shipped type model and the status rules on the written test split.

    The type model itself is trained by training/initiatives/train.py (on the written train
    split and our annotation of real documents); this records its held-out figure here.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="the model to score")
    args = parser.parse_args(argv)
    metrics = evaluate_initiatives(load_initiative_type_model()) | {"model": args.out.name}
    metrics_path = args.out.with_name(args.out.stem + ".metrics.json")
    metrics_path.write_text(
        json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"initiative type accuracy {metrics['initiative_type']['accuracy']:.3f}, "
        f"status accuracy {metrics['status']['accuracy']:.3f} "
        f"(written test split, n={metrics['initiative_type']['n']}); wrote {metrics_path.name}"
    )
    return metrics


if __name__ == "__main__":
    main()
