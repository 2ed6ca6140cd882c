"""The demo corpus in data/raw/ is complete and matches tests/fixtures/demo_corpus_expected.csv.

The README's run command processes this folder, so a missing file, a PDF that
lost its running header or a text file that was silently re-saved as UTF-8
would make the demo stop exercising the readers it is meant to exercise.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import re
import sys
import zipfile
from functools import cache
from pathlib import Path

import docx
import pdfplumber
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
EXPECTED = ROOT / "tests" / "fixtures" / "demo_corpus_expected.csv"
MUNICIPALITIES = ROOT / "pipeline" / "resources" / "municipalities.csv"
SCRIPT = ROOT / "scripts" / "make_demo_corpus.py"

PDF_PAGES = {
    "kalix_slutrapport_2024.pdf": 3,
    "hallstahammar_en_vag_in_2006.pdf": 2,
}
PDF_HEADERS = {
    "kalix_slutrapport_2024.pdf": "Kalix kommun | Slutrapport Utveckla företagsklimatet",
    "hallstahammar_en_vag_in_2006.pdf": "Hallstahammars kommun | Nyheter från näringslivet",
}
CP1252_FILE = "ostersund_foretagsklimat_2022.txt"
COLUMNS = [
    "source_path",
    "file_format",
    "doc_type",
    "municipality",
    "municipality_code",
    "county",
    "published",
    "title",
]


@cache
def expected_rows() -> tuple[dict[str, str], ...]:
    with EXPECTED.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def rows_by_format(file_format: str) -> list[dict[str, str]]:
    return [row for row in expected_rows() if row["file_format"] == file_format]


@cache
def document_text(name: str) -> str:
    """Plain text of a corpus file, read the simplest way its format allows."""
    path = RAW / name
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if suffix == ".docx":
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        ]
        return "\n".join(parts)
    if suffix == ".html":
        return BeautifulSoup(path.read_bytes(), "html.parser").get_text("\n")
    data = path.read_bytes()
    return data.decode("cp1252") if name == CP1252_FILE else data.decode("utf-8")


def test_expected_csv_has_the_agreed_columns_and_ten_documents():
    with EXPECTED.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == COLUMNS
    assert len(expected_rows()) == 10


def test_every_listed_file_exists_and_nothing_else_is_in_the_folder():
    listed = {row["source_path"] for row in expected_rows()}
    present = {p.name for p in RAW.iterdir() if p.is_file() and p.name != "README.md"}
    assert listed == present


def test_four_formats_and_four_document_types_are_present():
    assert {row["file_format"] for row in expected_rows()} == {"txt", "pdf", "html", "docx"}
    assert {row["doc_type"] for row in expected_rows()} == {
        "report",
        "minutes",
        "newsletter",
        "article",
    }


def test_file_format_matches_the_extension():
    for row in expected_rows():
        assert Path(row["source_path"]).suffix == "." + row["file_format"], row["source_path"]


def test_municipality_code_and_county_agree_with_the_gazetteer():
    with MUNICIPALITIES.open(encoding="utf-8", newline="") as handle:
        by_code = {r["code"]: r for r in csv.DictReader(handle)}
    counties = {r["county"] for r in by_code.values()}
    for row in expected_rows():
        assert row["county"] in counties, row["source_path"]
        if not row["municipality"]:
            assert row["municipality_code"] == "", row["source_path"]
            continue
        entry = by_code[row["municipality_code"]]
        assert entry["name"] == row["municipality"], row["source_path"]
        assert entry["county"] == row["county"], row["source_path"]


def test_exactly_one_document_is_regional():
    regional = [row for row in expected_rows() if not row["municipality"]]
    assert [row["county"] for row in regional] == ["Jämtlands län"]


@pytest.mark.parametrize("row", expected_rows(), ids=lambda r: r["source_path"])
def test_title_and_date_can_be_found_in_the_text(row):
    text = " ".join(document_text(row["source_path"]).split())
    assert row["title"] in text
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"])
    year = row["published"][:4]
    assert row["published"] in text or (year in text and "januari" in text)


@pytest.mark.parametrize("row", expected_rows(), ids=lambda r: r["source_path"])
def test_document_names_its_municipality_and_other_places(row):
    text = document_text(row["source_path"])
    words = len(re.findall(r"\w+", text))
    assert 250 <= words <= 800, words
    if row["municipality"]:
        assert row["municipality"] in text
    else:
        assert "Region Jämtland Härjedalen" in text
    # every document mentions at least one other municipality, so detection has to choose
    others = {"Luleå", "Boden", "Haparanda", "Överkalix", "Krokom", "Åre", "Stockholm"}
    others |= {"Västerås", "Köping", "Surahammar", "Nykvarn", "Salem", "Ragunda", "Sundsvall"}
    assert any(place in text for place in others - {row["municipality"]})


def test_cp1252_file_is_not_utf8_but_decodes_as_cp1252():
    data = (RAW / CP1252_FILE).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert all(letter in text for letter in "åäö")
    assert "Publicerad 2022-06-10" in text
    assert "säger" in text and "– " in text


@pytest.mark.parametrize("name", sorted(PDF_PAGES))
def test_pdf_has_its_pages_with_header_and_footer_on_each(name):
    assert name in {row["source_path"] for row in rows_by_format("pdf")}
    with pdfplumber.open(RAW / name) as pdf:
        assert len(pdf.pages) == PDF_PAGES[name]
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            assert PDF_HEADERS[name] in text, f"page {number}"
            assert f"Sida {number} av {PDF_PAGES[name]}" in text, f"page {number}"


def test_kalix_report_has_hyphenated_line_ends():
    with pdfplumber.open(RAW / "kalix_slutrapport_2024.pdf") as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    pairs = {(a.split()[-1], b.split()[0]) for a, b in itertools.pairwise(lines) if a and b}
    for broken in [("kom-", "munledning,"), ("närings-", "livet"), ("före-", "tagen")]:
        assert any(a == broken[0] and b.startswith(broken[1]) for a, b in pairs), broken
    # a compound hyphen that must be kept when the line is joined
    assert ("Miljö-", "och") in pairs


@pytest.mark.parametrize("row", rows_by_format("html"), ids=lambda r: r["source_path"])
def test_html_has_page_chrome_around_main(row):
    html = (RAW / row["source_path"]).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    for tag in ("nav", "script", "style", "header", "footer", "main"):
        assert soup.find(tag) is not None, tag
    assert soup.title is not None and soup.title.get_text() == row["title"]
    assert f"Publicerad {row['published']}" in soup.find("main").get_text()


@pytest.mark.parametrize("row", rows_by_format("docx"), ids=lambda r: r["source_path"])
def test_docx_has_a_table_and_fixed_core_properties(row):
    document = docx.Document(str(RAW / row["source_path"]))
    assert document.tables, "no table"
    assert len(document.tables[0].rows) >= 5
    assert document.core_properties.title == row["title"]
    assert document.core_properties.created is not None
    assert document.core_properties.created.year == int(row["published"][:4])
    with zipfile.ZipFile(RAW / row["source_path"]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_generator_reproduces_the_binary_files_byte_for_byte(tmp_path, monkeypatch):
    pytest.importorskip("reportlab")
    spec = importlib.util.spec_from_file_location("make_demo_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look the module up
    spec.loader.exec_module(module)
    written = module.build_all(tmp_path)
    assert len(written) == 5
    for path in written:
        assert path.read_bytes() == (RAW / path.name).read_bytes(), path.name
