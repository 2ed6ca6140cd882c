"""Plain text files."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.base import RawDocument
from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.layout import PageDraft, assemble
from pipeline.ingest.markup import strip_markup
from pipeline.ingest.text_pages import split_pages
from pipeline.limits import cut_point, limits, truncation_warning


class TextReader:
    """Decodes with encoding detection, removes HTML markup, finds pages and furniture."""

    file_format = "txt"
    extensions = (".txt",)

    def read(self, data: bytes, path: Path) -> RawDocument:
        raw, encoding = decode_bytes(data)
        warnings: tuple[str, ...] = ()
        if encoding in {"cp1252", "latin-1"}:
            warnings = (f"not UTF-8; decoded as {encoding}",)
        max_chars = limits().max_text_chars
        if len(raw) > max_chars:  # cut before the markup and page passes, which copy it
            kept = cut_point(raw, max_chars)
            warnings = (*warnings, truncation_warning(kept, len(raw), max_chars))
            raw = raw[:kept]
        pages = split_pages(strip_markup(raw))
        drafts = [PageDraft(n, body) for n, body in enumerate(pages, start=1)]
        return assemble(drafts, self.file_format, title=None, warnings=warnings)
