"""OCR results kept by what the scanned pages show, not by the file's bytes.

OCR is by far the costliest step (seconds a page against milliseconds for a text layer).
The ingest cache is keyed by the file's hash, so the same scan saved again with other
metadata, or attached to another document, would be recognised again. Here the key is the
scanned pages' images themselves (their bytes, boxes and page sizes) and the OCR settings,
so the same pages are recognised once per output folder. Entries are data only: the PDF
with its text layer (read by PDFium like any input) and a small JSON with the confidence.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.atomic import atomic_write_bytes
from pipeline.ingest.ocr import LANGUAGE, OcrResult

OCR_CACHE_VERSION = "1"  # bump when ocr.py changes how a page is recognised

# The folder of the run's cache, set by parse_document around one read (readers keep the
# two-argument read(data, path) of every format).
CACHE_DIR: ContextVar[Path | None] = ContextVar("ocr_cache_dir", default=None)


@contextlib.contextmanager
def cache_in(folder: Path | None) -> Iterator[None]:
    """OCR results of the reads inside this block are kept under folder/ocr."""
    token = CACHE_DIR.set(Path(folder) / "ocr" if folder is not None else None)
    try:
        yield
    finally:
        CACHE_DIR.reset(token)


def pages_key(data: bytes, numbers: list[int]) -> str:
    """A hash of what the given pages (1-based) show: page sizes, image boxes and bytes."""
    digest = hashlib.sha256(f"{OCR_CACHE_VERSION}|{LANGUAGE}|".encode())
    pdf = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                digest.update(f"page {number}: {page.get_size()!r}".encode())
                for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
                    digest.update(repr(image.get_bounds()).encode())
                    digest.update(bytes(image.get_data(decode_simple=False)))
            finally:
                page.close()
    finally:
        pdf.close()
    return digest.hexdigest()


def load(folder: Path, key: str) -> OcrResult | None:
    """A kept result, or None when there is none or it cannot be read (then OCR runs)."""
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        pdf = (folder / f"{key}.pdf").read_bytes()
    except (OSError, ValueError):
        return None
    confidence = meta.get("confidence") if isinstance(meta, dict) else None
    if confidence is not None and not isinstance(confidence, int | float):
        return None
    if not pdf.startswith(b"%PDF"):
        return None
    return OcrResult(pdf, float(confidence) if confidence is not None else None)


def save(folder: Path, key: str, result: OcrResult) -> None:
    """Keep a result (PDF first, its JSON last, each written whole and renamed into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(folder / f"{key}.pdf", result.pdf, prefix=".tmp-")
    atomic_write_bytes(
        folder / f"{key}.json",
        json.dumps({"confidence": result.confidence}).encode(),
        prefix=".tmp-",
    )
