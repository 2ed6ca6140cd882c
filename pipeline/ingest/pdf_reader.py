"""PDF files via pdfplumber: one pass over the pages, then pure layout rules."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.ingest.base import IngestError, Page, RawDocument
from pipeline.ingest.clean import clean_text
from pipeline.ingest.pdf_layout import (
    Word,
    group_lines,
    page_text,
    repeated_margin_keys,
    strip_margins,
)


@dataclass(frozen=True)
class PageWords:
    """What one pdfplumber pass keeps of a page: its size and its word boxes."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class ExtractedPdf:
    """Everything read from the PDF file itself, in one pass."""

    pages: tuple[PageWords, ...]
    title: str | None = None


_WORD_KEYS = ("text", "x0", "x1", "top", "bottom")
_JUNK_TITLE = re.compile(
    r"microsoft|untitled|namnlös|\.(?:docx?|pdf|indd|pptx?|xlsx?)\b|^dokument\d*$", re.I
)


def extract_pdf(data: bytes) -> ExtractedPdf:
    """Open the PDF once, collect every page's words, close each page and the file."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise _open_error(exc) from exc
    pages: list[PageWords] = []
    metadata: dict[str, object] = {}
    try:
        metadata = dict(pdf.metadata or {})
        for page in pdf.pages:
            try:
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                kept = tuple({k: w[k] for k in _WORD_KEYS} for w in words if w.get("upright", 1))
                pages.append(
                    PageWords(page.page_number, float(page.width), float(page.height), kept)
                )
            finally:
                page.close()
    except IngestError:
        raise
    except Exception as exc:
        raise _open_error(exc) from exc
    finally:
        pdf.close()
    return ExtractedPdf(tuple(pages), _metadata_title(metadata))


def _metadata_title(metadata: dict[str, object]) -> str | None:
    """The document-info Title, unless it is a file name or a tool's placeholder."""
    value = metadata.get("Title")
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    title = " ".join(value.split())
    if len(title) < 3 or _JUNK_TITLE.search(title):
        return None
    return title


def _open_error(exc: Exception) -> IngestError:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return IngestError(
            "encrypted_pdf",
            "PDF is password-protected; save an unprotected copy and run again",
        )
    if isinstance(cause, PDFSyntaxError | PSException | PdfminerException | ValueError):
        detail = " ".join(str(cause).split())[:120] or type(cause).__name__
        return IngestError(
            "corrupt_pdf",
            f"PDF is damaged and cannot be parsed ({detail}); get a fresh copy of the file",
        )
    raise exc


class PdfReader:
    """Text per page with running headers, footers and page numbers removed."""

    file_format = "pdf"
    extensions = (".pdf",)

    def read(self, data: bytes, path: Path) -> RawDocument:
        return layout_document(extract_pdf(data))


def layout_document(extracted: ExtractedPdf) -> RawDocument:
    """Turn extracted word boxes into a RawDocument (pure; no PDF access)."""
    pages = extracted.pages
    if not pages or not any(p.words for p in pages):
        raise IngestError(
            "no_text_layer",
            "PDF has no text layer (scanned?); run OCR on it first (e.g. ocrmypdf)",
        )
    lines = [group_lines(p.words) for p in pages]
    repeated = repeated_margin_keys(lines)
    out: list[Page] = []
    for page, page_lines in zip(pages, lines, strict=True):
        body = strip_margins(page_lines, repeated, len(pages))
        out.append(Page(page.number, clean_text(page_text(body, page.width))))
    warnings: list[str] = []
    blank = [str(p.number) for p in pages if not p.words]
    if blank:
        warnings.append(
            f"page(s) {', '.join(blank)} have no text layer (scanned?); their text is missing"
        )
    return RawDocument(
        text="\n\n".join(p.text for p in out if p.text),
        pages=tuple(out),
        file_format="pdf",
        title=extracted.title,
        warnings=tuple(warnings),
    )
