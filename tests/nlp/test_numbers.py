"""Tests for pipeline.nlp.numbers: reading and writing numbers the Swedish way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.nlp.numbers import (
    format_swedish_number,
    format_value_number,
    longest_non_overlapping,
    parse_number_word,
    parse_swedish_number,
)

PARSE_CASES = [
    ("1 760 000", 1760000.0),
    ("1\u00a0760\u00a0000", 1760000.0),
    ("1\u2009760\u2009000", 1760000.0),
    ("1\u202f760\u202f000", 1760000.0),
    ("87,9", 87.9),
    ("2,5", 2.5),
    ("1.500", 1500.0),
    ("12.345.678", 12345678.0),
    ("87.9", 87.9),
    ("-3", -3.0),
    ("\u22123", -3.0),
    ("0", 0.0),
    ("650", 650.0),
    ("1 500,25", 1500.25),
    ("fyra", 4.0),
    ("tjugo", 20.0),
    ("Tolv", 12.0),
    ("tjugofem", 25.0),
    ("tvåhundra", 200.0),
    ("hundra", 100.0),
    ("tusen", 1000.0),
    ("  39 ", 39.0),
]


@pytest.mark.parametrize(("text", "value"), PARSE_CASES)
def test_parse_swedish_number(text: str, value: float) -> None:
    assert parse_swedish_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1 76 000", "12,", "entre", "femfem", "1,2,3", "--3"])
def test_parse_swedish_number_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_swedish_number(text)


def test_parse_number_word_none_for_other_words() -> None:
    assert parse_number_word("kommun") is None
    assert parse_number_word("fyrtiotvå") == 42


FORMAT_CASES = [
    (1760000, None, "1 760 000", "1760000"),
    (87.9, None, "87,9", "87.9"),
    (2.5, None, "2,5", "2.5"),
    (12.5, None, "12,5", "12.5"),
    (1000.0, None, "1 000", "1000"),
    (999, None, "999", "999"),
    (-3, None, "-3", "-3"),
    (-1234567.5, None, "-1 234 567,5", "-1234567.5"),
    (0.0, None, "0", "0"),
    (-0.0, None, "0", "0"),
    (1e15, None, "1 000 000 000 000 000", "1000000000000000"),
    (87.94, 1, "87,9", None),
    (3, 2, "3,00", None),
]


@pytest.mark.parametrize(("value", "decimals", "swedish", "plain"), FORMAT_CASES)
def test_format_numbers(
    value: float, decimals: int | None, swedish: str, plain: str | None
) -> None:
    assert format_swedish_number(value, decimals) == swedish
    if plain is not None:
        assert format_value_number(value) == plain


def test_longest_non_overlapping_keeps_longest_then_sorts() -> None:
    spans = [(0, 4, "a"), (2, 10, "b"), (12, 14, "c"), (10, 12, "d"), (11, 13, "e")]
    assert longest_non_overlapping(spans) == [(2, 10, "b"), (10, 12, "d"), (12, 14, "c")]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(n: int) -> None:
    text = format_swedish_number(n)
    assert parse_swedish_number(text) == n
    assert format_value_number(float(n)) == str(n)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimals_round_trip(whole: int, hundredths: int) -> None:
    value = float(f"{whole}.{hundredths:02d}".rstrip("0"))
    text = format_swedish_number(value)
    assert "," in text
    assert parse_swedish_number(text) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["\u00a0", "\u2009", "\u202f"]))
def test_any_group_space_parses(n: int, space: str) -> None:
    assert parse_swedish_number(format_swedish_number(n).replace(" ", space)) == n
