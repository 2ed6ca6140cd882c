"""Fitting the initiative models from aligned examples (build time; used by crossval and train)."""

from __future__ import annotations

import itertools

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from pipeline.classify.features import lemmatise
from pipeline.classify.initiative_type import make_initiative_type_model
from pipeline.extract.detect import as_row, make_detector
from pipeline.extract.detected import CAPITALISED_RE, InitiativeDetector, mention_of
from pipeline.extract.mentions import Mention, content_lemmas, document_idf, pair_features
from training.initiatives.corpus import AlignedDocument
from training.initiatives.examples import Example, document_examples

BODY_ROLES = ("body", "table")


def initiative_target(ex: Example) -> int:
    """A sentence that states an initiative in running text (heading mentions are grouped
    with their body mention, not detected on their own)."""
    return int(bool(ex.initiative) and ex.role in BODY_ROLES)


def usable(ex: Example) -> bool:
    """Sentences whose label is clear: not a heading or contents line that names one."""
    return not (ex.initiative and ex.role not in BODY_ROLES)


def fit_sentence_detector(examples: list[Example], C: float = 0.3) -> Pipeline:
    train = [e for e in examples if usable(e)]
    return make_detector(C=C).fit(
        [as_row(e.candidate) for e in train], [initiative_target(e) for e in train]
    )


def annotated_mentions(aligned: AlignedDocument) -> list[tuple[Mention, str]]:
    """Every annotated initiative mention of a document with its id."""
    doc = aligned.doc
    out = []
    for m in aligned.mentions:
        if m.kind != "initiative":
            continue
        sent = next((s for s in doc.sentences if s.start <= m.start < s.end), None)
        if sent is None:
            continue
        text = doc.text[m.start : m.end]
        role = next((u.role for a, b, u in aligned.units if a <= m.start < b), "body")
        names = frozenset(
            {
                e.value or e.text
                for e in doc.entities
                if e.label == "ORG" and m.start <= e.start_char < m.end
            }
            | set(CAPITALISED_RE.findall(text[1:]))
        )
        mention = Mention(
            sent, m.start, m.end, text, content_lemmas(lemmatise(text)), names, role == "heading"
        )
        out.append((mention, str(m.labels.get("id"))))
    return out


def sentence_mentions(aligned: AlignedDocument) -> list[tuple[Mention, frozenset[str]]]:
    """Every sentence that holds an annotated initiative, as a run makes it a mention (the
    whole sentence body), with the ids of the initiatives in it."""
    out = []
    for ex in document_examples(aligned):
        ids = frozenset(str(m.labels.get("id")) for m in ex.initiative)
        c = ex.candidate
        if not ids or not c.body:
            continue
        m = mention_of(c, c.offset, len(c.sentence.text), aligned.doc.entities)
        if m.text:
            out.append((m, ids))
    return out


def pair_data(docs: list[AlignedDocument]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of initiative sentences of one document, the same initiative when they share
    an annotated id: the mentions a run compares are whole sentences, not annotated spans."""
    xs, ys = [], []
    for a in docs:
        found = sentence_mentions(a)
        if len(found) < 2:
            continue
        idf = document_idf([content_lemmas(s.lemmas or lemmatise(s.text)) for s in a.doc.sentences])
        for (m1, i1), (m2, i2) in itertools.combinations(found, 2):
            xs.append(pair_features(m1, m2, idf))
            ys.append(int(bool(i1 & i2)))
    return np.asarray(xs), np.asarray(ys)


def fit_same_model(docs: list[AlignedDocument]) -> Pipeline:
    x, y = pair_data(docs)
    return Pipeline(
        [
            ("scale", StandardScaler()),
            # unweighted: the probability is read against a threshold chosen by CV by document
            ("model", LogisticRegression(C=1.0, max_iter=2000)),
        ]
    ).fit(x, y)


def type_examples(docs: list[AlignedDocument]) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for a in docs:
        for m in a.mentions:
            if m.kind == "initiative" and m.labels.get("type"):
                texts.append(a.doc.text[m.start : m.end])
                labels.append(m.labels["type"])
    return texts, labels


def fit_type_model(
    docs: list[AlignedDocument], extra: tuple[list[str], list[str]] | None = None
) -> Pipeline:
    texts, labels = type_examples(docs)
    if extra:
        texts, labels = texts + extra[0], labels + extra[1]
    return make_initiative_type_model().fit(texts, labels)


def fit_initiative_detector(
    docs: list[AlignedDocument],
    examples: list[Example],
    threshold: float,
    same_threshold: float,
    C: float = 0.3,
) -> InitiativeDetector:
    return InitiativeDetector(
        fit_sentence_detector(examples, C), fit_same_model(docs), threshold, same_threshold
    )
