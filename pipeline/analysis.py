"""From one processed document to its rows in every table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.pipeline import Pipeline

from pipeline.classify.focus_areas import THRESHOLD, aggregate_document, load_focus_area_model
from pipeline.classify.initiative_type import load_initiative_type_model, predict_types
from pipeline.classify.persist import load_model
from pipeline.classify.status import classify_status
from pipeline.dataset.records import DocumentRecord, DocumentResult, FocusAreaRecord
from pipeline.extract.detect import as_row, candidates, decision_sentences, positive_proba
from pipeline.extract.detected import (
    InitiativeDetector,
    OutcomeDetector,
    initiative_rows,
    outcome_rows,
)
from pipeline.extract.entities import DocFacts, collect
from pipeline.extract.money import with_money_roles
from pipeline.extract.period import reported_period
from pipeline.ingested import IngestedDocument
from pipeline.minutes import read_minutes
from pipeline.minutes.rows import agenda_rows, attendance_rows, sentence_paragraphs, with_paragraphs


@dataclass(frozen=True)
class Detectors:
    """The learned initiative and outcome detectors (training/initiatives/train.py)."""

    initiatives: InitiativeDetector
    outcomes: OutcomeDetector


def load_detectors() -> Detectors:
    return Detectors(
        load_model("initiative_detector.joblib"), load_model("outcome_detector.joblib")
    )


def load_models() -> None:
    """Load every classifier now (each is cached), so a worker's first batch is not slower."""
    from pipeline.classify.doc_type import load_doc_type_model

    load_focus_area_model()
    load_initiative_type_model()
    load_doc_type_model()
    load_detectors()


class DocumentFocus:
    """Focus-area probabilities of one document's texts, each text classified once.

    The document's sentences are classified for the focus_areas table, and the
    initiatives and outcomes (mostly whole sentences again) ask for theirs.
    """

    def __init__(self, model: Pipeline, threshold: float = THRESHOLD) -> None:
        self.model = model
        self.threshold = threshold
        self._known: dict[str, np.ndarray] = {}

    def proba(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._known))
        if missing:
            self._known.update(zip(missing, self.model.predict_proba(missing), strict=True))
        if not texts:
            return np.zeros((0, len(self.model.classes_)))
        return np.vstack([self._known[t] for t in texts])

    def predict_sets(self, texts: list[str]) -> list[list[str]]:
        """Same answer as focus_areas.predict_sets."""
        classes = self.model.classes_
        return [
            [c for c, p in zip(classes, row, strict=True) if p >= self.threshold]
            for row in self.proba(list(texts))
        ]


def focus_area_rows(
    doc_id: str, facts: DocFacts, focus: DocumentFocus | None = None
) -> list[FocusAreaRecord]:
    """Sentence-level focus-area probabilities aggregated to the document."""
    if not facts.sentences:
        return []
    model = load_focus_area_model()
    focus = focus or DocumentFocus(model)
    probs = focus.proba([s.text for s in facts.sentences])
    indexes = [s.idx for s in facts.sentences]
    return [
        FocusAreaRecord(doc_id, f.focus_area, float(f.score), f.n_sentences, list(f.evidence))
        for f in aggregate_document(probs, indexes, list(model.classes_))
    ]


def analyse_document(
    item: IngestedDocument, pieces: list | DocFacts, nlp_name: str, version: str
) -> DocumentResult:
    """Facts, initiatives, outcomes and focus areas of one document.

    `pieces`: the processed (offset, Doc) pieces of its text, or the facts already
    collected from them (pipeline.extract.entities.FactCollector).
    """
    facts = (
        pieces if isinstance(pieces, DocFacts) else collect(item.doc_id, pieces, item.raw.layout)
    )
    meta = item.meta
    focus = DocumentFocus(load_focus_area_model())
    focus.proba([s.text for s in facts.sentences])  # all at once: one feature transform
    type_model = load_initiative_type_model()
    detectors = load_detectors()
    minutes = read_minutes(item.raw.text, item.raw.layout) if meta.doc_type == "minutes" else None
    decisions = decision_sentences(
        facts.sentences, [i.decision for i in minutes.items if i.decision] if minutes else []
    )
    cands = candidates(facts.sentences, facts.entities, meta.doc_type, item.raw.text, decisions)
    rows = [as_row(c) for c in cands]
    initiatives = initiative_rows(
        item.doc_id,
        cands,
        positive_proba(detectors.initiatives.sentences, rows),
        facts.entities,
        meta.municipality,
        detectors.initiatives,
        classify_type=lambda texts: predict_types(type_model, texts),
        classify_focus=focus.predict_sets,
        classify_status=classify_status,
        published=meta.reference_date or meta.published,
    )
    outcomes = outcome_rows(
        item.doc_id,
        cands,
        positive_proba(detectors.outcomes.sentences, rows),
        facts.dates,
        meta.published,
        meta.municipality,
        detectors.outcomes,
        classify_focus=focus.predict_sets,
    )
    facts.amounts = with_money_roles(
        facts.amounts, facts.sentences, facts.entities, facts.dates, meta.municipality
    )
    period_start, period_end = reported_period(
        facts.dates, facts.sentences, meta.reference_date or meta.published
    )
    paragraphs = sentence_paragraphs(facts.sentences, minutes.items if minutes else ())
    document = DocumentRecord(
        doc_id=item.doc_id,
        source_path=item.source_path,
        file_format=item.raw.file_format,
        sha256=item.sha256,
        title=meta.title,
        doc_type=meta.doc_type,
        doc_type_score=round(meta.doc_type_score, 4),
        municipality=meta.municipality,
        municipality_code=meta.municipality_code,
        county=meta.county,
        published=meta.published,
        period_start=period_start,
        period_end=period_end,
        n_pages=len(item.raw.pages) or 1,
        n_chars=len(item.raw.text),
        n_sentences=len(facts.sentences),
        n_tokens=facts.n_tokens,
        language=meta.language,
        nlp_model=nlp_name,
        pipeline_version=version,
        warnings=list(item.raw.warnings),
        meeting_date=meta.meeting_date,
        body=meta.body,
        ocr=item.raw.ocr,
        ocr_confidence=item.raw.ocr_confidence,
    )
    return DocumentResult(
        document=document,
        entities=with_paragraphs(facts.entities, paragraphs),
        dates=with_paragraphs(facts.dates, paragraphs),
        amounts=with_paragraphs(facts.amounts, paragraphs),
        initiatives=with_paragraphs(initiatives, paragraphs),
        outcomes=with_paragraphs(outcomes, paragraphs),
        focus_areas=focus_area_rows(item.doc_id, facts, focus),
        agenda_items=agenda_rows(item.doc_id, minutes),
        attendance=attendance_rows(item.doc_id, minutes),
    )
