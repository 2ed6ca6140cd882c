"""Bytes to str for text-like files: BOMs first, then strict UTF-8, then cp1252.

Swedish files from older Windows tools are cp1252; anything that is neither valid
UTF-8 nor plausible text is reported as binary instead of being decoded into noise.
"""

from __future__ import annotations

import codecs

from pipeline.ingest.base import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker
_SAMPLE_BYTES = 64 * 1024
_MAX_CONTROL_SHARE = 0.02


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark announces, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Mostly-ASCII UTF-16 has a NUL in every other byte; say which byte order."""
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.4 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.4 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: not a text file."""
    sample = data[:_SAMPLE_BYTES]
    if not sample:
        return False
    if 0 in sample:
        return True
    controls = sum(1 for b in sample if (b < 32 and b not in _ALLOWED_CONTROLS) or b == 127)
    return controls > _MAX_CONTROL_SHARE * len(sample)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used); raise IngestError for binary or undecodable bytes.

    Order: BOM, the declared charset (e.g. from an HTML meta tag), UTF-16 without BOM,
    strict UTF-8, cp1252, latin-1 (cp1252 leaves five byte values undefined).
    """
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom), bom
        except UnicodeDecodeError as exc:
            raise IngestError(
                "decode_error",
                f"file starts with a {bom} byte-order mark but is not valid {bom} "
                f"(byte {exc.start}); re-save it as UTF-8",
            ) from exc
    if declared:
        name = _codec_name(declared)
        if name:
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise IngestError(
            "binary_file",
            "file contains binary data (NUL or control bytes), not text; "
            "check the file or give it its proper extension",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _codec_name(label: str) -> str | None:
    """A Python codec for a charset label; latin-1 labels read as cp1252, like browsers."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    return name
