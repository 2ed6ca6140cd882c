"""Swedish numbers: parse "1 760 000", "87,9", "1.500" and number words; format them back.

Dates and amounts both need the same reading of Swedish digits (space, no-break space or
thin space as thousands separator, comma as decimal sign), so it lives here once.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from functools import cache
from typing import TypeVar

from pipeline.resources import load_json

T = TypeVar("T")

# Characters used between groups of three digits in Swedish text.
GROUP_SPACES = " \u00a0\u2009\u202f"
_MINUS = "-\u2212\u2013"

_GROUPED_RE = re.compile(
    rf"[{_MINUS}]?\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+(?:,\d+)?|[{_MINUS}]?\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?"
)
_PLAIN_RE = re.compile(rf"[{_MINUS}]?\d+(?:[.,]\d+)?|[{_MINUS}]?[.,]\d+")


@cache
def number_words() -> dict[str, int]:
    """Swedish number words ("fyra", "tjugo", "tusen") with their values, from amounts_sv.json."""
    data = load_json("amounts_sv.json")
    return {k.lower(): int(v) for k, v in data["number_words"].items()}


@cache
def _number_word_re() -> re.Pattern[str]:
    words = sorted(number_words(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def parse_number_word(word: str) -> int | None:
    """Value of a Swedish number word, also compounds ("tjugofem", "tvåhundra"); None if not one."""
    word = word.strip().lower()
    if not word:
        return None
    table = number_words()
    if word in table:
        return table[word]
    pieces: list[int] = []
    pos = 0
    pattern = _number_word_re()
    while pos < len(word):
        m = pattern.match(word, pos)
        if not m:
            return None
        pieces.append(table[m.group(0)])
        pos = m.end()
    total = 0
    current = 0
    for value in pieces:
        if value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total += (current or 1) * 1000
            current = 0
        else:
            rest = current % 100
            fresh = rest == 0
            after_tens = rest >= 20 and rest % 10 == 0 and value < 10
            if not (fresh or after_tens):
                return None
            current += value
    return total + current


def parse_swedish_number(text: str) -> float:
    """Read a number written the Swedish way; raise ValueError when the text is not one.

    "1 760 000" (any of the Swedish group spaces), "87,9", "1.500" (dot as thousands
    separator when followed by exactly three digits), "-3", and number words ("fyra").
    """
    s = text.strip()
    if not s:
        raise ValueError("empty number")
    if _GROUPED_RE.fullmatch(s):
        digits = re.sub(rf"[{GROUP_SPACES}.]", "", s)
    elif _PLAIN_RE.fullmatch(s):
        digits = s
    else:
        word_value = parse_number_word(s)
        if word_value is None:
            raise ValueError(f"not a Swedish number: {text!r}")
        return float(word_value)
    digits = digits.replace(",", ".")
    if digits[0] in _MINUS:
        digits = "-" + digits[1:]
    return float(digits)


def _plain_digits(value: float, decimals: int | None) -> str:
    """Digits with '.' as decimal sign, no exponent, no trailing zeros unless decimals is set."""
    if decimals is not None:
        s = f"{value:.{decimals}f}"
    else:
        s = format(Decimal(repr(float(value))), "f")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
    if s.startswith("-") and s.strip("-0.") == "":
        s = s[1:]
    return s


def format_swedish_number(value: float, decimals: int | None = None) -> str:
    """Write a number the Swedish way: "1 760 000", "87,9" (space groups, comma decimals)."""
    s = _plain_digits(value, decimals)
    sign = ""
    if s.startswith("-"):
        sign, s = "-", s[1:]
    whole, _, frac = s.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + " ".join(groups)
    return f"{out},{frac}" if frac else out


def format_value_number(value: float) -> str:
    """Number in the value format of CONVENTIONS.md: "1760000", "87.9", whole numbers bare."""
    return _plain_digits(value, None)


def longest_non_overlapping(candidates: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """Keep the longest of overlapping (start, end, value) spans, earliest first on ties.

    Shared by the date and amount finders; the result is sorted by start.
    """
    ordered = sorted(candidates, key=lambda c: (c[0] - c[1], c[0]))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[tuple[int, int, T]] = []
    for cand in ordered:
        start, end = cand[0], cand[1]
        i = bisect.bisect_left(starts, end)
        if i > 0 and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append(cand)
    kept.sort(key=lambda c: c[0])
    return kept
