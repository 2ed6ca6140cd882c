from __future__ import annotations

import re

import pytest

from pipeline.ingest import IngestError, read_document
from pipeline.ingest.layout import prose_text
from pipeline.ingest.pdf_reader import ExtractedPdf, PageWords, layout_document


@pytest.fixture(scope="module")
def report(fixtures):
    return read_document(fixtures / "report.pdf")


def test_pages_are_numbered(report) -> None:
    assert report.file_format == "pdf"
    assert [p.number for p in report.pages] == [1, 2, 3]
    assert report.text == "\n\n".join(p.text for p in report.pages)


def test_header_footer_and_page_numbers_are_furniture_not_prose(report) -> None:
    prose = prose_text(report)
    assert prose.count("Kalix kommun – Näringslivsrapport 2021") == 1
    assert not re.search(r"Sida \d", prose)
    for line in prose.split("\n"):
        assert not re.fullmatch(r"[-–\s\d()av/]*", line) or not line.strip(), line
    headers = [s for s in report.layout if s.kind == "page_header"]
    assert [s.page for s in headers] == [2, 3]  # on page 1 the running header is the letterhead
    assert {report.text[s.start : s.end] for s in headers} == {
        "Kalix kommun – Näringslivsrapport 2021"
    }
    numbers = [report.text[s.start : s.end] for s in report.layout if s.kind == "page_number"]
    assert numbers == ["Sida 1 av 3", "Sida 2 av 3", "Sida 3 av 3"]
    for span in report.layout:
        assert report.page_at(span.start) == span.page


def test_body_text_kept_per_page(report) -> None:
    first_prose = [ln for ln in prose_text(report).split("\n") if ln.strip()][:2]
    assert first_prose == ["Kalix kommun – Näringslivsrapport 2021", "Näringslivsrapport för året"]
    assert "Besöksnäringen" in report.pages[1].text
    assert "Frågor besvaras av näringslivskontoret." in report.pages[2].text


def test_hyphenation_joined_and_compound_kept(report) -> None:
    assert "mellan kommunledning och företagare" in report.text
    assert "Miljö- och hälsoskydd" in report.text
    assert "utländska besökare." in report.text
    assert "Kommunstyrelsen har avsatt 1 760 000 kronor" in report.text
    assert "kom-" not in report.text


def test_lines_joined_into_paragraphs_headings_kept(report) -> None:
    lines = report.pages[0].text.split("\n")
    assert lines[1] == "Näringslivsrapport för året"
    assert any(
        line.startswith("Under året har kommunen") and line.endswith("i Stadshuset.")
        for line in lines
    )
    page2 = report.pages[1].text.split("\n")
    assert "Kommunens satsningar" in page2
    assert "• Företagslotsen har haft 120 kontakter med nya företagare." in page2
    assert "• Ett nätverk för kvinnliga företagare har bildats." in page2


def test_title_from_metadata(report) -> None:
    assert report.title == "Näringslivsrapport 2021"


def test_two_columns_read_left_then_right(fixtures) -> None:
    doc = read_document(fixtures / "twocol.pdf")
    text = doc.text
    assert text.startswith("Nyhetsbrev från näringslivskontoret")
    assert "har blivit bättre enligt den senaste mätningen" in text
    assert "pågår under hela nästa år." in text
    assert text.index("under hela nästa år.") < text.index("Inflyttningen till kommunen")
    assert "Inflyttningen till kommunen har ökat för tredje året i rad." in text
    assert "Sida 1 av 1" not in prose_text(doc)


@pytest.mark.parametrize(
    ("name", "error_type", "hint"),
    [
        ("corrupt.pdf", "corrupt_pdf", "damaged"),
        ("encrypted.pdf", "encrypted_pdf", "password"),
        ("scanned.pdf", "no_text_layer", "OCR"),
    ],
)
def test_bad_pdfs(fixtures, name: str, error_type: str, hint: str) -> None:
    with pytest.raises(IngestError) as err:
        read_document(fixtures / name)
    assert err.value.error_type == error_type
    assert hint in err.value.message
    assert "\n" not in err.value.message


def test_truncated_pdf_is_an_ingest_error(fixtures, tmp_path) -> None:
    data = (fixtures / "report.pdf").read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[:300])
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.error_type in {"corrupt_pdf", "no_text_layer"}


def test_partly_scanned_pdf_warns() -> None:
    word = {"text": "Text.", "x0": 60.0, "x1": 90.0, "top": 100.0, "bottom": 110.0}
    pages = (PageWords(1, 595, 842, (word,)), PageWords(2, 595, 842, ()))
    doc = layout_document(ExtractedPdf(pages))
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[1].text == ""
    assert any("2" in w and "no text layer" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "path",
    [
        "tests/fixtures/ingest/report.pdf",
        "tests/fixtures/ingest/twocol.pdf",
        "data/raw/hallstahammar_en_vag_in_2006.pdf",
        "data/raw/kalix_slutrapport_2024.pdf",
    ],
)
def test_pdfium_text_layer_gives_the_same_document_as_pdfplumber(path) -> None:
    """PDFium's word boxes (fast) and pdfplumber's (the layout reference) read alike."""
    from dataclasses import replace
    from pathlib import Path

    from pipeline.ingest.pdf_reader import extract_pdf, plumber_words

    data = (Path(__file__).resolve().parents[2] / path).read_bytes()
    fast = extract_pdf(data)
    words = plumber_words(data, {p.number for p in fast.pages})
    reference = replace(fast, pages=tuple(replace(p, words=words[p.number]) for p in fast.pages))
    assert layout_document(fast) == layout_document(reference)


def test_two_column_pages_are_read_again_by_pdfplumber(fixtures, monkeypatch) -> None:
    from pipeline.ingest import pdf_reader

    asked: list[set[int]] = []
    real = pdf_reader.plumber_words

    def spy(data: bytes, numbers: set[int]):
        asked.append(set(numbers))
        return real(data, numbers)

    monkeypatch.setattr(pdf_reader, "plumber_words", spy)
    pdf_reader.PdfReader().read((fixtures / "twocol.pdf").read_bytes(), None)
    pdf_reader.PdfReader().read((fixtures / "report.pdf").read_bytes(), None)
    assert asked == [{1}]  # the two-column page; the one-column report never
