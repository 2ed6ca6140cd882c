"""Cross-validation by document of the whole initiative and outcome extraction (build time).

Every annotated document is predicted by models fitted on the other folds only (detectors,
type model), through the same run-time functions a run uses, and the predictions are
scored against the independent gold with ../shared/tools/score_initiatives.py.

    python -m training.initiatives.cv2 [--threshold 0.7] [--outcome-threshold 0.8]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from pipeline.classify.initiative_type import predict_types
from pipeline.classify.status import classify_status
from pipeline.extract.detect import as_row, make_detector, positive_proba
from pipeline.extract.detected import OutcomeDetector, initiative_rows, outcome_rows
from training.classify.train_initiatives import load_examples
from training.initiatives import crossval as cv
from training.initiatives.corpus import AlignedDocument, aligned_corpus
from training.initiatives.examples import document_examples, folds
from training.initiatives.models import fit_initiative_detector, fit_type_model
from training.paths import BUILD

FOLDS = 5


def no_focus(texts: list[str]) -> list[list[str]]:
    return [[] for _ in texts]


def cross_validate_all(
    aligned: list[AlignedDocument],
    threshold: float,
    outcome_threshold: float,
    containment: float | None,
    C: float = 0.3,
    out: Path = BUILD / "initiatives" / "cv2",
    same_threshold: float | None = None,
) -> dict:
    """Gold scores of out-of-fold predictions for every document. Mentions are grouped by
    `containment`; with `same_threshold` also follow-ups the pair model links (by the pair
    model alone when `containment` is None)."""
    by_name = {a.doc.name: a for a in aligned}
    examples = {n: document_examples(a) for n, a in by_name.items()}
    fold_of = folds(list(by_name), FOLDS)
    written_rows = load_examples("train")
    written = ([r["text"] for r in written_rows], [r["initiative_type"] for r in written_rows])
    init_rows, out_rows = [], []
    for f in range(FOLDS):
        train_docs = [a for n, a in by_name.items() if fold_of[n] != f]
        train_ex = [e for n in by_name if fold_of[n] != f for e in examples[n]]
        det = fit_initiative_detector(train_docs, train_ex, threshold, same_threshold or 0.5, C)
        if same_threshold is None:
            det = type(det)(det.sentences, None, threshold, 0.5, False, containment)
        elif containment:  # containment, or a follow-up the pair model links
            det = type(det)(det.sentences, det.same, threshold, same_threshold, False, containment)
        else:
            det = type(det)(det.sentences, det.same, threshold, same_threshold, False)
        odet = OutcomeDetector(
            make_detector(C=C).fit(
                [as_row(e.candidate) for e in train_ex], [int(bool(e.outcome)) for e in train_ex]
            ),
            outcome_threshold,
        )
        type_model = fit_type_model(train_docs, written)
        for n, a in by_name.items():
            if fold_of[n] != f:
                continue
            cands = [e.candidate for e in examples[n]]
            rows = [as_row(c) for c in cands]
            for r in initiative_rows(
                a.doc.doc_id,
                cands,
                positive_proba(det.sentences, rows),
                a.doc.entities,
                a.doc.municipality,
                det,
                classify_type=lambda t, m=type_model: predict_types(m, t),
                classify_focus=no_focus,
                classify_status=classify_status,
                published=a.doc.published,
            ):
                init_rows.append(
                    vars(r)
                    | {
                        "mentions": None,
                        "focus_areas": None,
                        "actors": None,
                        "amounts": None,
                        "dates": None,
                    }
                )
            for r in outcome_rows(
                a.doc.doc_id,
                cands,
                positive_proba(odet.sentences, rows),
                a.doc.dates,
                a.doc.published,
                a.doc.municipality,
                odet,
                classify_focus=no_focus,
            ):
                out_rows.append(vars(r) | {"focus_areas": None})
    cv.write_scorer_folder(out, {n: a.doc for n, a in by_name.items()}, init_rows, out_rows)
    scored = cv.score(out)
    result = scored.get("result", scored)
    return {
        "folds": FOLDS,
        "fold_rule": "documents sorted by name, assigned round robin",
        "initiatives": result.get("initiatives"),
        "outcomes": result.get("outcomes"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--outcome-threshold", type=float, default=0.8)
    parser.add_argument("--containment", type=float, default=0.5)
    parser.add_argument("--C", type=float, default=0.3)
    parser.add_argument(
        "--same-threshold", type=float, default=None, help="group by the learned pair model"
    )
    parser.add_argument("--out", type=Path, default=BUILD / "initiatives" / "cv2")
    args = parser.parse_args(argv)
    result = cross_validate_all(
        aligned_corpus(),
        args.threshold,
        args.outcome_threshold,
        args.containment or None,
        args.C,
        args.out,
        args.same_threshold,
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
