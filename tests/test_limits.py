"""pipeline.limits: where a long text is cut, and what the document is told."""

from __future__ import annotations

from pipeline.limits import (
    cut_point,
    is_truncation_warning,
    limits,
    truncation_warning,
)
from pipeline.resources import load_json


def test_limits_come_from_the_resource() -> None:
    data = load_json("limits.json")
    assert limits().max_text_chars == data["max_text_chars"]
    assert limits().max_sentence_chars == data["max_sentence_chars"]


def test_cut_point_prefers_a_line_break_then_a_space() -> None:
    text = "första raden\nandra raden är längre än gränsen"
    assert cut_point(text, 1000) == len(text)
    assert text[: cut_point(text, 20)] == "första raden\n"
    words = "ett två tre fyra fem sex"
    assert words[: cut_point(words, 14)] == "ett två tre "
    assert cut_point("x" * 50, 10) == 10  # no break anywhere: a hard cut


def test_truncation_warning_is_one_recognisable_line() -> None:
    warning = truncation_warning(1_999_990, 52_428_800, 2_000_000)
    assert "\n" not in warning and is_truncation_warning(warning)
    assert "1 999 990 of 52 428 800" in warning and "limit 2 000 000" in warning
    assert not is_truncation_warning("not UTF-8; decoded as cp1252")
