"""Train, cross-validate and evaluate the focus-area sentence classifier.

    python -m training.classify.train_focus_areas [--data PATH] [--out PATH]

Only the "train" split is used for fitting and for the 5-fold cross-validation; the
"test" split is scored once, after the final fit, and written to the metrics file.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline

from pipeline.classify.focus_areas import (
    MODEL_FILE,
    focus_area_codes,
    load_focus_area_model,
    make_focus_area_model,
    predict_sets,
)
from pipeline.classify.persist import save_model, sha256_of_rows
from training.paths import DATA, MODELS

DATA_PATH = DATA / "focus_areas.jsonl"
MODEL_PATH = MODELS / MODEL_FILE
N_FOLDS = 5
SEED = 13


def read_examples(path: Path = DATA_PATH) -> list[dict]:
    """The annotated sentences, one JSON object per line."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_examples(rows: list[dict], split: str) -> tuple[list[str], list[list[str]]]:
    """Texts and label sets of one split ("train" or "test")."""
    chosen = [r for r in rows if r["split"] == split]
    return [r["text"] for r in chosen], [list(r["focus_areas"]) for r in chosen]


def _indicator(label_sets: list[list[str]], classes: list[str]) -> np.ndarray:
    index = {c: j for j, c in enumerate(classes)}
    y = np.zeros((len(label_sets), len(classes)), dtype=int)
    for i, labels in enumerate(label_sets):
        for label in labels:
            y[i, index[label]] = 1
    return y


def score_sets(
    gold: list[list[str]], pred: list[list[str]], classes: list[str]
) -> dict[str, object]:
    """Micro/macro F1 and per-class precision, recall, F1 and support."""
    y_true, y_pred = _indicator(gold, classes), _indicator(pred, classes)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
    per_class = {
        c: {
            "precision": round(float(p[j]), 4),
            "recall": round(float(r[j]), 4),
            "f1": round(float(f[j]), 4),
            "support": int(s[j]),
        }
        for j, c in enumerate(classes)
    }
    return {
        "micro_f1": round(float(f1_score(y_true, y_pred, average="micro", zero_division=0)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 4),
        "per_class": per_class,
    }


def cross_validate(
    texts: list[str], label_sets: list[list[str]], n_folds: int = N_FOLDS, **params: object
) -> dict[str, float]:
    """K-fold cross-validation on the training split: pooled out-of-fold micro/macro F1."""
    classes = list(focus_area_codes())
    pred: list[list[str]] = [[] for _ in texts]
    folds = KFold(n_splits=n_folds, shuffle=True, random_state=SEED)
    for train_idx, test_idx in folds.split(texts):
        model = make_focus_area_model(**params).fit(
            [texts[i] for i in train_idx], [label_sets[i] for i in train_idx]
        )
        for i, labels in zip(
            test_idx, predict_sets(model, [texts[i] for i in test_idx]), strict=True
        ):
            pred[i] = labels
    scores = score_sets(label_sets, pred, classes)
    return {"micro_f1": scores["micro_f1"], "macro_f1": scores["macro_f1"]}


def evaluate_focus_areas(
    model: Pipeline | None = None, data: Path | list[dict] | None = None
) -> dict[str, object]:
    """Held-out test-split metrics of `model` (default: the committed model)."""
    model = model or load_focus_area_model()
    rows = data if isinstance(data, list) else read_examples(Path(data) if data else DATA_PATH)
    texts, gold = split_examples(rows, "test")
    scores = score_sets(gold, predict_sets(model, texts), list(model.classes_))
    scores["n_test"] = len(texts)
    return scores


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_PATH)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)

    rows = read_examples(args.data)
    texts, label_sets = split_examples(rows, "train")
    cv = cross_validate(texts, label_sets)
    print(
        f"{N_FOLDS}-fold CV on train (n={len(texts)}): micro-F1 {cv['micro_f1']:.3f}  macro-F1 {cv['macro_f1']:.3f}"
    )

    model = make_focus_area_model().fit(texts, label_sets)
    save_model(model, args.out, sha256_of_rows([r for r in rows if r["split"] == "train"]))
    test = evaluate_focus_areas(model, rows)
    metrics = {
        "model": args.out.name,
        "date": date.today().isoformat(),
        "params": {k: v for k, v in model.get_params().items() if isinstance(v, str | int | float)},
        "n_train": len(texts),
        "n_test": test["n_test"],
        "cv": {"n_folds": N_FOLDS, **cv},
        "test": {k: v for k, v in test.items() if k != "n_test"},
        "model_bytes": os.path.getsize(args.out),
    }
    metrics_path = args.out.with_name(args.out.name.removesuffix(".joblib") + ".metrics.json")
    metrics_path.write_text(
        json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"held-out test (n={test['n_test']}): micro-F1 {test['micro_f1']:.3f}  macro-F1 {test['macro_f1']:.3f}"
    )
    for code, m in test["per_class"].items():  # type: ignore[union-attr]
        print(
            f"  {code:34s} P {m['precision']:.2f}  R {m['recall']:.2f}  F1 {m['f1']:.2f}  n {m['support']}"
        )

    print(f"saved {args.out} ({metrics['model_bytes'] / 1e6:.2f} MB) and {metrics_path.name}")
    return metrics


if __name__ == "__main__":
    main()
