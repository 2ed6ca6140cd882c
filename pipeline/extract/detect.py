"""Learned detectors for initiatives and outcomes: what a sentence is, judged from features
that generalise beyond the documents they were trained on.

Every sentence of a document is a candidate. Its features are its words (lookup lemmas and
character n-grams), the words of the heading or list lead-in it stands under, its layout
(list item, heading, form line), the document type, the entities and numbers it holds, and
the project's rule cues (action verbs and nouns, result words, boilerplate), which the model
weighs against the rest instead of obeying them. A logistic regression gives a probability
that is the row's `confidence`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from pipeline.classify.features import lemmatise, lower
from pipeline.dataset.records import AmountRecord, EntityRecord, Sentence
from pipeline.extract.sentence_roles import (
    Layout,
    is_boilerplate,
    is_general_statement,
    is_heading,
    is_list_item,
    layout,
    split_label,
    strip_marker,
    words,
)

FUTURE_RE = re.compile(r"\b(?:ska|skall|kommer att|planerar|avser|planeras|inför|nästa år)\b", re.I)
DECISION_RE = re.compile(
    r"\b(?:beslut\w*|uppdra\w*|i uppdrag|anta\w*|bevilja\w*|godkänn\w*|tillstyrk\w*)\b", re.I
)
PAST_RE = re.compile(r"\w{3,}(?:ades|ats|its|des|tes|dde|ade|at|it)\b")
PRESENT_RE = re.compile(r"\b(?:pågår|fortsätter|arbetar|erbjuder|driver|bedriver)\b", re.I)
NUMBER_RE = re.compile(r"\d")
RANK_RE = re.compile(
    r"\b(?:plats|placering\w*|ranking\w*|rankning\w*|kvalar|avancera\w*|klättra\w*)\b", re.I
)
SCOPE_RE = re.compile(
    r"\b(?:länet|riket|landet|snittet|genomsnittet|förra året|föregående år)\b", re.I
)


@dataclass(frozen=True)
class SentenceCandidate:
    """One sentence with the context a detector reads."""

    sentence: Sentence
    body: str  # the text without list marker and label
    offset: int  # of body within the sentence
    context: str  # the heading or lead-in it stands under ("" if none)
    layout: Layout
    doc_type: str
    labels: dict[str, int] = field(default_factory=dict)  # entity label -> count in sentence
    rule: bool = False  # the rule-based extractor (extract/initiatives.py) takes this sentence
    decision: bool = False  # in minutes: the sentence is part of an agenda item's decision


def decision_sentences(sentences: Sequence[Sentence], decisions: Sequence[str]) -> frozenset[int]:
    """Indexes of the sentences that lie in a decision text of the minutes' agenda items."""
    keys = [" ".join(d.split()) for d in decisions if d]
    return frozenset(
        s.idx
        for s in sentences
        if len(s.text) > 10 and any(" ".join(s.text.split()) in k for k in keys)
    )


def candidates(
    sentences: Sequence[Sentence],
    entities: Sequence[EntityRecord],
    doc_type: str,
    text: str | None = None,
    decisions: frozenset[int] = frozenset(),
) -> list[SentenceCandidate]:
    """Every sentence with its body, context and entity counts, in order."""
    counts: dict[int, dict[str, int]] = {}
    for e in entities:
        by_label = counts.setdefault(e.sent_idx, {})
        by_label[e.label] = by_label.get(e.label, 0) + 1
    from pipeline.extract.initiatives import find_candidates

    ruled = {c.sentence.idx for c in find_candidates(sentences, entities, text=text)}
    out = []
    heading = ""
    lead_in = ""
    for s, lay in zip(sentences, layout(sentences, text), strict=True):
        if lay.heading:
            heading, lead_in = s.text, ""
        elif lay.lead_in_line:
            lead_in = s.text
        elif lay.starts_line and not lay.in_item:
            lead_in = ""
        body, offset = strip_marker(s.text)
        label, rest, rest_offset = split_label(body)
        if label is not None:
            body, offset = rest, offset + rest_offset
        context = lead_in if lay.in_item and lead_in else heading
        if lay.heading:
            context = ""
        out.append(
            SentenceCandidate(
                s,
                body,
                offset,
                context,
                lay,
                doc_type,
                counts.get(s.idx, {}),
                s.idx in ruled,
                s.idx in decisions,
            )
        )
    return out


def cue_features(c: SentenceCandidate) -> dict[str, float | str]:
    """The hand-made features of a candidate (rule cues, layout, entities, tense proxies)."""
    from pipeline.extract.initiatives import action_cues
    from pipeline.extract.outcomes import is_outcome, is_result_heading, outcome_cues

    body = c.body
    n_words = len(words(body))
    cues = action_cues(body) if body else None
    f: dict[str, float | str] = {
        "doc_type": c.doc_type,
        "len_bin": str(min(n_words // 5, 8)),
        "heading": float(c.layout.heading or is_heading(body)),
        "item": float(c.layout.item or is_list_item(c.sentence.text)),
        "in_item": float(c.layout.in_item),
        "lead_in": float(c.layout.lead_in_line),
        "ends_colon": float(body.rstrip()[-1:] in ":;"),
        "question": float(body.rstrip()[-1:] == "?"),
        "boilerplate": float(bool(body) and is_boilerplate(body)),
        "general": float(bool(body) and is_general_statement(body)),
        "outcome_rule": float(bool(body) and is_outcome(body)),
        "future": float(bool(FUTURE_RE.search(body))),
        "decision": float(bool(DECISION_RE.search(body))),
        "past_forms": float(min(len(PAST_RE.findall(body.lower())), 3)),
        "present_cue": float(bool(PRESENT_RE.search(body))),
        "number": float(bool(NUMBER_RE.search(body))),
        "context_future": float(bool(FUTURE_RE.search(c.context))),
        "context_decision": float(bool(DECISION_RE.search(c.context))),
        "rule": float(c.rule),
        "in_decision": float(c.decision),
    }
    if body:
        oc = outcome_cues(body)
        f["o_direction"] = oc.direction or "none"
        f["o_indicator"] = float(oc.indicator is not None)
        f["o_close"] = float(oc.close)
        f["o_strong"] = float(oc.strong)
        f["o_weak"] = float(oc.weak)
        f["o_planned"] = float(oc.planned)
        f["o_indicator_number"] = float(oc.indicator_number)
        f["o_rank"] = float(bool(RANK_RE.search(body)))
        f["o_scope"] = float(bool(SCOPE_RE.search(body)))
        f["o_result_context"] = float(is_result_heading(c.context)) if c.context else 0.0
    if cues is not None:
        for name in ("strong_verb", "weak_verb", "strong_noun", "weak_noun", "subject"):
            f[name] = float(getattr(cues, name))
        f["nominal_start"] = float(cues.nominal_start)
        f["negative"] = float(cues.negative)
    for label, n in c.labels.items():
        f[f"ent_{label}"] = float(min(n, 3))
    return f


def as_row(c: SentenceCandidate) -> dict:
    """The model's input for one candidate."""
    return {
        "text": c.body,
        "lemmas": c.sentence.lemmas or lemmatise(c.body),
        "grammar": " ".join(c.sentence.grammar),
        "context": c.context,
        "cues": cue_features(c),
    }


def _text(rows: list[dict]) -> list[str]:
    return [r["text"] for r in rows]


def _lemmas(rows: list[dict]) -> list[str]:
    return [r["lemmas"] for r in rows]


def _grammar(rows: list[dict]) -> list[str]:
    return [r["grammar"] for r in rows]


def _context(rows: list[dict]) -> list[str]:
    return [r["context"] for r in rows]


def _cues(rows: list[dict]) -> list[dict]:
    return [r["cues"] for r in rows]


def make_detector(C: float = 1.0, class_weight: str | None = "balanced") -> Pipeline:
    """Words, context words, characters and cues into a logistic regression."""
    features = FeatureUnion(
        [
            (
                "words",
                Pipeline(
                    [
                        ("get", FunctionTransformer(_lemmas)),
                        (
                            "tfidf",
                            TfidfVectorizer(
                                token_pattern=r"\S+",
                                lowercase=False,
                                ngram_range=(1, 2),
                                sublinear_tf=True,
                                min_df=2,
                            ),
                        ),
                    ]
                ),
            ),
            (
                "grammar",
                Pipeline(
                    [
                        ("get", FunctionTransformer(_grammar)),
                        (
                            "bag",
                            CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True),
                        ),
                    ]
                ),
            ),
            (
                "chars",
                Pipeline(
                    [
                        ("get", FunctionTransformer(_text)),
                        (
                            "tfidf",
                            TfidfVectorizer(
                                analyzer="char_wb",
                                ngram_range=(3, 5),
                                preprocessor=lower,
                                sublinear_tf=True,
                                min_df=3,
                                max_features=30000,
                            ),
                        ),
                    ]
                ),
            ),
            (
                "context",
                Pipeline(
                    [
                        ("get", FunctionTransformer(_context)),
                        (
                            "tfidf",
                            TfidfVectorizer(
                                preprocessor=lemmatise,
                                token_pattern=r"\S+",
                                lowercase=False,
                                min_df=2,
                                max_features=3000,
                            ),
                        ),
                    ]
                ),
            ),
            ("cues", Pipeline([("get", FunctionTransformer(_cues)), ("dict", DictVectorizer())])),
        ]
    )
    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=3000)
    return Pipeline([("features", features), ("model", model)])


def positive_proba(model: Pipeline, rows: list[dict]) -> np.ndarray:
    """The probability of the positive class for each row."""
    if not rows:
        return np.zeros(0)
    proba = model.predict_proba(rows)
    return proba[:, list(model.classes_).index(1)]


__all__ = ["AmountRecord", "SentenceCandidate", "as_row", "candidates", "make_detector"]
