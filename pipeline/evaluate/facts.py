"""Score the extraction against a gold fact list (the project's is tests/fixtures/gold_facts.jsonl).

A fact is a distinct (label, value) pair per document. Recall: the share of
gold facts the pipeline finds; precision: the share of the pipeline's
distinct facts (for the labels the gold list covers) that are gold.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from pipeline.extract.entities import collect
from pipeline.ingest import read_document
from pipeline.metadata.published import detect_published
from pipeline.nlp.chunks import chunk_text
from pipeline.nlp.loader import load_pipeline

Fact = tuple[str, str]


def read_gold(path: Path) -> dict[str, set[Fact]]:
    """Gold facts by document file name."""
    gold: dict[str, set[Fact]] = defaultdict(set)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                gold[row["doc"]].add((row["label"], str(row["value"])))
    return dict(gold)


def predicted_facts(path: Path, model: str | None = None) -> set[Fact]:
    """Distinct (label, value) pairs the pipeline extracts from one document."""
    raw = read_document(path)
    nlp = load_pipeline(model).nlp
    published = detect_published(raw.text)
    docs = []
    for offset, piece in chunk_text(raw.text):
        doc = nlp.make_doc(piece)
        doc._.kl_doc_date = published
        docs.append((offset, doc))
    processed = [(offset, nlp(doc)) for offset, doc in docs]
    facts = collect(path.name, processed, raw.layout)
    return {(e.label, e.value) for e in facts.entities if e.value}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate_facts(gold_path: Path, docs_dir: Path, model: str | None = None) -> dict:
    """Precision and recall per label and overall, with the misses and false alarms listed.

    `gold_path`: a JSON-lines file of {"doc", "label", "value"}; `docs_dir`: the folder
    holding the documents it names.
    """
    gold = read_gold(Path(gold_path))
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        raise FileNotFoundError(f"document folder {docs_dir} does not exist")
    labels = sorted({label for facts in gold.values() for label, _ in facts})
    counts: dict[str, list[int]] = {label: [0, 0, 0] for label in labels}
    missed: dict[str, list[Fact]] = {}
    extra: dict[str, list[Fact]] = {}
    for name, gold_facts in sorted(gold.items()):
        pred = {f for f in predicted_facts(docs_dir / name, model) if f[0] in labels}
        for label in labels:
            g = {f for f in gold_facts if f[0] == label}
            p = {f for f in pred if f[0] == label}
            counts[label][0] += len(g & p)
            counts[label][1] += len(p - g)
            counts[label][2] += len(g - p)
        missed[name] = sorted(gold_facts - pred)
        extra[name] = sorted(pred - gold_facts)
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {
        "labels": {label: _prf(*c) for label, c in counts.items()},
        "overall": _prf(*total),
        "n_gold": sum(len(g) for g in gold.values()),
        "missed": {k: [list(f) for f in v] for k, v in missed.items()},
        "false_positives": {k: [list(f) for f in v] for k, v in extra.items()},
    }


def format_facts_report(result: dict) -> str:
    lines = [f"{'label':<10}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for label, s in [*result["labels"].items(), ("overall", result["overall"])]:
        lines.append(
            f"{label:<10}{s['p']:>8.3f}{s['r']:>8.3f}{s['f1']:>8.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
        )
    for doc, facts in result["missed"].items():
        if facts:
            lines.append(f"missed in {doc}: " + "; ".join(f"{lab} {val}" for lab, val in facts))
    for doc, facts in result["false_positives"].items():
        if facts:
            lines.append(f"not in gold, {doc}: " + "; ".join(f"{lab} {val}" for lab, val in facts))
    return "\n".join(lines)
