"""PDF files: the text layer through pypdfium2, pdfplumber where the layout needs it.

Every page's words and their boxes come from PDFium's text layer (a few ms a page). The
layout rules (pdf_layout.py: lines, columns, running headers and footers, paragraphs) run
on those boxes. A page that turns out to have two text columns is read again with
pdfplumber, whose word boxes the column rules were written for. A PDF whose pages have no
text layer is OCRed when OCRmyPDF and Tesseract's Swedish data are installed (ocr.py);
otherwise it is an error row that says how to install them. Each file is opened once per
reader, and every page and text page is closed when read.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ingest import ocr_cache
from pipeline.ingest.base import IngestError, RawDocument
from pipeline.ingest.layout import PageDraft, assemble
from pipeline.ingest.ocr import INSTALL_HINT, OcrError, OcrResult, ocr_available, ocr_pdf
from pipeline.ingest.pdf_layout import (
    Word,
    find_gutter,
    group_lines,
    page_text,
    repeated_margin_keys,
    strip_margins,
)


@dataclass(frozen=True)
class PageWords:
    """What one pass keeps of a page: its size and its word boxes."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    images: int = 0  # image objects on the page (a page of only images may be a scan)


@dataclass(frozen=True)
class ExtractedPdf:
    """Everything read from the PDF file itself, in one pass."""

    pages: tuple[PageWords, ...]
    title: str | None = None


_JUNK_TITLE = re.compile(
    r"microsoft|untitled|namnlös|\.(?:docx?|pdf|indd|pptx?|xlsx?)\b|^dokument\d*$"
    r"|^(?:artikel\s+)?(?:uppdaterad|version|reviderad)\s+[\d-]+$",
    re.I,
)
# PDFium marks a hyphen that ends a line with U+FFFE (or U+0002) and runs the word on.
_SOFT_HYPHENS = "\ufffe\x02"
_CHUNK = re.compile(rf"[^\s{_SOFT_HYPHENS}]+[{_SOFT_HYPHENS}]?")
_LEADER_RUN = re.compile(r"\.{3,}|…+")
_MIN_OCR_CONFIDENCE = 40.0


def extract_pdf(data: bytes) -> ExtractedPdf:
    """Open the PDF once, collect every page's word boxes, close each page and the file."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(exc) from exc
    pages: list[PageWords] = []
    try:
        title = _metadata_title(pdf.get_metadata_dict(skip_empty=True))
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                pages.append(_page_words(page, index + 1))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise _open_error(exc) from exc
    finally:
        pdf.close()
    return ExtractedPdf(tuple(pages), title)


def _page_words(page: pdfium.PdfPage, number: int) -> PageWords:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        n_chars = textpage.count_chars()
        text = textpage.get_text_range(0, n_chars) if n_chars > 0 else ""
        if len(text) != n_chars:  # characters outside the BMP: offsets no longer align
            text = ""
        words = _words(textpage.raw, text, height) if text else ()
    finally:
        textpage.close()
    images = 0 if words else sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))
    return PageWords(number, float(width), float(height), words, images)


def _words(handle: object, text: str, height: float) -> tuple[Word, ...]:
    """Word boxes in pdfplumber's terms (top-left origin), from PDFium's loose glyph boxes.

    The bottom is the loose box's (the font's descent, the same for every letter) and the
    top lies one font size above it, so the words of a line share their top whatever their
    letters or accents; dotted leaders are words of their own.
    """
    rect = pdfium_c.FS_RECTF()
    out: list[Word] = []
    for chunk in _CHUNK.finditer(text):
        for start, end in _split_leaders(chunk.start(), chunk.end(), text):
            last = end - 1
            word = text[start:end]
            if word[-1] in _SOFT_HYPHENS:
                word = word[:-1] + "-"
                last = max(start, end - 2)
            if pdfium_c.FPDFText_GetCharAngle(handle, start) not in (0.0, -1.0):
                continue  # rotated or vertical text, as pdfplumber's upright filter drops
            if not pdfium_c.FPDFText_GetLooseCharBox(handle, start, ctypes.byref(rect)):
                continue
            x0, bottom = rect.left, rect.bottom
            size = pdfium_c.FPDFText_GetFontSize(handle, start) or (rect.top - rect.bottom)
            if last != start:
                pdfium_c.FPDFText_GetLooseCharBox(handle, last, ctypes.byref(rect))
            out.append(
                {
                    "text": word,
                    "x0": x0,
                    "x1": rect.right,
                    "top": height - bottom - size,
                    "bottom": height - bottom,
                }
            )
    return tuple(out)


def _split_leaders(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """'Inledning.......4' -> 'Inledning', '.......', '4' (pdfplumber splits them by gap)."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _LEADER_RUN.finditer(text, start, end):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pieces.append((m.start(), m.end()))
        pos = m.end()
    if pos < end:
        pieces.append((pos, end))
    return pieces


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
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD or code == pdfium_c.FPDF_ERR_SECURITY:
        return IngestError(
            "encrypted_pdf",
            "PDF is password-protected; save an unprotected copy and run again",
        )
    detail = " ".join(str(exc).split())[:120] or type(exc).__name__
    return IngestError(
        "corrupt_pdf",
        f"PDF is damaged and cannot be parsed ({detail}); get a fresh copy of the file",
    )


def plumber_words(data: bytes, numbers: set[int]) -> dict[int, tuple[Word, ...]]:
    """pdfplumber's word boxes of the given pages (1-based), for pages with columns."""
    import pdfplumber

    out: dict[int, tuple[Word, ...]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            if page.page_number not in numbers:
                continue
            try:
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                keys = ("text", "x0", "x1", "top", "bottom")
                out[page.page_number] = tuple(
                    {k: w[k] for k in keys} for w in words if w.get("upright", 1)
                )
            finally:
                page.close()
    return out


def with_column_pages(data: bytes, extracted: ExtractedPdf) -> ExtractedPdf:
    """Pages laid out in two columns re-read by pdfplumber; the others kept as they are."""
    lines = [group_lines(p.words) for p in extracted.pages]
    repeated = repeated_margin_keys(lines)
    n = len(extracted.pages)
    columns = {
        p.number
        for p, page_lines in zip(extracted.pages, lines, strict=True)
        if find_gutter(strip_margins(page_lines, repeated, n), p.width) is not None
    }
    if not columns:
        return extracted
    try:
        better = plumber_words(data, columns)
    except Exception:  # pdfplumber cannot parse what PDFium could: keep PDFium's boxes
        return extracted
    pages = tuple(replace(p, words=better.get(p.number, p.words)) for p in extracted.pages)
    return replace(extracted, pages=pages)


class PdfReader:
    """Text per page with running headers, footers and page numbers as furniture."""

    file_format = "pdf"
    extensions = (".pdf",)

    def __init__(self, ocr: Callable[[bytes, int], object] | None = None) -> None:
        self._ocr = ocr or ocr_pdf

    def read(self, data: bytes, path: Path) -> RawDocument:
        extracted = with_column_pages(data, extract_pdf(data))
        scanned = [p.number for p in extracted.pages if not p.words and p.images]
        if not scanned or (self._ocr is ocr_pdf and not ocr_available()):
            return layout_document(extracted)
        every_page = len(scanned) == len(extracted.pages)
        try:
            result = self._recognise(data, scanned, every_page)
        except OcrError as exc:
            if any(p.words for p in extracted.pages):
                doc = layout_document(extracted)
                return replace(
                    doc, warnings=(*doc.warnings, f"OCR of the scanned pages failed: {exc}")
                )
            raise IngestError(
                "no_text_layer", f"PDF has no text layer (scanned?) and {exc}"
            ) from exc
        ocred = with_column_pages(result.pdf, extract_pdf(result.pdf))
        confidence = result.confidence
        if not any(p.words for p in ocred.pages) or (
            confidence is not None and confidence < _MIN_OCR_CONFIDENCE
        ):
            if any(p.words for p in extracted.pages):
                return layout_document(extracted)
            raise IngestError(
                "no_text_layer",
                "PDF has no text layer and OCR found no readable text in it (a picture?)",
            )
        by_number = dict(zip(scanned, ocred.pages, strict=False))
        pages = tuple(
            replace(p, words=by_number[p.number].words) if p.number in by_number else p
            for p in extracted.pages
        )
        merged = replace(extracted, pages=pages)
        return layout_document(merged, ocr=True, ocr_confidence=confidence, ocr_pages=scanned)

    def _recognise(self, data: bytes, scanned: list[int], every_page: bool) -> OcrResult:
        """OCR of the scanned pages, or the kept result for the same page images."""
        folder = ocr_cache.CACHE_DIR.get()
        key = ocr_cache.pages_key(data, scanned) if folder is not None else ""
        if folder is not None:
            kept = ocr_cache.load(folder, key)
            if kept is not None:
                return kept
        only = data if every_page else pages_pdf(data, scanned)
        result = self._ocr(only, len(scanned))
        if folder is not None and isinstance(result, OcrResult):
            with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
                ocr_cache.save(folder, key, result)
        return result  # type: ignore[return-value]


def pages_pdf(data: bytes, numbers: list[int]) -> bytes:
    """A PDF of only the given pages (1-based), so OCR reads what it has to and no more."""
    source = pdfium.PdfDocument(data)
    target = pdfium.PdfDocument.new()
    try:
        target.import_pages(source, [n - 1 for n in numbers])
        buf = io.BytesIO()
        target.save(buf)
        return buf.getvalue()
    finally:
        target.close()
        source.close()


def layout_document(
    extracted: ExtractedPdf,
    ocr: bool = False,
    ocr_confidence: float | None = None,
    ocr_pages: list[int] | None = None,
) -> RawDocument:
    """Turn extracted word boxes into a RawDocument (pure; no PDF access)."""
    pages = extracted.pages
    if not pages or not any(p.words for p in pages):
        raise IngestError("no_text_layer", f"PDF has no text layer (scanned?); {INSTALL_HINT}")
    lines = [group_lines(p.words) for p in pages]
    repeated = repeated_margin_keys(lines)
    drafts: list[PageDraft] = []
    for page, page_lines in zip(pages, lines, strict=True):
        body = strip_margins(page_lines, repeated, len(pages))
        kept = {id(line) for line in body}
        first = next((i for i, line in enumerate(page_lines) if id(line) in kept), len(page_lines))
        head = tuple(ln.text for ln in page_lines[:first] if id(ln) not in kept)
        foot = tuple(ln.text for ln in page_lines[first:] if id(ln) not in kept)
        drafts.append(PageDraft(page.number, page_text(body, page.width), head, foot))
    warnings: list[str] = []
    if ocr:
        shown = f"{ocr_confidence:.0f}" if ocr_confidence is not None else "unknown"
        which = (
            "all pages"
            if not ocr_pages or len(ocr_pages) == len(pages)
            else ("page(s) " + ", ".join(map(str, ocr_pages)))
        )
        warnings.append(f"text of {which} recognised by OCR (mean word confidence {shown} of 100)")
    blank = [str(p.number) for p in pages if not p.words]
    if blank:
        warnings.append(
            f"page(s) {', '.join(blank)} have no text layer (scanned?); their text is missing"
        )
    return assemble(
        drafts,
        "pdf",
        title=extracted.title,
        warnings=warnings,
        ocr=ocr,
        ocr_confidence=ocr_confidence,
    )
