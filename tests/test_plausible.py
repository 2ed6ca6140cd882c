"""pipeline.plausible: the bounds come from the resource file and say what is absurd."""

from __future__ import annotations

from pipeline.plausible import amount_warning, bounds
from pipeline.resources import load_json


def test_bounds_are_read_from_the_resource() -> None:
    data = load_json("plausible_values.json")
    b = bounds()
    assert (b.min_year, b.max_year) == (data["min_year"], data["max_year"])
    assert b.money_max_sek == float(data["money_max_sek"]) == 1e13
    assert b.percent_max == float(data["percent_max"]) == 1000


def test_amount_warning_only_past_the_bounds() -> None:
    assert amount_warning("money", 1e13) is None
    assert amount_warning("money", 1.5e13) is not None
    assert amount_warning("money", -2e13) is not None
    assert amount_warning("percent", 1000) is None
    assert "percentage" in (amount_warning("percent", 1e8) or "")
    assert amount_warning("quantity", 1e18) is None  # only money and percentages are bounded
