"""The one interface every reader implements, and the errors it may raise."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class IngestError(Exception):
    """A document that cannot be read; becomes one row in the `errors` table.

    `error_type` is one of the codes in schema.json (errors.error_type); the
    message is a single line a researcher can act on.
    """

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = " ".join(message.split())


class TransientIOError(OSError):
    """A read or write that may well succeed if tried again (network share, busy disk).

    Not turned into an error row: the flow's task retries the batch instead.
    """


TRANSIENT_ERRNOS = frozenset(
    {errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.EINTR, errno.ESTALE}
    | {errno.ECONNRESET, errno.ECONNABORTED, errno.EHOSTUNREACH, errno.ENETUNREACH}
)


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TransientIOError) or (
        isinstance(exc, OSError) and exc.errno in TRANSIENT_ERRNOS
    )


@dataclass(frozen=True)
class Page:
    """Clean text of one page (PDF) or of the whole document (other formats)."""

    number: int  # 1-based
    text: str


@dataclass(frozen=True)
class LayoutSpan:
    """A line of page furniture in the clean text: kept, with its page, but never prose.

    kind: page_header | page_footer | page_number | signature | notice | toc | web
    """

    kind: str
    page: int
    start: int
    end: int


@dataclass(frozen=True)
class RawDocument:
    """What ingestion hands on: clean text plus what the file itself says."""

    text: str  # the clean text: all pages joined with a blank line
    pages: tuple[Page, ...]
    file_format: str  # txt | pdf | html | docx
    title: str | None = None  # from the file's own structure (<title>, <h1>, core props)
    warnings: tuple[str, ...] = field(default_factory=tuple)
    layout: tuple[LayoutSpan, ...] = field(default_factory=tuple)  # furniture lines, in order
    ocr: bool = False  # the text was recognised from page images
    ocr_confidence: float | None = None  # mean word confidence of the OCR, 0..1

    def page_at(self, offset: int) -> int:
        """The number of the page that holds a character offset of `text`."""
        position = 0
        for page in self.pages:
            if not page.text:
                continue
            end = position + len(page.text)
            if offset < end + 2:
                return page.number
            position = end + 2
        return self.pages[-1].number if self.pages else 1


class Reader(Protocol):
    """Turns the bytes of one file into a RawDocument or raises IngestError."""

    file_format: str
    extensions: tuple[str, ...]

    def read(self, data: bytes, path: Path) -> RawDocument: ...
