"""Stand-off anchors: find annotated text in a source document without storing the text.

The project's own annotation of the development corpus is kept as offsets into each
document's *source text* (a .txt file decoded, a PDF's text as pdfplumber extracts it), never
as copied sentences: texts under ../shared stay there. An annotated unit or quote is found
again by comparing both sides with whitespace, hyphens and bullets removed, which survives
changes in how the pipeline cleans and joins lines.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_SKIPPED = set(" \t\r\n\f\v\u00a0\u00ad\u200b\u2028\u2029-‐‑‒–—•·▪●◦‣■►▸➢✓*\uf0b7\uf0a7")


@dataclass(frozen=True)
class Normalised:
    """A text without the skipped characters, and for each kept character its offset."""

    text: str
    index: list[int]

    @classmethod
    def of(cls, text: str) -> Normalised:
        kept, index = [], []
        for i, ch in enumerate(text):  # callers pass NFC text (source_text does)
            if ch in _SKIPPED:
                continue
            kept.append(ch)
            index.append(i)
        return cls("".join(kept), index)

    def find_key(self, key: str, start: int = 0) -> int | None:
        """Position (in the normalised text) of a normalised key at or after source `start`."""
        if not key:
            return None
        from_pos = bisect.bisect_left(self.index, start)
        pos = self.text.find(key, from_pos)
        return None if pos < 0 else pos

    def find(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        """Source offsets (start, end) of `needle` at or after source offset `start`."""
        key = Normalised.of(needle).text
        pos = self.find_key(key, start)
        if pos is None:
            return None
        return self.source_span(pos, pos + len(key))

    def source_span(self, begin: int, end: int) -> tuple[int, int]:
        """Source offsets of normalised positions [begin, end)."""
        return self.index[begin], self.index[end - 1] + 1


def kept_before(text: str, offset: int) -> int:
    """How many characters of text[:offset] the normalisation keeps."""
    return len(Normalised.of(text[:offset]).text)


def source_text(path: Path) -> str:
    """The text an anchor refers to: a decoded text file, or a PDF's text (pdfplumber), in NFC
    (so that offsets into it are offsets into what Normalised indexes)."""
    path = Path(path)
    data = path.read_bytes()
    if path.suffix.lower() == ".pdf":
        import io

        import pdfplumber

        pages = []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()
        return unicodedata.normalize("NFC", "\n".join(pages))
    from pipeline.ingest.encoding import decode_bytes

    return unicodedata.normalize("NFC", decode_bytes(data)[0])
