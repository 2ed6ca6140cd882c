"""Plain text files."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.base import Page, RawDocument
from pipeline.ingest.clean import clean_text
from pipeline.ingest.encoding import decode_bytes


class TextReader:
    """Decodes with encoding detection and cleans; the whole file is page 1."""

    file_format = "txt"
    extensions = (".txt",)

    def read(self, data: bytes, path: Path) -> RawDocument:
        raw, encoding = decode_bytes(data)
        text = clean_text(raw)
        warnings: tuple[str, ...] = ()
        if encoding in {"cp1252", "latin-1"}:
            warnings = (f"not UTF-8; decoded as {encoding}",)
        return RawDocument(
            text=text,
            pages=(Page(1, text),),
            file_format=self.file_format,
            title=None,
            warnings=warnings,
        )
