"""Benchmark PDF reading: pages per second through PDFium's text layer and through pdfplumber.

    python -m benchmarks.pdf_benchmark [--input DIR ...] [--repeat 3]

For every PDF under the input folders (default: ../shared/corpus/dev when it exists, else
data/raw and tests/fixtures/ingest) it times, with the best of --repeat runs:
- `extract_pdf`: PDFium word boxes of every page (what a run does for every PDF);
- `plumber_words`: pdfplumber's word boxes of every page (what a run does only for pages laid
  out in two columns, and what every page cost before);
- `read`: the whole reader (PDFium, two-column pages again through pdfplumber, layout, clean
  text and furniture; OCR of scanned pages excluded);
and prints pages/s for each. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.ingest.pdf_reader import (
    extract_pdf,
    layout_document,
    plumber_words,
    with_column_pages,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEV = REPO.parent / "shared" / "corpus" / "dev"


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", type=Path, nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    folders = args.input or (
        [DEFAULT_DEV]
        if DEFAULT_DEV.is_dir()
        else [REPO / "data/raw", REPO / "tests/fixtures/ingest"]
    )
    files = sorted(p for f in folders for p in f.glob("*.pdf"))
    total = {"pages": 0, "pdfium": 0.0, "pdfplumber": 0.0, "read": 0.0}
    print(f"{'file':<52}{'pages':>6}{'PDFium p/s':>12}{'pdfplumber p/s':>16}{'reader p/s':>12}")
    for path in files:
        data = path.read_bytes()
        try:
            extracted = extract_pdf(data)
        except Exception as exc:  # corrupt or encrypted fixtures
            print(f"{path.name[:50]:<52} skipped ({type(exc).__name__})")
            continue
        n = len(extracted.pages)
        if not any(p.words for p in extracted.pages):
            print(f"{path.name[:50]:<52}{n:>6}  no text layer (OCR not timed)")
            continue
        fast = _best(lambda d=data: extract_pdf(d), args.repeat)
        slow = _best(lambda d=data, k=n: plumber_words(d, set(range(1, k + 1))), 1)
        whole = _best(
            lambda d=data: layout_document(with_column_pages(d, extract_pdf(d))), args.repeat
        )
        total["pages"] += n
        total["pdfium"] += fast
        total["pdfplumber"] += slow
        total["read"] += whole
        print(f"{path.name[:50]:<52}{n:>6}{n / fast:>12.0f}{n / slow:>16.1f}{n / whole:>12.0f}")
    if total["pages"]:
        pages = total["pages"]
        print(
            f"{'all':<52}{pages:>6}{pages / total['pdfium']:>12.0f}"
            f"{pages / total['pdfplumber']:>16.1f}{pages / total['read']:>12.0f}"
        )


if __name__ == "__main__":
    main()
