"""Pages of a plain-text file: form feeds, or the page numbers a web viewer left in.

Texts saved from PDF viewers keep their pages as paragraphs that open with the page number
("1 PAJALA KOMMUN ...", "2(55) Ärendelista ...", a lone "(2)"). When such openings count
1, 2, 3 ... in order and look like pages (long paragraphs, or a "2(55)" counter), the text
is split there and each number goes on a line of its own, where it is furniture.
"""

from __future__ import annotations

import itertools
import re
from statistics import median

from pipeline.ingest.markup import PAGE_BREAK

_OPENING = re.compile(r"^(\d{1,3})(\s?\(\s?\d{1,4}\s?\))?(?:\s+(?=\S)|$)")
_LONE = re.compile(r"^\((\d{1,3})\)$")
_MIN_PAGE_CHARS = 150


def split_pages(text: str) -> list[str]:
    """The text's pages (one when it shows none)."""
    if PAGE_BREAK in text:
        return text.split(PAGE_BREAK)
    lines = text.split("\n")
    starts = _numbered_starts(lines)
    if not starts:
        return [text]
    pages: list[str] = []
    bounds = [*starts, len(lines)]
    head = "\n".join(lines[: starts[0]])
    for n, (a, b) in enumerate(itertools.pairwise(bounds)):
        first = lines[a].strip()
        m = _OPENING.match(first)
        if m and not m.group(2) and m.end() < len(first):  # "1 PAJALA ..." -> "1" / "PAJALA ..."
            first = first[: m.end()].strip() + "\n" + first[m.end() :]
        body = "\n".join([first, *lines[a + 1 : b]])
        # Two blank lines: the cleaner never glues the viewer's text to the first page.
        pages.append(f"{head}\n\n\n{body}" if n == 0 and head.strip() else body)
    return pages


def _numbered_starts(lines: list[str]) -> list[int]:
    """Indexes of the lines that open pages 1, 2, 3 ..., or [] when there is no such run."""
    for pattern, needs_length in ((_LONE, False), (_OPENING, True)):
        starts: list[int] = []
        counter = 0
        expected = 1
        for i, line in enumerate(lines):
            m = pattern.match(line.strip())
            if m and int(m.group(1)) == expected:
                starts.append(i)
                expected += 1
                counter += bool(pattern is _OPENING and m.group(2))
        if len(starts) < 2:
            continue
        if needs_length and counter < len(starts) // 2 + 1:
            lengths = [len(lines[i]) for i in starts]
            if median(lengths) < _MIN_PAGE_CHARS:
                continue
        return starts
    return []
