"""Focus-area classification of sentences, and its aggregation to documents.

A sentence can touch several focus areas (codebook section 2), so the model is one
calibrated linear classifier per area over shared text features. Calibration makes
0.5 a usable threshold: "more likely than not that the sentence is about the area".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from pipeline.classify.features import lemmatise, make_text_features

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
CODEBOOK_PATH = RESOURCES / "codebook.json"
MODEL_PATH = RESOURCES / "models" / "focus_areas.joblib"


@cache
def focus_area_codes() -> tuple[str, ...]:
    """The focus-area codes in codebook order."""
    codebook = json.loads(CODEBOOK_PATH.read_text(encoding="utf-8"))
    return tuple(area["code"] for area in codebook["focus_areas"])


@cache
def focus_area_stems() -> dict[str, tuple[str, ...]]:
    """Lexicon stems per focus area (codebook.json), used as prior-knowledge features."""
    codebook = json.loads(CODEBOOK_PATH.read_text(encoding="utf-8"))
    return {area["code"]: tuple(area.get("stems", ())) for area in codebook["focus_areas"]}


def cue_features(texts: list[str], stems: list[tuple[str, ...]]) -> sp.csr_matrix:
    """One column per area: log(1 + number of its stems found in the text or its lemmas).

    With ~40 examples per area the TF-IDF model has not seen most ways an area can be
    named; the codebook lexicon carries that knowledge, and the per-area SVM learns how
    much to trust it. Stems are substrings, so compounds ("coronastödet") match.
    """
    rows = []
    for text in texts:
        haystack = f" {' '.join(text.lower().split())} | {lemmatise(text)} "
        rows.append([np.log1p(sum(stem in haystack for stem in area)) for area in stems])
    return sp.csr_matrix(np.asarray(rows, dtype=float).reshape(len(texts), len(stems)))


class _ConstantProbability:
    """Stands in for a per-area model when training data has too few examples of one side."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict_proba(self, x: object) -> np.ndarray:
        n = x.shape[0]  # type: ignore[attr-defined]
        return np.column_stack([np.full(n, 1.0 - self.p), np.full(n, self.p)])


class FocusAreaClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label sentence classifier: TF-IDF (lemmas + chars) -> calibrated LinearSVC per area.

    `classes` defaults to the codebook's focus areas; `C` is the SVM regularisation,
    `calibration` the CalibratedClassifierCV method and `cv` its internal folds (on the
    training data only). An area with fewer than `cv` positives (or negatives) gets a
    constant probability equal to its training frequency.
    """

    def __init__(
        self,
        classes: list[str] | None = None,
        C: float = 0.3,
        calibration: str = "sigmoid",
        cv: int = 5,
        class_weight: str | None = "balanced",
        cue_weight: float = 0.7,
    ) -> None:
        self.classes = classes
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.class_weight = class_weight
        self.cue_weight = cue_weight

    def fit(self, texts: list[str], label_sets: list[list[str]]) -> FocusAreaClassifier:
        """Fit features once, then one calibrated classifier per focus area."""
        self.classes_ = list(self.classes) if self.classes else list(focus_area_codes())
        unknown = {label for labels in label_sets for label in labels} - set(self.classes_)
        if unknown:
            raise ValueError(f"unknown focus areas: {sorted(unknown)}")
        y = self._binarise(label_sets)
        self.features_ = make_text_features()
        stems = focus_area_stems()
        self.stems_ = [stems.get(code, ()) for code in self.classes_]
        x = self._with_cues(self.features_.fit_transform(list(texts)), list(texts))
        self.estimators_ = []
        for j in range(len(self.classes_)):
            yj = y[:, j]
            n_pos = int(yj.sum())
            if n_pos < self.cv or len(yj) - n_pos < self.cv:
                self.estimators_.append(_ConstantProbability(n_pos / max(len(yj), 1)))
                continue
            svm = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=0)
            model = CalibratedClassifierCV(svm, method=self.calibration, cv=self.cv, ensemble=False)
            self.estimators_.append(model.fit(x, yj))
        return self

    def _with_cues(self, x: sp.spmatrix, texts: list[str]) -> sp.csr_matrix:
        if not self.cue_weight:
            return sp.csr_matrix(x)
        return sp.hstack([x, self.cue_weight * cue_features(texts, self.stems_)], format="csr")

    def _binarise(self, label_sets: list[list[str]]) -> np.ndarray:
        index = {code: j for j, code in enumerate(self.classes_)}
        y = np.zeros((len(label_sets), len(self.classes_)), dtype=int)
        for i, labels in enumerate(label_sets):
            for label in labels:
                y[i, index[label]] = 1
        return y

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probability per sentence and focus area, shape (n, len(classes_))."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        x = self._with_cues(self.features_.transform(texts), texts)
        stacked = self._stacked()
        if stacked is None:
            return np.column_stack([est.predict_proba(x)[:, 1] for est in self.estimators_])
        weights, intercepts, a, b, constant = stacked
        scores = np.asarray(x @ weights) + intercepts
        proba = expit(-(a * scores + b))
        fixed = ~np.isnan(constant)
        proba[:, fixed] = constant[fixed]
        return proba

    def _stacked(self) -> tuple[np.ndarray, ...] | None:
        """All areas' calibrated linear models as one matrix product, or None if not possible.

        Each area is a LinearSVC with a sigmoid calibration (p = expit(-(a*f + b)) with f
        its decision value), so the whole prediction is X @ W followed by an element-wise
        sigmoid. scikit-learn's own path validates its input once per area, which made
        this model the slowest step of a run; the numbers are the same.
        """
        cached = self.__dict__.get("_stacked_cache")
        if cached is not None or self.__dict__.get("_stacked_checked"):
            return cached
        self.__dict__["_stacked_checked"] = True
        columns = []
        for est in self.estimators_:
            if isinstance(est, _ConstantProbability):
                columns.append(None)
                continue
            parts = getattr(est, "calibrated_classifiers_", [])
            if len(parts) != 1 or not isinstance(parts[0].estimator, LinearSVC):
                return None
            calibrators = parts[0].calibrators
            if len(calibrators) != 1 or not hasattr(calibrators[0], "a_"):
                return None
            columns.append((parts[0].estimator, calibrators[0]))
        n_features = next((c[0].coef_.shape[1] for c in columns if c is not None), 0)
        k = len(columns)
        weights = np.zeros((n_features, k))
        intercepts, a, b = np.zeros(k), np.zeros(k), np.zeros(k)
        constant = np.full(k, np.nan)
        for j, column in enumerate(columns):
            if column is None:
                constant[j] = self.estimators_[j].p
                continue
            svm, calibrator = column
            weights[:, j] = svm.coef_[0]
            intercepts[j] = svm.intercept_[0]
            a[j], b[j] = calibrator.a_, calibrator.b_
        cached = (weights, intercepts, a, b, constant)
        self.__dict__["_stacked_cache"] = cached
        return cached

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_stacked_cache", None)
        state.pop("_stacked_checked", None)
        return state

    def predict(self, texts: list[str]) -> np.ndarray:
        """Binary indicator matrix at threshold 0.5 (scikit-learn's multi-label convention)."""
        return (self.predict_proba(texts) >= 0.5).astype(int)

    def predict_sets(self, texts: list[str], threshold: float = 0.5) -> list[list[str]]:
        """The focus areas with probability >= threshold, per sentence, in codebook order."""
        proba = self.predict_proba(texts)
        return [
            [c for c, p in zip(self.classes_, row, strict=True) if p >= threshold] for row in proba
        ]

    def score(self, texts: list[str], label_sets: list[list[str]]) -> float:
        """Micro-F1 over the label indicator matrix."""
        from sklearn.metrics import f1_score

        return float(f1_score(self._binarise(label_sets), self.predict(texts), average="micro"))


@cache
def load_focus_area_model(path: Path | None = None) -> FocusAreaClassifier:
    """The committed model, loaded once per process."""
    return joblib.load(path or MODEL_PATH)


@dataclass(frozen=True)
class DocumentFocus:
    """A focus area's document-level score and the sentences that carry it."""

    focus_area: str
    score: float
    n_sentences: int
    evidence: list[int]


TOP_K = 3


def aggregate_document(
    sentence_probs: np.ndarray,
    sent_indexes: list[int],
    classes: list[str],
    threshold: float = 0.5,
    top_k: int = TOP_K,
) -> list[DocumentFocus]:
    """Document score per area: a noisy-or over the area's top-k sentence probabilities.

    Why noisy-or: a document is about an area when at least one sentence clearly is
    (score >= that sentence's p), and several moderately confident sentences should add
    up ("two sentences at 0.35" -> 0.58), as independent pieces of evidence would.
    Why only the top k (3): a long document has many sentences with small, correlated
    noise probabilities; a noisy-or over all of them would drift towards 1 with length
    alone. Capping at k keeps the score of a 200-sentence document and a 10-sentence
    one comparable, so 0.5 keeps its meaning for documents. A single sentence at
    p >= 0.5 always makes the document score >= 0.5 (the max is a lower bound).

    Returns every area (sorted by score, highest first), with `n_sentences` and
    `evidence` (sentence indexes from `sent_indexes`) for sentences at p >= threshold.
    """
    probs = np.asarray(sentence_probs, dtype=float)
    if probs.ndim != 2 or probs.shape[1] != len(classes):
        raise ValueError("sentence_probs must have shape (n_sentences, len(classes))")
    if probs.shape[0] != len(sent_indexes):
        raise ValueError("one sentence index per row of sentence_probs is needed")
    out = []
    for j, area in enumerate(classes):
        column = np.clip(probs[:, j], 0.0, 1.0)
        top = np.sort(column)[::-1][:top_k]
        score = float(1.0 - np.prod(1.0 - top)) if top.size else 0.0
        hits = [int(sent_indexes[i]) for i in np.flatnonzero(column >= threshold)]
        out.append(DocumentFocus(area, score, len(hits), hits))
    return sorted(out, key=lambda d: (-d.score, classes.index(d.focus_area)))
