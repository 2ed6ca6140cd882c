from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.ingest import (
    READER_VERSION,
    IngestError,
    pdf_reader,
    read_document,
    sha256_of,
    text_reader,
)
from pipeline.settings import Settings


@pytest.mark.parametrize(
    ("name", "error_type", "hint"),
    [
        ("empty.txt", "empty_file", "0 bytes"),
        ("blank.txt", "empty_file", "no text"),
        ("binary.txt", "binary_file", "binary"),
        ("unsupported.xyz", "unsupported_format", ".xyz"),
        ("corrupt.pdf", "corrupt_pdf", "PDF"),
        ("encrypted.pdf", "encrypted_pdf", "password"),
        ("scanned.pdf", "no_text_layer", "OCR"),
        ("corrupt.docx", "decode_error", "Word"),
    ],
)
def test_bad_inputs(fixtures, name: str, error_type: str, hint: str) -> None:
    with pytest.raises(IngestError) as err:
        read_document(fixtures / name)
    assert err.value.error_type == error_type
    assert hint in err.value.message
    assert "\n" not in err.value.message and len(err.value.message) < 300


def test_size_limit_checked_before_reading(fixtures, monkeypatch) -> None:
    def must_not_read(*args, **kwargs):
        raise AssertionError("content was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    with pytest.raises(IngestError) as err:
        read_document(fixtures / "report.pdf", Settings(max_file_bytes=100))
    assert err.value.error_type == "too_large"
    assert "over the 100 bytes limit (set KOMMUNLENS_MAX_FILE_MB)" in err.value.message


def test_size_message_in_megabytes(tmp_path) -> None:
    path = tmp_path / "stor.txt"
    with path.open("wb") as fh:
        fh.truncate(int(61.2 * 1024 * 1024))
    with pytest.raises(IngestError) as err:
        read_document(path, Settings(max_file_bytes=50 * 1024 * 1024))
    assert err.value.message == "file is 61.2 MB, over the 50 MB limit (set KOMMUNLENS_MAX_FILE_MB)"


def test_env_limit_used_by_default(fixtures, monkeypatch) -> None:
    monkeypatch.setenv("KOMMUNLENS_MAX_FILE_MB", "0.0001")
    with pytest.raises(IngestError) as err:
        read_document(fixtures / "report.pdf")
    assert err.value.error_type == "too_large"


def test_missing_file(tmp_path) -> None:
    with pytest.raises(IngestError) as err:
        read_document(tmp_path / "saknas.txt")
    assert err.value.error_type == "internal_error"


def test_unexpected_reader_failure_becomes_internal_error(fixtures, monkeypatch) -> None:
    def boom(text: str) -> str:
        raise RuntimeError("oväntat fel\npå två rader")

    monkeypatch.setattr(text_reader, "split_pages", boom)
    with pytest.raises(IngestError) as err:
        read_document(fixtures / "utf8_bom.txt")
    assert err.value.error_type == "internal_error"
    assert "RuntimeError: oväntat fel på två rader" in err.value.message
    assert "\n" not in err.value.message


def test_sha256_of(fixtures) -> None:
    path = fixtures / "page.html"
    assert sha256_of(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_cache_is_written_and_reused(fixtures, tmp_path, monkeypatch) -> None:
    settings = Settings(cache_dir=tmp_path / "cache")
    path = fixtures / "report.pdf"
    first = read_document(path, settings)
    entry = tmp_path / "cache" / f"{sha256_of(path)}-{READER_VERSION}.json"
    assert entry.is_file()
    assert json.loads(entry.read_text(encoding="utf-8"))["file_format"] == "pdf"

    def no_second_extraction(data: bytes):
        raise AssertionError("PDF extracted twice")

    monkeypatch.setattr(pdf_reader, "extract_pdf", no_second_extraction)
    assert read_document(path, settings) == first


def test_broken_cache_entry_is_rebuilt(fixtures, tmp_path) -> None:
    settings = Settings(cache_dir=tmp_path)
    path = fixtures / "utf8_bom.txt"
    entry = tmp_path / f"{sha256_of(path)}-{READER_VERSION}.json"
    entry.write_text("{not json", encoding="utf-8")
    doc = read_document(path, settings)
    assert "Östersund" in doc.text
    assert json.loads(entry.read_text(encoding="utf-8"))["text"] == doc.text


def test_no_cache_without_cache_dir(fixtures, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    read_document(fixtures / "utf8_bom.txt", Settings())
    assert list(tmp_path.iterdir()) == []


def test_seed_004_pasted_notes(seeds) -> None:
    matches = sorted(seeds.glob("004_*.txt"))
    if not matches:
        pytest.skip("seed 004 not present in the shared corpus")
    doc = read_document(matches[0])
    lines = doc.text.split("\n")
    assert lines[0] == "Anteckningar näringslivsdialog 14 december 2020"
    assert "Hans Svensson" in doc.text
    assert "ett antal veckor men är påväg ned." in doc.text
    assert "”A Business Region on The Move”" in doc.text
    # list items stay one per line
    assert "• Brygglånen går ut vid årsskiftet" in lines
    assert "• Uppvaktning sker om en förlängning" in lines
    assert "– Planeringsarbetet inom covid får beröm nationellt" in lines
    assert "Kommuner" in lines
    assert sum(line.startswith("• ") for line in lines) > 20


def test_seed_002_hyphenation(seeds) -> None:
    matches = sorted(seeds.glob("002_*.txt"))
    if not matches:
        pytest.skip("seed 002 not present in the shared corpus")
    text = read_document(matches[0]).text
    assert "mellan kommunledning och företagarna" in text
