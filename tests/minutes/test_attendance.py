"""Attendance lists as minutes write them: brackets, commas, tables, initials."""

from __future__ import annotations

from pipeline.ingest.layout import PageDraft, assemble
from pipeline.minutes.attendance import attendance
from pipeline.minutes.lines import text_lines


def _people(text: str) -> dict[str, tuple[str | None, str | None, bool]]:
    doc = assemble([PageDraft(1, text)], "txt")
    return {
        a.name: (a.party, a.role, a.present) for a in attendance(text_lines(doc.text, doc.layout))
    }


def test_parties_after_a_comma_and_roles_after_the_name() -> None:
    people = _people(
        "Beslutande\nHarry Lind, S\nAnita Berg, M\nÖvriga deltagare\n"
        "Anders Holm, kommundirektör\nUnto Sarri, biträdande kommundirektör\n"
        "Utses att justera\nThomas Dahl, MP och Tord Ek, M."
    )
    assert people["Harry Lind"] == ("S", "ledamot", True)
    assert people["Anders Holm"] == (None, "kommundirektör", True)
    assert people["Unto Sarri"] == (None, "biträdande kommundirektör", True)
    assert people["Thomas Dahl"][:2] == ("MP", "justerare")
    assert people["Tord Ek"][0] == "M"


def test_attendance_table_with_marks() -> None:
    people = _people(
        "Närvaro- och tjänstgöringslista\nLedamöter Elin Sand (S) X Ordförande Åsa Berg (S) X "
        "Johan Ek (C) X Justerare Ersättare Cecilia Holm (S) - Tor Persson (S) X"
    )
    assert people["Elin Sand"] == ("S", "Ordförande", True)
    assert people["Johan Ek"][:2] == ("C", "Justerare")
    assert people["Cecilia Holm"] == ("S", "ersättare", False)
    assert people["Tor Persson"] == ("S", "ersättare", True)


def test_initials_in_brackets_are_not_a_party() -> None:
    people = _people(
        "Minnesanteckningar för Näringslivsrådet representanter\nBenny Carl (BC), Marinfirma (ordf.)\n"
        "Sofia Dann (SD2), Blomsterhandel Dan Ahl (DA), Stugbolaget\nFrånvarande Jenny Åker (JÅ), Solfirma"
    )
    assert people["Benny Carl"] == (None, "Marinfirma (ordförande)", True)
    assert people["Sofia Dann"] == (None, "Blomsterhandel", True)
    assert people["Dan Ahl"] == (None, "Stugbolaget", True)
    assert people["Jenny Åker"] == (None, "Solfirma", False)


def test_labels_and_places_are_not_persons() -> None:
    people = _people(
        "Plats och tid Folkets Hus, kl 18\nBeslutande Se bilagd förteckning\n"
        "Sekreterare Andrea Ek Paragrafer § 1-9\nOrdförande Lisa Berg"
    )
    assert set(people) == {"Andrea Ek", "Lisa Berg"}
    assert people["Lisa Berg"][1] == "ordförande"
