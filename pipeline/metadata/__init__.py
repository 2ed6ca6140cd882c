"""Document-level metadata: title, municipality, publication date, language, type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.ingest.base import RawDocument
from pipeline.metadata.language import detect_language
from pipeline.metadata.municipality import detect_municipality
from pipeline.metadata.published import detect_published
from pipeline.metadata.title import detect_title


@dataclass(frozen=True)
class DocumentMetadata:
    title: str | None
    municipality: str | None
    municipality_code: str | None
    county: str | None
    published: dt.date | None
    language: str
    doc_type: str
    doc_type_score: float


def detect_metadata(raw: RawDocument) -> DocumentMetadata:
    """Everything the documents table says about a document besides counts."""
    from pipeline.classify.doc_type import predict_doc_type

    title = detect_title(raw.text, raw.title)
    place = detect_municipality(raw.text, title)
    doc_type, score = predict_doc_type(raw.text, title)
    return DocumentMetadata(
        title=title,
        municipality=place.municipality,
        municipality_code=place.municipality_code,
        county=place.county,
        published=detect_published(raw.text),
        language=detect_language(raw.text),
        doc_type=doc_type,
        doc_type_score=float(score),
    )
