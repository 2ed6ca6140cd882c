"""`kommunlens eval classify`: the held-out scores recorded with each shipped classifier.

The scores are computed when a model is trained (training/classify/, on its held-out split)
and written beside the model as ``<name>.metrics.json``; this prints them. Recompute them
with ``python -m training.classify.evaluate``.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.classify.persist import model_path


def recorded_metrics(name: str) -> dict[str, Any]:
    """The metrics file of a shipped model ("focus_areas", "initiative_type", "doc_type")."""
    path = model_path(f"{name}.metrics.json")
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; rebuild the models with `make train`")
    return json.loads(path.read_text(encoding="utf-8"))


def classifier_metrics() -> dict[str, Any]:
    """Focus areas, initiative type and status, document type, as recorded at training."""
    focus = recorded_metrics("focus_areas")
    initiatives = recorded_metrics("initiative_type")
    doc_type = recorded_metrics("doc_type")
    return {
        "focus_areas": focus["test"] | {"n_test": focus["n_test"]},
        "initiative_type": initiatives["initiative_type"],
        "status": initiatives["status"],
        "doc_type": doc_type,
        "doc_type_demo": doc_type.get("demo"),
    }


def _per_class(lines: list[str], per_class: dict[str, dict[str, float]]) -> None:
    lines.append(f"  {'class':<34}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for name, s in per_class.items():
        p = s.get("precision", 0.0)
        r = s.get("recall", 0.0)
        f = s.get("f1", s.get("f1-score", 0.0))
        n = int(s.get("support", 0))
        lines.append(f"  {name:<34}{p:>7.3f}{r:>7.3f}{f:>7.3f}{n:>6}")


def format_classify_report(result: dict[str, Any]) -> str:
    fa = result["focus_areas"]
    lines = [
        f"Focus areas (held-out test, n={fa['n_test']}): micro-F1 {fa['micro_f1']:.3f}, macro-F1 {fa['macro_f1']:.3f}"
    ]
    _per_class(lines, fa["per_class"])
    for key, title in (("initiative_type", "Initiative type"), ("status", "Initiative status")):
        s = result[key]
        lines.append(f"{title} (held-out test, n={s['n']}): accuracy {s['accuracy']:.3f}")
        _per_class(lines, s["per_class"])
    dt = result["doc_type"]
    lines.append(
        f"Document type (held-out test, n={dt['test']['n']}): accuracy {dt['accuracy']:.3f}"
    )
    _per_class(lines, dt["per_class"])
    if dt.get("real_cv"):
        cv = dt["real_cv"]
        lines.append(
            f"Document type on real documents, {cv['folds']}-fold cross-validation by document "
            f"(n={cv['n']}): accuracy {cv['accuracy']:.3f}"
        )
        _per_class(lines, cv["per_class"])
    if dt.get("real_train"):
        fit = dt["real_train"]
        lines.append(
            f"Document type on the same real documents, trained on (not held out, n={fit['n']}):"
            f" accuracy {fit['accuracy']:.3f}"
        )
    for key, title in (("seeds", "seed documents"), ("public", "public texts")):
        if dt.get(key):
            lines.append(
                f"Document type on {title} (n={dt[key]['n']}): accuracy {dt[key]['accuracy']:.3f}"
            )
    demo = result.get("doc_type_demo")
    if demo:
        lines.append(
            f"Document type on the demo corpus (n={demo['n']}): accuracy {demo['accuracy']:.3f}"
        )
        for err in demo["errors"]:
            lines.append(f"  {err['source_path']}: {err['pred']} (expected {err['gold']})")
    return "\n".join(lines)
