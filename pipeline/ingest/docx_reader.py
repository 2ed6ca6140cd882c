"""Word documents: paragraphs and tables in the order they appear in the body."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.ingest.base import IngestError, RawDocument
from pipeline.ingest.clean import BULLET
from pipeline.ingest.layout import PageDraft, assemble
from pipeline.limits import limits

_RATIO_FLOOR = 10_000_000  # parts smaller than this unpacked are never a threat
_HEADING_STYLES = ("heading", "title", "rubrik", "titel")
_LIST_STYLES = ("list", "lista", "liststycke")


class DocxReader:
    """python-docx; table rows become 'cell | cell | cell', list paragraphs bullets."""

    file_format = "docx"
    extensions = (".docx",)

    def read(self, data: bytes, path: Path) -> RawDocument:
        check_unpacked_size(data)
        try:
            document = Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise IngestError(
                "decode_error",
                f"not a readable Word (.docx) file ({type(exc).__name__}); "
                "open and re-save it in Word, or convert it to PDF",
            ) from exc
        blocks: list[tuple[str, str]] = []  # (text, "para" | "item" | "row")
        first_heading: str | None = None
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                text = " ".join(item.text.split())
                if not text:
                    continue
                if first_heading is None and _is_heading(item):
                    first_heading = text
                if _is_list_item(item):
                    blocks.append((BULLET + text, "item"))
                else:
                    blocks.append((text, "para"))
            elif isinstance(item, Table):
                blocks.extend((line, "row") for line in table_lines(item))
        title = (document.core_properties.title or "").strip() or first_heading
        return assemble([PageDraft(1, _join_blocks(blocks))], self.file_format, title=title)


def check_unpacked_size(data: bytes) -> None:
    """Refuse a zip bomb before anything is unpacked: the sizes the zip's directory
    states must stay under limits.zip_max_unpacked_bytes in total, and no large part may
    unpack to more than zip_max_ratio times its packed size. (An unreadable directory is
    left to python-docx, which reports it.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    cap = limits()
    total = sum(max(i.file_size, 0) for i in infos)
    worst = max(infos, key=lambda i: i.file_size, default=None)
    ratio = worst.file_size / max(worst.compress_size, 1) if worst else 0.0
    if total > cap.zip_max_unpacked_bytes or (
        worst is not None and worst.file_size > _RATIO_FLOOR and ratio > cap.zip_max_ratio
    ):
        raise IngestError(
            "too_large",
            f"Word file unpacks to {total / 1e6:,.0f} MB ({worst.filename if worst else '?'} "
            f"alone {ratio:,.0f} times its packed size), over the limit of "
            f"{cap.zip_max_unpacked_bytes / 1e6:,.0f} MB; not read (a damaged file or a zip bomb)",
        )


def _style_name(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "").lower() if style is not None else ""


def _is_heading(paragraph: Paragraph) -> bool:
    return _style_name(paragraph).startswith(_HEADING_STYLES)


def _is_list_item(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        return True
    return _style_name(paragraph).startswith(_LIST_STYLES)


def table_lines(table: Table) -> list[str]:
    """One line per row; a merged cell is written once; nested tables are flattened."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def _join_blocks(blocks: list[tuple[str, str]]) -> str:
    """A blank line between paragraphs and around lists and tables, none inside them."""
    out: list[str] = []
    prev_kind = ""
    for block, kind in blocks:
        if out:
            out.append("\n" if kind == prev_kind and kind != "para" else "\n\n")
        out.append(block)
        prev_kind = kind
    return "".join(out)
