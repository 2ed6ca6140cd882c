from __future__ import annotations

import pytest

from pipeline.ingest.base import IngestError
from pipeline.ingest.encoding import bom_encoding, decode_bytes, looks_binary

SAMPLE = "Åtgärder för företag i Älvsbyn och Överkalix"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("utf-8-sig"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("cp1252"), "cp1252"),
        ((SAMPLE + " – ”citat”").encode("cp1252"), "cp1252"),
    ],
)
def test_decode_round_trip(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data)
    assert text.startswith(SAMPLE)
    assert "\ufeff" not in text
    assert used == encoding


def test_undefined_cp1252_bytes_fall_back_to_latin1() -> None:
    text, used = decode_bytes(b"Sm\xe5 f\xf6retag \x81")
    assert text.startswith("Små företag")
    assert used == "latin-1"


def test_declared_charset_wins() -> None:
    text, used = decode_bytes("Hälsa".encode("cp1252"), declared="iso-8859-1")
    assert text == "Hälsa"
    assert used == "cp1252"


def test_unknown_declared_charset_is_ignored() -> None:
    assert decode_bytes("Hälsa".encode(), declared="x-no-such-charset")[0] == "Hälsa"


@pytest.mark.parametrize(
    "data",
    [b"abc\x00def", bytes(range(0, 32)) * 4, b"\x01\x02\x03\x04\x05\x06" + b"text" * 10],
)
def test_binary_is_rejected(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(IngestError) as err:
        decode_bytes(data)
    assert err.value.error_type == "binary_file"


def test_text_with_tabs_and_formfeeds_is_not_binary() -> None:
    assert not looks_binary(b"Kolumn\tv\xe4rde\r\n\x0cNy sida\n")


def test_broken_utf16_is_a_decode_error() -> None:
    with pytest.raises(IngestError) as err:
        decode_bytes(b"\xff\xfeA\x00\x00\xd8")  # lone high surrogate
    assert err.value.error_type == "decode_error"
    assert "\n" not in err.value.message


def test_bom_detection() -> None:
    assert bom_encoding(b"\xef\xbb\xbfx") == "utf-8-sig"
    assert bom_encoding(b"\xff\xfex\x00") == "utf-16"
    assert bom_encoding(b"plain") is None
