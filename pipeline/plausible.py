"""Which values are plausible enough to store as numbers (resources/plausible_values.json).

A misread or hostile text ("1 000 000 000 000 000 000 kr", "100000000 procent") must not
become a number that then dominates every total: such an amount keeps its text, gets
`value` null and a `warning`, and is left out of every sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json


@dataclass(frozen=True)
class Bounds:
    min_year: int
    max_year: int
    money_max_sek: float
    percent_max: float


@cache
def bounds() -> Bounds:
    data = load_json("plausible_values.json")
    return Bounds(
        int(data["min_year"]),
        int(data["max_year"]),
        float(data["money_max_sek"]),
        float(data["percent_max"]),
    )


def amount_warning(kind: str, value: float) -> str | None:
    """Why an amount's value is not stored, or None when it is plausible."""
    b = bounds()
    if kind == "money" and abs(value) > b.money_max_sek:
        return f"implausible amount of money (over {b.money_max_sek:.0e} SEK); kept as text"
    if kind == "percent" and abs(value) > b.percent_max:
        return f"implausible percentage (over {b.percent_max:g} %); kept as text"
    return None
