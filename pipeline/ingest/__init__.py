"""Ingestion: any supported file -> RawDocument (clean text, pages, title) or IngestError.

`read_document` is the one entry point; it checks size and type before reading, uses
the content-hash cache when `settings.cache_dir` is set, and turns any unexpected
failure inside a reader into IngestError("internal_error") so a run never stops on
one file.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from pipeline.hashing import sha256_of
from pipeline.ingest import cache, ocr_cache
from pipeline.ingest.base import (
    IngestError,
    Page,
    RawDocument,
    Reader,
    TransientIOError,
    is_transient,
)
from pipeline.ingest.clean import clean_text
from pipeline.ingest.registry import SUPPORTED_EXTENSIONS, reader_for
from pipeline.settings import Settings

# Bump when any reader or the cleaner changes its output, so cached results are redone.
READER_VERSION = "3"

__all__ = [
    "READER_VERSION",
    "SUPPORTED_EXTENSIONS",
    "IngestError",
    "Page",
    "RawDocument",
    "Reader",
    "TransientIOError",
    "clean_text",
    "parse_document",
    "read_document",
    "read_file",
    "sha256_of",
]


def read_file(path: Path, settings: Settings | None = None) -> bytes:
    """The bytes of a supported file, after the size and type checks; IngestError otherwise."""
    settings = settings or Settings.from_env()
    path = Path(path)
    reader_for(path)  # unsupported types fail before anything is read
    try:
        size = path.stat().st_size
    except OSError as exc:
        if is_transient(exc):
            raise TransientIOError(exc.errno, f"cannot open {path.name}: {exc.strerror}") from exc
        raise IngestError("internal_error", f"cannot open file: {_one_line(exc)}") from exc
    if size > settings.max_file_bytes:
        raise IngestError(
            "too_large",
            f"file is {_megabytes(size)}, over the {_megabytes(settings.max_file_bytes)} limit "
            "(set KOMMUNLENS_MAX_FILE_MB)",
        )
    if size == 0:
        raise IngestError("empty_file", "file is empty (0 bytes); nothing to read")
    try:
        return path.read_bytes()
    except OSError as exc:
        if is_transient(exc):
            raise TransientIOError(exc.errno, f"cannot read {path.name}: {exc.strerror}") from exc
        raise IngestError("internal_error", f"cannot read file: {_one_line(exc)}") from exc


def parse_document(
    data: bytes, path: Path, settings: Settings | None = None, sha256: str | None = None
) -> RawDocument:
    """A file's bytes (read once by the caller) into a RawDocument, or IngestError.

    `sha256` is the hex digest of `data` when the caller already has it; it keys the cache.
    """
    settings = settings or Settings.from_env()
    path = Path(path)
    reader = reader_for(path)
    cached_at = None
    if settings.cache_dir is not None:
        digest = sha256 or hashlib.sha256(data).hexdigest()
        cached_at = cache.cache_path(Path(settings.cache_dir), digest, READER_VERSION)
        hit = cache.load(cached_at)
        if hit is not None:
            return hit

    try:
        with ocr_cache.cache_in(settings.cache_dir):
            doc = reader.read(data, path)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(
            "internal_error",
            f"{reader.file_format} reader failed: {_one_line(exc)}; please report this file",
        ) from exc
    if not doc.text.strip():
        raise IngestError(
            "empty_file", f"no text found in this {doc.file_format} file after cleaning"
        )
    if cached_at is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            cache.save(cached_at, doc)
    return doc


def read_document(path: Path, settings: Settings | None = None) -> RawDocument:
    """Read one file into a RawDocument; every failure is an IngestError with one-line message."""
    return parse_document(read_file(path, settings), Path(path), settings)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "no details"
    text = f"{type(exc).__name__}: {text}"
    return text if len(text) <= 200 else text[:197] + "..."


def _megabytes(n_bytes: int) -> str:
    mb = n_bytes / (1024 * 1024)
    if mb >= 0.1:
        return f"{mb:.1f}".removesuffix(".0") + " MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{n_bytes} bytes"
