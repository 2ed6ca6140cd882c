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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NYHET10 juni 2022\n\nRubrik\n\nText.", dt.date(2022, 6, 10)),
        ("Dela artikeln\n\n10. juni 2022\n\nRubrik", dt.date(2022, 6, 10)),
        (
            "Protokoll från årsmöte med näringslivet i orten måndagen den 30 mars 2009. Text.",
            dt.date(2009, 3, 30),
        ),
    ],
)
def test_web_datelines_are_publication_dates(text, expected):
    assert detect_published(text) == expected


def test_notice_board_dates_and_dates_in_prose_are_not():
    assert detect_published("Rubrik\nDatum då anslaget sätts upp 2018-10-17\nText.") is None
    text = "Rubrik\n\n• 1\n\nFrån ordförande föreslås att utskottet håller ett extra sammanträde den 7 juni 2023, kl 13-15."
    assert detect_published(text) is None


def test_reference_date_falls_back_to_a_month_in_the_heading():
    from pipeline.metadata.published import detect_reference_date

    text = "info\nKALIX\n#2 • DECEMBER 2022\n\nDet var högsommar när jag den 1 juli började."
    assert detect_published(text) is None
    assert detect_reference_date(text) == dt.date(2022, 12, 1)
