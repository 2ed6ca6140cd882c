"""Build the binary files of the demo corpus in data/raw/ from text sources.

The demo corpus has to exercise the readers the way real municipal files do:
PDFs with running headers, page footers and words hyphenated at line ends,
DOCX files with tables, and a plain-text file saved in Windows-1252. Those
files are generated here from the plain sources in scripts/demo_sources/ so
that their text can be reviewed in a diff and the output is byte-for-byte the
same on every run (fixed PDF dates and ids, fixed DOCX core properties, fixed
zip timestamps).

The HTML files and the UTF-8 text files in data/raw/ are hand-written sources
in their own right and are not touched by this script.

Source syntax for the PDFs (one source line is one printed line, so the line
breaks, and therefore the hyphenation, are exactly as written):

    # Title            large bold line
    ## Heading         bold line
    (blank line)       half a line of extra space
    ====               page break
    anything else      a body line, drawn as is

Source syntax for the DOCX files:

    # Title / ## Heading     heading level 0 / 1
    - item                   bullet paragraph
    | a | b | c |            table row (first row is the header row)
    (blank line)             ends a paragraph or a table
    anything else            a paragraph; consecutive lines are joined with a space

Usage: python scripts/make_demo_corpus.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "demo_sources"
RAW = ROOT / "data" / "raw"

PAGE_W, PAGE_H = A4
MARGIN_X = 64.0
BODY_TOP = PAGE_H - 92.0
BODY_BOTTOM = 72.0
BODY_FONT, BODY_SIZE, LEADING = "Helvetica", 10.5, 14.5
STYLES = {
    "#": ("Helvetica-Bold", 14.5, 21.0),
    "##": ("Helvetica-Bold", 12.0, 18.0),
}
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CREATOR = "kommunlens scripts/make_demo_corpus.py"


@dataclass(frozen=True)
class PdfSpec:
    """One PDF: its source, the running header and the fixed metadata."""

    source: str
    target: str
    header: str
    title: str
    author: str
    subject: str
    created: dt.datetime
    pages: int


@dataclass(frozen=True)
class DocxSpec:
    """One DOCX: its source and the fixed core properties."""

    source: str
    target: str
    title: str
    author: str
    subject: str
    created: dt.datetime


@dataclass(frozen=True)
class Cp1252Spec:
    """One text file that must be stored in Windows-1252, as older web exports are."""

    source: str
    target: str


PDFS = (
    PdfSpec(
        source="kalix_slutrapport_2024.txt",
        target="kalix_slutrapport_2024.pdf",
        header="Kalix kommun | Slutrapport Utveckla företagsklimatet",
        title="Slutrapport: Utveckla företagsklimatet i Kalix kommun 2018–2024",
        author="Kalix kommun, näringslivsenheten",
        subject="Redovisning av statsbidraget från Tillväxtverket",
        created=dt.datetime(2024, 11, 15, 9, 0, 0),
        pages=3,
    ),
    PdfSpec(
        source="hallstahammar_en_vag_in_2006.txt",
        target="hallstahammar_en_vag_in_2006.pdf",
        header="Hallstahammars kommun | Nyheter från näringslivet",
        title="En Väg In blir kommunens näringslivsorganisation",
        author="Hallstahammars kommun",
        subject="Artikel om En Väg In och Hallstahammar Promotion",
        created=dt.datetime(2006, 4, 20, 10, 0, 0),
        pages=2,
    ),
)

DOCXS = (
    DocxSpec(
        source="kalix_naringslivsrad_2023-03-08.txt",
        target="kalix_naringslivsrad_2023-03-08.docx",
        title="Minnesanteckningar Kalix näringslivsråd 2023-03-08",
        author="Kalix kommun, näringslivsenheten",
        subject="Näringslivsrådets möte",
        created=dt.datetime(2023, 3, 9, 8, 0, 0),
    ),
    DocxSpec(
        source="ostersund_uppfoljning_foretagsklimat_2022.txt",
        target="ostersund_uppfoljning_foretagsklimat_2022.docx",
        title="Uppföljning av projektet Utveckla företagsklimatet 2018–2021",
        author="Östersunds kommun, Näringslivskontoret",
        subject="Redovisning av insatser, kostnader och status",
        created=dt.datetime(2022, 2, 15, 9, 0, 0),
    ),
)

CP1252S = (
    Cp1252Spec(
        source="ostersund_foretagsklimat_2022.txt",
        target="ostersund_foretagsklimat_2022.txt",
    ),
)


def read_source(name: str) -> list[str]:
    """Source lines without trailing whitespace; the sources are UTF-8."""
    text = (SOURCES / name).read_text(encoding="utf-8")
    return [line.rstrip() for line in text.splitlines()]


def split_pages(lines: list[str]) -> list[list[str]]:
    """Cut the source at '====' lines."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == "====":
            pages.append([])
        else:
            pages[-1].append(line)
    return [page for page in pages if any(line.strip() for line in page)]


def style_of(line: str) -> tuple[str, str, float, float]:
    """The text to draw and its font, size and leading."""
    for marker in ("##", "#"):
        if line.startswith(marker + " "):
            font, size, leading = STYLES[marker]
            return line[len(marker) + 1 :], font, size, leading
    return line, BODY_FONT, BODY_SIZE, LEADING


def build_pdf(spec: PdfSpec, out_dir: Path, lines: list[str] | None = None) -> Path:
    """Draw every source line where it stands, plus header and 'Sida N av M' footer.

    `lines` replaces the source's lines (the benchmark corpus varies them).
    """
    pages = split_pages(lines if lines is not None else read_source(spec.source))
    if len(pages) != spec.pages:
        raise ValueError(f"{spec.source}: {len(pages)} pages, expected {spec.pages}")
    target = out_dir / spec.target
    stamp = spec.created.strftime("D:%Y%m%d%H%M%S+01'00'")
    pdf = canvas.Canvas(str(target), pagesize=A4, invariant=1, pageCompression=0)
    pdf.setDateFormatter(lambda *_: stamp)
    pdf.setCreator(CREATOR)
    pdf.setProducer("ReportLab PDF Library")
    pdf.setAuthor(spec.author)
    pdf.setTitle(spec.title)
    pdf.setSubject(spec.subject)
    usable = PAGE_W - 2 * MARGIN_X
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 8.5)
        pdf.drawString(MARGIN_X, PAGE_H - 48, spec.header)
        pdf.setLineWidth(0.5)
        pdf.line(MARGIN_X, PAGE_H - 54, PAGE_W - MARGIN_X, PAGE_H - 54)
        y = BODY_TOP
        for raw in lines:
            if not raw.strip():
                y -= LEADING / 2
                continue
            text, font, size, leading = style_of(raw)
            if stringWidth(text, font, size) > usable:
                raise ValueError(f"{spec.source}: line too wide for the page: {text!r}")
            if y < BODY_BOTTOM:
                raise ValueError(f"{spec.source}: page {number} overflows at {text!r}")
            pdf.setFont(font, size)
            pdf.drawString(MARGIN_X, y, text)
            y -= leading
        pdf.line(MARGIN_X, 52, PAGE_W - MARGIN_X, 52)
        pdf.setFont("Helvetica", 8.5)
        pdf.drawString(MARGIN_X, 40, spec.header.split(" | ")[0])
        pdf.drawRightString(PAGE_W - MARGIN_X, 40, f"Sida {number} av {len(pages)}")
        pdf.showPage()
    pdf.save()
    return target


def flush_paragraph(document, buffer: list[str]) -> None:
    """Write the collected lines as one paragraph."""
    if buffer:
        document.add_paragraph(" ".join(buffer))
        buffer.clear()


def flush_table(document, rows: list[list[str]]) -> None:
    """Write the collected '| a | b |' rows as a table with a bold header row."""
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        if len(cells) != len(rows[0]):
            raise ValueError(f"table row has {len(cells)} cells, expected {len(rows[0])}")
        for c, value in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    rows.clear()


def build_docx(spec: DocxSpec, out_dir: Path, lines: list[str] | None = None) -> Path:
    """Turn the light markup into headings, paragraphs, bullets and tables."""
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    paragraph: list[str] = []
    table: list[list[str]] = []
    for line in lines if lines is not None else read_source(spec.source):
        if line.startswith("|"):
            flush_paragraph(document, paragraph)
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush_table(document, table)
        if not line.strip():
            flush_paragraph(document, paragraph)
        elif line.startswith("# "):
            flush_paragraph(document, paragraph)
            document.add_heading(line[2:], level=0)
        elif line.startswith("## "):
            flush_paragraph(document, paragraph)
            document.add_heading(line[3:], level=1)
        elif line.startswith("- "):
            flush_paragraph(document, paragraph)
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            paragraph.append(line.strip())
    flush_paragraph(document, paragraph)
    flush_table(document, table)

    props = document.core_properties
    props.title = spec.title
    props.author = spec.author
    props.last_modified_by = spec.author
    props.subject = spec.subject
    props.language = "sv-SE"
    props.created = spec.created
    props.modified = spec.created
    props.last_printed = spec.created
    props.revision = 1
    props.comments = ""
    props.keywords = "näringsliv; företagsklimat"

    buffer = io.BytesIO()
    document.save(buffer)
    target = out_dir / spec.target
    target.write_bytes(fixed_zip(buffer.getvalue()))
    return target


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with every member dated 1980-01-01, in the original order.

    python-docx stamps members with the current time, which would give a new
    file (and a new doc_id) on every run.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def build_cp1252(spec: Cp1252Spec, out_dir: Path) -> Path:
    """Re-encode a UTF-8 source as Windows-1252 with CRLF line ends."""
    text = (SOURCES / spec.source).read_text(encoding="utf-8")
    target = out_dir / spec.target
    target.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252"))
    return target


def build_all(out_dir: Path = RAW) -> list[Path]:
    """Build every generated file of the demo corpus; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [build_pdf(spec, out_dir) for spec in PDFS]
    written += [build_docx(spec, out_dir) for spec in DOCXS]
    written += [build_cp1252(spec, out_dir) for spec in CP1252S]
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RAW, help="output folder (default data/raw)")
    args = parser.parse_args()
    for path in build_all(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
