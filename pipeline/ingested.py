"""A file that was read: its identity, clean text and metadata (between ingest and analysis)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ingest.base import RawDocument
from pipeline.metadata import DocumentMetadata


@dataclass(frozen=True)
class IngestedDocument:
    """What ingest hands to the analysis of one document."""

    doc_id: str
    sha256: str
    source_path: str
    raw: RawDocument
    meta: DocumentMetadata
