from __future__ import annotations

import pytest

from pipeline.ingest import read_document


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("cp1252.txt", ["Protokoll från företagarträffen i Älvsbyn", "Åkerns gård", "Öjebyn"]),
        ("utf8_bom.txt", ["Välkommen till näringslivsdagen i Östersund!"]),
        ("utf16.txt", ["Sammanfattning från Hallstahammar", "ökade i antal under året"]),
    ],
)
def test_text_files_decode(fixtures, name: str, words: list[str]) -> None:
    doc = read_document(fixtures / name)
    assert doc.file_format == "txt"
    for word in words:
        assert word in doc.text
    assert "\ufeff" not in doc.text and "\r" not in doc.text and "�" not in doc.text
    assert doc.pages[0].number == 1 and doc.pages[0].text == doc.text


def test_cp1252_fallback_is_reported(fixtures) -> None:
    doc = read_document(fixtures / "cp1252.txt")
    assert any("cp1252" in w for w in doc.warnings)
    assert read_document(fixtures / "utf8_bom.txt").warnings == ()
