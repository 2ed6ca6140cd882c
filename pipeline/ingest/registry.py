"""Which reader handles which file extension."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.base import IngestError, Reader
from pipeline.ingest.docx_reader import DocxReader
from pipeline.ingest.html_reader import HtmlReader
from pipeline.ingest.pdf_reader import PdfReader
from pipeline.ingest.text_reader import TextReader

READERS: tuple[Reader, ...] = (TextReader(), PdfReader(), HtmlReader(), DocxReader())
_BY_EXTENSION: dict[str, Reader] = {ext: r for r in READERS for ext in r.extensions}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_BY_EXTENSION)


def reader_for(path: Path) -> Reader:
    """The reader for the file's extension (case-insensitive), or IngestError."""
    ext = path.suffix.lower()
    try:
        return _BY_EXTENSION[ext]
    except KeyError:
        shown = ext or "(none)"
        raise IngestError(
            "unsupported_format",
            f"file type {shown} is not supported; supported: {', '.join(SUPPORTED_EXTENSIONS)} "
            "(convert the file to one of these)",
        ) from None
