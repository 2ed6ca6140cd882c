"""Initiative type (codebook section 3) of one initiative text.

Initiatives are short ("Organisering av företagarluncher") and the types are told apart by a
few content words and compounds, so a linear model over lemma and character n-grams fits
well and stays small enough to ship in the repository.
"""

from __future__ import annotations

from collections.abc import Iterable

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from pipeline.classify.features import make_text_features
from pipeline.classify.persist import load_model
from pipeline.resources import codes

MODEL_FILE = "initiative_type.joblib"


def initiative_type_codes() -> tuple[str, ...]:
    """The initiative type codes of the codebook."""
    return codes("initiative_types")


def make_initiative_type_model(C: float = 20.0, class_weight: str | None = "balanced") -> Pipeline:
    """TF-IDF (lemma 1-2 grams + char_wb 2-5 grams) and a multinomial logistic regression."""
    return Pipeline(
        [
            ("features", make_text_features()),
            ("model", LogisticRegression(C=C, class_weight=class_weight, max_iter=2000)),
        ]
    )


def check_labels(labels: Iterable[str], known: Iterable[str]) -> None:
    """Training labels must be codebook codes."""
    unknown = set(labels) - set(known)
    if unknown:
        raise ValueError(f"labels not in the codebook: {sorted(unknown)}")


def predict_with_score(model: Pipeline, texts: Iterable[str]) -> list[tuple[str, float]]:
    """Best type and its probability for each text."""
    texts = list(texts)
    if not texts:
        return []
    proba = model.predict_proba(texts)
    best = proba.argmax(axis=1)
    return [(str(model.classes_[i]), float(proba[row, i])) for row, i in enumerate(best)]


def predict_types(model: Pipeline, texts: Iterable[str]) -> list[str]:
    texts = list(texts)
    return [str(label) for label in model.predict(texts)] if texts else []


def load_initiative_type_model() -> Pipeline:
    """The shipped model, loaded once per process."""
    return load_model(MODEL_FILE)


def predict_initiative_type(text: str) -> tuple[str, float]:
    """Type and probability of one initiative with the shipped model."""
    return predict_with_score(load_initiative_type_model(), [text])[0]


__all__ = [
    "check_labels",
    "initiative_type_codes",
    "load_initiative_type_model",
    "make_initiative_type_model",
    "predict_initiative_type",
    "predict_types",
    "predict_with_score",
]
