"""§ items of minutes: from headings in the body, from the table of contents, or both."""

from __future__ import annotations

from pipeline.ingest.layout import PageDraft, assemble
from pipeline.minutes import paragraph_at, read_minutes
from pipeline.minutes.agenda import agenda_items, split_case

COVER = """SOLBACKA KOMMUN SAMMANTRÄDESPROTOKOLL
Kommunstyrelsens arbetsutskott
Sammanträdesdatum 2023-03-14

Plats och tid Rådhuset, kl. 13.00-15.00
Beslutande Ledamöter
Eva Lind (S), Ordförande
Karl Berg (M)
Sara Nyberg (C) tjänstgörande ersättare för Olle Holm (C)
Övriga närvarande
Pia Ek, kommunsekreterare, § 12
Frånvarande
Jonas Wik (KD)

Utdragsbestyrkande
"""

TOC = """Innehåll

§ 12 Dnr KS 2023/41
Nytt industriområde vid hamnen ........................ 3

§ 13 Dnr KS 2023/77
Information om budget 2024 ............................. 4
"""

BODY_12 = """§ 12 Dnr KS 2023/41
Nytt industriområde vid hamnen

Arbetsutskottets förslag
Kommunstyrelsen godkänner planuppdraget för området vid hamnen.

Sammanfattning av ärendet
Företag har efterfrågat mark nära hamnen. Området omfattar 12 hektar.

Beslutsgång
Ordföranden prövar förslaget och finner att utskottet bifaller det.
"""

BODY_13 = """§ 13 Dnr KS 2023/77
Information om budget 2024

Beslut
Arbetsutskottet noterar informationen.

Ärendebeskrivning
Ekonomichefen redogör för arbetet med budgeten.
"""


def _minutes():
    pages = [PageDraft(1, COVER), PageDraft(2, TOC), PageDraft(3, BODY_12), PageDraft(4, BODY_13)]
    return assemble(pages, "txt")


def test_items_with_case_number_title_and_decision() -> None:
    doc = _minutes()
    items = agenda_items(doc.text, doc.layout)
    assert [(i.paragraph, i.case_number, i.title) for i in items] == [
        ("12", "KS 2023/41", "Nytt industriområde vid hamnen"),
        ("13", "KS 2023/77", "Information om budget 2024"),
    ]
    assert items[0].decision == "Kommunstyrelsen godkänner planuppdraget för området vid hamnen."
    assert items[1].decision == "Arbetsutskottet noterar informationen."
    assert all(i.in_body for i in items)


def test_an_item_spans_its_body_up_to_the_next() -> None:
    doc = _minutes()
    first, second = agenda_items(doc.text, doc.layout)
    assert doc.text[first.start :].startswith("§ 12 Dnr KS 2023/41")
    assert "Beslutsgång" in doc.text[first.start : first.end]
    assert first.end <= second.start
    assert paragraph_at([first, second], doc.text.index("Området omfattar")) == "12"
    assert paragraph_at([first, second], doc.text.index("Ekonomichefen")) == "13"
    assert paragraph_at([first, second], doc.text.index("Eva Lind")) is None


def test_table_of_contents_alone_gives_the_items() -> None:
    toc = (
        "2(55) Ärendelista 114 Dnr KS 2018/12 Information... 5 115 Dnr KS 2018/253 Beslut "
        "inför bildandet av en bussorganisation... 6 116 Dnr KS 2018/641 Godkänna "
        "bolagsordningar för två bolag... 10"
    )
    doc = assemble(
        [PageDraft(1, "Kommunstyrelsen\nPlats och tid Rådhuset"), PageDraft(2, toc)], "txt"
    )
    items = agenda_items(doc.text, doc.layout)
    assert [(i.paragraph, i.case_number, i.title, i.in_body) for i in items] == [
        ("114", "KS 2018/12", "Information", False),
        ("115", "KS 2018/253", "Beslut inför bildandet av en bussorganisation", False),
        ("116", "KS 2018/641", "Godkänna bolagsordningar för två bolag", False),
    ]


def test_flattened_heading_with_inline_decision() -> None:
    text = (
        "Ärendelista\n1... 4\nMuntliga informationer... 4\n\n"
        "1 Dnr KS 29/2017 Muntliga informationer Beslut Allmänna utskottet beslutar "
        "Informationerna noteras.\nÄrendebeskrivning Följande informationer delges utskottet."
    )
    doc = assemble([PageDraft(1, text)], "txt")
    (item,) = agenda_items(doc.text, doc.layout)
    assert (item.paragraph, item.case_number, item.title) == (
        "1",
        "KS 29/2017",
        "Muntliga informationer",
    )
    assert item.decision == "Allmänna utskottet beslutar Informationerna noteras."


def test_upper_case_titles_and_organ_prefixed_headings() -> None:
    text = (
        "KF 35 Dnr 0183/ DELGIVNINGAR KF s beslut Godkänna redovisade delgivningar. "
        "Handlingar i ärendet: 1 Myndighetsnämnden\n\n"
        "KS § 80 KS/2018:298 - 001\n\nMotion om myndigheter\n\nKommunstyrelsens beslut\n"
        "Motionen avslås."
    )
    doc = assemble([PageDraft(1, text)], "txt")
    items = {i.paragraph: i for i in agenda_items(doc.text, doc.layout)}
    assert (items["35"].case_number, items["35"].title) == ("0183/", "DELGIVNINGAR")
    assert items["35"].decision == "Godkänna redovisade delgivningar."
    assert (items["80"].case_number, items["80"].title) == (
        "KS/2018:298 - 001",
        "Motion om myndigheter",
    )
    assert items["80"].decision == "Motionen avslås."


def test_same_paragraph_twice_is_one_item_with_the_dnr_case_number() -> None:
    text = (
        "§ 146, KF 2015-09-17 18:00\nKS: 8/2015\nPROTOKOLL\nKommunfullmäktige 2015-09-17\n"
        "§ 146\nDnr 8-2015\nMeddelanden om nya ledamöter\nKommunfullmäktiges beslut\n"
        "Avsägelsen godkänns."
    )
    doc = assemble([PageDraft(1, text)], "txt")
    (item,) = agenda_items(doc.text, doc.layout)
    assert (item.paragraph, item.case_number, item.title) == (
        "146",
        "8-2015",
        "Meddelanden om nya ledamöter",
    )
    assert item.decision == "Avsägelsen godkänns."


def test_lone_numbers_rising_through_a_web_page_are_items() -> None:
    text = " •   1\n\n  Val av justerare\n\n •   2\n\n  Fastställande av dagordningen\n\n •   4\n\n  Projekt Team"
    doc = assemble([PageDraft(1, text)], "txt")
    assert [(i.paragraph, i.title) for i in agenda_items(doc.text, doc.layout)] == [
        ("1", "Val av justerare"),
        ("2", "Fastställande av dagordningen"),
        ("4", "Projekt Team"),
    ]


def test_paragraph_ranges_and_references_are_not_items() -> None:
    text = "Sekreterare Pia Ek Paragrafer § 119-128\n§§ 125, 127\nEnligt § 4 i lagen gäller detta."
    doc = assemble([PageDraft(1, text)], "txt")
    assert agenda_items(doc.text, doc.layout) == []


def test_split_case_keeps_case_numbers_as_written() -> None:
    assert split_case("Dnr KS-2024-00167") == ("KS-2024-00167", True, "")
    assert split_case(" Dnr 2016/0669 KS-1 Diariekod: 004")[0] == "2016/0669 KS-1"
    assert split_case("Dnr KS 2018/12 Information")[:2] == ("KS 2018/12", True)
    assert split_case("KS/2018:298 - 001")[:2] == ("KS/2018:298 - 001", False)
    assert split_case("Information om läget") == (None, False, "Information om läget")


def test_read_minutes_gives_date_body_items_and_attendance() -> None:
    doc = _minutes()
    minutes = read_minutes(doc.text, doc.layout)
    assert str(minutes.meeting_date) == "2023-03-14"
    assert minutes.body == "kommunstyrelsens arbetsutskott"
    assert [i.paragraph for i in minutes.items] == ["12", "13"]
    people = {a.name: a for a in minutes.attendance}
    assert (people["Eva Lind"].party, people["Eva Lind"].role) == ("S", "Ordförande")
    assert people["Karl Berg"].role == "ledamot" and people["Karl Berg"].present
    assert people["Sara Nyberg"].role == "tjänstgörande ersättare"
    assert not people["Olle Holm"].present  # the member the ersättare replaces
    assert (people["Pia Ek"].role, people["Pia Ek"].party) == ("kommunsekreterare", None)
    assert not people["Jonas Wik"].present
    for a in minutes.attendance:
        assert doc.text[a.start : a.end] == a.name
