"""From one processed document to its rows in every table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.classify.focus_areas import aggregate_document, load_focus_area_model
from pipeline.classify.initiative_type import load_initiative_type_model
from pipeline.classify.status import classify_status, is_lead_in
from pipeline.dataset.records import DocumentRecord, DocumentResult, FocusAreaRecord
from pipeline.extract.entities import DocFacts, collect
from pipeline.extract.initiatives import extract_initiatives
from pipeline.extract.outcomes import extract_outcomes

if TYPE_CHECKING:
    from pipeline.documents import IngestedDocument


def load_models() -> None:
    """Load every classifier now (each is cached), so a worker's first batch is not slower."""
    from pipeline.classify.doc_type import load_doc_type_model

    load_focus_area_model()
    load_initiative_type_model()
    load_doc_type_model()


def focus_area_rows(doc_id: str, facts: DocFacts) -> list[FocusAreaRecord]:
    """Sentence-level focus-area probabilities aggregated to the document."""
    if not facts.sentences:
        return []
    model = load_focus_area_model()
    probs = model.predict_proba([s.text for s in facts.sentences])
    indexes = [s.idx for s in facts.sentences]
    return [
        FocusAreaRecord(doc_id, f.focus_area, float(f.score), f.n_sentences, list(f.evidence))
        for f in aggregate_document(probs, indexes, list(model.classes_))
    ]


def _period(facts: DocFacts):
    if not facts.dates:
        return None, None
    return min(d.date_start for d in facts.dates), max(d.date_end for d in facts.dates)


def analyse_document(
    item: IngestedDocument, pieces: list, nlp_name: str, version: str
) -> DocumentResult:
    """Facts, initiatives, outcomes and focus areas of one document."""
    facts = collect(item.doc_id, pieces)
    meta = item.meta
    focus_model = load_focus_area_model()
    type_model = load_initiative_type_model()
    initiatives = extract_initiatives(
        item.doc_id,
        facts.sentences,
        facts.entities,
        meta.municipality,
        classify_type=type_model.predict,
        classify_focus=focus_model.predict_sets,
        classify_status=classify_status,
        is_lead_in=is_lead_in,
        text=item.raw.text,
    )
    outcomes = extract_outcomes(
        item.doc_id,
        facts.sentences,
        facts.entities,
        facts.amounts,
        meta.municipality,
        classify_focus=focus_model.predict_sets,
        text=item.raw.text,
    )
    period_start, period_end = _period(facts)
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
    )
    return DocumentResult(
        document=document,
        entities=facts.entities,
        dates=facts.dates,
        amounts=facts.amounts,
        initiatives=initiatives,
        outcomes=outcomes,
        focus_areas=focus_area_rows(item.doc_id, facts),
    )
