"""Document type (codebook section 1): report, minutes, newsletter, article or other.

Document types differ more in layout and conventions (a "§", a signature with a title, a
"– ..., säger X" quote, a "Resultat" heading) than in topic, so the model sees counts of
layout and keyword cues from `resources/doc_type_cues.json` next to a down-weighted TF-IDF
view of the words. A small logistic regression weighs them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from pipeline.classify.features import lemmatise
from pipeline.classify.persist import load_model
from pipeline.resources import codes, load_json

MODEL_FILE = "doc_type.joblib"
CUES_FILE = "doc_type_cues.json"
WORD_RE = re.compile(r"\w+")
CLIP = 3.0


def doc_type_codes() -> tuple[str, ...]:
    """Document type codes of the codebook."""
    return codes("doc_types")


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


def default_cues() -> dict:
    """The cue file of the run-time resources (what a newly made model is given)."""
    return load_json(CUES_FILE)


@cache
def _compiled(key: str) -> _Cues:
    return _compile_cues(_CUE_DATA[key])


_CUE_DATA: dict[str, dict] = {}


def compiled_cues(data: dict) -> _Cues:
    """The cues compiled once per process (keyed by their content)."""
    import json

    key = json.dumps(data, sort_keys=True)
    _CUE_DATA.setdefault(key, data)
    return _compiled(key)


def _compile_cues(data: dict) -> _Cues:
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


def feature_names(data: dict) -> list[str]:
    """Names of the cue features, in column order."""
    return [g.name for g in compiled_cues(data).groups] + list(LAYOUT_FEATURES)


def cue_features(text: str, data: dict) -> list[float]:
    """Numeric cue and layout features of one document under the cue set `data`."""
    cues = compiled_cues(data)
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
    """sklearn transformer wrapping `cue_features`; `cues` is the cue set (doc_type_cues.json
    as a dict), kept with the fitted model so a later edit of the file cannot change it."""

    def __init__(self, cues: dict | None = None) -> None:
        self.cues = cues

    def fit(self, texts: Iterable[str], y: object = None) -> CueFeatures:
        if not self.cues:
            raise ValueError("CueFeatures needs its cue set")
        return self

    def transform(self, texts: Iterable[str]) -> np.ndarray:
        return np.array([cue_features(t, self.cues) for t in texts], dtype=float)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(feature_names(self.cues), dtype=object)


def clip_scaled(x: np.ndarray) -> np.ndarray:
    """Clip standardised features so that one odd layout value cannot dominate."""
    return np.clip(x, -CLIP, CLIP)


def flatten_layout(text: str) -> str:
    """The text with its line breaks removed, as PDF extraction often delivers it."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def make_doc_type_model(
    C: float = 0.5, tfidf_weight: float = 0.5, cues: dict | None = None, balanced: bool = True
) -> Pipeline:
    """Scaled cue features plus a down-weighted lemma TF-IDF, into a logistic regression.

    `cues` defaults to the run-time cue file; `balanced` weighs classes by their inverse
    frequency (for data that is not a sample of what a run meets)."""
    cues = default_cues() if cues is None else cues
    features = FeatureUnion(
        [
            (
                "cues",
                Pipeline(
                    [
                        ("cues", CueFeatures(cues)),
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
    model = LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=5000)
    return Pipeline([("features", features), ("model", model)])


def compose(text: str, title: str | None = None) -> str:
    """The model's input: the title (when known and not already the first line) above the text."""
    text = text or ""
    if title and title.strip() and title.strip() not in text[: len(title) + 200]:
        return f"{title.strip()}\n\n{text}"
    return text


def load_doc_type_model() -> Pipeline:
    """The shipped model, loaded once per process."""
    return load_model(MODEL_FILE)


def predict_doc_type(
    text: str, title: str | None = None, model: Pipeline | None = None
) -> tuple[str, float]:
    """Document type and the model's probability for it (0..1); the shipped model by default."""
    doc = compose(text, title)
    if len(WORD_RE.findall(doc)) < 5:
        return "other", 0.0
    model = model or load_doc_type_model()
    proba = model.predict_proba([doc])[0]
    best = int(np.argmax(proba))
    return str(model.classes_[best]), float(proba[best])
