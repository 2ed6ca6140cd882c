"""Focus-area classification of sentences, and its aggregation to documents.

A sentence can touch several focus areas (codebook section 2), so the model is one
calibrated linear classifier per area over shared text features. Calibration makes
0.5 a usable threshold: "more likely than not that the sentence is about the area".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from pipeline.classify.features import lemmatise, make_text_features
from pipeline.classify.persist import load_model
from pipeline.resources import codebook, codes

MODEL_FILE = "focus_areas.joblib"
THRESHOLD: float = codebook()["focus_area_threshold"]


def focus_area_codes() -> tuple[str, ...]:
    """The focus-area codes in codebook order."""
    return codes("focus_areas")


def focus_area_stems() -> dict[str, tuple[str, ...]]:
    """Lexicon stems per focus area (codebook.json), used as prior-knowledge features."""
    return {area["code"]: tuple(area.get("stems", ())) for area in codebook()["focus_areas"]}


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


class FocusFeatures(TransformerMixin, BaseEstimator):
    """TF-IDF over lemmas and characters, plus the codebook's stem counts per area.

    `stems` is one tuple of stems per area (in the model's class order); `cue_weight`
    scales their columns (0 leaves them out).
    """

    def __init__(self, stems: tuple[tuple[str, ...], ...] = (), cue_weight: float = 0.7) -> None:
        self.stems = stems
        self.cue_weight = cue_weight

    def fit(self, texts: list[str], y: object = None) -> FocusFeatures:
        self.text_features_ = make_text_features().fit(list(texts))
        return self

    def fit_transform(self, texts: list[str], y: object = None) -> sp.csr_matrix:
        texts = list(texts)
        self.text_features_ = make_text_features()
        return self._with_cues(self.text_features_.fit_transform(texts), texts)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        texts = list(texts)
        if not texts:
            width = sum(len(t.vocabulary_) for _, t in self.text_features_.transformer_list)
            return sp.csr_matrix((0, width + (len(self.stems) if self.cue_weight else 0)))
        return self._with_cues(self.text_features_.transform(texts), texts)

    def _with_cues(self, x: sp.spmatrix, texts: list[str]) -> sp.csr_matrix:
        if not self.cue_weight or not self.stems:
            return sp.csr_matrix(x)
        cues = self.cue_weight * cue_features(texts, list(self.stems))
        return sp.hstack([x, cues], format="csr")


class _ConstantProbability:
    """Stands in for a per-area model when training data has too few examples of one side."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict_proba(self, x: object) -> np.ndarray:
        n = x.shape[0]  # type: ignore[attr-defined]
        return np.column_stack([np.full(n, 1.0 - self.p), np.full(n, self.p)])


class AreaClassifiers(ClassifierMixin, BaseEstimator):
    """Multi-label: one calibrated LinearSVC per area over shared features.

    `classes` are the areas (fit's label sets use them), `C` the SVM regularisation,
    `calibration` the CalibratedClassifierCV method and `cv` its internal folds (on the
    training data only). An area with fewer than `cv` positives (or negatives) gets a
    constant probability equal to its training frequency.
    """

    def __init__(
        self,
        classes: tuple[str, ...] = (),
        C: float = 0.3,
        calibration: str = "sigmoid",
        cv: int = 5,
        class_weight: str | None = "balanced",
    ) -> None:
        self.classes = classes
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.class_weight = class_weight

    def fit(self, x: sp.spmatrix, label_sets: list[list[str]]) -> AreaClassifiers:
        """One calibrated classifier per area."""
        if not self.classes:
            raise ValueError("AreaClassifiers needs its classes")
        self.classes_ = list(self.classes)
        unknown = {label for labels in label_sets for label in labels} - set(self.classes)
        if unknown:
            raise ValueError(f"unknown focus areas: {sorted(unknown)}")
        y = binarise(label_sets, list(self.classes))
        self.estimators_ = []
        for j in range(len(self.classes)):
            yj = y[:, j]
            n_pos = int(yj.sum())
            if n_pos < self.cv or len(yj) - n_pos < self.cv:
                self.estimators_.append(_ConstantProbability(n_pos / max(len(yj), 1)))
                continue
            svm = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=0)
            model = CalibratedClassifierCV(svm, method=self.calibration, cv=self.cv, ensemble=False)
            self.estimators_.append(model.fit(x, yj))
        return self

    def predict_proba(self, x: sp.spmatrix) -> np.ndarray:
        """Probability per row and area, shape (n, len(classes_))."""
        if x.shape[0] == 0:
            return np.zeros((0, len(self.classes_)))
        stacked = self._stacked()
        if stacked is None:
            return np.column_stack([est.predict_proba(x)[:, 1] for est in self.estimators_])
        weights, intercepts, a, b, constant = stacked
        scores = np.asarray(x @ weights) + intercepts
        proba = expit(-(a * scores + b))
        fixed = ~np.isnan(constant)
        proba[:, fixed] = constant[fixed]
        return proba

    def predict(self, x: sp.spmatrix) -> np.ndarray:
        """Binary indicator matrix at the codebook threshold (multi-label convention)."""
        return (self.predict_proba(x) >= THRESHOLD).astype(int)

    def _stacked(self) -> tuple[np.ndarray, ...] | None:
        """The stacked form, computed once per process (not pickled: it is large)."""
        if "_stacked_cache" not in self.__dict__:
            self.__dict__["_stacked_cache"] = self._stack()
        return self.__dict__["_stacked_cache"]

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_stacked_cache", None)
        return state

    def _stack(self) -> tuple[np.ndarray, ...] | None:
        """All areas' calibrated linear models as one matrix product, or None if not possible.

        Each area is a LinearSVC with a sigmoid calibration (p = expit(-(a*f + b)) with f
        its decision value), so the whole prediction is X @ W followed by an element-wise
        sigmoid. scikit-learn's own path validates its input once per area, which made
        this model the slowest step of a run; the numbers are the same.
        """
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
        return weights, intercepts, a, b, constant


def binarise(label_sets: list[list[str]], classes: list[str]) -> np.ndarray:
    """Label sets as an indicator matrix over `classes`."""
    index = {code: j for j, code in enumerate(classes)}
    y = np.zeros((len(label_sets), len(classes)), dtype=int)
    for i, labels in enumerate(label_sets):
        for label in labels:
            y[i, index[label]] = 1
    return y


def make_focus_area_model(
    classes: tuple[str, ...] | None = None,
    stems: dict[str, tuple[str, ...]] | None = None,
    C: float = 0.3,
    calibration: str = "sigmoid",
    cv: int = 5,
    class_weight: str | None = "balanced",
    cue_weight: float = 0.7,
) -> Pipeline:
    """Features and per-area classifiers; classes and stems default to the codebook's."""
    classes = tuple(classes or focus_area_codes())
    stems = focus_area_stems() if stems is None else stems
    return Pipeline(
        [
            ("features", FocusFeatures(tuple(stems.get(c, ()) for c in classes), cue_weight)),
            ("model", AreaClassifiers(classes, C, calibration, cv, class_weight)),
        ]
    )


def predict_sets(
    model: Pipeline, texts: list[str], threshold: float = THRESHOLD
) -> list[list[str]]:
    """The focus areas with probability >= threshold, per sentence, in codebook order."""
    proba = model.predict_proba(list(texts)) if texts else np.zeros((0, len(model.classes_)))
    return [
        [c for c, p in zip(model.classes_, row, strict=True) if p >= threshold] for row in proba
    ]


def load_focus_area_model() -> Pipeline:
    """The shipped model, loaded once per process."""
    return load_model(MODEL_FILE)


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
    threshold: float = THRESHOLD,
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
    classes = list(classes)
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
