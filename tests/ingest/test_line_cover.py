"""The gutter search's coverage counts equal the plain per-x count they replaced."""

from __future__ import annotations

import math
import random

from pipeline.ingest.pdf_layout import Line, _line_cover


def plain_cover(lines: list[Line], lo: int, hi: int) -> list[int]:
    """Every covered x of every line, counted once per line (the former code)."""
    cover = [0] * (hi - lo + 1)
    for line in lines:
        covered = set()
        for w in line.words:
            start, end = max(lo, math.floor(float(w["x0"]))), min(hi, math.ceil(float(w["x1"])))
            covered.update(range(start, end + 1))
        for x in covered:
            cover[x - lo] += 1
    return cover


def random_lines(rng: random.Random, width: float) -> list[Line]:
    lines = []
    for _ in range(rng.randint(0, 40)):
        words = []
        for _ in range(rng.randint(1, 12)):
            x0 = rng.uniform(-20, width + 20)
            words.append(
                {"text": "w", "x0": x0, "x1": x0 + rng.uniform(0, 80), "top": 0.0, "bottom": 10.0}
            )
        lines.append(Line(tuple(sorted(words, key=lambda w: w["x0"]))))
    return lines


def test_line_cover_equals_the_plain_count_on_random_pages():
    rng = random.Random(7)
    for _ in range(400):
        width = rng.uniform(50, 900)
        lo, hi = int(width * 0.25), int(width * 0.75)
        lines = random_lines(rng, width)
        assert _line_cover(lines, lo, hi) == plain_cover(lines, lo, hi)


def test_touching_and_nested_words_are_counted_once_per_line():
    words = [
        {"text": "a", "x0": 10.0, "x1": 20.0, "top": 0.0, "bottom": 1.0},
        {"text": "b", "x0": 21.0, "x1": 30.0, "top": 0.0, "bottom": 1.0},
        {"text": "c", "x0": 12.0, "x1": 14.0, "top": 0.0, "bottom": 1.0},
    ]
    line = Line(tuple(words))
    assert _line_cover([line, line], 0, 40) == plain_cover([line, line], 0, 40)
    assert max(_line_cover([line, line], 0, 40)) == 2
