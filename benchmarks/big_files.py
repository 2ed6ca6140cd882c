"""Files at the size limit, made from the demo corpus (for the big-file benchmark and test).

    python -m benchmarks.big_files --mb 50 --out build/big

The demo documents' clean texts are repeated until the file has the wanted size; each copy
has its years shifted and a numbered closing line, so copies differ. The text file is plain
UTF-8 prose with blank lines between paragraphs; the HTML file wraps the same paragraphs
in a page with a menu, headings, lists and tables, the kind of markup a municipal site has.
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")


@cache
def demo_texts() -> tuple[str, ...]:
    """The clean texts of the readable demo documents."""
    from pipeline.ingest import read_document
    from pipeline.ingest.base import IngestError
    from pipeline.runs import discover

    texts = []
    for path in discover(RAW):
        try:
            texts.append(read_document(path).text)
        except IngestError:
            continue
    return tuple(texts)


def paragraphs() -> Iterator[tuple[int, str]]:
    """(copy number, paragraph) for ever: the demo paragraphs, copy after copy."""
    k = 0
    while True:
        for text in demo_texts():
            shifted = _YEAR.sub(lambda m, k=k: str(1990 + (int(m.group(1)) + k) % 35), text)
            for para in shifted.split("\n\n"):
                if para.strip():
                    yield k, para
            yield k, f"Avsnittet ingår i jämförelsefilen som nummer {k + 1}."
        k += 1


def write_text_file(path: Path, n_bytes: int) -> Path:
    """A UTF-8 text file of just under `n_bytes` bytes."""
    return _write(path, n_bytes, lambda k, para: para + "\n\n", "", "")


def write_html_file(path: Path, n_bytes: int) -> Path:
    """An HTML page of just under `n_bytes` bytes, its paragraphs in <main>."""
    head = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Nyheter - Kalix kommun"
        "</title></head><body><nav class='menu'><ul><li>Start</li><li>Näringsliv</li></ul>"
        "</nav><main>"
    )

    def block(k: int, para: str) -> str:
        lines = [html.escape(line) for line in para.split("\n")]
        if len(lines) == 1 and len(lines[0]) < 80:
            return f"<h2>{lines[0]}</h2>\n"
        if all(line.startswith("• ") for line in lines):
            items = "".join(f"<li>{line[2:]}</li>" for line in lines)
            return f"<ul>{items}</ul>\n"
        body = "<br>".join(lines)
        return (
            f"<div class='section'><p>{body}</p>"
            f"<table><tr><td>Avsnitt</td><td>{k + 1}</td></tr></table></div>\n"
        )

    return _write(path, n_bytes, block, head, "</main><footer>Kalix kommun</footer></body></html>")


def _write(path: Path, n_bytes: int, render, head: str, tail: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    size = len(head.encode()) + len(tail.encode())
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        for k, para in paragraphs():
            piece = render(k, para)
            n = len(piece.encode())
            if size + n > n_bytes:
                break
            fh.write(piece)
            size += n
        fh.write(tail)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--out", type=Path, default=Path("build/big"))
    args = parser.parse_args()
    n_bytes = int(args.mb * 1024 * 1024)
    for path in (
        write_text_file(args.out / "big.txt", n_bytes),
        write_html_file(args.out / "big.html", n_bytes),
    ):
        print(f"{path}: {path.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
