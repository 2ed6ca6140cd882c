"""Initiative type (codebook section 3) of one initiative text.

Initiatives are short ("Organisering av företagarluncher") and the types are told apart by a
few content words and compounds, so a linear model over lemma and character n-grams fits
well and stays small enough to ship in the repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import joblib
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from pipeline.classify.features import make_text_features

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
MODEL_PATH = RESOURCES / "models" / "initiative_type.joblib"
CODEBOOK_PATH = RESOURCES / "codebook.json"

# Used only when the codebook file is missing; the codebook is the source of truth.
_FALLBACK_CODES = (
    "meeting_network",
    "training_event",
    "advice_service",
    "funding",
    "digital_service",
    "place_marketing",
    "land_premises",
    "analysis_survey",
    "recruitment_migration",
    "strategy_organisation",
    "communication",
    "procurement",
)


@cache
def initiative_type_codes() -> tuple[str, ...]:
    """The initiative type codes, read from the codebook when it exists."""
    if CODEBOOK_PATH.exists():
        data = json.loads(CODEBOOK_PATH.read_text(encoding="utf-8"))
        codes = tuple(item["code"] for item in data.get("initiative_types", []))
        if codes:
            return codes
    return _FALLBACK_CODES


class InitiativeTypeClassifier(ClassifierMixin, BaseEstimator):
    """TF-IDF (lemma 1-2 grams + char_wb 2-5 grams) and a multinomial logistic regression."""

    def __init__(self, C: float = 20.0, class_weight: str | None = "balanced") -> None:
        self.C = C
        self.class_weight = class_weight

    def fit(self, texts: Iterable[str], labels: Iterable[str]) -> InitiativeTypeClassifier:
        texts, labels = list(texts), list(labels)
        unknown = set(labels) - set(initiative_type_codes())
        if unknown:
            raise ValueError(f"labels not in the codebook: {sorted(unknown)}")
        self.pipeline_ = Pipeline(
            [
                ("features", make_text_features()),
                (
                    "model",
                    LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000),
                ),
            ]
        )
        self.pipeline_.fit(texts, labels)
        self.classes_ = self.pipeline_.classes_
        return self

    def predict(self, texts: Iterable[str]) -> list[str]:
        return [str(label) for label in self.pipeline_.predict(list(texts))]

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        return self.pipeline_.predict_proba(list(texts))

    def predict_with_score(self, texts: Iterable[str]) -> list[tuple[str, float]]:
        """Best type and its probability for each text."""
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [(str(self.classes_[i]), float(proba[row, i])) for row, i in enumerate(best)]


@cache
def load_initiative_type_model(path: str | None = None) -> InitiativeTypeClassifier:
    """The trained model from resources/models, loaded once per process."""
    model_path = Path(path) if path else MODEL_PATH
    if not model_path.exists():
        raise FileNotFoundError(
            f"{model_path} is missing; train it with `python -m pipeline.classify.train_initiatives`"
        )
    return joblib.load(model_path)


def predict_initiative_type(text: str) -> tuple[str, float]:
    """Type and probability of one initiative with the shipped model."""
    return load_initiative_type_model().predict_with_score([text])[0]
