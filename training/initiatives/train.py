"""Train the initiative and outcome detectors and the initiative-type model (build time).

    python -m training.initiatives.train [--no-cv] [--pair-only]

--pair-only refits only the pair model that groups mentions, and sets the thresholds below
in the committed initiative detector; it keeps the committed sentence, outcome and type
models as they are.

Data: our own annotation of the development corpus (training/data/annotations, read with
the corpus from ../shared/corpus) and, for the initiative type, also the sentences written
for the project (training/data/initiatives.jsonl). Before fitting on everything, the whole
extraction is cross-validated by document (5 fixed folds: every document is predicted by
models that never saw it) and scored with ../shared/tools/score_initiatives.py against the
independent gold; those figures go into pipeline/resources/models/initiatives.metrics.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Sequence

import sklearn

from pipeline.classify.persist import model_path, read_model_file, save_model, sha256_of_rows
from pipeline.extract.detect import as_row, make_detector
from pipeline.extract.detected import OutcomeDetector
from training.classify.train_initiatives import load_examples
from training.initiatives.corpus import aligned_corpus
from training.initiatives.cv2 import cross_validate_all
from training.initiatives.examples import document_examples
from training.initiatives.models import fit_initiative_detector, fit_same_model, fit_type_model

# the highest F1 of the cross-validation by document (training.initiatives.cv2 --threshold T
# --same-threshold 0.3; P / R / F1): 0.7: 0.628 / 0.583 / 0.604; 0.75: 0.694 / 0.554 / 0.616;
# 0.8: 0.758 / 0.540 / 0.630; 0.85: 0.775 / 0.496 / 0.605; 0.9: 0.846 / 0.396 / 0.539
INITIATIVE_THRESHOLD = 0.8
OUTCOME_THRESHOLD = 0.8
CONTAINMENT = 0.5
# follow-ups that name or point back to an initiative ("Projektet är ...") join it when the
# pair model says at least this; chosen by B-cubed F of the grouping of our own annotated
# initiative sentences, pair model cross-validated by document (5 folds)
SAME_THRESHOLD = 0.3
C = 0.3


def annotation_hash(docs) -> str:
    rows = []
    for a in docs:
        for m in a.mentions:
            rows.append(
                {"doc": a.doc.name, "kind": m.kind, "start": m.start, "end": m.end}
                | {k: str(v) for k, v in m.labels.items()}
            )
    return sha256_of_rows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument(
        "--pair-only", action="store_true", help="refit only the mention pair model"
    )
    args = parser.parse_args(argv)
    aligned = aligned_corpus()
    examples = [e for a in aligned for e in document_examples(a)]
    written = load_examples("train")  # the written test split stays held out
    metrics: dict = {
        "date": dt.date.today().isoformat(),
        "scikit_learn": sklearn.__version__,
        "documents": len(aligned),
        "sentences": len(examples),
        "initiative_sentences": sum(bool(e.initiative) for e in examples),
        "outcome_sentences": sum(bool(e.outcome) for e in examples),
        "thresholds": {
            "initiative": INITIATIVE_THRESHOLD,
            "outcome": OUTCOME_THRESHOLD,
            "containment": CONTAINMENT,
            "same": SAME_THRESHOLD,
        },
    }
    if not args.no_cv:
        metrics["cross_validation_by_document"] = cross_validate_all(
            aligned,
            INITIATIVE_THRESHOLD,
            OUTCOME_THRESHOLD,
            CONTAINMENT,
            C,
            same_threshold=SAME_THRESHOLD,
        )
        print(json.dumps(metrics["cross_validation_by_document"], indent=1))
    data_hash = annotation_hash(aligned)
    if args.pair_only:
        committed = read_model_file(model_path("initiative_detector.joblib")).estimator
        detector = dataclasses.replace(
            committed,
            same=fit_same_model(aligned),
            threshold=INITIATIVE_THRESHOLD,
            same_threshold=SAME_THRESHOLD,
        )
        save_model(detector, model_path("initiative_detector.joblib"), data_hash)
        _write_metrics(metrics, args.no_cv)
        print("wrote the pair model into the initiative detector")
        return 0
    detector = fit_initiative_detector(aligned, examples, INITIATIVE_THRESHOLD, SAME_THRESHOLD, C)
    detector = type(detector)(
        detector.sentences, detector.same, INITIATIVE_THRESHOLD, SAME_THRESHOLD, False, CONTAINMENT
    )
    save_model(detector, model_path("initiative_detector.joblib"), data_hash)
    outcome = OutcomeDetector(
        make_detector(C=C).fit(
            [as_row(e.candidate) for e in examples], [int(bool(e.outcome)) for e in examples]
        ),
        OUTCOME_THRESHOLD,
    )
    save_model(outcome, model_path("outcome_detector.joblib"), data_hash)
    types = fit_type_model(
        aligned, ([r["text"] for r in written], [r["initiative_type"] for r in written])
    )
    save_model(
        types, model_path("initiative_type.joblib"), sha256_of_rows(written) + data_hash[:16]
    )
    _write_metrics(metrics, args.no_cv)
    print("wrote the detectors, the type model and initiatives.metrics.json")
    return 0


def _write_metrics(metrics: dict, no_cv: bool) -> None:
    path = model_path("initiatives.metrics.json")
    if no_cv and path.exists():  # keep the last cross-validation's figures
        previous = json.loads(path.read_text(encoding="utf-8"))
        if "cross_validation_by_document" in previous:
            metrics["cross_validation_by_document"] = previous["cross_validation_by_document"]
    path.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
