"""What makes an outcome comparable: its indicator from a small vocabulary, value and unit,
the year it refers to, and a baseline (the county's, the country's, last year's) when stated.

"Hallstahammar har klättrat 29 placeringar" is a ranking_change of 29, "Östersund på plats
120" a ranking_position, "sammanfattande omdöme 3,9 ... länet 3,2 ... riket 3,3" a
survey_grade 3.9 with baseline 3.2 (county). The words live in
resources/outcome_indicators.json.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.dataset.records import DateRecord
from pipeline.nlp.numbers import parse_number_word
from pipeline.resources import load_json

NUMBER_RE = re.compile(r"(?<![\d/.:-])(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?(?![\d/:-]|\.\d)")
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
WORD_RE = re.compile(r"[a-zåäöé]+")


@cache
def _vocab() -> dict:
    return load_json("outcome_indicators.json")


@dataclass(frozen=True)
class OutcomeFields:
    indicator: str
    value: float | None
    unit: str | None
    year: int | None
    baseline: float | None
    baseline_scope: str | None


def indicator_code(text: str) -> str:
    """The vocabulary code whose words occur first in the order of the resource."""
    low = f" {text.lower()} "
    vocab = _vocab()
    for code in vocab["order"]:
        words = vocab["words"][code]
        if not any(w in low for w in words):
            continue
        if code == "ranking_change":
            has_rank = any(w in low for w in vocab["words"]["ranking_position"] + ["placering"])
            if not (has_rank and any(w in low for w in vocab["change_words"])):
                continue
        return code
    return "other"


def numbers(text: str) -> list[tuple[int, float]]:
    """(position, value) of the numbers in a text that are not years."""
    out = []
    for m in NUMBER_RE.finditer(text):
        whole, frac = m.group(1).replace(" ", ""), m.group(2)
        if frac is None and YEAR_RE.match(whole):
            continue
        out.append((m.start(), float(f"{whole}.{frac}") if frac else float(whole)))
    ordinals = _vocab()["ordinals"]
    for m in WORD_RE.finditer(text.lower()):
        word = m.group(0)
        value = ordinals.get(word)
        if (
            value is None
            and m.start() > 0
            and text.lower()[max(0, m.start() - 6) : m.start()].strip().endswith("plats")
        ):
            value = parse_number_word(word)
        if value is not None:
            out.append((m.start(), float(value)))
    return sorted(out)


def baseline(text: str, value_pos: int | None) -> tuple[float | None, str | None]:
    """A number stated with a comparison scope ("länet 3,2", "3,3 i riket"); with several,
    the county's first (the comparison evaluators make), then last year's, then the country's."""
    low = text.lower()
    found = [(p, v) for p, v in numbers(text) if value_pos is None or p != value_pos]
    scopes = _vocab()["baseline_scopes"]
    for scope in ("county", "previous_year", "country"):
        best: tuple[int, float] | None = None
        for w in scopes[scope]:
            for m in re.finditer(re.escape(w), low):
                for pos, v in found:
                    distance = abs(pos - m.start())
                    if distance <= 25 and (best is None or distance < best[0]):
                        best = (distance, v)
        if best is not None:
            return best[1], scope
    return None, None


def year_of(dates: Sequence[DateRecord], published: dt.date | None) -> int | None:
    """The year a result refers to: the latest year its sentence names (not in the future of
    the document), else the document's year."""
    limit = published.year if published else None
    years = [d.date_end.year for d in dates if d.granularity in ("year", "day", "month", "range")]
    years = [y for y in years if limit is None or y <= limit]
    if years:
        return max(years)
    return limit


def outcome_fields(
    text: str, dates: Sequence[DateRecord], published: dt.date | None
) -> OutcomeFields:
    code = indicator_code(text)
    found = numbers(text)
    value_pos, value = found[0] if found else (None, None)
    till = re.search(r"\btill\b", text.lower())
    after = [(p, v) for p, v in found if till and p > till.start()]
    if after:  # "från 80 till 87,9": the result is the second number
        value_pos, value = after[0]
    base, scope = baseline(text, value_pos)
    if base is not None and value is not None and value == base and len(found) > 1:
        value_pos, value = found[1]
    unit = _vocab()["units"].get(code)
    return OutcomeFields(
        code, value, unit if value is not None else None, year_of(dates, published), base, scope
    )
