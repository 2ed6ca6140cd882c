"""Cross-validation by document of the initiative and outcome detectors (build time).

    python -m training.initiatives.crossval [--folds 5] [--out build/initiatives/cv]

Every annotated document is predicted by detectors trained on the other folds only; the
predictions are written as an output folder (documents, initiatives, outcomes) that
../shared/tools/score_initiatives.py scores against the independent gold. Sentence-level
precision and recall against our own annotation are printed too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.extract.detect import as_row, make_detector, positive_proba
from training.initiatives.corpus import aligned_corpus
from training.initiatives.examples import Example, document_examples, folds
from training.paths import BUILD, SHARED

Labeler = Callable[[Example], int]


def initiative_label(ex: Example) -> int:
    return int(bool(ex.initiative))


def outcome_label(ex: Example) -> int:
    return int(bool(ex.outcome))


def cross_validate(
    by_doc: dict[str, list[Example]], label: Labeler, k: int, **params: object
) -> dict[tuple[str, int], float]:
    """Out-of-fold probability for every (document, sentence index)."""
    fold_of = folds(list(by_doc), k)
    proba: dict[tuple[str, int], float] = {}
    for fold in range(k):
        train = [ex for d, exs in by_doc.items() if fold_of[d] != fold for ex in exs]
        test = [ex for d, exs in by_doc.items() if fold_of[d] == fold for ex in exs]
        if not test:
            continue
        model = make_detector(**params).fit(
            [as_row(e.candidate) for e in train], [label(e) for e in train]
        )
        p = positive_proba(model, [as_row(e.candidate) for e in test])
        for ex, value in zip(test, p, strict=True):
            proba[(ex.doc, ex.candidate.sentence.idx)] = float(value)
    return proba


def prf(gold: list[int], pred: list[int]) -> dict[str, float]:
    g, p = np.asarray(gold), np.asarray(pred)
    tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "p": round(prec, 3),
        "r": round(rec, 3),
        "f1": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 3),
        "n_pos": int(g.sum()),
    }


def write_scorer_folder(
    out: Path, docs: dict[str, object], init_rows: list[dict], out_rows: list[dict]
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([{"doc_id": d.doc_id, "source_path": d.name} for d in docs.values()]).to_parquet(
        out / "documents.parquet"
    )
    cols_i = [
        "doc_id",
        "text",
        "sentence",
        "start_char",
        "end_char",
        "initiative_type",
        "status",
        "confidence",
    ]
    cols_o = [
        "doc_id",
        "text",
        "sentence",
        "start_char",
        "end_char",
        "indicator",
        "value",
        "direction",
        "confidence",
    ]
    pd.DataFrame(init_rows, columns=cols_i).to_parquet(out / "initiatives.parquet")
    pd.DataFrame(out_rows, columns=cols_o).to_parquet(out / "outcomes.parquet")


def score(out: Path) -> dict:
    tool = SHARED / "tools" / "score_initiatives.py"
    res = subprocess.run(
        [
            sys.executable,
            str(tool),
            str(out),
            str(SHARED / "gold" / "initiatives.json"),
            "--json",
            "--docs",
            str(SHARED / "corpus" / "public"),
            "--docs",
            str(SHARED / "corpus" / "dev"),
        ],
        capture_output=True,
        text=True,
    )
    try:
        return json.JSONDecoder().raw_decode(res.stdout)[0]
    except ValueError:
        return {"error": res.stdout[-2000:] + res.stderr[-2000:]}


def main(argv: Sequence[str] | None = None) -> int:
    from pipeline.classify.initiative_type import load_initiative_type_model, predict_types
    from pipeline.classify.status import classify_status

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BUILD / "initiatives" / "cv")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--C", type=float, default=1.0)
    args = parser.parse_args(argv)

    aligned = aligned_corpus()
    by_doc = {a.doc.name: document_examples(a) for a in aligned}
    docs = {a.doc.name: a.doc for a in aligned}
    result = {}
    init_p = cross_validate(by_doc, initiative_label, args.folds, C=args.C)
    out_p = cross_validate(by_doc, outcome_label, args.folds, C=args.C)
    all_ex = [ex for exs in by_doc.values() for ex in exs]
    for name, label, p in (
        ("initiative", initiative_label, init_p),
        ("outcome", outcome_label, out_p),
    ):
        gold = [label(ex) for ex in all_ex]
        pred = [int(p[(ex.doc, ex.candidate.sentence.idx)] >= args.threshold) for ex in all_ex]
        result[f"sentences_{name}"] = prf(gold, pred)
    type_model = load_initiative_type_model()
    init_rows, out_rows = [], []
    for ex in all_ex:
        c = ex.candidate
        d = docs[ex.doc]
        s = c.sentence
        base = {
            "doc_id": d.doc_id,
            "text": c.body,
            "sentence": s.text,
            "start_char": s.start + c.offset,
            "end_char": s.start + c.offset + len(c.body),
        }
        pi = init_p[(ex.doc, s.idx)]
        if pi >= args.threshold:
            init_rows.append(
                base
                | {
                    "initiative_type": predict_types(type_model, [c.body])[0],
                    "status": classify_status(c.body, c.context or None),
                    "confidence": pi,
                }
            )
        po = out_p[(ex.doc, s.idx)]
        if po >= args.threshold:
            out_rows.append(
                base | {"indicator": None, "value": None, "direction": None, "confidence": po}
            )
    write_scorer_folder(args.out, docs, init_rows, out_rows)
    scored = score(args.out)
    result["gold"] = scored.get("result", scored)
    print(json.dumps(result, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
