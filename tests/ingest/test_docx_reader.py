from __future__ import annotations

import pytest

from pipeline.ingest import IngestError, read_document


@pytest.fixture(scope="module")
def plan(fixtures):
    return read_document(fixtures / "plan.docx")


def test_paragraphs_and_title(plan) -> None:
    assert plan.file_format == "docx"
    assert plan.title == "Handlingsplan för näringslivet 2022"
    assert plan.text.startswith("Handlingsplan för näringslivet\n")
    assert "stödja företagen i Överkalix och Töre" in plan.text


def test_bullets_and_table_rows(plan) -> None:
    lines = plan.text.split("\n")
    assert "• snabbare besked i ärenden" in lines
    assert "• bättre upphandlingar" in lines
    assert "Insats | Ansvarig | Budget" in lines
    assert "Företagsbesök | Näringslivskontoret | 200 000 kr" in lines


def test_table_in_reading_order(plan) -> None:
    text = plan.text
    assert text.index("• bättre upphandlingar") < text.index("Insats | Ansvarig | Budget")
    assert text.index("Upphandlingsdag | Inköpsenheten") < text.index("Planen följs upp")


def test_title_falls_back_to_heading(fixtures) -> None:
    assert read_document(fixtures / "plan_no_title.docx").title == "Handlingsplan för näringslivet"


def test_corrupt_docx(fixtures) -> None:
    with pytest.raises(IngestError) as err:
        read_document(fixtures / "corrupt.docx")
    assert err.value.error_type == "decode_error"
    assert "\n" not in err.value.message
