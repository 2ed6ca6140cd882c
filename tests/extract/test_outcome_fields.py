"""Outcome indicators from the vocabulary, values, baselines and years."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.outcome_fields import indicator_code, outcome_fields

PUBLISHED = dt.date(2022, 6, 1)


@pytest.mark.parametrize(
    ("text", "indicator", "value", "unit"),
    [
        (
            "Hallstahammar har klättrat 29 placeringar i rankingen",
            "ranking_change",
            29,
            "placeringar",
        ),
        ("Östersund hamnar på plats 120 i årets ranking", "ranking_position", 120, "placering"),
        ("Kommunen kvalar in på plats tre", "ranking_position", 3, "placering"),
        ("NKI-värdet har ökat från 80 till 87,9", "nki", 87.9, "NKI"),
        ("500 fler i sysselsättning", "jobs", 500, "jobb"),
        ("40 nya företag startade under året", "new_companies", 40, "företag"),
        ("Fler besökare än någonsin", "visitors", None, None),
    ],
)
def test_indicator_value_and_unit(text, indicator, value, unit):
    f = outcome_fields(text, [], PUBLISHED)
    assert (f.indicator, f.value, f.unit) == (indicator, value, unit)


def test_survey_grade_with_its_county_baseline():
    f = outcome_fields(
        "Sammanfattande omdöme 3,9 medan länet får 3,2 och riket 3,3.", [], PUBLISHED
    )
    assert (f.indicator, f.value, f.baseline, f.baseline_scope) == (
        "survey_grade",
        3.9,
        3.2,
        "county",
    )


def test_year_defaults_to_the_documents_year_and_rank_needs_a_change_word():
    assert outcome_fields("NKI 72", [], PUBLISHED).year == 2022
    assert indicator_code("placering 40 i rankingen") == "ranking_position"
    assert indicator_code("Något helt annat") == "other"
