"""Page layout from word boxes: lines, columns, running headers/footers, paragraphs.

Pure functions over the word dicts pdfplumber returns (text, x0, x1, top, bottom), so
the layout rules are tested without PDFs and the slow extraction runs once per file.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from pipeline.ingest.clean import is_list_line, join_pair

Word = dict[str, Any]

_LINE_TOLERANCE = 3.0  # points: words whose tops differ less share a line
_MARGIN_ZONE = 2  # lines at the top and at the bottom of a page that may be running text
_MIN_GUTTER = 8.0  # points of empty vertical band between two columns
_PARAGRAPH_GAP = 0.4  # extra space (in line heights) over the usual leading starts a paragraph
_CID = re.compile(r"\(cid:\d+\)")
_LEADING_CID = re.compile(r"^\(cid:\d+\)\s*")
_WRAP_SLACK = 0.15  # a line reaching this close to the right edge was wrapped
_WRAP_MIN_WORDS = 6  # ...if it is prose, not a short list entry
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—]?\s*(?P<n1>\d{1,4})\s*[-–—]?                           # 3, - 3 -
      | (?:sida|sid\.|s\.|page|p\.)\s*(?P<n2>\d{1,4})(?:\s*(?:av|of|/)\s*\d{1,4})?  # Sida 3 av 5
      | (?P<n3>\d{1,4})\s*(?:\(\s*\d{1,4}\s*\)|(?:/|av|of)\s*\d{1,4})  # 3 (5), 3/5, 3 av 5
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Line:
    """Words that share a baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return fix_cid_glyphs(" ".join(str(w["text"]) for w in self.words))

    @property
    def x0(self) -> float:
        return min(float(w["x0"]) for w in self.words)

    @property
    def x1(self) -> float:
        return max(float(w["x1"]) for w in self.words)

    @property
    def top(self) -> float:
        return min(float(w["top"]) for w in self.words)

    @property
    def bottom(self) -> float:
        return max(float(w["bottom"]) for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top


def fix_cid_glyphs(text: str) -> str:
    """pdfminer writes '(cid:127)' for glyphs it cannot map; at a line start that is a bullet."""
    text = _LEADING_CID.sub("• ", text)
    return " ".join(_CID.sub("", text).split())


def group_lines(words: Iterable[Word], tolerance: float = _LINE_TOLERANCE) -> list[Line]:
    """Cluster words into lines by their top edge, top to bottom."""
    ordered = sorted(words, key=lambda w: (float(w["top"]), float(w["x0"])))
    rows: list[list[Word]] = []
    for word in ordered:
        if rows and abs(float(word["top"]) - float(rows[-1][0]["top"])) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [Line(tuple(sorted(row, key=lambda w: float(w["x0"])))) for row in rows]


def is_page_number_line(text: str, max_page: int | None = None) -> bool:
    """'3', '- 3 -', 'Sida 3 av 5', '3 (5)'; a bare number must be a plausible page."""
    match = _PAGE_NUMBER.match(" ".join(text.split()))
    if not match:
        return False
    bare = match.group("n1")
    return not (bare and max_page is not None and int(bare) > 2 * max_page + 10)


def margin_key(text: str) -> str:
    """Running headers differ only in their page number: compare with digits as '#'."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _margin_lines(lines: Sequence[Line], zone: int = _MARGIN_ZONE) -> list[Line]:
    """The first and last `zone` lines; fewer on short pages so body text is not taken."""
    zone = min(zone, max(1, len(lines) // 3))
    if len(lines) <= 2 * zone:
        return list(lines)
    return [*lines[:zone], *lines[-zone:]]


def repeated_margin_keys(pages: Sequence[Sequence[Line]], zone: int = _MARGIN_ZONE) -> set[str]:
    """Keys of lines found at the top or bottom of most pages (at least two)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({margin_key(line.text) for line in _margin_lines(lines, zone)})
    needed = max(2, math.ceil(0.5 * len(pages)))
    return {key for key, n in counts.items() if n >= needed}


def strip_margins(
    lines: Sequence[Line], repeated: set[str], n_pages: int, zone: int = _MARGIN_ZONE
) -> list[Line]:
    """Drop running headers/footers and page-number lines from the page's margins."""
    margin = {id(line) for line in _margin_lines(lines, zone)}
    return [
        line
        for line in lines
        if id(line) not in margin
        or not (margin_key(line.text) in repeated or is_page_number_line(line.text, n_pages))
    ]


def find_gutter(lines: Sequence[Line], width: float) -> float | None:
    """The x of an empty vertical band that splits the page into two text columns."""
    if len(lines) < 6 or width <= 0:
        return None
    lo, hi = int(width * 0.25), int(width * 0.75)
    cover = _line_cover(lines, lo, hi)
    allowance = max(1, len(lines) // 6)  # full-width headings may cross the gutter
    best: tuple[int, int] | None = None
    start = None
    for i, n in enumerate([*cover, allowance + 1]):
        if n <= allowance and start is None:
            start = i
        elif n > allowance and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < _MIN_GUTTER:
        return None
    gutter = lo + (best[0] + best[1]) / 2
    return gutter if _looks_like_columns(lines, gutter) else None


def _line_cover(lines: Sequence[Line], lo: int, hi: int) -> list[int]:
    """For each x in lo..hi, how many lines have a word over it.

    Each line's word spans are merged first, then counted with a difference array: the
    same counts as adding every covered x of every line, without touching each x.
    """
    diff = [0] * (hi - lo + 2)
    for line in lines:
        spans = sorted(
            (max(lo, math.floor(float(w["x0"]))), min(hi, math.ceil(float(w["x1"]))))
            for w in line.words
        )
        run_start, run_end = None, None
        for start, end in spans:
            if start > end:  # outside the band
                continue
            if run_end is not None and start <= run_end + 1:
                run_end = max(run_end, end)
                continue
            if run_start is not None:
                diff[run_start - lo] += 1
                diff[run_end - lo + 1] -= 1
            run_start, run_end = start, end
        if run_start is not None:
            diff[run_start - lo] += 1
            diff[run_end - lo + 1] -= 1
    return list(itertools.accumulate(diff[:-1]))


def _looks_like_columns(lines: Sequence[Line], gutter: float) -> bool:
    """Text columns, not a two-column table or a short left-aligned list."""
    left = [ln for ln in _split_words(lines, gutter)[0] if ln.words]
    right = [ln for ln in _split_words(lines, gutter)[1] if ln.words]
    if len(left) < 3 or len(right) < 3:
        return False
    if median(len(ln.words) for ln in left) < 3 or median(len(ln.words) for ln in right) < 3:
        return False
    left_x0 = min(ln.x0 for ln in left)
    return median(ln.x1 for ln in left) >= left_x0 + 0.6 * (gutter - left_x0)


def _crosses(line: Line, gutter: float) -> bool:
    return any(float(w["x0"]) < gutter < float(w["x1"]) for w in line.words)


def _split_words(lines: Sequence[Line], gutter: float) -> tuple[list[Line], list[Line]]:
    words = [w for line in lines if not _crosses(line, gutter) for w in line.words]
    left = [w for w in words if (float(w["x0"]) + float(w["x1"])) / 2 < gutter]
    right = [w for w in words if (float(w["x0"]) + float(w["x1"])) / 2 >= gutter]
    return group_lines(left), group_lines(right)


def reading_order(lines: Sequence[Line], width: float) -> list[list[Line]]:
    """Blocks of lines in reading order: left column, then right, full-width lines between."""
    gutter = find_gutter(lines, width)
    if gutter is None:
        return [list(lines)] if lines else []
    blocks: list[list[Line]] = []
    segment: list[Line] = []

    def flush() -> None:
        if segment:
            left, right = _split_words(segment, gutter)
            blocks.extend(b for b in (left, right) if b)
            segment.clear()

    for line in lines:
        if _crosses(line, gutter):
            flush()
            blocks.append([line])
        else:
            segment.append(line)
    flush()
    return blocks


def block_text(lines: Sequence[Line]) -> str:
    """Lines of one column block as paragraphs: wrapped lines joined, gaps kept as blank lines."""
    if not lines:
        return ""
    spaces = sorted(max(0.0, b.top - a.bottom) for a, b in itertools.pairwise(lines))
    usual = spaces[len(spaces) // 4] if spaces else 0.0  # lower quartile: ordinary leading
    left = min(line.x0 for line in lines)
    # The column's right edge, robust to one long bold title line: 80th percentile of ends.
    ends = sorted(line.x1 for line in lines)
    right = ends[min(len(ends) - 1, int(0.8 * len(ends)))]
    out = lines[0].text
    for prev, line in itertools.pairwise(lines):
        text = line.text
        height = min(prev.height, line.height) or 1.0
        if line.top - prev.bottom > max(0.5 * height, usual + _PARAGRAPH_GAP * height):
            out += "\n\n" + text
            continue
        current_line = out.rsplit("\n", 1)[-1]
        joined = join_pair(current_line, text)
        # A prose line that runs to the right edge was wrapped: the paragraph goes on.
        wrapped = (
            prev.x1 >= right - _WRAP_SLACK * (right - left) and len(prev.words) >= _WRAP_MIN_WORDS
        )
        if joined is not None:
            out = out[: len(out) - len(current_line)] + joined
        elif wrapped and not is_list_line(text):
            out += " " + text
        else:
            out += "\n" + text
    return out


def page_text(lines: Sequence[Line], width: float) -> str:
    """Clean-able text of one page from its (margin-stripped) lines."""
    return "\n\n".join(t for t in (block_text(b) for b in reading_order(lines, width)) if t)
