"""Train the document type model and evaluate it on held-out documents.

Run: python -m pipeline.classify.train_doc_type

Fitted on the `train` split of resources/training/doc_types.jsonl, each document also seen
with its line breaks removed (PDF extraction often flattens layout). Evaluated on the `test`
split and, when the shared corpus folder beside the repository exists, on the seed documents
and the public texts (read at evaluation time only, never used for training).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import joblib
from sklearn.pipeline import Pipeline

from pipeline.classify.doc_type import (
    MODEL_PATH,
    compose,
    flatten_layout,
    load_doc_type_model,
    make_doc_type_pipeline,
)
from pipeline.classify.scoring import label_scores

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DATA_PATH = RESOURCES / "training" / "doc_types.jsonl"
REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
# Known types of the seed documents (file name prefix -> doc_type).
SEED_TYPES = {
    "000": "newsletter",
    "001": "article",
    "002": "article",
    "003": "report",
    "004": "minutes",
}


def load_documents(split: str | None = None, path: Path = DATA_PATH) -> list[dict[str, Any]]:
    """Example documents, optionally only one split ("train" or "test")."""
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [r for r in rows if split is None or r["split"] == split]


def seed_documents(corpus: Path = SHARED_CORPUS) -> list[dict[str, Any]]:
    """The seed documents with their known types; empty when the shared folder is absent."""
    folder = corpus / "seeds"
    if not folder.is_dir():
        return []
    docs = []
    for path in sorted(folder.glob("*.txt")):
        doc_type = SEED_TYPES.get(path.name[:3])
        if doc_type:
            docs.append(
                {"id": path.name, "text": path.read_text(encoding="utf-8"), "doc_type": doc_type}
            )
    return docs


def public_documents(corpus: Path = SHARED_CORPUS) -> list[dict[str, Any]]:
    """Public texts with known types (meta.jsonl); empty when the folder is absent."""
    meta = corpus / "public" / "meta.jsonl"
    if not meta.exists():
        return []
    docs = []
    for line in meta.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        m = json.loads(line)
        path = meta.parent / m["file"]
        if path.exists() and m.get("doc_type"):
            docs.append(
                {
                    "id": m["file"],
                    "title": m.get("title"),
                    "text": path.read_text(encoding="utf-8"),
                    "doc_type": m["doc_type"],
                }
            )
    return docs


def _evaluate(model: Pipeline, docs: list[dict[str, Any]]) -> dict[str, Any]:
    inputs = [compose(d["text"], d.get("title")) for d in docs]
    pred = [str(p) for p in model.predict(inputs)]
    result = label_scores([d["doc_type"] for d in docs], pred)
    result["predictions"] = [
        {"id": d["id"], "gold": d["doc_type"], "pred": p} for d, p in zip(docs, pred, strict=True)
    ]
    return result


def train_doc_type(C: float = 0.5, tfidf_weight: float = 0.5) -> Pipeline:
    """Fit the doc type model on the train split plus its layout-flattened copies."""
    train = load_documents("train")
    texts = [compose(r["text"]) for r in train]
    labels = [r["doc_type"] for r in train]
    texts += [flatten_layout(t) for t in texts]
    labels += labels
    return make_doc_type_pipeline(C=C, tfidf_weight=tfidf_weight).fit(texts, labels)


def evaluate_doc_type(model: Pipeline | None = None) -> dict[str, Any]:
    """Held-out test split, plus seeds and public texts when the shared corpus exists."""
    if model is None:
        try:
            model = load_doc_type_model()
        except FileNotFoundError:
            model = train_doc_type()
    result: dict[str, Any] = {"split": "test", "n_train": len(load_documents("train"))}
    result["test"] = _evaluate(model, load_documents("test"))
    result["accuracy"] = result["test"]["accuracy"]
    result["per_class"] = result["test"]["per_class"]
    seeds = seed_documents()
    result["seeds"] = _evaluate(model, seeds) if seeds else None
    public = public_documents()
    result["public"] = _evaluate(model, public) if public else None
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--C", type=float, default=0.5)
    parser.add_argument("--tfidf-weight", type=float, default=0.5)
    args = parser.parse_args(argv)

    model = train_doc_type(C=args.C, tfidf_weight=args.tfidf_weight)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, args.out, compress=3)
    metrics = evaluate_doc_type(model) | {
        "model": args.out.name,
        "C": args.C,
        "tfidf_weight": args.tfidf_weight,
    }
    metrics_path = args.out.with_name(args.out.stem + ".metrics.json")
    metrics_path.write_text(
        json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    line = f"doc type held-out accuracy {metrics['accuracy']:.3f} (n={metrics['test']['n']})"
    if metrics["seeds"]:
        line += f", seeds {metrics['seeds']['accuracy']:.3f}"
    if metrics["public"]:
        line += f", public {metrics['public']['accuracy']:.3f} (n={metrics['public']['n']})"
    print(f"{line}; wrote {args.out} and {metrics_path.name}")
    return metrics


if __name__ == "__main__":
    main()
