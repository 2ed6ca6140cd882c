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


def test_long_text_is_cut_before_it_is_cleaned(monkeypatch, tmp_path) -> None:
    from dataclasses import replace

    from pipeline.ingest import text_reader
    from pipeline.limits import is_truncation_warning, limits

    monkeypatch.setattr(text_reader, "limits", lambda: replace(limits(), max_text_chars=1000))
    path = tmp_path / "lang.txt"
    path.write_text("".join(f"Rad {n} i en lång text.\n" for n in range(2000)), encoding="utf-8")
    doc = read_document(path)
    assert len(doc.text) <= 1000
    assert doc.text.startswith("Rad 0 i en lång text.") and "Rad 1999" not in doc.text
    assert any(is_truncation_warning(w) for w in doc.warnings)
