"""`kommunlens eval classify`: held-out scores of every classifier in one report."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pipeline.classify.doc_type import predict_doc_type
from pipeline.classify.train_doc_type import evaluate_doc_type
from pipeline.classify.train_focus_areas import evaluate_focus_areas
from pipeline.classify.train_initiatives import evaluate_initiatives
from pipeline.ingest import read_document
from pipeline.metadata.title import detect_title

REPO = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO / "data" / "raw"
DEMO_EXPECTED = REPO / "tests" / "fixtures" / "demo_corpus_expected.csv"


def evaluate_demo_doc_types(
    demo_dir: Path = DEMO_DIR, expected: Path = DEMO_EXPECTED
) -> dict[str, Any] | None:
    """Document type of every demo document against its expected type."""
    if not expected.exists():
        return None
    with open(expected, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    wrong = []
    for row in rows:
        raw = read_document(demo_dir / row["source_path"])
        pred, _ = predict_doc_type(raw.text, detect_title(raw.text, raw.title))
        if pred != row["doc_type"]:
            wrong.append({"source_path": row["source_path"], "gold": row["doc_type"], "pred": pred})
    n = len(rows)
    return {"accuracy": round((n - len(wrong)) / n, 3) if n else 0.0, "n": n, "errors": wrong}


def evaluate_classifiers() -> dict[str, Any]:
    """Focus areas (micro/macro F1), initiative type and status, document type."""
    initiatives = evaluate_initiatives()
    return {
        "focus_areas": evaluate_focus_areas(),
        "initiative_type": initiatives["initiative_type"],
        "status": initiatives["status"],
        "doc_type": evaluate_doc_type(),
        "doc_type_demo": evaluate_demo_doc_types(),
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
