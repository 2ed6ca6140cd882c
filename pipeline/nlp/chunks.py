"""Split long texts at line breaks so no piece exceeds what spaCy is asked to hold."""

from __future__ import annotations

from collections.abc import Iterator

DEFAULT_CHUNK_CHARS = 100_000


def chunk_text(text: str, max_chars: int = DEFAULT_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering the text; pieces end at a line break when one exists.

    Lines always end sentences in this pipeline, so cutting at a line break
    never cuts a sentence; a single line longer than max_chars is cut at a
    space.
    """
    start = 0
    n = len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            cut = text.rfind("\n", start + 1, end)
            if cut == -1:
                cut = text.rfind(" ", start + 1, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end
