"""The bare script a researcher writes instead of kommunlens: read, run spaCy's NER, one table.

    python -m benchmarks.baseline --input DIR --output FILE.parquet [--model DIR] [--processes 2]

PDFs through pdfplumber (`page.extract_text()`), text files with `read_text`, HTML with
BeautifulSoup's `get_text`, DOCX with python-docx's paragraphs; then `nlp.pipe(n_process=2)`
with a default spaCy tok2vec + NER trained on news (`python -m training.baseline.train`), and
every entity as a row of one pandas table written to Parquet. No metadata, no dates or
amounts, no classification, no incremental re-runs: the yardstick of
benchmarks/side_by_side.py, not a tool.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import spacy

from training.baseline.train import model_dir


def read_text(path: Path) -> str:
    """A file's text the plain way, by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if suffix in {".html", ".htm"}:
        from bs4 import BeautifulSoup

        return BeautifulSoup(path.read_bytes(), "html.parser").get_text("\n")
    if suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8", errors="replace")


def texts(paths: list[Path]) -> Iterator[tuple[str, str]]:
    for path in paths:
        yield read_text(path), path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=model_dir())
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"no model at {args.model}: python -m training.baseline.train", file=sys.stderr)
        return 2
    nlp = spacy.load(args.model)
    nlp.max_length = 2_000_000
    paths = sorted(p for p in args.input.rglob("*") if p.is_file() and not p.name.startswith("."))
    rows = []
    docs = nlp.pipe(
        texts(paths), as_tuples=True, n_process=args.processes, batch_size=args.batch_size
    )
    for doc, name in docs:
        for ent in doc.ents:
            rows.append((name, ent.text, ent.label_, ent.start_char, ent.end_char))
    table = pd.DataFrame(rows, columns=["file", "text", "label", "start", "end"])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(args.output, index=False)
    print(f"{len(paths)} files, {len(table)} entities -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
