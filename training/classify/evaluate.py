"""Recompute the held-out scores of every classifier (build time; reads training/data).

    python -m training.classify.evaluate [--json]

`kommunlens eval classify` prints the same figures as recorded when the models were trained.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from pipeline.evaluate.classify import format_classify_report
from training.classify.train_doc_type import evaluate_demo_doc_types, evaluate_doc_type
from training.classify.train_focus_areas import evaluate_focus_areas
from training.classify.train_initiatives import evaluate_initiatives


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate_classifiers()
    print(
        json.dumps(result, indent=2, ensure_ascii=False)
        if args.json
        else format_classify_report(result)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
