"""Municipality names as people type them."""

from __future__ import annotations

import pytest

from pipeline.dataset.names import NameMatcher, loose, official_municipality

AVAILABLE = ["Hallstahammar", "Kalix", "Östersund", "Habo", "Håbo"]


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher(AVAILABLE, {"2514": "Kalix"})


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Östersund", "Östersund"),
        ("östersund", "Östersund"),
        ("Ostersund", "Östersund"),
        ("OSTERSUND", "Östersund"),
        ("Kalix kommun", "Kalix"),
        ("  kalix  Kommun ", "Kalix"),
        ("Östersunds kommun", "Östersund"),
        ("Ostersunds kommun", "Östersund"),
        ("Hallstahammars kommun", "Hallstahammar"),
        ("2514", "Kalix"),
        ("Håbo", "Håbo"),
        ("Habo", "Habo"),
    ],
)
def test_forms_of_a_name_match(matcher, typed, expected):
    assert matcher.match(typed) == expected


def test_a_loose_form_of_two_names_is_ambiguous_not_guessed():
    matcher = NameMatcher(["Habo", "Håbo"])
    assert matcher.match("HABO") == "Habo"  # exact, case aside
    only_loose = NameMatcher(["Håbo", "Hábo"])
    assert only_loose.match("Habo") is None
    assert only_loose.ambiguous("Habo") == ["Hábo", "Håbo"]


def test_unknown_names_do_not_match(matcher):
    assert matcher.match("Atlantis") is None
    assert matcher.match("Kiruna") is None  # a municipality, but not in the data


def test_official_list():
    assert official_municipality("Östersunds kommun").code == "2380"
    assert official_municipality("goteborgs stad").name == "Göteborg"
    assert official_municipality("Habo").code == "0643"
    assert official_municipality("Nowhere") is None
    assert loose("Upplands-Bro kommun") == "upplands bro"
