from __future__ import annotations

import datetime as dt

import pytest

from pipeline.metadata.published import detect_published


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Publicerad 2021-03-30\n\nRubrik\n\nText.\n\nSidan uppdaterad 2021-03-31",
            dt.date(2021, 3, 30),
        ),
        ("Nyheter\nPublicerad: 2019-11-11\nText om företag.", dt.date(2019, 11, 11)),
        (
            "Julhälsning\n\nTillsammans skapar vi Södertälje Årskrönika | 2021-12-22\n\nText.",
            dt.date(2021, 12, 22),
        ),
        (
            "Anteckningar näringslivsdialog 14 december 2020\n\n• Läget i länet",
            dt.date(2020, 12, 14),
        ),
        ("Minnesanteckningar 2022-02-24\nNärvarande: många", dt.date(2022, 2, 24)),
        ("Datum: 15 november 2024\nRapport", dt.date(2024, 11, 15)),
    ],
)
def test_finds_the_publication_date(text, expected):
    assert detect_published(text) == expected


def test_no_date_gives_none():
    assert (
        detect_published("Samverkan stärker näringslivet\n\nEtt projekt sedan hösten 2003.") is None
    )


def test_a_date_deep_in_the_text_is_not_a_publication_date():
    lines = (
        ["Rubrik"] + [f"Stycke {i} om företagen." for i in range(10)] + ["Mötet hölls 2020-05-04."]
    )
    assert detect_published("\n".join(lines)) is None
