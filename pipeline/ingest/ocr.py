"""OCR of scanned PDFs with OCRmyPDF and Tesseract's Swedish model, when they are installed.

OCRmyPDF adds a text layer to the pages that have none (`--skip-text`); the result is read
like any other PDF, so OCR text gets the same layout analysis. The mean word confidence is
taken from the hOCR files Tesseract writes (kept with `-k` inside our own temporary folder).
Nothing from the document is ever executed: ocrmypdf runs as an argument list, without a
shell, with a timeout, in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

INSTALL_HINT = (
    "install OCR to read it (Debian/Ubuntu: apt-get install ocrmypdf tesseract-ocr "
    "tesseract-ocr-swe) or run ocrmypdf on the file first"
)
LANGUAGE = "swe"
BASE_TIMEOUT_S = 120.0
PER_PAGE_TIMEOUT_S = 30.0
_WCONF = re.compile(r"x_wconf (\d{1,3})")


class OcrError(Exception):
    """OCR was available but failed on this file; the message is one line."""


@dataclass(frozen=True)
class OcrResult:
    pdf: bytes  # the PDF with a text layer added
    confidence: float | None  # mean word confidence, 0..100, when Tesseract reported it


@cache
def ocr_tools() -> dict[str, bool]:
    """Which OCR parts are installed: ocrmypdf, tesseract, and Tesseract's Swedish data."""
    tesseract = shutil.which("tesseract")
    swedish = False
    if tesseract:
        try:
            listed = subprocess.run(
                [tesseract, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
            ).stdout
            swedish = LANGUAGE in listed.split()
        except (OSError, subprocess.SubprocessError):
            swedish = False
    return {
        "ocrmypdf": shutil.which("ocrmypdf") is not None,
        "tesseract": tesseract is not None,
        "swedish": swedish,
    }


def ocr_available() -> bool:
    return all(ocr_tools().values())


def ocr_pdf(data: bytes, n_pages: int, timeout: float | None = None) -> OcrResult:
    """The PDF with a text layer on its pages that had none, or OcrError."""
    exe = shutil.which("ocrmypdf")
    if exe is None or not ocr_available():
        raise OcrError(f"OCR is not installed; {INSTALL_HINT}")
    limit = timeout if timeout is not None else BASE_TIMEOUT_S + PER_PAGE_TIMEOUT_S * n_pages
    with tempfile.TemporaryDirectory(prefix="kommunlens-ocr-") as tmp:
        folder = Path(tmp)
        source, target = folder / "in.pdf", folder / "out.pdf"
        source.write_bytes(data)
        args = [
            exe,
            "--quiet",
            "--language",
            LANGUAGE,
            "--skip-text",
            "--pdf-renderer",
            "hocr",
            "--output-type",
            "pdf",
            "--optimize",
            "0",
            "--jobs",
            "1",
            "--keep-temporary-files",
            str(source),
            str(target),
        ]
        env = {**os.environ, "TMPDIR": str(folder), "TMP": str(folder), "TEMP": str(folder)}
        try:
            done = subprocess.run(
                args, capture_output=True, text=True, timeout=limit, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise OcrError(f"OCR took longer than {limit:.0f} s and was stopped") from exc
        except OSError as exc:
            raise OcrError(f"OCR could not start: {exc}") from exc
        if done.returncode != 0 or not target.exists():
            detail = " ".join((done.stderr or "").split())[-160:] or f"exit code {done.returncode}"
            raise OcrError(f"OCR failed ({detail})")
        return OcrResult(target.read_bytes(), _mean_confidence(folder))


def _mean_confidence(folder: Path) -> float | None:
    values: list[int] = []
    for hocr in sorted(folder.rglob("*.hocr")):
        try:
            values.extend(int(v) for v in _WCONF.findall(hocr.read_text("utf-8", "replace")))
        except OSError:
            continue
    return round(sum(values) / len(values), 1) if values else None
