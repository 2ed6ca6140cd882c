"""Meeting date and body from the cover page of minutes."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.minutes.header import meeting_body, meeting_date
from pipeline.minutes.lines import text_lines


def _lines(text: str):
    return text_lines(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Organ Kommunstyrelsen\nSammanträdesdatum 2018-09-11", dt.date(2018, 9, 11)),
        ("Plats och tid Kommunhuset, Orten 2018-09-11, kl. 13.00-13.35", dt.date(2018, 9, 11)),
        ("Plats och tid\nFolkets Hus den 17 september 2015, kl 18.00", dt.date(2015, 9, 17)),
        ("Kommunstyrelsen\nDatum 2024-04-09\nPlats och tid Rummet", dt.date(2024, 4, 9)),
        ("Datum då anslaget sätts upp 2018-10-17\nTid 14.00", None),
        ("Plats och tid Kommunstyrelsens sammanträdesrum, Tid 14.00 15.10", None),
    ],
)
def test_meeting_date(text, expected) -> None:
    assert meeting_date(_lines(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SOLBACKA KOMMUN SAMMANTRÄDESPROTOKOLL\nKommunstyrelsens arbetsutskott",
            "kommunstyrelsens arbetsutskott",
        ),
        ("Kommunfullmäktiges protokoll 2015-09-17", "kommunfullmäktige"),
        ("Minnesanteckningar för Näringslivsrådet", "näringslivsrådet"),
        ("Datum\nMyndighet Allmänna utskott", "allmänna utskott"),
        ("(2)\nKS § 80 KS/2018:298 - 001", "kommunstyrelsen"),
        ("PROTOKOLL 2(36)\nKF 35 Dnr 0183/ DELGIVNINGAR Myndighetsnämnden", "kommunfullmäktige"),
    ],
)
def test_meeting_body(text, expected) -> None:
    assert meeting_body(_lines(text)) == expected
