"""Generate the small ingestion fixtures under tests/fixtures/ingest/.

Run from the repository root:  python scripts/make_ingest_fixtures.py
Needs reportlab, pypdf, python-docx and Pillow (dev dependencies). All Swedish text is
written for these fixtures. The output is committed, so tests do not need these tools.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from docx import Document
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "ingest"
WIDTH, HEIGHT = A4

HEADER = "Kalix kommun – Näringslivsrapport 2021"

# Each page: list of (font size, line) with None for a paragraph gap.
REPORT_PAGES: list[list[tuple[int, str] | None]] = [
    [
        (16, "Näringslivsrapport för året"),
        None,
        (11, "Under året har kommunen arbetat vidare med att förbättra dialogen mellan kom-"),
        (11, "munledning och företagare. Ett nytt forum för samverkan har startats och"),
        (11, "träffas fyra gånger per år i Stadshuset."),
        None,
        (11, "Handläggningstiden hos avdelningen för bygglov och avdelningen för Miljö-"),
        (11, "och hälsoskydd har kortats med tre veckor jämfört med föregående år."),
    ],
    [
        (16, "Besöksnäringen"),
        None,
        (11, "Antalet gästnätter ökade under sommaren, främst tack vare evenemang i"),
        (11, "skärgården och ett växande intresse för naturturism bland utländska be-"),
        (11, "sökare. Företagen i branschen räknar med ett gott bokningsläge."),
        None,
        (13, "Kommunens satsningar"),
        (11, "• Företagslotsen har haft 120 kontakter med nya företagare."),
        (11, "- Ett nätverk för kvinnliga företagare har bildats."),
    ],
    [
        (16, "Fortsatt arbete"),
        None,
        (11, "Under nästa år prioriteras kompetensförsörjning och bostäder. Kommunstyrel-"),
        (11, "sen har avsatt 1 760 000 kronor till insatserna."),
        None,
        (11, "Frågor besvaras av näringslivskontoret."),
    ],
]

LEFT_COLUMN = [
    "Företagsklimatet i kommunen har blivit",
    "bättre enligt den senaste mätningen. Fler",
    "företagare ger kommunens service ett högt",
    "betyg och handläggningen går snabbare.",
    "Arbetet med att korta väntetiderna pågår",
    "under hela nästa år.",
]
RIGHT_COLUMN = [
    "Inflyttningen till kommunen har ökat för",
    "tredje året i rad. Många nya invånare kommer",
    "från storstadsregionerna och flera av dem",
    "startar egna företag efter flytten hit.",
    "En särskild mottagning för nyinflyttade",
    "öppnar i mars på biblioteket.",
]


def _canvas(buf: io.BytesIO, title: str = "Näringslivsrapport 2021") -> canvas.Canvas:
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    return pdf


def report_pdf() -> bytes:
    buf = io.BytesIO()
    pdf = _canvas(buf)
    for number, lines in enumerate(REPORT_PAGES, start=1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, HEIGHT - 40, HEADER)
        pdf.drawCentredString(WIDTH / 2, 30, f"Sida {number} av {len(REPORT_PAGES)}")
        y = HEIGHT - 90
        for item in lines:
            if item is None:
                y -= 12
                continue
            size, text = item
            pdf.setFont("Helvetica-Bold" if size > 11 else "Helvetica", size)
            pdf.drawString(72, y, text)
            y -= size + 5
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def two_column_pdf() -> bytes:
    buf = io.BytesIO()
    pdf = _canvas(buf, "Nyhetsbrev vintern 2022")
    pdf.setFont("Helvetica-Bold", 15)
    pdf.drawString(60, HEIGHT - 70, "Nyhetsbrev från näringslivskontoret, vintern 2022")
    pdf.setFont("Helvetica", 10)
    for i, (left, right) in enumerate(zip(LEFT_COLUMN, RIGHT_COLUMN, strict=True)):
        y = HEIGHT - 110 - i * 14
        pdf.drawString(60, y, left)
        pdf.drawString(315, y, right)
    pdf.setFont("Helvetica", 9)
    pdf.drawCentredString(WIDTH / 2, 30, "Sida 1 av 1")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def scanned_pdf() -> bytes:
    """One page that holds only a picture: what a scanner without OCR produces."""
    rng = random.Random(7)
    image = Image.new("L", (48, 32))
    image.putdata([rng.choice((0, 255)) for _ in range(48 * 32)])
    buf = io.BytesIO()
    pdf = _canvas(buf)
    pdf.drawImage(ImageReader(image), 72, HEIGHT - 400, width=300, height=200)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    buf = io.BytesIO()
    pdf = _canvas(buf)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, HEIGHT - 90, "Den här rapporten är skyddad med lösenord.")
    pdf.showPage()
    pdf.save()
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(buf.getvalue())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemligt123", owner_password="agare456", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf() -> bytes:
    rng = random.Random(11)
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + rng.randbytes(600)


def docx_bytes(with_core_title: bool = True) -> bytes:
    doc = Document()
    doc.core_properties.title = "Handlingsplan för näringslivet 2022" if with_core_title else ""
    doc.add_heading("Handlingsplan för näringslivet", level=1)
    doc.add_paragraph(
        "Planen beskriver hur kommunen ska stödja företagen i Överkalix och Töre under året."
    )
    doc.add_paragraph("Arbetet bygger på tre delar:")
    for item in ("snabbare besked i ärenden", "fler företagsbesök", "bättre upphandlingar"):
        doc.add_paragraph(item, style="List Bullet")
    table = doc.add_table(rows=3, cols=3)
    rows = [
        ("Insats", "Ansvarig", "Budget"),
        ("Företagsbesök", "Näringslivskontoret", "200 000 kr"),
        ("Upphandlingsdag", "Inköpsenheten", "50 000 kr"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    doc.add_paragraph("Planen följs upp av kommunstyrelsen i december.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


HTML_PAGE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Företagsstöd och rådgivning - Kalix kommun</title>
<style>body { font-family: sans-serif; } .dold { display: none; }</style>
<script>var sparning = "skripttext som inte ska med";</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent">Vi använder kakor på webbplatsen.
<button>Godkänn alla kakor</button></div>
<header><a href="/">Till startsidan</a></header>
<nav><ul><li>Bo och leva</li><li>Näringsliv och arbete</li></ul></nav>
<div class="breadcrumb">Start / Näringsliv / Företagsstöd</div>
<main>
<h1>Företagsstöd och rådgivning</h1>
<p>Kommunen erbjuder kostnadsfri rådgivning till dig som vill starta
eller utveckla ett företag.</p>
<p>Vi kan hjälpa till med:</p>
<ul><li>affärsplaner och budget</li><li>kontakter med banker och Almi</li>
<li>tillstånd inom Miljö- och hälsoskydd</li></ul>
<table><tr><th>Tjänst</th><th>Kostnad</th></tr><tr><td>Rådgivning</td><td>Gratis</td></tr></table>
<p>Boka ett möte med<br>näringslivskontoret via e-post.</p>
<div class="share-buttons">Dela på sociala medier</div>
</main>
<aside>Relaterade sidor om turism</aside>
<footer>Kalix kommun, Storgatan 1</footer>
<noscript>Aktivera javascript i din webbläsare</noscript>
</body>
</html>
"""

HTML_LATIN = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
</head><body>
<h1>Årsmöte för företagare i Hälsingland</h1>
<p>Föreningen håller årsmöte på Gästgivargården i Järvsö den 12 mars.</p>
</body></html>
"""

CP1252_TEXT = (
    "Protokoll från företagarträffen i Älvsbyn\n\n"
    "Mötet hölls på Åkerns gård. Närvarande var åtta företagare och två tjänstemän.\n"
    "Nästa träff blir i Öjebyn.\n"
)
UTF8_TEXT = "Välkommen till näringslivsdagen i Östersund!\nAnmälan sker på kommunens webbplats.\n"
UTF16_TEXT = "Sammanfattning från Hallstahammar\nFöretagen ökade i antal under året.\n"
PASTED_TEXT = (
    "Minnesanteckningar företagsfrukost 3 \n"
    "mars 2021 \n \n\n"
    "▪ Information från Tillväxtavdelningen, Karin \n\n"
    "Lindqvist, Per Olsson \n"
    "- Ansökningarna har ökat under våren \n\n"
    "men handläggningen går fortfarande bra. \n\n"
    "- Samarbetet med projektet ”Framtid i \n\n"
    "Norr” fortsätter \n\n"
    "– Diskussion om dialogen med kom-\n\n"
    "munledningen \n"
)


def write(name: str, data: bytes) -> None:
    (OUT / name).write_bytes(data)
    print(f"{name}: {len(data)} bytes")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write("report.pdf", report_pdf())
    write("twocol.pdf", two_column_pdf())
    write("scanned.pdf", scanned_pdf())
    write("encrypted.pdf", encrypted_pdf())
    write("corrupt.pdf", corrupt_pdf())
    write("plan.docx", docx_bytes())
    write("plan_no_title.docx", docx_bytes(with_core_title=False))
    write("corrupt.docx", b"PK\x03\x04" + random.Random(5).randbytes(300))
    write("page.html", HTML_PAGE.encode("utf-8"))
    write("latin.htm", HTML_LATIN.encode("cp1252"))
    write("cp1252.txt", CP1252_TEXT.replace("\n", "\r\n").encode("cp1252"))
    write("utf8_bom.txt", UTF8_TEXT.encode("utf-8-sig"))
    write("utf16.txt", UTF16_TEXT.encode("utf-16"))
    write("pasted.txt", PASTED_TEXT.encode("utf-8"))
    write("empty.txt", b"")
    write("blank.txt", b" \r\n\t\r\n\xc2\xa0\r\n")
    write("binary.txt", b"\x00\x01\x02" + random.Random(3).randbytes(500) + b"\x00")
    write("unsupported.xyz", "Det här formatet stöds inte.\n".encode())


if __name__ == "__main__":
    main()
