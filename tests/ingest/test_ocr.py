"""Scanned PDFs: OCR when it is installed, a clear error that says how to install it if not.

The scanned page is made here: Swedish text drawn with reportlab, rendered to an image with
PDFium, saved as an image-only PDF. The OCR test skips when Tesseract with Swedish data and
OCRmyPDF are not installed (CI installs them, see .ci/run).
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.ingest import IngestError, ocr, ocr_cache
from pipeline.ingest.pdf_reader import PdfReader

LINES = [
    "Kommunstyrelsen beslutade att stödja",
    "företagen i Älvsbyn med ett nytt program.",
    "Näringslivsrådet träffas fyra gånger per år.",
]


def scanned_pdf() -> bytes:
    """An image-only PDF of one page of Swedish text (no text layer): the text PDF, rendered."""
    pdf = pdfium.PdfDocument(_text_pdf())
    try:
        image = pdf[0].render(scale=300 / 72).to_pil().convert("L")
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=300)
    return out.getvalue()


def test_the_rendered_page_has_no_text_layer() -> None:
    pdf = pdfium.PdfDocument(scanned_pdf())
    try:
        assert pdf[0].get_textpage().count_chars() == 0
    finally:
        pdf.close()


@pytest.mark.skipif(not ocr.ocr_available(), reason="ocrmypdf/tesseract with Swedish not installed")
def test_scanned_page_is_read_with_ocr() -> None:
    doc = PdfReader().read(scanned_pdf(), None)  # type: ignore[arg-type]
    assert doc.ocr is True
    assert doc.ocr_confidence is not None and 60 <= doc.ocr_confidence <= 100
    words = set(doc.text.lower().split())
    for word in ("kommunstyrelsen", "företagen", "älvsbyn", "näringslivsrådet", "gånger"):
        assert word in words, (word, doc.text)
    assert any("OCR" in w for w in doc.warnings)


def test_without_ocr_a_scanned_pdf_is_one_clear_error(monkeypatch) -> None:
    monkeypatch.setattr("pipeline.ingest.pdf_reader.ocr_available", lambda: False)
    with pytest.raises(IngestError) as err:
        PdfReader().read(scanned_pdf(), None)  # type: ignore[arg-type]
    assert err.value.error_type == "no_text_layer"
    assert "apt-get install ocrmypdf tesseract-ocr tesseract-ocr-swe" in err.value.message
    assert "\n" not in err.value.message


def test_a_failing_ocr_is_an_error_row_not_a_crash() -> None:
    def broken(data: bytes, n_pages: int) -> ocr.OcrResult:
        raise ocr.OcrError("OCR failed (exit code 2)")

    with pytest.raises(IngestError) as err:
        PdfReader(ocr=broken).read(scanned_pdf(), None)  # type: ignore[arg-type]
    assert err.value.error_type == "no_text_layer"
    assert "OCR failed" in err.value.message


def test_the_same_scanned_pages_are_recognised_once_per_cache(tmp_path) -> None:
    """A scan saved again with other metadata is not recognised again (ocr_cache.py)."""
    calls: list[int] = []
    counting = _counting_ocr(calls, 88.0)
    scan = scanned_pdf()
    other = _with_new_metadata(scan)
    assert other != scan
    reader = PdfReader(ocr=counting)
    with ocr_cache.cache_in(tmp_path):
        first = reader.read(scan, None)  # type: ignore[arg-type]
        second = reader.read(other, None)  # type: ignore[arg-type]
    assert calls == [1]
    assert first.text == second.text and "Älvsbyn" in second.text
    assert second.ocr and second.ocr_confidence == 88.0
    reader.read(scan, None)  # type: ignore[arg-type]  # outside the block: no cache
    assert calls == [1, 1]


def test_an_unreadable_cache_entry_means_ocr_again(tmp_path) -> None:
    calls: list[int] = []
    counting = _counting_ocr(calls, 90.0)
    scan = scanned_pdf()
    with ocr_cache.cache_in(tmp_path):
        PdfReader(ocr=counting).read(scan, None)  # type: ignore[arg-type]
        for entry in (tmp_path / "ocr").glob("*.pdf"):
            entry.write_bytes(b"not a pdf")
        PdfReader(ocr=counting).read(scan, None)  # type: ignore[arg-type]
    assert calls == [1, 1]


def _counting_ocr(calls: list[int], confidence: float):
    """A stand-in for OCR that records each call and returns the page with a text layer."""

    def counting(data: bytes, n_pages: int) -> ocr.OcrResult:
        calls.append(n_pages)
        return ocr.OcrResult(_text_pdf(), confidence)

    return counting


def _text_pdf() -> bytes:
    """What OCR would give back: the page with a text layer."""
    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4)
    page.setFont("Helvetica", 16)
    for i, line in enumerate(LINES):
        page.drawString(72, A4[1] - 100 - 28 * i, line)
    page.save()
    return buf.getvalue()


def _with_new_metadata(data: bytes) -> bytes:
    pdf = pdfium.PdfDocument(data)
    try:
        buf = io.BytesIO()
        pdf.save(buf, version=17)
        return buf.getvalue()
    finally:
        pdf.close()
