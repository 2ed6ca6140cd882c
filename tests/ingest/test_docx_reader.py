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


def _bomb(path, unpacked: int) -> None:
    """A DOCX whose document.xml unpacks to `unpacked` bytes of almost nothing."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as fh:
            block = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                fh.write(block)


def test_zip_bomb_is_refused_in_one_line_before_unpacking(tmp_path) -> None:
    """A tiny DOCX that unpacks to gigabytes was 'internal_error AttributeError'."""
    path = tmp_path / "bomb.docx"
    _bomb(path, 300 << 20)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert info.value.error_type == "too_large"
    assert "zip bomb" in info.value.message and "\n" not in info.value.message


def test_high_ratio_part_is_refused_under_the_total(tmp_path, monkeypatch) -> None:
    from dataclasses import replace

    from pipeline.ingest import docx_reader
    from pipeline.limits import limits

    monkeypatch.setattr(docx_reader, "_RATIO_FLOOR", 1 << 20)
    monkeypatch.setattr(docx_reader, "limits", lambda: replace(limits(), zip_max_ratio=50))
    path = tmp_path / "ratio.docx"
    _bomb(path, 4 << 20)
    with pytest.raises(IngestError, match="zip bomb"):
        read_document(path)
