"""Train the document type model and evaluate it on held-out documents.

Run: python -m training.classify.train_doc_type

Fitted on the `train` split of training/data/doc_types.jsonl, each document also seen
with its line breaks removed (PDF extraction often flattens layout). Evaluated on the `test`
split and, when the shared corpus folder beside the repository exists, on the seed documents
and the public texts (read at evaluation time only, never used for training).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from sklearn.pipeline import Pipeline

from pipeline.classify.doc_type import (
    MODEL_FILE,
    compose,
    flatten_layout,
    load_doc_type_model,
    make_doc_type_model,
    predict_doc_type,
)
from pipeline.classify.persist import save_model, sha256_of_rows
from pipeline.classify.scoring import label_scores
from pipeline.ingest import read_document
from pipeline.metadata.title import detect_title
from training.paths import DATA, MODELS, REPO, SHARED_CORPUS

DATA_PATH = DATA / "doc_types.jsonl"
MODEL_PATH = MODELS / MODEL_FILE
DEMO_DIR = REPO / "data" / "raw"
DEMO_EXPECTED = REPO / "tests" / "fixtures" / "demo_corpus_expected.csv"
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


def evaluate_demo_doc_types(
    model: Pipeline | None = None, demo_dir: Path = DEMO_DIR, expected: Path = DEMO_EXPECTED
) -> dict[str, Any] | None:
    """Document type of every demo document against its expected type."""
    if not expected.exists():
        return None
    with open(expected, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    wrong = []
    for row in rows:
        raw = read_document(demo_dir / row["source_path"])
        pred, _ = predict_doc_type(raw.text, detect_title(raw.text, raw.title), model)
        if pred != row["doc_type"]:
            wrong.append({"source_path": row["source_path"], "gold": row["doc_type"], "pred": pred})
    n = len(rows)
    return {"accuracy": round((n - len(wrong)) / n, 3) if n else 0.0, "n": n, "errors": wrong}


def train_doc_type(C: float = 0.5, tfidf_weight: float = 0.5) -> Pipeline:
    """Fit the doc type model on the train split plus its layout-flattened copies."""
    train = load_documents("train")
    texts = [compose(r["text"]) for r in train]
    labels = [r["doc_type"] for r in train]
    texts += [flatten_layout(t) for t in texts]
    labels += labels
    return make_doc_type_model(C=C, tfidf_weight=tfidf_weight).fit(texts, labels)


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
    save_model(model, args.out, sha256_of_rows(load_documents("train")))
    metrics = evaluate_doc_type(model) | {
        "demo": evaluate_demo_doc_types(model),
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
