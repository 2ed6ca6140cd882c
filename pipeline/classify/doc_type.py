"""Document type (codebook section 1): report, minutes, newsletter, article or other.

Document types differ more in layout and conventions (a "§", a signature with a title, a
"– ..., säger X" quote, a "Resultat" heading) than in topic, so the model sees counts of
layout and keyword cues from `resources/doc_type_cues.json` next to a down-weighted TF-IDF
view of the words. A small logistic regression weighs them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import joblib
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from pipeline.classify.features import lemmatise

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
CUES_PATH = RESOURCES / "doc_type_cues.json"
MODEL_PATH = RESOURCES / "models" / "doc_type.joblib"
CODEBOOK_PATH = RESOURCES / "codebook.json"
_FALLBACK_CODES = ("report", "minutes", "newsletter", "article", "other")
WORD_RE = re.compile(r"\w+")
CLIP = 3.0


@cache
def doc_type_codes() -> tuple[str, ...]:
    """Document type codes, read from the codebook when it exists."""
    if CODEBOOK_PATH.exists():
        data = json.loads(CODEBOOK_PATH.read_text(encoding="utf-8"))
        codes = tuple(item["code"] for item in data.get("doc_types", []))
        if codes:
            return codes
    return _FALLBACK_CODES


@dataclass(frozen=True)
class _Group:
    name: str
    scope: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Cues:
    head_chars: int
    tail_chars: int
    short_line_chars: int
    groups: tuple[_Group, ...]
    bullet: re.Pattern[str]
    speaker: re.Pattern[str]
    speaker_colon: re.Pattern[str]
    date: re.Pattern[str]


@cache
def _cues() -> _Cues:
    """The cue file, compiled once per process."""
    data = json.loads(CUES_PATH.read_text(encoding="utf-8"))
    groups = tuple(
        _Group(
            g["name"],
            g["scope"],
            tuple(
                re.compile(p, re.MULTILINE | (0 if g.get("case_sensitive") else re.IGNORECASE))
                for p in g["patterns"]
            ),
        )
        for g in data["groups"]
    )
    layout = data["layout"]
    return _Cues(
        head_chars=int(data["head_chars"]),
        tail_chars=int(data["tail_chars"]),
        short_line_chars=int(data["short_line_chars"]),
        groups=groups,
        bullet=re.compile(layout["bullet_pattern"], re.MULTILINE),
        speaker=re.compile(layout["speaker_pattern"]),
        speaker_colon=re.compile(layout["speaker_colon_pattern"]),
        date=re.compile(layout["date_pattern"]),
    )


LAYOUT_FEATURES = (
    "log_lines",
    "short_line_share",
    "bullet_share",
    "speaker_share",
    "speaker_colon_share",
    "date_in_head",
    "mean_line_len",
    "sentence_end_share",
)


def feature_names() -> list[str]:
    """Names of the cue features, in column order."""
    return [g.name for g in _cues().groups] + list(LAYOUT_FEATURES)


def cue_features(text: str) -> list[float]:
    """Numeric cue and layout features of one document."""
    cues = _cues()
    head = text[: cues.head_chars]
    tail = text[-cues.tail_chars :]
    scopes = {"head": head, "tail": tail, "all": text}
    n_words = max(len(WORD_RE.findall(text)), 1)
    row: list[float] = []
    for group in cues.groups:
        part = scopes[group.scope]
        count = sum(len(p.findall(part)) for p in group.patterns)
        if group.name.endswith("_person") or group.name == "we_pronoun":
            row.append(100.0 * count / n_words)  # pronoun density per 100 words
        else:
            row.append(math.log1p(count))
    lines = [line for line in text.splitlines() if line.strip()]
    n = max(len(lines), 1)
    short = sum(len(line.strip()) < cues.short_line_chars for line in lines)
    bullets = sum(bool(cues.bullet.match(line)) for line in lines)
    speakers = sum(bool(cues.speaker.match(line)) for line in lines)
    speaker_colon = sum(bool(cues.speaker_colon.match(line)) for line in lines)
    ends = sum(line.rstrip().endswith((".", "!", "?")) for line in lines)
    mean_len = sum(len(line) for line in lines) / n
    row += [
        math.log1p(len(lines)),
        short / n,
        bullets / n,
        speakers / n,
        speaker_colon / n,
        float(bool(cues.date.search(head))),
        math.log1p(mean_len),
        ends / n,
    ]
    return row


class CueFeatures(TransformerMixin, BaseEstimator):
    """sklearn transformer wrapping `cue_features` (stateless)."""

    def fit(self, texts: Iterable[str], y: object = None) -> CueFeatures:
        return self

    def transform(self, texts: Iterable[str]) -> np.ndarray:
        return np.array([cue_features(t) for t in texts], dtype=float)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(feature_names(), dtype=object)


def clip_scaled(x: np.ndarray) -> np.ndarray:
    """Clip standardised features so that one odd layout value cannot dominate."""
    return np.clip(x, -CLIP, CLIP)


def flatten_layout(text: str) -> str:
    """The text with its line breaks removed, as PDF extraction often delivers it."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def make_doc_type_pipeline(C: float = 0.5, tfidf_weight: float = 0.5) -> Pipeline:
    """Scaled cue features plus a down-weighted lemma TF-IDF, into a logistic regression."""
    features = FeatureUnion(
        [
            (
                "cues",
                Pipeline(
                    [
                        ("cues", CueFeatures()),
                        ("scale", StandardScaler()),
                        ("clip", FunctionTransformer(clip_scaled)),
                    ]
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    preprocessor=lemmatise,
                    token_pattern=r"\S+",
                    lowercase=False,
                    sublinear_tf=True,
                    min_df=2,
                ),
            ),
        ],
        transformer_weights={"cues": 1.0, "words": tfidf_weight},
    )
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    return Pipeline([("features", features), ("model", model)])


def compose(text: str, title: str | None = None) -> str:
    """The model's input: the title (when known and not already the first line) above the text."""
    text = text or ""
    if title and title.strip() and title.strip() not in text[: len(title) + 200]:
        return f"{title.strip()}\n\n{text}"
    return text


@cache
def load_doc_type_model(path: str | None = None) -> Pipeline:
    """The trained doc type model from resources/models, loaded once per process."""
    model_path = Path(path) if path else MODEL_PATH
    if not model_path.exists():
        raise FileNotFoundError(
            f"{model_path} is missing; train it with `python -m pipeline.classify.train_doc_type`"
        )
    return joblib.load(model_path)


def predict_doc_type(text: str, title: str | None = None) -> tuple[str, float]:
    """Document type and the model's probability for it (0..1)."""
    doc = compose(text, title)
    if len(WORD_RE.findall(doc)) < 5:
        return "other", 0.0
    model = load_doc_type_model()
    proba = model.predict_proba([doc])[0]
    best = int(np.argmax(proba))
    return str(model.classes_[best]), float(proba[best])
