"""Document-level metadata: title, municipality, publication date, language, type.

Metadata reads the clean text with some page furniture blanked: signatures, notices and
web-viewer buttons never give a date or a place (an e-signature's "Datum: 2024-12-04", a
viewer's upload date), while running headers stay (a letterhead's "KUNGSBACKA KOMMUN" and
"Datum 2024-04-09" are the document's own). The title is looked for in prose only. Minutes
also get their meeting date and body (pipeline.minutes.header); their meeting date is
their date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.ingest.base import RawDocument
from pipeline.metadata.language import detect_language
from pipeline.metadata.municipality import detect_municipality
from pipeline.metadata.published import detect_published, detect_reference_date
from pipeline.metadata.title import detect_title, minutes_title

_HIDDEN_FROM_METADATA = frozenset({"signature", "notice", "web"})
_DOWNLOAD_TITLE = re.compile(r'^download\s+["“”](.+?)["“”]?\s*$', re.IGNORECASE | re.DOTALL)


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
    meeting_date: dt.date | None = None
    body: str | None = None
    reference_date: dt.date | None = None  # what dates without a year are read against


def blanked(raw: RawDocument, kinds: frozenset[str] | None = None) -> str:
    """The clean text with the furniture of the given kinds (all when None) blanked.

    Offsets stay those of the clean text; each blanked line keeps its line break.
    """
    chars = list(raw.text)
    for span in raw.layout:
        if kinds is None or span.kind in kinds:
            chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def _viewer_titles(raw: RawDocument) -> list[str]:
    """The title a web viewer printed as 'Download "..."' (it may hold the date)."""
    out = []
    for span in raw.layout:
        if span.kind == "web":
            m = _DOWNLOAD_TITLE.match(raw.text[span.start : span.end].strip())
            if m:
                out.append(" ".join(m.group(1).split()))
    return out


def detect_metadata(raw: RawDocument) -> DocumentMetadata:
    """Everything the documents table says about a document besides counts."""
    from pipeline.classify.doc_type import predict_doc_type
    from pipeline.minutes.header import meeting_body, meeting_date
    from pipeline.minutes.lines import text_lines

    view = blanked(raw, _HIDDEN_FROM_METADATA)
    title = detect_title(blanked(raw), raw.title)
    place = detect_municipality(view, title)
    doc_type, score = predict_doc_type(raw.text, title)
    viewer_titles = _viewer_titles(raw)
    published = detect_published(view, viewer_titles)
    reference = published or detect_reference_date(view, viewer_titles)
    held, body = None, None
    if doc_type == "minutes":
        lines = text_lines(raw.text, raw.layout)
        held, body = meeting_date(lines), meeting_body(lines)
        published = held or published
        if not raw.title:
            heading = [ln for ln in view.splitlines() if ln.strip()]
            title = minutes_title(heading, body) or title
        reference = published or reference
    return DocumentMetadata(
        title=title,
        municipality=place.municipality,
        municipality_code=place.municipality_code,
        county=place.county,
        published=published,
        language=detect_language(view),
        doc_type=doc_type,
        doc_type_score=float(score),
        meeting_date=held,
        body=body,
        reference_date=reference,
    )
